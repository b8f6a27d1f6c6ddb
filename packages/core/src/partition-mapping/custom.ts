/** Custom: a mapping given as two functions (keep them pure and mutually consistent). */
import { classify } from "../internal/mapped.ts"
import type { PartitionMapping } from "../PartitionMapping.ts"
import type { PartitionContext, PartitionsDefinition } from "../Partitions.ts"

/** The two directions and the words of a custom mapping. */
export interface CustomOptions {
  /** The mapping in words (shown by `describe` and in plans). */
  readonly description: string
  /** Upstream keys read by a downstream key (whether or not they exist: missing ones are reported). */
  readonly upstream: (downstreamKey: string, ctx: PartitionContext) => ReadonlyArray<string>
  /** Downstream keys reading an upstream key. */
  readonly downstream: (upstreamKey: string, ctx: PartitionContext) => ReadonlyArray<string>
  /** Whether a partition may run although some of its upstream keys do not exist. Default false. */
  readonly allowsMissing?: boolean
  /** Rejects unsuitable partitions definitions (a problem in words), if needed. */
  readonly misfit?: (downstreamDef: PartitionsDefinition | undefined, upstreamDef: PartitionsDefinition | undefined) => string | undefined
}

/**
 * A mapping given as functions.
 *
 * @example
 * PartitionMapping.custom({
 *   description: "the same day of the previous year",
 *   upstream: (key) => [`${Number(key.slice(0, 4)) - 1}${key.slice(4)}`],
 *   downstream: (key) => [`${Number(key.slice(0, 4)) + 1}${key.slice(4)}`]
 * })
 */
export const custom = (options: CustomOptions): PartitionMapping => ({
  kind: "custom",
  allowsMissing: options.allowsMissing ?? false,
  upstream: (downstreamKey, _downstreamDef, upstreamDef, ctx) => classify(options.upstream(downstreamKey, ctx), upstreamDef, ctx),
  downstream: (upstreamKey, downstreamDef, _upstreamDef, ctx) => classify(options.downstream(upstreamKey, ctx), downstreamDef, ctx),
  misfit: options.misfit ?? (() => undefined),
  describe: () => options.description
})
