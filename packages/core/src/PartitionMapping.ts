/**
 * Partition mappings: which upstream partitions a downstream partition reads, in both
 * directions, described in words. Look-ups never filter silently: keys the mapping asks for
 * that do not exist (before the start, not yet complete, not in a static set, ...) come back
 * in `missing`.
 *
 * Both directions take the definitions in the same order: the downstream asset's first, then
 * the upstream asset's. `undefined` stands for an unpartitioned asset (single key `"all"`).
 *
 * @example
 * deps: [
 *   { asset: AssetKey.make("raw/html"), mapping: PartitionMapping.timeWindow(7) },  // last 7 days
 *   { asset: AssetKey.make("text"), mapping: PartitionMapping.staticPin("version", "v2") }
 * ]
 */
import type { PartitionContext, PartitionsDefinition } from "./Partitions.ts"

/** The keys a look-up yields: those that exist, and those asked for that do not. */
export interface MappedKeys {
  /** Existing keys, in the other asset's enumeration order. */
  readonly keys: ReadonlyArray<string>
  /** Keys the mapping asks for that the other asset's definition does not have (now). */
  readonly missing: ReadonlyArray<string>
}

/** The kinds of mapping. */
export type MappingKind = "identity" | "time_offset" | "time_window" | "all" | "static_pin" | "multi_to_single" | "custom"

/** A partition mapping. */
export interface PartitionMapping {
  /** Which kind of mapping this is. */
  readonly kind: MappingKind
  /** Whether a downstream partition may run although some upstream keys it asks for do not exist (e.g. a lookback at the start). */
  readonly allowsMissing: boolean
  /** Upstream keys read by `downstreamKey`. */
  readonly upstream: (
    downstreamKey: string,
    downstreamDef: PartitionsDefinition | undefined,
    upstreamDef: PartitionsDefinition | undefined,
    ctx: PartitionContext
  ) => MappedKeys
  /** Downstream keys that read `upstreamKey`. */
  readonly downstream: (
    upstreamKey: string,
    downstreamDef: PartitionsDefinition | undefined,
    upstreamDef: PartitionsDefinition | undefined,
    ctx: PartitionContext
  ) => MappedKeys
  /** What is wrong with using this mapping between these definitions, or `undefined` when it fits. */
  readonly misfit: (downstreamDef: PartitionsDefinition | undefined, upstreamDef: PartitionsDefinition | undefined) => string | undefined
  /** The mapping in words, e.g. "the last 7 daily partitions up to the same day". */
  readonly describe: () => string
}

export { all } from "./partition-mapping/all.ts"
export { custom, type CustomOptions } from "./partition-mapping/custom.ts"
export { identity } from "./partition-mapping/identity.ts"
export { multiToSingle } from "./partition-mapping/multi-to-single.ts"
export { staticPin } from "./partition-mapping/static-pin.ts"
export { timeOffset } from "./partition-mapping/time-offset.ts"
export { timeWindow, type TimeWindowOptions } from "./partition-mapping/time-window.ts"
