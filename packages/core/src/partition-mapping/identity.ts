/** Identity: a downstream partition reads the upstream partition of the same key. */
import { classify } from "../internal/mapped.ts"
import type { PartitionMapping } from "../PartitionMapping.ts"
import { describe as describePartitions, resolve, sameShape, UNPARTITIONED_KEY } from "../Partitions.ts"

const IDENTITY: PartitionMapping = {
  kind: "identity",
  allowsMissing: false,
  upstream: (downstreamKey, _downstreamDef, upstreamDef, ctx) =>
    upstreamDef === undefined ? { keys: [UNPARTITIONED_KEY], missing: [] } : classify([downstreamKey], upstreamDef, ctx),
  downstream: (upstreamKey, downstreamDef, upstreamDef, ctx) =>
    upstreamDef === undefined
      ? { keys: resolve(downstreamDef, ctx).keys, missing: [] }
      : classify([upstreamKey], downstreamDef, ctx),
  misfit: (downstreamDef, upstreamDef) => {
    if (upstreamDef === undefined || sameShape(downstreamDef, upstreamDef)) return undefined
    if (downstreamDef === undefined) {
      return `an unpartitioned asset cannot read "the same partition" of one partitioned ${describePartitions(upstreamDef)}; use PartitionMapping.all() or staticPin`
    }
    return `identity needs the same partitions on both sides, but downstream is ${describePartitions(downstreamDef)} and upstream is ${describePartitions(upstreamDef)}; use timeWindow (other cadence), multiToSingle or staticPin`
  },
  describe: () => "the partition with the same key (the only partition when upstream is unpartitioned)"
}

/**
 * The same key on both sides (the default mapping). An unpartitioned upstream is read whole by
 * every downstream partition.
 */
export const identity = (): PartitionMapping => IDENTITY
