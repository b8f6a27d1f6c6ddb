/**
 * Asset definitions: a spec plus the code that produces its rows (`materialize`), or, for a
 * source asset, optionally the code that observes what exists (`observe`).
 *
 * @example
 * const parsing = AssetDefinition.make(spec, (ctx) =>
 *   Stream.flatMap(Stream.fromIterable(ctx.inputs.get(upstreamKey) ?? []), (input) => input.rows).pipe(
 *     Stream.map((row) => parse(row))
 *   ))
 */
import type { Effect, Stream } from "effect"
import type { AssetKey } from "./AssetKey.ts"
import type { AssetSpec, ProcessRule } from "./AssetSpec.ts"
import { DefinitionError } from "./DefinitionError.ts"
import type { MaterializeError } from "./MaterializeError.ts"
import type { Observation } from "./Observation.ts"

/** The rows of one upstream partition handed to `materialize`. */
export interface InputPartition {
  /** The upstream partition key. */
  readonly partition: string
  /** Its rows, decoded with the upstream's schema. */
  readonly rows: Stream.Stream<unknown, MaterializeError>
  /**
   * Its data version (the SHA-1 of a materialized partition's data; a source's observed
   * version). Equal versions hold equal rows, so an asset may reuse what it derived from an
   * input it read before instead of reading `rows` again; the sidecar's `rows_in` counts a
   * materialized input's rows either way.
   */
  readonly dataVersion: string
}

/** What `materialize` receives. */
export interface MaterializeContext {
  /** The asset being produced. */
  readonly asset: AssetKey
  /** The partition key being produced (`"all"` when unpartitioned). */
  readonly partition: string
  /** The upstream partitions it reads, by upstream asset, in the mapping's key order. */
  readonly inputs: ReadonlyMap<AssetKey, ReadonlyArray<InputPartition>>
  /** The project configuration (the asset decodes the part it needs). */
  readonly config: unknown
  /** Writes a log line attributed to this asset-partition. */
  readonly log: (message: string, fields?: Readonly<Record<string, unknown>>) => Effect.Effect<void>
  /** Records a named metric (e.g. `duplicates_removed`) for the sidecar and MLflow. */
  readonly metrics: (name: string, value: number) => Effect.Effect<void>
  /**
   * Records the processing rules actually applied to this partition (e.g. the rules of the
   * normalization version it belongs to), in order, for the sidecar's `process` and MLflow
   * params; replaces the spec's `process` for this partition.
   */
  readonly process: (rules: ReadonlyArray<ProcessRule>) => Effect.Effect<void>
  /** Records a source outside Strata the partition was produced from (an API, a vendor file). */
  readonly external: (source: ExternalSource) => Effect.Effect<void>
  /** A key-value cache kept in the project's storage, shared by runs, backfills and processes. */
  readonly cache: MaterializeCache
}

/** A source outside Strata, for lineage (the sidecar's `data_source`). */
export interface ExternalSource {
  /** Short name, e.g. `annotation-api`. */
  readonly name: string
  /** Where it lives (never with credentials). */
  readonly uri: string
  /** What it is. */
  readonly description?: string
}

/**
 * A key-value cache in the project's storage: values are JSON text, written as soon as they are
 * put, so that work paid for (an API call) is never paid twice across crashes and re-runs.
 */
export interface MaterializeCache {
  /** The values of the keys present in the namespace (absent keys are missing from the map). */
  readonly getMany: (namespace: string, keys: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, string>, MaterializeError>
  /** Stores values under keys of the namespace. */
  readonly putMany: (namespace: string, entries: ReadonlyArray<readonly [key: string, value: string]>) => Effect.Effect<void, MaterializeError>
}

/** What a source asset's `observe` receives. */
export interface ObserveContext {
  /** The source asset. */
  readonly asset: AssetKey
  /** The project configuration. */
  readonly config: unknown
  /** Writes a log line attributed to this asset. */
  readonly log: (message: string, fields?: Readonly<Record<string, unknown>>) => Effect.Effect<void>
}

/** An asset Strata produces. */
export interface MaterializedAsset<Row = unknown> {
  readonly _tag: "Materialized"
  /** Its spec (kind `materialized`). */
  readonly spec: AssetSpec<Row>
  /** Produces the rows of one partition. */
  readonly materialize: (ctx: MaterializeContext) => Stream.Stream<Row, MaterializeError>
}

/** An asset Strata observes but does not produce. */
export interface SourceAsset {
  readonly _tag: "Source"
  /** Its spec (kind `source`). */
  readonly spec: AssetSpec<unknown>
  /** Lists what exists; absent means storage listing observes it like any asset. */
  readonly observe?: (ctx: ObserveContext) => Effect.Effect<ReadonlyArray<Observation>, MaterializeError>
}

/** Any asset definition. */
export type AssetDefinition<Row = unknown> = MaterializedAsset<Row> | SourceAsset

/** Pairs a materialized spec with its code; throws a `DefinitionError` when the spec is a source. */
export const make = <Row>(
  spec: AssetSpec<Row>,
  materialize: (ctx: MaterializeContext) => Stream.Stream<Row, MaterializeError>
): MaterializedAsset<Row> => {
  if (spec.kind !== "materialized") {
    throw new DefinitionError({
      reason: "InvalidSpec",
      asset: spec.key,
      message: `Asset ${spec.key} is a source asset; define it with AssetDefinition.source(spec).`
    })
  }
  return { _tag: "Materialized", spec, materialize }
}

/** Declares a source asset; throws a `DefinitionError` when the spec is not of kind `source`. */
export const source = (
  spec: AssetSpec<unknown>,
  observe?: (ctx: ObserveContext) => Effect.Effect<ReadonlyArray<Observation>, MaterializeError>
): SourceAsset => {
  if (spec.kind !== "source") {
    throw new DefinitionError({
      reason: "InvalidSpec",
      asset: spec.key,
      message: `Asset ${spec.key} is materialized; give its spec layer "source" (or kind "source"), or use AssetDefinition.make.`
    })
  }
  return observe === undefined ? { _tag: "Source", spec } : { _tag: "Source", spec, observe }
}
