/**
 * The profile of a partition, computed in one pass while its rows are written: rows, columns,
 * and per column nulls, empties, an approximate distinct count (HyperLogLog), string lengths in
 * code points, number ranges, the most frequent values when a column has few, and a
 * deterministic sample of rows with long values cut.
 *
 * @example
 * ```ts
 * const profiler = Profiler.make(["url", "title", "content"], { sampleSize: 5, seed: 42 })
 * for (const row of rows) profiler.add(row)
 * const { statistics, sample } = profiler.result()
 * ```
 */
import * as HyperLogLog from "./HyperLogLog.ts"
import * as TextScan from "./internal/TextScan.ts"
import * as Sample from "./Sample.ts"
import type { ColumnStatistics, Range, Statistics, TopValue } from "./Sidecar.ts"

/**
 * Distinct values counted exactly per column; past this the column is not "few" and top values
 * are dropped. Top values are reported only when some value repeats.
 */
export const TOP_VALUES_TRACKED = 50

/** Most frequent values reported per column. */
export const TOP_VALUES_REPORTED = 10

/** Strings longer than this (UTF-16 code units) never count as categorical top values. */
export const TOP_VALUE_MAX_LENGTH = 200

/** Decimal places kept in means, so that sidecars stay readable. */
export const MEAN_DECIMALS = 3

/** Default number of sampled rows. */
export const DEFAULT_SAMPLE_SIZE = 5

/** Default seed of the sample. */
export const DEFAULT_SEED = 1

/** Options of {@link make}. */
export interface ProfilerOptions {
  /** Number of rows kept in the sample (default {@link DEFAULT_SAMPLE_SIZE}). */
  readonly sampleSize?: number
  /** Seed of the sample's random draws: equal rows and seed give an equal sample (default {@link DEFAULT_SEED}). */
  readonly seed?: number
}

/** What a profiler returns: the sidecar's `statistics` and `sample`. */
export interface Profile {
  /** Rows, columns and per-column figures. */
  readonly statistics: Statistics
  /** Sampled rows, long values cut. */
  readonly sample: ReadonlyArray<Sample.SampleRow>
}

/** A one-pass profiler. */
export interface Profiler {
  /** Profiles one row (do not mutate it afterwards: a sampled row is copied only when kept). */
  readonly add: (row: Readonly<Record<string, unknown>>) => void
  /** The profile of every row added so far. */
  readonly result: () => Profile
}

/** Counts code points: a surrogate pair is one, a lone surrogate is one. */
export const codePointLength: (text: string) => number = TextScan.codePointLength

/** A running min / max / sum. */
class RangeAccumulator {
  count = 0
  min = Infinity
  max = -Infinity
  sum = 0
  add(value: number): void {
    this.count++
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
    this.sum += value
  }
  result(): Range | undefined {
    if (this.count === 0) return undefined
    const scale = 10 ** MEAN_DECIMALS
    return { min: this.min, max: this.max, mean: Math.round((this.sum / this.count) * scale) / scale }
  }
}

/** Everything kept for one column while rows stream by. */
class ColumnAccumulator {
  readonly name: string
  nulls = 0
  empties = 0
  readonly distinct = HyperLogLog.make()
  readonly lengths = new RangeAccumulator()
  readonly values = new RangeAccumulator()
  /** Exact counts while the column has few distinct values; `undefined` once it has too many. */
  top: Map<string | number | boolean, number> | undefined = new Map()

  constructor(name: string) {
    this.name = name
  }

  count(value: string | number | boolean): void {
    const top = this.top
    if (top === undefined) return
    const seen = top.get(value)
    if (seen !== undefined) top.set(value, seen + 1)
    else if (top.size < TOP_VALUES_TRACKED) top.set(value, 1)
    else this.top = undefined
  }

  add(value: unknown): void {
    switch (typeof value) {
      case "string": {
        const length = TextScan.scan(value, this.distinct)
        this.lengths.add(length)
        if (length === 0) this.empties++
        if (this.top !== undefined) {
          if (value.length > TOP_VALUE_MAX_LENGTH) this.top = undefined
          else this.count(value)
        }
        return
      }
      case "number": {
        if (Number.isFinite(value)) this.values.add(value)
        this.distinct.addNumber(value)
        this.count(value)
        return
      }
      case "boolean": {
        this.distinct.addNumber(value ? 1 : 0)
        this.count(value)
        return
      }
      case "undefined": {
        this.nulls++
        return
      }
    }
    if (value === null) {
      this.nulls++
      return
    }
    this.top = undefined
    if (Array.isArray(value)) {
      this.lengths.add(value.length)
      if (value.length === 0) this.empties++
    } else if (typeof value === "object" && Object.keys(value).length === 0) {
      this.empties++
    }
    this.distinct.addString(value instanceof Date ? value.toISOString() : JSON.stringify(value) ?? "")
  }

  result(rows: number): ColumnStatistics {
    const length = this.lengths.result()
    const value = this.values.result()
    const topValues = this.top === undefined || !repeats(this.top) ? undefined : topOf(this.top)
    return {
      name: this.name,
      nulls: this.nulls,
      empties: this.empties,
      approxDistinct: Math.min(this.distinct.estimate(), rows - this.nulls),
      ...(length === undefined ? {} : { length }),
      ...(value === undefined ? {} : { value }),
      ...(topValues === undefined ? {} : { topValues })
    }
  }
}

/** Whether some value occurs twice: a column of unique values (keys, free text) has no top values worth showing. */
const repeats = (counts: ReadonlyMap<string | number | boolean, number>): boolean => {
  for (const count of counts.values()) if (count > 1) return true
  return false
}

/** The {@link TOP_VALUES_REPORTED} most frequent values, ties broken on the value's text. */
const topOf = (counts: ReadonlyMap<string | number | boolean, number>): ReadonlyArray<TopValue> =>
  [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0))
    .slice(0, TOP_VALUES_REPORTED)
    .map(([value, count]) => ({ value, count }))

/**
 * Creates a profiler for rows with the given columns (in schema order). Keys of a row that are
 * not among `columns` are ignored; a column missing from a row counts as a null.
 */
export const make = (columns: ReadonlyArray<string>, options: ProfilerOptions = {}): Profiler => {
  const accumulators = columns.map((name) => new ColumnAccumulator(name))
  const sample = Sample.reservoir(options.sampleSize ?? DEFAULT_SAMPLE_SIZE, options.seed ?? DEFAULT_SEED)
  let rows = 0
  const add = (row: Readonly<Record<string, unknown>>): void => {
    rows++
    for (let i = 0; i < accumulators.length; i++) {
      const accumulator = accumulators[i]!
      accumulator.add(row[accumulator.name])
    }
    sample.add(row)
  }
  const result = (): Profile => ({
    statistics: { rows, columns: columns.length, perColumn: accumulators.map((accumulator) => accumulator.result(rows)) },
    sample: sample.rows()
  })
  return { add, result }
}
