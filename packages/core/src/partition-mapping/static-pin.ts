/**
 * Static pin: read the upstream partitions whose `dimension` is `value` (e.g. `version = v2`).
 * The upstream is static (the pinned key itself) or multi-dimensional; its other dimensions
 * follow the downstream key: the same-named dimensions of a multi downstream, the key of a
 * single-dimension downstream, or every value when the downstream is unpartitioned.
 */
import { classify, NOTHING, pinnedKeys } from "../internal/mapped.ts"
import type { MappedKeys, PartitionMapping } from "../PartitionMapping.ts"
import {
  describe as describePartitions,
  type MultiPartitions,
  type PartitionContext,
  type PartitionsDefinition,
  resolve,
  sameGrid,
  UNPARTITIONED_KEY
} from "../Partitions.ts"
import * as Multi from "../partitions/multi.ts"

const restOf = (up: MultiPartitions, dimension: string) => up.dimensions.filter((d) => d.name !== dimension)

const misfitOf = (dimension: string, value: string) =>
(
  downstreamDef: PartitionsDefinition | undefined,
  upstreamDef: PartitionsDefinition | undefined
): string | undefined => {
  if (upstreamDef?._tag === "Static") {
    return upstreamDef.keys.includes(value) ? undefined : `upstream static keys [${upstreamDef.keys.join(", ")}] do not include ${value}`
  }
  if (upstreamDef?._tag !== "Multi") {
    return `staticPin needs a static or multi-dimensional upstream, but it is ${describePartitions(upstreamDef)}`
  }
  const pinned = upstreamDef.dimensions.find((d) => d.name === dimension)
  if (pinned === undefined) return `upstream has no dimension ${JSON.stringify(dimension)} (it has ${upstreamDef.dimensions.map((d) => d.name).join(", ")})`
  if (pinned.partitions._tag === "Static" && !pinned.partitions.keys.includes(value)) {
    return `upstream dimension ${dimension} [${pinned.partitions.keys.join(", ")}] does not include ${value}`
  }
  const rest = restOf(upstreamDef, dimension)
  if (downstreamDef === undefined) return undefined
  if (downstreamDef._tag === "Multi") {
    const names = downstreamDef.dimensions.map((d) => d.name).sort().join(", ")
    const fits = names === rest.map((d) => d.name).sort().join(", ") &&
      rest.every((d) => downstreamDef.dimensions.some((e) => e.name === d.name && sameGrid(e.partitions, d.partitions)))
    return fits ? undefined : `downstream dimensions (${names}) must match the upstream's other dimensions (${rest.map((d) => d.name).join(", ")})`
  }
  const only = rest[0]
  return rest.length === 1 && only !== undefined && sameGrid(only.partitions, downstreamDef)
    ? undefined
    : `downstream ${describePartitions(downstreamDef)} must match the upstream's one other dimension (${rest.map((d) => `${d.name}: ${describePartitions(d.partitions)}`).join(", ")})`
}

/** Pins `dimension` of the upstream to `value`, e.g. `staticPin("version", "v2")`. */
export const staticPin = (dimension: string, value: string): PartitionMapping => {
  const upstream = (
    downstreamKey: string,
    downstreamDef: PartitionsDefinition | undefined,
    upstreamDef: PartitionsDefinition | undefined,
    ctx: PartitionContext
  ): MappedKeys => {
    if (upstreamDef?._tag !== "Multi") return classify([value], upstreamDef, ctx)
    const pinIndex = Multi.dimensionIndex(upstreamDef, dimension)
    const pins = new Map<number, string>([[pinIndex, value]])
    if (downstreamDef?._tag === "Multi") {
      const downValues = Multi.split(downstreamDef, downstreamKey)
      if (downValues === undefined) return { keys: [], missing: [downstreamKey] }
      upstreamDef.dimensions.forEach((d, i) => {
        const at = Multi.dimensionIndex(downstreamDef, d.name)
        if (i !== pinIndex && at >= 0) pins.set(i, downValues[at] ?? "")
      })
    } else if (downstreamDef !== undefined) {
      upstreamDef.dimensions.forEach((_d, i) => {
        if (i !== pinIndex) pins.set(i, downstreamKey)
      })
    }
    return classify(pinnedKeys(upstreamDef, pins, ctx), upstreamDef, ctx)
  }
  const downstream = (
    upstreamKey: string,
    downstreamDef: PartitionsDefinition | undefined,
    upstreamDef: PartitionsDefinition | undefined,
    ctx: PartitionContext
  ): MappedKeys => {
    if (upstreamDef?._tag !== "Multi") {
      return upstreamKey === value ? { keys: resolve(downstreamDef, ctx).keys, missing: [] } : NOTHING
    }
    const values = Multi.split(upstreamDef, upstreamKey)
    const pinIndex = Multi.dimensionIndex(upstreamDef, dimension)
    if (values === undefined || values[pinIndex] !== value) return NOTHING
    if (downstreamDef === undefined) return classify([UNPARTITIONED_KEY], downstreamDef, ctx)
    if (downstreamDef._tag !== "Multi") return classify([values.find((_v, i) => i !== pinIndex) ?? ""], downstreamDef, ctx)
    const downValues = downstreamDef.dimensions.map((d) => values[Multi.dimensionIndex(upstreamDef, d.name)] ?? "")
    return classify([Multi.join(downValues)], downstreamDef, ctx)
  }
  return {
    kind: "static_pin",
    allowsMissing: false,
    upstream,
    downstream,
    misfit: misfitOf(dimension, value),
    describe: () => `the upstream partitions where ${dimension} = ${value}`
  }
}
