/**
 * Time window: a downstream window reads the upstream windows overlapping the last `lookback`
 * downstream windows up to its own (shifted by `offset` windows). Cadences may differ (a daily
 * partition reads 24 hourly ones); zones must match.
 */
import { classify } from "../internal/mapped.ts"
import type { MappedKeys, PartitionMapping } from "../PartitionMapping.ts"
import { describe as describePartitions, type PartitionContext, type PartitionsDefinition, type TimeWindowPartitions } from "../Partitions.ts"
import { cadences, unitExists } from "../partitions/time-window.ts"

/** Options of {@link timeWindow}. */
export interface TimeWindowOptions {
  /** Downstream windows to shift by (negative: earlier). Default 0. */
  readonly offset?: number
  /** Whether a partition may run when part of its window does not exist (e.g. before the start). Default true. */
  readonly allowsMissing?: boolean
}

const keysOverlapping = (
  target: TimeWindowPartitions,
  fromHour: number,
  toHour: number,
  shiftFirst: number,
  shiftCount: number
): ReadonlyArray<string> => {
  const math = cadences[target.cadence]
  const first = math.unitOfHour(fromHour) + shiftFirst
  const last = math.unitOfHour(toHour - 1) + shiftFirst + shiftCount - 1
  const keys: Array<string> = []
  for (let unit = first; unit <= last; unit++) {
    if (unitExists(target, unit)) keys.push(math.format(unit))
  }
  return keys
}

const asWindows = (
  downstreamDef: PartitionsDefinition | undefined,
  upstreamDef: PartitionsDefinition | undefined
): readonly [TimeWindowPartitions, TimeWindowPartitions] | undefined =>
  downstreamDef?._tag === "TimeWindow" && upstreamDef?._tag === "TimeWindow" ? [downstreamDef, upstreamDef] : undefined

/** The smallest lookback: one window. */
const MIN_LOOKBACK = 1

/** Builds a window mapping; `kind` and `describe` let time offset reuse it. */
export const windowMapping = (
  kind: "time_window" | "time_offset",
  lookback: number,
  offset: number,
  allowsMissing: boolean,
  describe: () => string
): PartitionMapping => {
  const upstream = (
    downstreamKey: string,
    downstreamDef: PartitionsDefinition | undefined,
    upstreamDef: PartitionsDefinition | undefined,
    ctx: PartitionContext
  ): MappedKeys => {
    const windows = asWindows(downstreamDef, upstreamDef)
    if (windows === undefined) return { keys: [], missing: [downstreamKey] }
    const [down, up] = windows
    const math = cadences[down.cadence]
    const unit = math.parse(downstreamKey)
    if (unit === undefined) return { keys: [], missing: [downstreamKey] }
    const fromHour = math.startHour(unit + offset - lookback + 1)
    const toHour = math.startHour(unit + offset + 1)
    return classify(keysOverlapping(up, fromHour, toHour, 0, 1), up, ctx)
  }
  const downstream = (
    upstreamKey: string,
    downstreamDef: PartitionsDefinition | undefined,
    upstreamDef: PartitionsDefinition | undefined,
    ctx: PartitionContext
  ): MappedKeys => {
    const windows = asWindows(downstreamDef, upstreamDef)
    if (windows === undefined) return { keys: [], missing: [upstreamKey] }
    const [down, up] = windows
    const math = cadences[up.cadence]
    const unit = math.parse(upstreamKey)
    if (unit === undefined) return { keys: [], missing: [upstreamKey] }
    return classify(keysOverlapping(down, math.startHour(unit), math.startHour(unit + 1), -offset, lookback), down, ctx)
  }
  return {
    kind,
    allowsMissing,
    upstream,
    downstream,
    misfit: (downstreamDef, upstreamDef) => {
      if (!Number.isInteger(lookback) || lookback < MIN_LOOKBACK || !Number.isInteger(offset)) {
        return `${kind} needs an integer lookback >= ${MIN_LOOKBACK} and an integer offset, got lookback ${lookback} and offset ${offset}`
      }
      if (asWindows(downstreamDef, upstreamDef) === undefined) {
        return `${kind} needs time-window partitions on both sides, but downstream is ${describePartitions(downstreamDef)} and upstream is ${describePartitions(upstreamDef)}`
      }
      const [down, up] = asWindows(downstreamDef, upstreamDef) ?? []
      return down !== undefined && up !== undefined && down.timezone !== up.timezone
        ? `${kind} needs one time zone on both sides, but downstream uses ${down.timezone} and upstream ${up.timezone}`
        : undefined
    },
    describe
  }
}

/**
 * The last `lookback` windows up to the downstream's own (shifted by `offset`), e.g.
 * `timeWindow(7)` reads the last 7 days for a daily asset over a daily upstream.
 */
export const timeWindow = (lookback: number, options?: TimeWindowOptions): PartitionMapping => {
  const offset = options?.offset ?? 0
  const shift = offset === 0 ? "" : `, shifted ${offset} window(s)`
  return windowMapping(
    "time_window",
    lookback,
    offset,
    options?.allowsMissing ?? true,
    () => `the upstream windows overlapping the last ${lookback} downstream window(s) up to the same one${shift}`
  )
}
