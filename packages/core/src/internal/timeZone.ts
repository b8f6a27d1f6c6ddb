/**
 * Time-zone offsets through `Intl` (the IANA database bundled with the runtime). Pure: the
 * answer depends only on the arguments. Formatters are memoized per zone because building one
 * is far slower than using it.
 */
import { MS_PER_DAY, MS_PER_HOUR } from "./calendar.ts"

/** The zone whose offset is always zero, handled without `Intl`. */
export const UTC = "UTC"

/** Milliseconds in a minute: offsets are rounded to whole minutes. */
const MS_PER_MINUTE = 60_000

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatterOf = (zone: string): Intl.DateTimeFormat => {
  const known = formatters.get(zone)
  if (known !== undefined) return known
  const made = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric"
  })
  formatters.set(zone, made)
  return made
}

/** Whether the runtime knows this IANA zone name (UTC without `Intl`, whose first formatter loads the zone data). */
export const isValidTimeZone = (zone: string): boolean => {
  if (zone === UTC) return true
  try {
    formatterOf(zone)
    return true
  } catch {
    return false
  }
}

/** Offset of `zone` at the instant `utcMs`, in milliseconds (local = utc + offset). */
export const offsetAt = (zone: string, utcMs: number): number => {
  if (zone === UTC) return 0
  const parts = formatterOf(zone).formatToParts(new Date(utcMs))
  const field = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type)
    return part === undefined ? 0 : Number(part.value)
  }
  const local = Date.UTC(field("year"), field("month") - 1, field("day"), field("hour"), field("minute"))
  const truncated = Math.floor(utcMs / MS_PER_MINUTE) * MS_PER_MINUTE
  return local - truncated
}

/** The wall-clock time of an instant in `zone`, as milliseconds on a UTC-based axis. */
export const wallClockOf = (zone: string, utcMs: number): number => utcMs + offsetAt(zone, utcMs)

/** Largest distance of any zone's wall clock from UTC (14 hours, Pacific/Kiritimati). */
const MAX_OFFSET_MS = 14 * MS_PER_HOUR

/**
 * Whether a wall-clock hour (index `day * 24 + hour`) exists in `zone`: false only for hours
 * skipped by a daylight-saving jump forward.
 */
export const hourExists = (zone: string, wallHour: number): boolean => {
  if (zone === UTC) return true
  const wallMs = wallHour * MS_PER_HOUR
  const candidates = [offsetAt(zone, wallMs - MS_PER_DAY), offsetAt(zone, wallMs + MS_PER_DAY)]
  return candidates.some((offset) => {
    const instant = wallMs - offset
    return Math.floor(wallClockOf(zone, instant) / MS_PER_HOUR) === wallHour
  })
}

/** Memo of {@link isSteadyDay} by zone and day (the answer never changes). */
const steadyDays = new Map<string, boolean>()

/**
 * Whether `zone` keeps one offset around a whole wall-clock day (no transition near it), in
 * which case every hour of the day exists.
 */
export const isSteadyDay = (zone: string, day: number): boolean => {
  if (zone === UTC) return true
  const memoKey = `${zone}|${day}`
  const known = steadyDays.get(memoKey)
  if (known !== undefined) return known
  const startMs = day * MS_PER_DAY
  const steady = offsetAt(zone, startMs - MAX_OFFSET_MS) === offsetAt(zone, startMs + MS_PER_DAY + MAX_OFFSET_MS)
  steadyDays.set(memoKey, steady)
  return steady
}
