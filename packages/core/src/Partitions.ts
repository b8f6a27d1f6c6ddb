/**
 * Partitions definitions (time windows, static, multi-dimensional, dynamic), their keys at a
 * given instant, and partition paths. An unpartitioned asset (`partitions` undefined) has the
 * single key {@link UNPARTITIONED_KEY} whose path is `""`.
 *
 * @example
 * const partitions = Partitions.multi({
 *   version: Partitions.staticKeys(["v1", "v2"]),
 *   date: Partitions.daily({ start: "2021-09-01" })
 * })
 * Partitions.partitionKeys(partitions, { now: new Date("2021-09-03T12:00:00Z") })
 * // ["v1/2021-09-01", "v1/2021-09-02", "v2/2021-09-01", "v2/2021-09-02"]
 */
import * as Dynamic from "./partitions/dynamic.ts"
import * as Multi from "./partitions/multi.ts"
import * as Static from "./partitions/static.ts"
import * as TimeWindow from "./partitions/time-window.ts"
import type * as PartitionRange from "./PartitionRange.ts"
import { UTC } from "./internal/timeZone.ts"

/** The length of a time window. */
export type Cadence = "hourly" | "daily" | "weekly" | "monthly"

/** Windows of wall-clock time in `timezone`, from `start` to `end` (exclusive) or now. */
export interface TimeWindowPartitions {
  readonly _tag: "TimeWindow"
  /** Length of a window. */
  readonly cadence: Cadence
  /** First window starts at or after this date (`YYYY-MM-DD`, `YYYY-MM-DD-HH` or `YYYY-MM`). */
  readonly start: string
  /** Windows end by this date (exclusive); none means "up to now". */
  readonly end?: string
  /** IANA zone of the wall clock. */
  readonly timezone: string
  /** Windows added after the last complete one (negative: held back); 0 keeps the current, incomplete window out. */
  readonly endOffset: number
}

/** A fixed list of keys. */
export interface StaticPartitions {
  readonly _tag: "Static"
  /** The keys, in their display order. */
  readonly keys: ReadonlyArray<string>
}

/** Keys supplied at run time under `name` (see {@link ContextOptions.dynamicKeys}). */
export interface DynamicPartitions {
  readonly _tag: "Dynamic"
  /** The name the keys are supplied under. */
  readonly name: string
}

/** A partitions definition that can be one dimension of a multi-dimensional one. */
export type DimensionPartitions = TimeWindowPartitions | StaticPartitions | DynamicPartitions

/** A named dimension. */
export interface Dimension {
  /** Dimension name (used by mappings such as static pin). */
  readonly name: string
  /** Its partitions. */
  readonly partitions: DimensionPartitions
}

/** The product of dimensions; keys are dimension values joined by `/` in this order. */
export interface MultiPartitions {
  readonly _tag: "Multi"
  /** The dimensions, in path order. */
  readonly dimensions: ReadonlyArray<Dimension>
}

/** Any partitions definition. */
export type PartitionsDefinition = DimensionPartitions | MultiPartitions

/** The single key of an unpartitioned asset. */
export const UNPARTITIONED_KEY = "all"

/** Options of the time-window constructors. */
export interface TimeWindowOptions {
  /** First date (`YYYY-MM-DD`; `YYYY-MM-DD-HH` for hourly). */
  readonly start: string
  /** End date, exclusive. */
  readonly end?: string
  /** IANA zone (default {@link DEFAULT_TIMEZONE}). */
  readonly timezone?: string
  /** Windows past the last complete one (default 0: the current window is not complete). */
  readonly endOffset?: number
}

/** The zone of time windows that name none. */
export const DEFAULT_TIMEZONE = UTC

/** Time windows of a given cadence. */
export const timeWindow = (cadence: Cadence, options: TimeWindowOptions): TimeWindowPartitions => ({
  _tag: "TimeWindow",
  cadence,
  start: options.start,
  ...(options.end === undefined ? {} : { end: options.end }),
  timezone: options.timezone ?? DEFAULT_TIMEZONE,
  endOffset: options.endOffset ?? 0
})

/** Hourly windows, keys `YYYY-MM-DD-HH`. */
export const hourly = (options: TimeWindowOptions): TimeWindowPartitions => timeWindow("hourly", options)

/** Daily windows, keys `YYYY-MM-DD`. */
export const daily = (options: TimeWindowOptions): TimeWindowPartitions => timeWindow("daily", options)

/** Weekly windows starting on Monday, keys `YYYY-MM-DD` (the Monday). */
export const weekly = (options: TimeWindowOptions): TimeWindowPartitions => timeWindow("weekly", options)

/** Monthly windows, keys `YYYY-MM`. */
export const monthly = (options: TimeWindowOptions): TimeWindowPartitions => timeWindow("monthly", options)

/** A fixed list of keys, e.g. versions from configuration. */
export const staticKeys = (keys: ReadonlyArray<string>): StaticPartitions => ({ _tag: "Static", keys })

/** Keys supplied at run time under `name`. */
export const dynamic = (name: string): DynamicPartitions => ({ _tag: "Dynamic", name })

/** The product of dimensions, in the object's key order (which is the path order). */
export const multi = (dimensions: Readonly<Record<string, DimensionPartitions>>): MultiPartitions => ({
  _tag: "Multi",
  dimensions: Object.entries(dimensions).map(([name, partitions]) => ({ name, partitions }))
})

const dimensionProblem = (def: DimensionPartitions): string | undefined => {
  switch (def._tag) {
    case "TimeWindow":
      return TimeWindow.problemOf(def)
    case "Static":
      return Static.problemOf(def)
    case "Dynamic":
      return Dynamic.problemOf(def)
  }
}

/** What is wrong with a definition, in words, or `undefined` when it is valid. */
export const problemOf = (def: PartitionsDefinition): string | undefined => {
  if (def._tag !== "Multi") return dimensionProblem(def)
  const shape = Multi.problemOf(def)
  if (shape !== undefined) return shape
  for (const dimension of def.dimensions) {
    const problem = dimensionProblem(dimension.partitions)
    if (problem !== undefined) return `dimension ${dimension.name}: ${problem}`
  }
  return undefined
}

/** What partition keys depend on: the instant and the run-time keys of dynamic sets. */
export interface ContextOptions {
  /** The instant that decides which time windows are complete. */
  readonly now: Date
  /** Keys of dynamic sets by name. */
  readonly dynamicKeys?: ReadonlyMap<string, ReadonlyArray<string>> | Readonly<Record<string, ReadonlyArray<string>>>
}

/** A resolved set of keys, in enumeration order, with constant-time look-ups. */
export interface PartitionSet {
  /** The keys: oldest first for time windows, spec order for static, first dimension outermost for multi. */
  readonly keys: ReadonlyArray<string>
  /** Position of a key in `keys`, or -1. */
  readonly indexOf: (key: string) => number
  /** Whether the key exists. */
  readonly has: (key: string) => boolean
}

/**
 * The context partition keys are resolved in. It memoizes resolved sets per definition, so
 * build one per planning pass (it is immutable for its users).
 */
export interface PartitionContext {
  /** The instant, in milliseconds since the epoch. */
  readonly nowMs: number
  /** Keys of dynamic sets by name. */
  readonly dynamicKeys: ReadonlyMap<string, ReadonlyArray<string>>
}

const caches = new WeakMap<PartitionContext, Map<PartitionsDefinition | typeof UNPARTITIONED_KEY, PartitionSet>>()

/** Builds a context. */
export const context = (options: ContextOptions): PartitionContext => {
  const supplied = options.dynamicKeys
  const made: PartitionContext = {
    nowMs: options.now.getTime(),
    dynamicKeys: supplied === undefined
      ? new Map()
      : supplied instanceof Map
      ? supplied
      : new Map(Object.entries(supplied as Readonly<Record<string, ReadonlyArray<string>>>))
  }
  caches.set(made, new Map())
  return made
}

const setOf = (keys: ReadonlyArray<string>): PartitionSet => {
  const positions = new Map<string, number>()
  keys.forEach((key, i) => positions.set(key, i))
  return { keys, indexOf: (key) => positions.get(key) ?? -1, has: (key) => positions.has(key) }
}

const dimensionKeys = (def: DimensionPartitions, ctx: PartitionContext): ReadonlyArray<string> => {
  switch (def._tag) {
    case "TimeWindow":
      return TimeWindow.keysAt(def, ctx.nowMs)
    case "Static":
      return def.keys
    case "Dynamic":
      return Dynamic.keysOf(def, ctx.dynamicKeys)
  }
}

/** The keys of a (valid) definition in a context; `undefined` is the unpartitioned set `["all"]`. */
export const resolve = (def: PartitionsDefinition | undefined, ctx: PartitionContext): PartitionSet => {
  let cache = caches.get(ctx)
  if (cache === undefined) {
    cache = new Map()
    caches.set(ctx, cache)
  }
  const slot = def ?? UNPARTITIONED_KEY
  const known = cache.get(slot)
  if (known !== undefined) return known
  const made = setOf(
    def === undefined
      ? [UNPARTITIONED_KEY]
      : def._tag === "Multi"
      ? Multi.product(def.dimensions.map((dimension) => resolve(dimension.partitions, ctx).keys))
      : dimensionKeys(def, ctx)
  )
  cache.set(slot, made)
  return made
}

/**
 * The keys of a definition at `now`, optionally limited to a range.
 *
 * @example
 * partitionKeys(Partitions.daily({ start: "2021-09-01" }), { now: new Date("2021-09-03T00:00:00Z") })
 * // ["2021-09-01", "2021-09-02"]
 */
export const partitionKeys = (
  def: PartitionsDefinition | undefined,
  options: ContextOptions & { readonly range?: PartitionRange.PartitionRange }
): ReadonlyArray<string> => {
  const keys = resolve(def, context(options)).keys
  const range = options.range
  return range === undefined ? keys : keys.filter((key) => range.contains(def, key))
}

/** The folder of a partition under its asset: the key itself, or `""` when unpartitioned. */
export const partitionPath = (def: PartitionsDefinition | undefined, key: string): string =>
  def === undefined ? "" : key

/** Whether two dimension definitions index the same keys one to one (same kind; same cadence and zone). */
export const sameGrid = (a: DimensionPartitions, b: DimensionPartitions): boolean => {
  if (a._tag === "TimeWindow") return b._tag === "TimeWindow" && TimeWindow.sameGrid(a, b)
  return a._tag === b._tag
}

/** Whether two definitions index the same keys one to one (dimensions compared by name and order). */
export const sameShape = (a: PartitionsDefinition | undefined, b: PartitionsDefinition | undefined): boolean => {
  if (a === undefined || b === undefined) return a === b
  if (a._tag === "Multi" || b._tag === "Multi") {
    return a._tag === "Multi" && b._tag === "Multi" && a.dimensions.length === b.dimensions.length &&
      a.dimensions.every((dimension, i) => {
        const other = b.dimensions[i]
        return other !== undefined && other.name === dimension.name && sameGrid(dimension.partitions, other.partitions)
      })
  }
  return sameGrid(a, b)
}

/** Describes a definition in a few words, e.g. `daily from 2021-09-01 (UTC)`. */
export const describe = (def: PartitionsDefinition | undefined): string => {
  if (def === undefined) return "unpartitioned"
  switch (def._tag) {
    case "TimeWindow":
      return `${def.cadence} from ${def.start}${def.end === undefined ? "" : ` to ${def.end}`} (${def.timezone})`
    case "Static":
      return `static [${def.keys.join(", ")}]`
    case "Dynamic":
      return `dynamic "${def.name}"`
    case "Multi":
      return def.dimensions.map((dimension) => `${dimension.name}: ${describe(dimension.partitions)}`).join(" x ")
  }
}
