/**
 * The commit protocol: a partition is committed if and only if its sidecar exists and matches
 * its data (SHA-1, size, and the exact object written). A commit:
 *
 * 1. `stage`: streams the data to a staging key, hashing and counting on the way;
 * 2. writes a *pending* index marker (so that listings know to check this partition);
 * 3. on stores without versions, links the staged data into a kept history folder;
 * 4. promotes the staged data to the data key (local: atomic rename; S3: server-side copy;
 *    S3 keeps the previous object as a noncurrent version);
 * 5. writes the sidecar (the commit point), ending with a `# strata-commit {...}` line that
 *    records what it vouches for (SHA-1, size, ETag, VersionId, versions);
 * 6. writes a version record, the committed index marker, and removes older markers.
 *
 * A crash anywhere leaves either the previous commit readable (its sidecar still names the
 * previous data, kept as an S3 version) or the partition looking missing: never a sidecar
 * that vouches for data that is not there. A re-run commits again from the start.
 */
import { createHash, randomBytes } from "node:crypto"
import { Data, Effect, Option, Result, Stream } from "effect"
import { BlobStore } from "./BlobStore.ts"
import type { BlobStoreShape } from "./BlobStore.ts"
import { BlobStoreError, isReason } from "./BlobStoreError.ts"
import * as DatasetLayout from "./DatasetLayout.ts"
import * as IndexMarker from "./IndexMarker.ts"
import type { MarkerVersions, Observation } from "./Observation.ts"

/** Data streamed to a staging key, ready to commit. */
export interface Staged {
  /** The partition it is for. */
  readonly layout: DatasetLayout.DatasetLayout
  /** Where the data waits. */
  readonly stagingKey: string
  /** SHA-1 of the data, hex. */
  readonly sha1: string
  /** Size in bytes. */
  readonly bytes: number
  /** Present when the store keeps versions (then no history copy is needed). */
  readonly versionId?: string
}

/** What a commit vouches for; stored in the sidecar's last line and as the version record. */
export interface CommitRecord extends MarkerVersions {
  /** Record format. */
  readonly format: 1
  /** Asset key. */
  readonly asset: string
  /** Partition key. */
  readonly partition: string
  /** Sortable commit id (`<time base36>-<random>`); names the version. */
  readonly commitId: string
  /** When the commit happened (ISO 8601). */
  readonly committedAt: string
  /** SHA-1 of the data, hex. */
  readonly sha1: string
  /** Data size in bytes. */
  readonly bytes: number
  /** The data key. */
  readonly dataKey: string
  /** ETag of the data object written by this commit. */
  readonly dataEtag: string
  /** VersionId of that data object (versioned stores). */
  readonly dataVersionId?: string
  /** VersionId of the sidecar (versioned stores; in the version record only). */
  readonly sidecarVersionId?: string
  /** Kept copy of the data (stores without versions). */
  readonly historyDataKey?: string
  /** Kept copy of the sidecar (stores without versions). */
  readonly historySidecarKey?: string
}

/** A committed partition, ready to read. */
export interface Committed {
  /** The sidecar's bytes as committed (YAML, ending with the `# strata-commit` line). */
  readonly sidecar: Uint8Array
  /** The data; fails with `CommitError` (`Corrupt`) at the end if it does not hash to the recorded SHA-1. */
  readonly data: Stream.Stream<Uint8Array, BlobStoreError | CommitError>
  /** What the commit recorded. */
  readonly record: CommitRecord
}

/** Options of {@link commit}. */
export interface CommitOptions {
  /** Builds the sidecar (YAML) once the data's SHA-1, size and version are known. */
  readonly sidecar: (data: { readonly sha1: string; readonly bytes: number; readonly versionId?: string }) => Uint8Array
  /** The versions the index marker records. */
  readonly marker: MarkerVersions
}

/** A commit that cannot proceed, or committed data that does not match its sidecar. */
export class CommitError extends Data.TaggedError("CommitError")<{
  /** `StagingMissing`: the staged data is gone or changed; `Corrupt`: the data does not match its sidecar; `Invalid`: bad marker values. */
  readonly reason: "StagingMissing" | "Corrupt" | "Invalid"
  /** Asset key. */
  readonly asset: string
  /** Partition key. */
  readonly partition: string
  /** What happened and what to do. */
  readonly message: string
}> {}

/** First characters of the sidecar line that carries the commit record. */
export const RECORD_LINE_PREFIX = "# strata-commit "

/** Sidecars read at once when index markers disagree and `observe` falls back to them. */
export const FALLBACK_CONCURRENCY = 8

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Width of the zero-padded base-36 millisecond time in commit ids (sortable until year 5188). */
const COMMIT_TIME_WIDTH = 9

const newId = (): string => `${Date.now().toString(36).padStart(COMMIT_TIME_WIDTH, "0")}-${randomBytes(4).toString("hex")}`

const sidecarPath = (layout: DatasetLayout.DatasetLayout): string => DatasetLayout.sidecarKey(layout).slice(`${layout.project}/${layout.asset}/`.length)

const indexKey = (layout: DatasetLayout.DatasetLayout, marker: IndexMarker.Marker): string =>
  `${DatasetLayout.internalPrefix("index", layout.project, layout.asset)}${IndexMarker.name(marker)}`

const versionKey = (layout: DatasetLayout.DatasetLayout, commitId: string): string =>
  `${DatasetLayout.internalPartitionPrefix("versions", layout)}${commitId}.json`

/**
 * Writes of bookkeeping that a machine crash may lose without harm: markers and version records
 * are rebuilt from sidecars (or the partition is rebuilt), history sidecars repeat the sidecar.
 * The data and the sidecar, which are the commit, stay durable.
 */
const BOOKKEEPING = { durable: false } as const

/** Appends the commit record line to the caller's sidecar bytes. */
const withRecord = (sidecar: Uint8Array, record: CommitRecord): Uint8Array => {
  const text = decoder.decode(sidecar)
  const separator = text.length === 0 || text.endsWith("\n") ? "" : "\n"
  return encoder.encode(`${text}${separator}${RECORD_LINE_PREFIX}${JSON.stringify(record)}\n`)
}

/** The commit record a sidecar ends with, or `undefined` when it has none (not written by this protocol). */
export const recordOf = (sidecar: Uint8Array): CommitRecord | undefined => {
  const text = decoder.decode(sidecar)
  const start = text.lastIndexOf(`\n${RECORD_LINE_PREFIX}`)
  const line = start === -1 ? (text.startsWith(RECORD_LINE_PREFIX) ? text : undefined) : text.slice(start + 1)
  if (line === undefined) return undefined
  try {
    const record = JSON.parse(line.slice(RECORD_LINE_PREFIX.length)) as CommitRecord
    return record.format === 1 && typeof record.sha1 === "string" && typeof record.bytes === "number" ? record : undefined
  } catch {
    return undefined
  }
}

/**
 * Streams `body` to a staging key of the partition, computing its SHA-1 and size.
 *
 * @example
 * const staged = yield* CommitProtocol.stage(layout, JsonLines.encode(rows))
 */
export const stage = <E>(layout: DatasetLayout.DatasetLayout, body: Stream.Stream<Uint8Array, E>): Effect.Effect<Staged, BlobStoreError | E, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const stagingKey = `${DatasetLayout.internalPartitionPrefix("staging", layout)}${newId()}/${layout.dataset}.${layout.ext}`
    const hash = createHash("sha1")
    let bytes = 0
    const counted = Stream.map(body, (chunk) => {
      hash.update(chunk)
      bytes += chunk.length
      return chunk
    })
    const written = yield* store.put(stagingKey, counted)
    return {
      layout,
      stagingKey,
      sha1: hash.digest("hex"),
      bytes,
      ...(written.versionId !== undefined ? { versionId: written.versionId } : {})
    }
  })

/** Removes staged data that will not be committed. */
export const abort = (staged: Staged): Effect.Effect<void, BlobStoreError, BlobStore> => BlobStore.use((store) => store.delete(staged.stagingKey))

/**
 * Commits staged data (see the module's steps): promotes it, keeps the previous version,
 * writes the sidecar last, then the index marker. Returns the record.
 */
export const commit = (staged: Staged, options: CommitOptions): Effect.Effect<CommitRecord, BlobStoreError | CommitError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const layout = staged.layout
    const failure = (reason: CommitError["reason"], message: string) =>
      new CommitError({ reason, asset: layout.asset, partition: layout.partition, message })
    const stagedInfo = yield* store.head(staged.stagingKey)
    if (Option.isNone(stagedInfo) || stagedInfo.value.size !== staged.bytes) {
      return yield* failure("StagingMissing", `The staged data of ${layout.asset} partition ${layout.partition} (${staged.stagingKey}) is missing or changed; materialize the partition again.`)
    }
    const commitId = newId()
    const dataKey = DatasetLayout.dataKey(layout)
    const pending: IndexMarker.Marker = { _tag: "Pending", partition: layout.partition, commitId, sidecarPath: sidecarPath(layout) }
    yield* store.put(indexKey(layout, pending), new Uint8Array(0), BOOKKEEPING)
    const versioned = staged.versionId !== undefined
    const historyFolder = `${DatasetLayout.internalPartitionPrefix("history", layout)}${commitId}/`
    const historyDataKey = `${historyFolder}${layout.dataset}.${layout.ext}`
    const historySidecarKey = `${historyFolder}${layout.dataset}${DatasetLayout.SIDECAR_SUFFIX}`
    if (!versioned) yield* store.copy(staged.stagingKey, historyDataKey)
    const promoted = yield* store.move(staged.stagingKey, dataKey)
    const record: CommitRecord = {
      format: 1,
      asset: layout.asset,
      partition: layout.partition,
      commitId,
      committedAt: new Date().toISOString(),
      sha1: staged.sha1,
      bytes: staged.bytes,
      dataKey,
      dataEtag: promoted.etag,
      codeVersion: options.marker.codeVersion,
      dataVersion: options.marker.dataVersion,
      inputsDigest: options.marker.inputsDigest,
      ...(promoted.versionId !== undefined ? { dataVersionId: promoted.versionId } : {}),
      ...(versioned ? {} : { historyDataKey, historySidecarKey })
    }
    const sidecarBytes = withRecord(
      options.sidecar({ sha1: staged.sha1, bytes: staged.bytes, ...(promoted.versionId !== undefined ? { versionId: promoted.versionId } : {}) }),
      record
    )
    const sidecarWritten = yield* store.put(DatasetLayout.sidecarKey(layout), sidecarBytes, { contentType: "application/yaml" })
    if (!versioned) yield* store.put(historySidecarKey, sidecarBytes, BOOKKEEPING)
    const full: CommitRecord = { ...record, ...(sidecarWritten.versionId !== undefined ? { sidecarVersionId: sidecarWritten.versionId } : {}) }
    yield* store.put(versionKey(layout, commitId), encoder.encode(JSON.stringify(full)), { contentType: "application/json", ...BOOKKEEPING })
    yield* writeMarker(store, layout, { ...options.marker, bytes: staged.bytes })
    return full
  })

/** Writes the committed marker, then removes every other marker of the partition (older ones and pending ones). */
const writeMarker = (store: BlobStoreShape, layout: DatasetLayout.DatasetLayout, versions: MarkerVersions & { readonly bytes: number }) =>
  Effect.gen(function* () {
    const marker: IndexMarker.Marker = { _tag: "Committed", partition: layout.partition, ...versions, sidecarPath: sidecarPath(layout) }
    const key = indexKey(layout, marker)
    yield* store.put(key, new Uint8Array(0), BOOKKEEPING)
    const others = yield* Stream.runCollect(
      store.list(`${DatasetLayout.internalPrefix("index", layout.project, layout.asset)}${IndexMarker.partitionPrefix(layout.partition)}`)
    )
    yield* Effect.forEach(
      others.filter((info) => info.key !== key),
      (info) => store.delete(info.key),
      { concurrency: 4, discard: true }
    )
  })

/** Whether the data object the record names is there: the current object, or its recorded version. */
const dataMatches = (store: BlobStoreShape, record: CommitRecord) =>
  Effect.gen(function* () {
    const info = yield* store.head(record.dataKey)
    if (Option.isSome(info) && info.value.size === record.bytes) {
      if (info.value.etag === record.dataEtag) return Option.some<{ readonly versionId?: string }>({})
      // Same size, another ETag: a copy of the storage folder (local ETags name the inode and
      // mtime) or a rewrite. Only the content can tell, so hash it once.
      if (record.dataVersionId === undefined && (yield* sha1Of(store.get(record.dataKey))) === record.sha1) return Option.some({})
    }
    return record.dataVersionId !== undefined ? Option.some({ versionId: record.dataVersionId }) : Option.none()
  })

/** SHA-1 of a stream, hex. */
const sha1Of = (data: Stream.Stream<Uint8Array, BlobStoreError>) =>
  Effect.suspend(() => {
    const hash = createHash("sha1")
    return Stream.runForEach(data, (chunk) => Effect.sync(() => void hash.update(chunk))).pipe(Effect.map(() => hash.digest("hex")))
  })

/** Streams data and fails with `Corrupt` at the end unless it hashes to the record's SHA-1 and size. */
const verified = (data: Stream.Stream<Uint8Array, BlobStoreError>, record: CommitRecord): Stream.Stream<Uint8Array, BlobStoreError | CommitError> =>
  Stream.suspend(() => {
    const hash = createHash("sha1")
    let bytes = 0
    const check = Effect.suspend(() => {
      const sha1 = hash.digest("hex")
      return sha1 === record.sha1 && bytes === record.bytes
        ? Effect.void
        : Effect.fail(
            new CommitError({
              reason: "Corrupt",
              asset: record.asset,
              partition: record.partition,
              message: `The data of ${record.asset} partition ${record.partition} (${record.dataKey}) has SHA-1 ${sha1} and ${bytes} bytes, but its sidecar records ${record.sha1} and ${record.bytes}; materialize the partition again.`
            })
          )
    })
    return Stream.concat(
      Stream.map(data, (chunk) => {
        hash.update(chunk)
        bytes += chunk.length
        return chunk
      }),
      Stream.fromEffectDrain(check)
    )
  })

/** Options of {@link readCommitted}. */
export interface ReadOptions {
  /** A commit id from {@link versions}: read that earlier version instead of the current one. */
  readonly version?: string
}

const missing = Effect.succeed(Option.none<Committed>())

/**
 * The committed partition (or an earlier version of it), or `None` when the partition is not
 * committed: no sidecar, a sidecar without a commit record, or data that is not the data the
 * sidecar vouches for (a commit in progress on a store without versions).
 */
export const readCommitted = (
  layout: DatasetLayout.DatasetLayout,
  options: ReadOptions = {}
): Effect.Effect<Option.Option<Committed>, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    if (options.version !== undefined) {
      const text = yield* store.getBytes(versionKey(layout, options.version)).pipe(
        Effect.map(Option.some),
        Effect.catchIf(isReason("NotFound"), () => Effect.succeed(Option.none<Uint8Array>()))
      )
      if (Option.isNone(text)) return yield* missing
      const record = JSON.parse(decoder.decode(text.value)) as CommitRecord
      const sidecar =
        record.historySidecarKey !== undefined
          ? yield* store.getBytes(record.historySidecarKey)
          : yield* store.getBytes(DatasetLayout.sidecarKey(layout), record.sidecarVersionId !== undefined ? { versionId: record.sidecarVersionId } : {})
      const data =
        record.historyDataKey !== undefined
          ? store.get(record.historyDataKey)
          : store.get(record.dataKey, record.dataVersionId !== undefined ? { versionId: record.dataVersionId } : {})
      return Option.some({ sidecar, data: verified(data, record), record })
    }
    const sidecar = yield* store.getBytes(DatasetLayout.sidecarKey(layout)).pipe(
      Effect.map(Option.some),
      Effect.catchIf(isReason("NotFound"), () => Effect.succeed(Option.none<Uint8Array>()))
    )
    if (Option.isNone(sidecar)) return yield* missing
    const record = recordOf(sidecar.value)
    if (record === undefined) return yield* missing
    const source = yield* dataMatches(store, record)
    if (Option.isNone(source)) return yield* missing
    return Option.some({ sidecar: sidecar.value, data: verified(store.get(record.dataKey, source.value), record), record })
  })

/** Every committed version of the partition, oldest first (from the version records). */
export const versions = (layout: DatasetLayout.DatasetLayout): Effect.Effect<ReadonlyArray<CommitRecord>, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const infos = yield* Stream.runCollect(store.list(DatasetLayout.internalPartitionPrefix("versions", layout)))
    return yield* Effect.forEach(infos, (info) => Effect.map(store.getBytes(info.key), (bytes) => JSON.parse(decoder.decode(bytes)) as CommitRecord), {
      concurrency: 8
    })
  })

/** Reads a partition's sidecar (named by a marker) to decide what is committed, when its markers disagree. */
const observeFromSidecar = (store: BlobStoreShape, project: string, asset: string, partition: string, sidecarRelative: string) =>
  Effect.gen(function* () {
    const sidecar = yield* store.getBytes(`${project}/${asset}/${sidecarRelative}`).pipe(
      Effect.map(Option.some),
      Effect.catchIf(isReason("NotFound"), () => Effect.succeed(Option.none<Uint8Array>()))
    )
    if (Option.isNone(sidecar)) return Option.none<Observation>()
    const record = recordOf(sidecar.value)
    if (record === undefined || record.partition !== partition) return Option.none<Observation>()
    const source = yield* dataMatches(store, record)
    if (Option.isNone(source)) return Option.none<Observation>()
    yield* repairIndex(store, layoutOfSidecar(project, asset, partition, sidecarRelative, record.dataKey), record)
    return Option.some<Observation>({
      asset,
      partition,
      codeVersion: record.codeVersion,
      dataVersion: record.dataVersion,
      inputsDigest: record.inputsDigest
    })
  })

/** The layout of a partition from its sidecar's path under the asset and its data key. */
const layoutOfSidecar = (project: string, asset: string, partition: string, sidecarRelative: string, dataKey: string): DatasetLayout.DatasetLayout => {
  const slash = sidecarRelative.lastIndexOf("/")
  const dataset = sidecarRelative.slice(slash + 1, sidecarRelative.length - DatasetLayout.SIDECAR_SUFFIX.length)
  return {
    project,
    asset,
    partition,
    partitionPath: slash < 0 ? "" : sidecarRelative.slice(0, slash),
    dataset,
    ext: dataKey.slice(dataKey.lastIndexOf("/") + 1 + dataset.length + 1)
  }
}

/**
 * Finishes the bookkeeping of a commit that was interrupted after its sidecar (the partition is
 * committed, but its version record or committed index marker is missing): writes them, so the
 * next observation lists it from LIST calls alone again and `versions` sees the commit.
 */
const repairIndex = (store: BlobStoreShape, layout: DatasetLayout.DatasetLayout, record: CommitRecord) =>
  Effect.gen(function* () {
    const versionRecord = versionKey(layout, record.commitId)
    if (Option.isNone(yield* store.head(versionRecord))) {
      yield* store.put(versionRecord, encoder.encode(JSON.stringify(record)), { contentType: "application/json" })
    }
    yield* writeMarker(store, layout, { codeVersion: record.codeVersion, dataVersion: record.dataVersion, inputsDigest: record.inputsDigest, bytes: record.bytes })
  })

/**
 * The observation of every committed partition of `asset`, in partition-key order, from LIST
 * calls over its index markers (one call per 1,000 partitions). Only a partition whose
 * markers disagree (a commit in progress or interrupted) costs a read of its sidecar.
 */
export const observe = (project: string, asset: string): Stream.Stream<Observation, BlobStoreError, BlobStore> =>
  Stream.unwrap(
    Effect.map(BlobStore.use(Effect.succeed), (store) => {
      const prefix = DatasetLayout.internalPrefix("index", project, asset)
      return store.list(prefix).pipe(
        Stream.filterMap((info) => {
          const marker = IndexMarker.parse(info.key.slice(prefix.length))
          return marker === undefined ? Result.failVoid : Result.succeed(marker)
        }),
        Stream.groupAdjacentBy((marker) => marker.partition),
        Stream.mapEffect(
          ([partition, markers]) => {
            const first = markers[0]
            if (markers.length === 1 && first !== undefined && first._tag === "Committed") {
              return Effect.succeed(
                Option.some<Observation>({
                  asset,
                  partition,
                  codeVersion: first.codeVersion,
                  dataVersion: first.dataVersion,
                  inputsDigest: first.inputsDigest
                })
              )
            }
            return first === undefined ? Effect.succeed(Option.none<Observation>()) : observeFromSidecar(store, project, asset, partition, first.sidecarPath)
          },
          { concurrency: FALLBACK_CONCURRENCY }
        ),
        Stream.filterMap((observation) => (Option.isSome(observation) ? Result.succeed(observation.value) : Result.failVoid))
      )
    })
  )
