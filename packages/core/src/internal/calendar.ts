/**
 * Proleptic Gregorian calendar arithmetic on integers (Howard Hinnant's algorithms): no `Date`
 * objects, no time zone. Days count from 1970-01-01 (day 0).
 */

/** Days in a 400-year Gregorian era. */
const DAYS_PER_ERA = 146097

/** Day number of 0000-03-01 relative to 1970-01-01, negated. */
const EPOCH_SHIFT = 719468

/** Hours in a day. */
export const HOURS_PER_DAY = 24

/** Milliseconds in an hour. */
export const MS_PER_HOUR = 3_600_000

/** Milliseconds in a day. */
export const MS_PER_DAY = 86_400_000

/** Day number (days since 1970-01-01) of a civil date; `month` is 1-12. */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * DAYS_PER_ERA + doe - EPOCH_SHIFT
}

/** Civil date `[year, month (1-12), day]` of a day number. */
export const civilFromDays = (days: number): readonly [number, number, number] => {
  const z = days + EPOCH_SHIFT
  const era = Math.floor(z / DAYS_PER_ERA)
  const doe = z - era * DAYS_PER_ERA
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  return [year, month, day]
}

/** Number of days in a month (`month` 1-12). */
export const daysInMonth = (year: number, month: number): number =>
  month === 12 ? 31 : daysFromCivil(year, month + 1, 1) - daysFromCivil(year, month, 1)

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

const pad4 = (n: number): string => `${n}`.padStart(4, "0")

/** `YYYY-MM-DD` of a day number. */
export const formatDay = (days: number): string => {
  const [y, m, d] = civilFromDays(days)
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`
}

/** `YYYY-MM` of a year and month (1-12). */
export const formatMonth = (year: number, month: number): string => `${pad4(year)}-${pad2(month)}`

/** Two-digit rendering of an hour (0-23). */
export const formatHour = (hour: number): string => pad2(hour)

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/
const HOUR_PATTERN = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})$/

/** Parses `YYYY-MM-DD` strictly (the date must exist); `undefined` when it does not. */
export const parseDay = (text: string): number | undefined => {
  const m = DATE_PATTERN.exec(text)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return daysFromCivil(year, month, day)
}

/** Parses `YYYY-MM` strictly into a month index `year * 12 + (month - 1)`. */
export const parseMonth = (text: string): number | undefined => {
  const m = MONTH_PATTERN.exec(text)
  if (m === null) return undefined
  const month = Number(m[2])
  if (month < 1 || month > 12) return undefined
  return Number(m[1]) * 12 + month - 1
}

/** Parses `YYYY-MM-DD-HH` strictly into a wall-clock hour index `day * 24 + hour`. */
export const parseHour = (text: string): number | undefined => {
  const m = HOUR_PATTERN.exec(text)
  if (m === null) return undefined
  const day = parseDay(`${m[1]}-${m[2]}-${m[3]}`)
  const hour = Number(m[4])
  if (day === undefined || hour > 23) return undefined
  return day * HOURS_PER_DAY + hour
}
