/**
 * Runs an asset's `materialize` outside the runner: a fake context (inputs from arrays, an
 * in-memory cache, recorded metrics, process rules and external sources) and the runner's row
 * validation (rows that do not encode with the asset's schema are quarantined).
 */
import { createHash } from "node:crypto"
import { type AssetDefinition, MaterializeError } from "@strata/core"
import { Effect, Result, Schema, Stream } from "effect"

/** What a fake run recorded. */
export interface Recorded {
  readonly metrics: Record<string, number>
  process: ReadonlyArray<{ readonly rule: string; readonly params: Readonly<Record<string, unknown>> }> | undefined
  readonly external: Array<AssetDefinition.ExternalSource>
  readonly logs: Array<string>
}

/** An in-memory `MaterializeCache` with its backing map, for asserting on what was stored. */
export const memoryCache = () => {
  const entries = new Map<string, string>()
  const cache: AssetDefinition.MaterializeCache = {
    getMany: (namespace, keys) =>
      Effect.sync(() => new Map(keys.flatMap((key) => {
        const value = entries.get(`${namespace}/${key}`)
        return value === undefined ? [] : [[key, value] as const]
      }))),
    putMany: (namespace, items) => Effect.sync(() => items.forEach(([key, value]) => entries.set(`${namespace}/${key}`, value)))
  }
  return { cache, entries }
}

/** Options of {@link makeContext}. */
export interface ContextOptions {
  readonly asset: string
  readonly partition: string
  /** Upstream asset -> its partitions with their rows (JSON values, as the runner hands them); each input's data version is the SHA-1 of its rows' JSON. */
  readonly inputs?: Readonly<Record<string, ReadonlyArray<{ readonly partition: string; readonly rows: ReadonlyArray<unknown> }>>>
  readonly cache?: AssetDefinition.MaterializeCache
  readonly config?: unknown
}

/** A fake context and what it records. */
export const makeContext = (options: ContextOptions): { readonly ctx: AssetDefinition.MaterializeContext; readonly recorded: Recorded } => {
  const recorded: Recorded = { metrics: {}, process: undefined, external: [], logs: [] }
  const inputs = new Map(
    Object.entries(options.inputs ?? {}).map(([asset, partitions]) => [
      asset as never,
      partitions.map((input) => ({ partition: input.partition, dataVersion: createHash("sha1").update(JSON.stringify(input.rows)).digest("hex"), rows: Stream.fromIterable(input.rows) as Stream.Stream<unknown, MaterializeError> }))
    ])
  )
  const ctx: AssetDefinition.MaterializeContext = {
    asset: options.asset as never,
    partition: options.partition,
    inputs,
    config: options.config ?? {},
    log: (message) => Effect.sync(() => void recorded.logs.push(message)),
    metrics: (name, value) => Effect.sync(() => void (recorded.metrics[name] = (recorded.metrics[name] ?? 0) + value)),
    process: (rules) => Effect.sync(() => void (recorded.process = rules)),
    external: (source) => Effect.sync(() => void recorded.external.push(source)),
    cache: options.cache ?? memoryCache().cache
  }
  return { ctx, recorded }
}

/** The rows an asset emitted, split as the runner would: valid rows (JSON, as stored) and quarantined ones. */
export interface RunResult {
  readonly rows: ReadonlyArray<Record<string, unknown>>
  readonly quarantined: ReadonlyArray<{ readonly row: unknown; readonly detail: string }>
  readonly recorded: Recorded
}

/** Materializes `definition` with a fake context and validates its rows against its schema. */
export const materialize = async (definition: AssetDefinition.AssetDefinition, options: ContextOptions): Promise<RunResult> => {
  if (definition._tag !== "Materialized") throw new Error(`${definition.spec.key} is a source asset`)
  const { ctx, recorded } = makeContext(options)
  const emitted = await Effect.runPromise(Stream.runCollect(definition.materialize(ctx)))
  const encode = Schema.encodeUnknownResult(definition.spec.schema)
  const rows: Array<Record<string, unknown>> = []
  const quarantined: Array<{ row: unknown; detail: string }> = []
  for (const row of emitted) {
    const encoded = encode(row)
    if (Result.isSuccess(encoded)) rows.push(JSON.parse(JSON.stringify(encoded.success)) as Record<string, unknown>)
    else quarantined.push({ row, detail: encoded.failure.message })
  }
  return { rows, quarantined, recorded }
}

/** The failure of a materialization that is expected to fail. */
export const materializeFailure = async (definition: AssetDefinition.AssetDefinition, options: ContextOptions): Promise<MaterializeError> => {
  if (definition._tag !== "Materialized") throw new Error(`${definition.spec.key} is a source asset`)
  const { ctx } = makeContext(options)
  const exit = await Effect.runPromise(Effect.flip(Stream.runCollect(definition.materialize(ctx))))
  return exit
}
