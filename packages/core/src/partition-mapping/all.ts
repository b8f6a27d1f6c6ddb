/** All: every downstream partition reads every upstream partition (e.g. a model over all of gold). */
import type { PartitionMapping } from "../PartitionMapping.ts"
import { resolve } from "../Partitions.ts"

const ALL: PartitionMapping = {
  kind: "all",
  allowsMissing: false,
  upstream: (_downstreamKey, _downstreamDef, upstreamDef, ctx) => ({ keys: resolve(upstreamDef, ctx).keys, missing: [] }),
  downstream: (_upstreamKey, downstreamDef, _upstreamDef, ctx) => ({ keys: resolve(downstreamDef, ctx).keys, missing: [] }),
  misfit: () => undefined,
  describe: () => "every upstream partition"
}

/** Every upstream partition, whatever the partitions on either side. */
export const all = (): PartitionMapping => ALL
