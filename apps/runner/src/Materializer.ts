/**
 * Materializes one asset-partition: reads its upstream partitions as row streams, runs the
 * asset's code, validates every row against the asset's schema (failures go to quarantine),
 * encodes, hashes, profiles and checks the rows in one pass while they are staged, then commits
 * data first and the sidecar last. A failing check of severity `error` aborts the commit, so
 * the previous version stays the committed one.
 */
import { type AssetDefinition, type AssetKey, inputsDigest, MaterializeError, Partitions } from "@strata/core"
import type { AssetSpec, Staleness } from "@strata/core"
import { Checks, Profiler, SchemaColumns, Sha1Stream, Sidecar } from "@strata/metadata"
import { BlobStore, BlobStoreError, Claims, CommitProtocol, DatasetLayout, isReason, JsonLines } from "@strata/storage"
import { hostname } from "node:os"
import { Data, Effect, Option, Result, Schema, type Scope, Stream } from "effect"
import { blockedCheckKey, recordBlockedCheck } from "./BlockedChecks.ts"
import { describeError, errorText } from "./ErrorText.ts"
import { makeStorageCache } from "./StorageCache.ts"

/** Rows kept in a sidecar's sample. */
export const SAMPLE_ROWS = 5
/** Rows encoded together into one chunk of bytes. */
const ENCODE_BATCH_ROWS = 256
/** Characters of a quarantined row kept in the quarantine file. */
export const QUARANTINE_RAW_CHARS = 1024

/**
 * A step that could not be committed, with the asset, partition and what to do (`AccessDenied`:
 * storage refused the credentials in use; `InvalidOutput`: the asset's code returned no stream).
 */
export class StepError extends Data.TaggedError("StepError")<{
  readonly reason: "CheckFailed" | "InputMissing" | "InvalidOutput" | "Failed" | "Storage" | "AccessDenied"
  readonly asset: string
  readonly partition: string
  readonly message: string
  readonly cause?: unknown
}> {}

/** Step failures that a retry cannot mend: the same check, input, code or credentials fail again. */
const PERMANENT_STEP_FAILURES: ReadonlySet<StepError["reason"]> = new Set(["CheckFailed", "InputMissing", "InvalidOutput", "AccessDenied"])

/** Whether retrying a failed step can help (a failing check, a missing input, code that returns no stream or a denied access will fail again). */
export const isRetryable = (error: unknown): boolean =>
  !(error instanceof StepError && PERMANENT_STEP_FAILURES.has(error.reason)) &&
  !(error instanceof MaterializeError && (error.reason === "InvalidInput" || error.reason === "InvalidConfig"))

/** What the runner knows of the project while it materializes. */
export interface RunContext {
  readonly project: string
  /** The storage root URI (`file:///abs/data` or `s3://bucket/prefix`), for sidecar URIs. */
  readonly root: string
  readonly workflow: string
  readonly runId: string
  /** The project's settings, handed to `materialize` as `config`. */
  readonly settings: unknown
  /** Every asset definition by key. */
  readonly definitions: ReadonlyMap<string, AssetDefinition.AssetDefinition>
  /** Current data version of every source partition (from the observation pass). */
  readonly sourceVersions: ReadonlyMap<string, string>
  /** Writes a log line. */
  readonly log: (message: string, fields: Readonly<Record<string, unknown>>) => void
  /**
   * Claims each partition before materializing it, so that concurrent runners never build one
   * twice, and renews the claims held ({@link keepClaims}); `undefined` turns claims off.
   */
  readonly claims: ClaimKeeper | undefined
  /** This runner's id in claims ({@link runnerIdOf}). */
  readonly runnerId: string
  /**
   * The keys of refused-commit records (`BlockedChecks`): those listed when the run started and
   * those it wrote since. A commit removes its partition's record only when listed here;
   * `undefined` (not listed) removes it always.
   */
  readonly blockedChecks?: Set<string>
}

/** How long a claim lasts without a heartbeat; a crashed runner's partitions are free again after it. */
export const CLAIM_LEASE_MS = 60 * 1000
/** How often a runner renews the claims of the steps it is running. */
export const CLAIM_RENEW_MS = 15 * 1000
/** How often a runner looks again at a partition another runner has claimed. */
export const CLAIM_POLL_MS = 500

/** Claims renewed at once by a run's heartbeat. */
const RENEW_CONCURRENCY = 8

/** The claims a run holds, renewed together by one heartbeat (see {@link keepClaims}). */
export interface ClaimKeeper {
  /** Renews `claim` from now on, through `store` (the store of the role that claimed it). */
  readonly hold: (claim: Claims.Claim, store: BlobStore["Service"]) => void
  /** Stops renewing `claim` (it is being released). */
  readonly drop: (claim: Claims.Claim) => void
}

/**
 * A run's claim keeper: one fiber, living as long as the scope, that renews every claim held
 * every {@link CLAIM_RENEW_MS} (a heartbeat per run rather than one per step).
 */
export const keepClaims: Effect.Effect<ClaimKeeper, never, Scope.Scope> = Effect.gen(function* () {
  const held = new Map<string, { claim: Claims.Claim; readonly store: BlobStore["Service"] }>()
  // Made anew on each beat: the claims held change between beats.
  const renewAll = () =>
    Effect.forEach(
      [...held.values()],
      (entry) =>
        Claims.renew(entry.claim, CLAIM_LEASE_MS).pipe(
          Effect.provideService(BlobStore, entry.store),
          Effect.tap((renewed) => Effect.sync(() => held.get(renewed.key) === entry && (entry.claim = renewed))),
          Effect.ignore
        ),
      { concurrency: RENEW_CONCURRENCY, discard: true }
    )
  yield* Effect.forkScoped(Effect.forever(Effect.sleep(CLAIM_RENEW_MS).pipe(Effect.andThen(Effect.suspend(renewAll)))))
  return {
    hold: (claim, store) => void held.set(claim.key, { claim, store }),
    drop: (claim) => void held.delete(claim.key)
  }
})

/** What a committed step reports (`alreadyCommitted` when a concurrent runner committed it first). */
export interface StepResult {
  readonly alreadyCommitted?: boolean
  readonly asset: string
  readonly partition: string
  readonly sha1: string
  readonly bytes: number
  readonly rowsIn: number
  readonly rowsOut: number
  readonly rowsQuarantined: number
  readonly metrics: Readonly<Record<string, number>>
  readonly sidecar: Sidecar.Sidecar
  readonly sidecarKey: string
}

/** The storage layout of an asset-partition. */
export const datasetLayout = (
  project: string,
  definition: AssetDefinition.AssetDefinition,
  partition: string
): Effect.Effect<DatasetLayout.DatasetLayout, DatasetLayout.LayoutError> =>
  DatasetLayout.make({
    project,
    asset: definition.spec.key,
    partition,
    partitionPath: Partitions.partitionPath(definition.spec.partitions, partition),
    dataset: definition.spec.dataset,
    ext: JsonLines.extension(definition.spec.format.compression)
  })

/** {@link datasetLayout} for a step: a bad key fails the step, naming it. */
export const layoutOf = (project: string, definition: AssetDefinition.AssetDefinition, partition: string): Effect.Effect<DatasetLayout.DatasetLayout, StepError> =>
  datasetLayout(project, definition, partition).pipe(
    Effect.mapError(
      (cause) => new StepError({ reason: "Failed", asset: definition.spec.key, partition, message: `${definition.spec.key}@${partition}: ${cause.message}`, cause })
    )
  )

/** The full URI of a key under the storage root. */
export const uriOf = (root: string, key: string): string => `${root.replace(/\/+$/, "")}/${key}`

/** The key under which the runner remembers a source partition's data version. */
export const sourceVersionKey = (asset: string, partition: string): string => `${asset}\u0000${partition}`

interface QuarantineItem {
  readonly line: number
  readonly reason: string
  readonly detail: string
  readonly raw: string
  readonly source?: string
}

/** Everything one pass over the rows accumulates. */
interface Accumulator {
  rowsIn: number
  rowsOut: number
  readonly quarantine: Array<QuarantineItem>
  readonly metrics: Record<string, number>
  readonly dataSources: Array<Sidecar.DataSource>
  /** The rules applied, when the asset reports them per partition. */
  process?: ReadonlyArray<AssetSpec.ProcessRule>
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

const cut = (text: string): string => (text.length > QUARANTINE_RAW_CHARS ? `${text.slice(0, QUARANTINE_RAW_CHARS)}…` : text)

/**
 * Reads one upstream partition as rows. A materialized upstream is read through the commit
 * protocol (only committed data, verified); a source partition is read as it lies, its bad
 * lines going to this step's quarantine with their line numbers.
 */
const readInput = (run: RunContext, upstream: Staleness.AssetPartition, acc: Accumulator, step: { asset: string; partition: string }) =>
  Effect.gen(function* () {
    const definition = run.definitions.get(upstream.asset)
    if (definition === undefined) {
      return yield* new StepError({ reason: "InputMissing", ...step, message: `${step.asset}@${step.partition} reads unknown asset ${upstream.asset}` })
    }
    const layout = yield* layoutOf(run.project, definition, upstream.partition)
    const compression = definition.spec.format.compression
    const store = yield* BlobStore
    if (definition._tag === "Source") {
      const key = DatasetLayout.dataKey(layout)
      const uri = uriOf(run.root, key)
      const hashed = Sha1Stream.tap(store.get(key))
      const entry: { kind: "asset"; asset: string; partition: string; uri: string; sha1: string } = {
        kind: "asset",
        asset: upstream.asset,
        partition: upstream.partition,
        uri,
        sha1: "0".repeat(40)
      }
      acc.dataSources.push(entry)
      const dataVersion = run.sourceVersions.get(sourceVersionKey(upstream.asset, upstream.partition)) ?? ""
      const rows = JsonLines.decode(hashed.stream, Schema.Unknown, { compression }).pipe(
        Stream.filterMap((item) => {
          if (item._tag === "Row") {
            acc.rowsIn++
            return Result.succeed(item.row)
          }
          acc.rowsIn++
          acc.quarantine.push({ line: item.line, reason: item.reason, detail: item.detail, raw: item.raw, source: uri })
          return Result.failVoid
        }),
        Stream.onEnd(Effect.sync(() => ((entry as { sha1: string }).sha1 = hashed.digest().sha1)))
      )
      return { dataVersion, rows, unreadRows: Effect.succeed(0) }
    }
    const committed = yield* CommitProtocol.readCommitted(layout).pipe(Effect.mapError(storageError(step)))
    if (Option.isNone(committed)) {
      // A sidecar that vouches for nothing (data changed since, or the sidecar unreadable) still
      // counts as committed in listings, so `+asset` would not rebuild it: say how to.
      const hasSidecar = Option.isSome(yield* store.head(DatasetLayout.sidecarKey(layout)).pipe(Effect.orElseSucceed(() => Option.none())))
      const needed = `${upstream.asset}@${upstream.partition}`
      return yield* new StepError({
        reason: "InputMissing",
        ...step,
        message: hasSidecar
          ? `${step.asset}@${step.partition} needs ${needed}, whose data does not match its sidecar (changed after the commit, or the sidecar is unreadable); see \`strata verify ${upstream.asset}\`, then rebuild it: \`strata materialize ${upstream.asset} --partition ${upstream.partition} --force\``
          : `${step.asset}@${step.partition} needs ${needed}, which is not committed; materialize it first (select +${step.asset})`
      })
    }
    const record = committed.value.record
    acc.dataSources.push({ kind: "asset", asset: upstream.asset, partition: upstream.partition, uri: uriOf(run.root, record.dataKey), sha1: record.sha1 })
    let read = false
    const rows = Stream.suspend(() => {
      read = true
      return JsonLines.decode(committed.value.data, Schema.Unknown, { compression }).pipe(
        Stream.filterMap((item) => {
          if (item._tag !== "Row") return Result.failVoid
          acc.rowsIn++
          return Result.succeed(item.row)
        })
      )
    })
    // An input the asset did not read (it reused what it derived from the same data version)
    // still counts its rows in `rows_in`, from its sidecar.
    const unreadRows = Effect.suspend(() =>
      read
        ? Effect.succeed(0)
        : Sidecar.rowsOf(decoder.decode(committed.value.sidecar), DatasetLayout.sidecarKey(layout)).pipe(Effect.mapError(storageError(step)))
    )
    return { dataVersion: record.dataVersion, rows, unreadRows }
  })

/**
 * Materializes and commits one asset-partition. Fails with a {@link StepError} naming the asset
 * and partition; on any failure nothing is committed and the previous version stays.
 */
export const materializeStep = (
  run: RunContext,
  definition: AssetDefinition.MaterializedAsset<unknown>,
  partition: string,
  upstream: ReadonlyArray<Staleness.AssetPartition>,
  options: StepOptions = {}
): Effect.Effect<StepResult, StepError, BlobStore> => {
  const keeper = run.claims
  return Effect.gen(function* () {
    const layout = yield* layoutOf(run.project, definition, partition)
    if (keeper === undefined) return yield* buildStep(run, definition, layout, upstream, options)
    const step = { asset: definition.spec.key as string, partition }
    const store = yield* BlobStore
    return yield* Effect.acquireUseRelease(
      acquireClaim(layout, run.runnerId).pipe(
        Effect.mapError(storageError(step)),
        Effect.tap((claim) => Effect.sync(() => keeper.hold(claim, store)))
      ),
      () => buildStep(run, definition, layout, upstream, options),
      (claim) => Effect.sync(() => keeper.drop(claim)).pipe(Effect.andThen(Claims.release(claim)), Effect.ignore)
    )
  })
}

/** Options of {@link materializeStep}. */
export interface StepOptions {
  /**
   * Build even when the partition is already committed with the same code and inputs (the
   * step was forced); otherwise such a step, found done by a concurrent runner or left
   * unchanged by a byte-identical upstream rebuild, is not built again.
   */
  readonly force?: boolean
}

/** The id of this runner in claims: host, process and run (`host/pid/run`). */
export const runnerIdOf = (runId: string): string => `${hostname()}/${process.pid}/${runId}`

/** A holder on this host whose process is gone is dead; holders elsewhere live until their lease ends. */
export const isHolderAlive = (runnerId: string): boolean => {
  const [host, pid] = runnerId.split("/")
  if (host !== hostname() || pid === undefined || !/^\d+$/.test(pid)) return true
  try {
    process.kill(Number(pid), 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code !== "ESRCH"
  }
}

/** Claims a partition, waiting while another live runner holds a claim on it. */
const acquireClaim = (layout: DatasetLayout.DatasetLayout, runnerId: string) =>
  Effect.gen(function* () {
    for (;;) {
      const claim = yield* Claims.claim(layout, runnerId, CLAIM_LEASE_MS, { isHolderAlive })
      if (Option.isSome(claim)) return claim.value
      yield* Effect.sleep(CLAIM_POLL_MS)
    }
  })

/** `make` memoized per asset spec: work done once per asset, not once per step. */
const perSpec = <A>(make: (spec: AssetSpec.AssetSpec) => A): ((spec: AssetSpec.AssetSpec) => A) => {
  const cache = new WeakMap<AssetSpec.AssetSpec, A>()
  return (spec) => {
    if (cache.has(spec)) return cache.get(spec) as A
    const made = make(spec)
    cache.set(spec, made)
    return made
  }
}

/** The documented columns of each asset's row schema, worked out once per spec (it walks the schema). */
export const schemaColumnsOf = perSpec((spec): ReadonlyArray<Sidecar.SchemaColumn> => SchemaColumns.fromRowSchema(spec.schema, spec.columns))

/** Each asset's row encoder. */
const rowEncoderOf = perSpec((spec) => Schema.encodeUnknownResult(spec.schema))

/**
 * A partition's current commit (`undefined` when it has none), from its sidecar. A partition
 * about to be built usually has none: one `head` then says so, where a read would fail.
 */
const committedRecord = (layout: DatasetLayout.DatasetLayout) =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    if (Option.isNone(yield* store.head(DatasetLayout.sidecarKey(layout)))) return undefined
    return Option.getOrUndefined(yield* CommitProtocol.readCommitted(layout))
  })

const buildStep = (
  run: RunContext,
  definition: AssetDefinition.MaterializedAsset<unknown>,
  layout: DatasetLayout.DatasetLayout,
  upstream: ReadonlyArray<Staleness.AssetPartition>,
  options: StepOptions
): Effect.Effect<StepResult, StepError, BlobStore> =>
  Effect.gen(function* () {
    const partition = layout.partition
    const spec = definition.spec
    const step = { asset: spec.key as string, partition }
    const started = new Date()
    const acc: Accumulator = { rowsIn: 0, rowsOut: 0, quarantine: [], metrics: {}, dataSources: [] }
    const inputs = new Map<AssetKey.AssetKey, Array<AssetDefinition.InputPartition>>()
    const versions: Array<{ asset: string; partition: string; dataVersion: string }> = []
    const unreadRows: Array<Effect.Effect<number, StepError>> = []
    for (const read of upstream) {
      const input = yield* readInput(run, read, acc, step)
      versions.push({ asset: read.asset, partition: read.partition, dataVersion: input.dataVersion })
      unreadRows.push(input.unreadRows)
      const list = inputs.get(read.asset) ?? []
      list.push({
        partition: read.partition,
        dataVersion: input.dataVersion,
        rows: input.rows.pipe(
          Stream.mapError((cause) =>
            cause instanceof MaterializeError ? cause : new MaterializeError({ reason: "Unavailable", asset: read.asset, partition: read.partition, message: errorText(cause), cause })
          )
        )
      })
      inputs.set(read.asset, list)
    }

    const digest = inputsDigest(versions)
    const checked = run.claims !== undefined && options.force !== true
    const current = checked ? yield* committedRecord(layout).pipe(Effect.mapError(storageError(step))) : undefined
    if (current !== undefined && current.record.codeVersion === spec.codeVersion && current.record.inputsDigest === digest) {
      const sidecar = yield* Sidecar.decode(decoder.decode(current.sidecar), DatasetLayout.sidecarKey(layout)).pipe(Effect.mapError(storageError(step)))
      return {
        ...step,
        alreadyCommitted: true,
        sha1: sidecar.sha1,
        bytes: sidecar.bytes,
        rowsIn: sidecar.execution.rowsIn,
        rowsOut: sidecar.execution.rowsOut,
        rowsQuarantined: sidecar.execution.rowsQuarantined,
        metrics: {},
        sidecar,
        sidecarKey: DatasetLayout.sidecarKey(layout)
      }
    }
    const columns = schemaColumnsOf(spec)
    const profiler = Profiler.make(SchemaColumns.names(columns), { sampleSize: SAMPLE_ROWS })
    const checks = yield* Checks.make(spec.checks, { schemaColumns: SchemaColumns.names(columns) }).pipe(
      Effect.mapError((cause) => new StepError({ reason: "Failed", ...step, message: `${spec.key}: ${cause.message}`, cause }))
    )
    const toJson = rowEncoderOf(spec)
    const context: AssetDefinition.MaterializeContext = {
      asset: spec.key,
      partition,
      inputs,
      config: run.settings,
      log: (message, fields) => Effect.sync(() => run.log(message, { asset: spec.key, partition, ...fields })),
      metrics: (name, value) => Effect.sync(() => void (acc.metrics[name] = (acc.metrics[name] ?? 0) + value)),
      process: (rules) => Effect.sync(() => void (acc.process = rules)),
      external: (source) => Effect.sync(() => void acc.dataSources.push({ kind: "external", ...source })),
      cache: makeStorageCache(yield* BlobStore, run.project, step)
    }
    let outputLine = 0
    // One pass per batch of rows: validate, profile, check and encode (a batch whose rows were all quarantined gives no bytes).
    const lines = rowsOf(definition, context, step).pipe(
      Stream.rechunk(ENCODE_BATCH_ROWS),
      Stream.mapArray((batch) => {
        let text = ""
        for (const row of batch) {
          outputLine++
          const json = toJson(row)
          if (Result.isFailure(json)) {
            acc.quarantine.push({ line: outputLine, reason: "SchemaMismatch", detail: json.failure.message, raw: cut(safeStringify(row)) })
            continue
          }
          const encoded = json.success as Record<string, unknown>
          const written = writable(encoded)
          if (written._tag === "Unwritable") {
            acc.quarantine.push({ line: outputLine, reason: written.reason, detail: written.detail, raw: cut(safeStringify(row)) })
            continue
          }
          profiler.add(encoded)
          checks.add(encoded)
          acc.rowsOut++
          text += `${written.json}\n`
        }
        return [encoder.encode(text)] as const
      })
    )
    const body = spec.format.compression === "gzip" ? JsonLines.gzip(lines) : lines
    const staged = yield* CommitProtocol.stage(layout, body).pipe(
      Effect.mapError((cause) =>
        cause instanceof StepError
          ? cause
          : cause instanceof BlobStoreError
          ? storageError(step)(cause)
          : new StepError({ reason: "Failed", ...step, message: `${spec.key}@${partition}: ${describeError(cause)}`, cause })
      )
    )
    for (const unread of unreadRows) acc.rowsIn += yield* unread
    const ended = new Date()
    const checkResults = checks.finish(ended)
    const store = yield* BlobStore
    if (Checks.blocksCommit(checkResults)) {
      yield* CommitProtocol.abort(staged).pipe(Effect.ignore)
      const kept = (yield* committedRecord(layout).pipe(Effect.orElseSucceed(() => undefined)))?.record.dataVersion
      run.blockedChecks?.add(blockedCheckKey(run.project, spec.key, partition))
      yield* recordBlockedCheck(run.project, { asset: spec.key, partition, at: ended.toISOString(), ...(kept === undefined ? {} : { kept }), results: checkResults }).pipe(
        Effect.ignore
      )
      const failed = Checks.blocking(checkResults).map((result) => `${result.name} (${result.observed})`)
      return yield* new StepError({
        reason: "CheckFailed",
        ...step,
        message: `${spec.key}@${partition} was not committed: check(s) of severity error failed: ${failed.join("; ")}. The previous version stays; fix the data or the check.`
      })
    }
    const quarantineKey = DatasetLayout.quarantineKey(layout)
    if (acc.quarantine.length > 0) {
      const text = acc.quarantine.map((item) => `${JSON.stringify(item)}\n`).join("")
      yield* store.put(quarantineKey, encoder.encode(text)).pipe(Effect.mapError(storageError(step)))
    }
    const profile = profiler.result()
    const sidecarOf = (data: { readonly sha1: string; readonly bytes: number; readonly versionId?: string }): Sidecar.Sidecar => ({
      description: spec.description,
      asset: spec.key,
      layer: spec.layer,
      partition,
      uri: uriOf(run.root, DatasetLayout.dataKey(layout)),
      dataSource: acc.dataSources,
      createdAt: ended.toISOString(),
      workflowName: run.workflow,
      runId: run.runId,
      codeVersion: spec.codeVersion,
      process: (acc.process ?? spec.process ?? []).map((rule) => ({ rule: rule.rule, params: rule.params as Record<string, Schema.Json> })),
      sha1: data.sha1,
      bytes: data.bytes,
      format: spec.format,
      schema: columns,
      statistics: profile.statistics,
      sample: profile.sample,
      checks: checkResults,
      execution: {
        start: started.toISOString(),
        end: ended.toISOString(),
        durationMs: Math.round(ended.getTime() - started.getTime()),
        rowsIn: acc.rowsIn,
        rowsOut: acc.rowsOut,
        rowsQuarantined: acc.quarantine.length,
        ...(Object.keys(acc.metrics).length > 0 ? { metrics: acc.metrics } : {})
      },
      quarantine: {
        ...(acc.quarantine.length > 0 ? { uri: uriOf(run.root, quarantineKey) } : {}),
        count: acc.quarantine.length,
        reasons: countReasons(acc.quarantine)
      },
      dataVersion: data.sha1,
      inputsDigest: digest,
      ...(data.versionId !== undefined ? { versionId: data.versionId } : {})
    })
    let sidecar: Sidecar.Sidecar | undefined
    yield* CommitProtocol.commit(staged, {
      sidecar: (data) => {
        sidecar = sidecarOf(data)
        return encoder.encode(Sidecar.encode(sidecar))
      },
      marker: { codeVersion: spec.codeVersion, dataVersion: staged.sha1, inputsDigest: digest },
      // Read above while holding the claim: the commit need not read it again.
      ...(checked ? { current: Option.fromUndefinedOr(current?.record) } : {})
    }).pipe(Effect.mapError(storageError(step)))
    const blockedKey = blockedCheckKey(run.project, spec.key, partition)
    if (run.blockedChecks?.has(blockedKey) ?? true) yield* store.delete(blockedKey).pipe(Effect.ignore)
    return {
      ...step,
      sha1: staged.sha1,
      bytes: staged.bytes,
      rowsIn: acc.rowsIn,
      rowsOut: acc.rowsOut,
      rowsQuarantined: acc.quarantine.length,
      metrics: acc.metrics,
      sidecar: sidecar ?? sidecarOf(staged),
      sidecarKey: DatasetLayout.sidecarKey(layout)
    }
  })

/**
 * The asset's rows. Code that throws instead of returning its stream fails the step, naming the
 * error and where it was thrown; code that returns something else than a stream (an array, a
 * promise) fails it saying what came back and how to return a stream instead.
 */
const rowsOf = (
  definition: AssetDefinition.MaterializedAsset<unknown>,
  context: AssetDefinition.MaterializeContext,
  step: { asset: string; partition: string }
): Stream.Stream<unknown, MaterializeError | StepError> => {
  let returned: unknown
  try {
    returned = definition.materialize(context)
  } catch (error) {
    return Stream.fail(new StepError({ reason: "Failed", ...step, message: `${step.asset}@${step.partition}: ${describeError(error)}`, cause: error }))
  }
  if (Stream.isStream(returned)) return returned as Stream.Stream<unknown, MaterializeError>
  return Stream.fail(
    new StepError({
      reason: "InvalidOutput",
      ...step,
      message: `${step.asset}@${step.partition}: the asset's materialize returned ${kindOf(returned)}, not a Stream of rows; return Stream.fromIterable(rows) for rows in memory, or Stream.fromEffect / Stream.unwrap for rows computed by an Effect`
    })
  )
}

/** What a value is, for a message: `an array`, `a Promise`, `undefined`, `an object`, ... */
const kindOf = (value: unknown): string => {
  if (value === undefined || value === null) return String(value)
  if (Array.isArray(value)) return "an array"
  if (value instanceof Promise) return "a Promise"
  const type = typeof value
  return type === "object" ? "an object" : `a ${type}`
}

const storageError = (step: { asset: string; partition: string }) => (cause: { readonly message: string }) =>
  new StepError({ reason: isReason("AccessDenied")(cause) ? "AccessDenied" : "Storage", ...step, message: `${step.asset}@${step.partition}: ${cause.message}`, cause })

const countReasons = (items: ReadonlyArray<QuarantineItem>): Array<{ reason: string; count: number }> => {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(item.reason, (counts.get(item.reason) ?? 0) + 1)
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([reason, count]) => ({ reason, count }))
}

/**
 * A row as its JSON line, or why JSON cannot hold it: a value `JSON.stringify` throws on (a
 * BigInt, a cycle), or a column holding a number that is not finite, which JSON would silently
 * write as `null` (read back, it would fail the row's schema downstream).
 */
const writable = (
  encoded: unknown
): { readonly _tag: "Json"; readonly json: string } | { readonly _tag: "Unwritable"; readonly reason: "NotFiniteNumber" | "NotSerializable"; readonly detail: string } => {
  const nonFinite = nonFiniteColumn(encoded)
  if (nonFinite !== undefined) {
    return {
      _tag: "Unwritable",
      reason: "NotFiniteNumber",
      detail: `${nonFinite.column === undefined ? "the row" : `column ${nonFinite.column}`} is ${nonFinite.value}, which JSON cannot hold (it would be written as null); turn it into null in the asset's code (with a nullable column) or drop the row`
    }
  }
  try {
    return { _tag: "Json", json: JSON.stringify(encoded) }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { _tag: "Unwritable", reason: "NotSerializable", detail: `the row cannot be written as JSON (${message}); convert the value in the asset's code (a BigInt to a string, say)` }
  }
}

/** The first top-level column (or the row itself) holding NaN or ±Infinity. */
const nonFiniteColumn = (encoded: unknown): { readonly column?: string; readonly value: number } | undefined => {
  if (typeof encoded === "number") return Number.isFinite(encoded) ? undefined : { value: encoded }
  if (typeof encoded !== "object" || encoded === null) return undefined
  for (const column in encoded) {
    const value = (encoded as Record<string, unknown>)[column]
    if (typeof value === "number" && !Number.isFinite(value)) return { column, value }
  }
  return undefined
}

/** What JSON cannot hold, shown as text in a quarantined row's `raw` (`NaN`, `Infinity`, `10n`). */
const showUnwritable = (_key: string, value: unknown): unknown =>
  typeof value === "bigint" ? `${value}n` : typeof value === "number" && !Number.isFinite(value) ? String(value) : value

const safeStringify = (value: unknown): string => {
  try {
    return JSON.stringify(value, showUnwritable) ?? String(value)
  } catch {
    return String(value)
  }
}
