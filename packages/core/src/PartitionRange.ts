/**
 * A range of partitions to plan: a span of dates (`from`..`to`, both inclusive) applied to
 * every time dimension, and/or an explicit list of keys. Parse the user's text with
 * {@link parse}; the planner takes the parsed range.
 *
 * Semantics: a time-window partition is in range when its window overlaps `[from, to]`
 * (compared on each asset's own wall clock). Static and dynamic dimensions, and unpartitioned
 * assets, are not limited by `from`/`to`. When `keys` is given, a partition is in range only
 * if its key is listed (`"all"` for unpartitioned assets).
 */
import { Data, Result } from "effect"
import * as Multi from "./partitions/multi.ts"
import * as TimeWindow from "./partitions/time-window.ts"
import type { DimensionPartitions, PartitionsDefinition } from "./Partitions.ts"

/** What the user wrote. */
export interface RangeInput {
  /** First date, inclusive (`YYYY-MM-DD`, `YYYY-MM-DD-HH` or `YYYY-MM`). */
  readonly from?: string
  /** Last date, inclusive (same formats). */
  readonly to?: string
  /** Exact partition keys. */
  readonly keys?: ReadonlyArray<string>
}

/** A parsed range. */
export interface PartitionRange {
  /** The input it was parsed from (for messages). */
  readonly input: RangeInput
  /** Whether a partition key of a definition lies in the range. */
  readonly contains: (def: PartitionsDefinition | undefined, key: string) => boolean
}

/** A range the user wrote wrongly; `field` is `from`, `to` or `keys`. */
export class PartitionRangeError extends Data.TaggedError("PartitionRangeError")<{
  readonly reason: "InvalidDate" | "Empty"
  readonly field: "from" | "to" | "keys"
  readonly message: string
}> {}

/** The whole timeline: every partition is in range. */
export const all: PartitionRange = { input: {}, contains: () => true }

const spanWithin = (def: DimensionPartitions, key: string, from: number, to: number): boolean => {
  if (def._tag !== "TimeWindow") return true
  const math = TimeWindow.cadences[def.cadence]
  const unit = math.parse(key)
  if (unit === undefined) return false
  return math.startHour(unit) < to && math.startHour(unit + 1) > from
}

/**
 * Parses a range; fails with a `PartitionRangeError` naming the field and the accepted formats.
 *
 * @example
 * PartitionRange.parse({ from: "2021-09-01", to: "2021-09-30" })
 */
export const parse = (input: RangeInput): Result.Result<PartitionRange, PartitionRangeError> => {
  const bound = (field: "from" | "to", text: string | undefined): Result.Result<TimeWindow.HourSpan | undefined, PartitionRangeError> => {
    if (text === undefined) return Result.succeed(undefined)
    const span = TimeWindow.parseSpan(text)
    return span === undefined
      ? Result.fail(
        new PartitionRangeError({
          reason: "InvalidDate",
          field,
          message: `--${field} ${JSON.stringify(text)} is not a date: write YYYY-MM-DD (or YYYY-MM-DD-HH, YYYY-MM).`
        })
      )
      : Result.succeed(span)
  }
  const from = bound("from", input.from)
  if (Result.isFailure(from)) return Result.fail(from.failure)
  const to = bound("to", input.to)
  if (Result.isFailure(to)) return Result.fail(to.failure)
  const fromHour = from.success?.start ?? Number.NEGATIVE_INFINITY
  const toHour = to.success?.end ?? Number.POSITIVE_INFINITY
  if (fromHour >= toHour) {
    return Result.fail(new PartitionRangeError({ reason: "Empty", field: "to", message: `--to ${input.to} is before --from ${input.from}: swap them.` }))
  }
  if (input.keys !== undefined && input.keys.length === 0) {
    return Result.fail(new PartitionRangeError({ reason: "Empty", field: "keys", message: "The list of partition keys is empty: name at least one." }))
  }
  const keys = input.keys === undefined ? undefined : new Set(input.keys)
  const timed = from.success !== undefined || to.success !== undefined
  const contains = (def: PartitionsDefinition | undefined, key: string): boolean => {
    if (keys !== undefined && !keys.has(key)) return false
    if (!timed || def === undefined) return true
    if (def._tag !== "Multi") return spanWithin(def, key, fromHour, toHour)
    const values = Multi.split(def, key)
    return values !== undefined &&
      def.dimensions.every((dimension, i) => spanWithin(dimension.partitions, values[i] ?? "", fromHour, toHour))
  }
  return Result.succeed({ input, contains })
}
