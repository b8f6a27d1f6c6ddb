/**
 * Time-window partitions: hourly, daily, weekly (weeks start on Monday) and monthly windows of
 * wall-clock time in an IANA zone. Each window is an integer unit; all arithmetic is on
 * wall-clock hour indexes (`day * 24 + hour`), so offsets and lookbacks are integer steps.
 *
 * Key formats: hourly `YYYY-MM-DD-HH`, daily `YYYY-MM-DD`, weekly `YYYY-MM-DD` (the Monday),
 * monthly `YYYY-MM`. An hour skipped by a daylight-saving jump has no partition; an hour lived
 * twice is one partition two hours long.
 */
import {
  civilFromDays,
  daysFromCivil,
  formatDay,
  formatHour,
  formatMonth,
  HOURS_PER_DAY,
  MS_PER_HOUR,
  parseDay,
  parseHour,
  parseMonth
} from "../internal/calendar.ts"
import { hourExists, isSteadyDay, isValidTimeZone, wallClockOf } from "../internal/timeZone.ts"
import type { Cadence, TimeWindowPartitions } from "../Partitions.ts"

/** Days in a week. */
const DAYS_PER_WEEK = 7

/** Day number of a Monday, shifted so that week 0 starts on Monday 1969-12-29 (day -3). */
const MONDAY_SHIFT = 3

/** Months in a year. */
const MONTHS_PER_YEAR = 12

/** Integer arithmetic of one cadence. */
export interface CadenceMath {
  /** The unit of a key, or `undefined` when the key is not of this cadence's format. */
  readonly parse: (key: string) => number | undefined
  /** The key of a unit. */
  readonly format: (unit: number) => string
  /** The wall-clock hour index at which a unit starts. */
  readonly startHour: (unit: number) => number
  /** The unit containing a wall-clock hour index. */
  readonly unitOfHour: (hour: number) => number
  /** An example key, for error messages. */
  readonly example: string
}

const weekOfDay = (day: number): number => Math.floor((day + MONDAY_SHIFT) / DAYS_PER_WEEK)

const mondayOfWeek = (week: number): number => week * DAYS_PER_WEEK - MONDAY_SHIFT

const monthOfDay = (day: number): number => {
  const [year, month] = civilFromDays(day)
  return year * MONTHS_PER_YEAR + month - 1
}

const firstDayOfMonth = (unit: number): number =>
  daysFromCivil(Math.floor(unit / MONTHS_PER_YEAR), (unit % MONTHS_PER_YEAR) + 1, 1)

/** The arithmetic of every cadence. */
export const cadences: Readonly<Record<Cadence, CadenceMath>> = {
  hourly: {
    parse: parseHour,
    format: (unit) => `${formatDay(Math.floor(unit / HOURS_PER_DAY))}-${formatHour(((unit % HOURS_PER_DAY) + HOURS_PER_DAY) % HOURS_PER_DAY)}`,
    startHour: (unit) => unit,
    unitOfHour: (hour) => hour,
    example: "2021-09-02-13"
  },
  daily: {
    parse: parseDay,
    format: formatDay,
    startHour: (unit) => unit * HOURS_PER_DAY,
    unitOfHour: (hour) => Math.floor(hour / HOURS_PER_DAY),
    example: "2021-09-02"
  },
  weekly: {
    parse: (key) => {
      const day = parseDay(key)
      return day === undefined || mondayOfWeek(weekOfDay(day)) !== day ? undefined : weekOfDay(day)
    },
    format: (unit) => formatDay(mondayOfWeek(unit)),
    startHour: (unit) => mondayOfWeek(unit) * HOURS_PER_DAY,
    unitOfHour: (hour) => weekOfDay(Math.floor(hour / HOURS_PER_DAY)),
    example: "2021-08-30 (a Monday)"
  },
  monthly: {
    parse: parseMonth,
    format: (unit) => formatMonth(Math.floor(unit / MONTHS_PER_YEAR), (unit % MONTHS_PER_YEAR) + 1),
    startHour: (unit) => firstDayOfMonth(unit) * HOURS_PER_DAY,
    unitOfHour: (hour) => monthOfDay(Math.floor(hour / HOURS_PER_DAY)),
    example: "2021-09"
  }
}

/** A point or span of wall-clock time written as a key of any cadence: `[start, end)` hours. */
export interface HourSpan {
  /** First wall-clock hour index. */
  readonly start: number
  /** Wall-clock hour index just after the span. */
  readonly end: number
}

const POINT_CADENCES: ReadonlyArray<Cadence> = ["hourly", "daily", "monthly"]

/**
 * Reads `YYYY-MM-DD-HH`, `YYYY-MM-DD` or `YYYY-MM` as the wall-clock span it names, or
 * `undefined` when it is none of these.
 */
export const parseSpan = (text: string): HourSpan | undefined => {
  for (const cadence of POINT_CADENCES) {
    const math = cadences[cadence]
    const unit = math.parse(text)
    if (unit !== undefined) return { start: math.startHour(unit), end: math.startHour(unit + 1) }
  }
  return undefined
}

/** What is wrong with a time-window definition, or `undefined` when it is valid. */
export const problemOf = (def: TimeWindowPartitions): string | undefined => {
  if (!(def.cadence in cadences)) return `unknown cadence ${JSON.stringify(def.cadence)}; use hourly, daily, weekly or monthly`
  if (parseSpan(def.start) === undefined) return `start ${JSON.stringify(def.start)} is not a date like "2021-09-02" (or "2021-09-02-13", "2021-09")`
  if (def.end !== undefined) {
    const end = parseSpan(def.end)
    if (end === undefined) return `end ${JSON.stringify(def.end)} is not a date like "2021-09-02"`
    if (end.start <= (parseSpan(def.start)?.start ?? end.start)) return `end ${def.end} is not after start ${def.start}`
  }
  if (!isValidTimeZone(def.timezone)) return `time zone ${JSON.stringify(def.timezone)} is not an IANA zone name (e.g. "UTC", "Europe/Paris")`
  if (!Number.isInteger(def.endOffset)) return `endOffset ${def.endOffset} is not an integer`
  return undefined
}

/** The unit bounds of a definition at `now`: `first..last` inclusive (empty when last < first). */
export interface UnitBounds {
  /** First unit (the first window starting at or after `start`). */
  readonly first: number
  /** Last unit (the last complete window, moved by `endOffset`, and ending by `end`). */
  readonly last: number
}

/** The bounds of a valid definition at instant `nowMs`. */
export const boundsAt = (def: TimeWindowPartitions, nowMs: number): UnitBounds => {
  const math = cadences[def.cadence]
  const startHour = parseSpan(def.start)?.start ?? 0
  const containing = math.unitOfHour(startHour)
  const first = math.startHour(containing) < startHour ? containing + 1 : containing
  const nowHour = Math.floor(wallClockOf(def.timezone, nowMs) / MS_PER_HOUR)
  const lastByNow = math.unitOfHour(nowHour) - 1 + def.endOffset
  const endHour = def.end === undefined ? undefined : parseSpan(def.end)?.start
  const last = endHour === undefined ? lastByNow : Math.min(lastByNow, math.unitOfHour(endHour) - 1)
  return { first, last }
}

/** Whether a unit is a real window in the zone (false only for hours skipped by DST). */
export const unitExists = (def: TimeWindowPartitions, unit: number): boolean =>
  def.cadence !== "hourly" || isSteadyDay(def.timezone, Math.floor(unit / HOURS_PER_DAY)) || hourExists(def.timezone, unit)

/** The keys of a valid definition at instant `nowMs`, oldest first. */
export const keysAt = (def: TimeWindowPartitions, nowMs: number): ReadonlyArray<string> => {
  const math = cadences[def.cadence]
  const { first, last } = boundsAt(def, nowMs)
  const keys: Array<string> = []
  for (let unit = first; unit <= last; unit++) {
    if (unitExists(def, unit)) keys.push(math.format(unit))
  }
  return keys
}

/** Whether two time-window definitions share cadence and zone (so keys align one to one). */
export const sameGrid = (a: TimeWindowPartitions, b: TimeWindowPartitions): boolean =>
  a.cadence === b.cadence && a.timezone === b.timezone
