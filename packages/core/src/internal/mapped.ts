/** Helpers shared by the partition mappings. */
import type { MappedKeys } from "../PartitionMapping.ts"
import { type MultiPartitions, type PartitionContext, type PartitionsDefinition, resolve } from "../Partitions.ts"
import * as Multi from "../partitions/multi.ts"

/** An empty list of keys, shared to spare allocations on hot paths. */
const NONE: ReadonlyArray<string> = []

/** No key at all. */
export const NOTHING: MappedKeys = { keys: NONE, missing: NONE }

/** Sorts candidate keys into those `def` has now and those it has not. */
export const classify = (
  candidates: ReadonlyArray<string>,
  def: PartitionsDefinition | undefined,
  ctx: PartitionContext
): MappedKeys => {
  const set = resolve(def, ctx)
  if (candidates.length === 1) {
    const only = candidates[0] as string
    return set.has(only) ? { keys: candidates, missing: NONE } : { keys: NONE, missing: candidates }
  }
  const keys: Array<string> = []
  const missing: Array<string> = []
  for (const key of candidates) (set.has(key) ? keys : missing).push(key)
  return { keys, missing }
}

/** Every key of a multi definition whose listed dimensions (by index) hold the given values. */
export const pinnedKeys = (
  def: MultiPartitions,
  pins: ReadonlyMap<number, string>,
  ctx: PartitionContext
): ReadonlyArray<string> =>
  Multi.product(def.dimensions.map((dimension, i) => {
    const pinned = pins.get(i)
    return pinned === undefined ? resolve(dimension.partitions, ctx).keys : [pinned]
  }))
