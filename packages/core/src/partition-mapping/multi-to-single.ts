/**
 * Multi to single: one side is multi-dimensional, the other has one dimension matching its
 * `dimension`. A multi key reads (or is read by) the single key equal to its `dimension` value;
 * a single key maps to every multi key holding it.
 */
import { classify, pinnedKeys } from "../internal/mapped.ts"
import type { MappedKeys, PartitionMapping } from "../PartitionMapping.ts"
import { describe as describePartitions, type MultiPartitions, type PartitionContext, type PartitionsDefinition, sameGrid } from "../Partitions.ts"
import * as Multi from "../partitions/multi.ts"

/** The value of `dimension` in a multi key, or `undefined` when the key is malformed. */
const valueOf = (def: MultiPartitions, dimension: string, key: string): string | undefined =>
  Multi.split(def, key)?.[Multi.dimensionIndex(def, dimension)]

/** Every key of `def` whose `dimension` holds `value`. */
const keysHolding = (def: MultiPartitions, dimension: string, value: string, ctx: PartitionContext): ReadonlyArray<string> =>
  pinnedKeys(def, new Map([[Multi.dimensionIndex(def, dimension), value]]), ctx)

/** Maps a multi-dimensional side to a single-dimension side through `dimension`, e.g. `multiToSingle("date")`. */
export const multiToSingle = (dimension: string): PartitionMapping => {
  const across = (key: string, from: PartitionsDefinition | undefined, to: PartitionsDefinition | undefined, ctx: PartitionContext): MappedKeys => {
    if (from?._tag === "Multi") {
      const value = valueOf(from, dimension, key)
      return value === undefined ? { keys: [], missing: [key] } : classify([value], to, ctx)
    }
    return to?._tag === "Multi" ? classify(keysHolding(to, dimension, key, ctx), to, ctx) : { keys: [], missing: [key] }
  }
  return {
    kind: "multi_to_single",
    allowsMissing: false,
    upstream: (downstreamKey, downstreamDef, upstreamDef, ctx) => across(downstreamKey, downstreamDef, upstreamDef, ctx),
    downstream: (upstreamKey, downstreamDef, upstreamDef, ctx) => across(upstreamKey, upstreamDef, downstreamDef, ctx),
    misfit: (downstreamDef, upstreamDef) => {
      const multi = downstreamDef?._tag === "Multi" ? downstreamDef : upstreamDef?._tag === "Multi" ? upstreamDef : undefined
      const single = multi === downstreamDef ? upstreamDef : downstreamDef
      if (multi === undefined || single === undefined || single._tag === "Multi") {
        return `multiToSingle needs one multi-dimensional side and one single-dimension side, but downstream is ${describePartitions(downstreamDef)} and upstream is ${describePartitions(upstreamDef)}`
      }
      const matched = multi.dimensions.find((d) => d.name === dimension)
      if (matched === undefined) return `the multi-dimensional side has no dimension ${JSON.stringify(dimension)}`
      return sameGrid(matched.partitions, single)
        ? undefined
        : `dimension ${dimension} (${describePartitions(matched.partitions)}) does not match the other side (${describePartitions(single)})`
    },
    describe: () => `the partitions with the same ${dimension}`
  }
}
