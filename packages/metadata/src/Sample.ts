/**
 * The sample of a partition: a deterministic reservoir of N rows (Vitter's algorithm R driven by
 * a seeded generator, so the same rows and seed always give the same sample), with long values
 * cut so that the sidecar stays readable.
 */
import { Random } from "@strata/core"
import type { Json } from "effect/Schema"

/** Longest string kept in a sample, in code points; the rest is replaced by a marker. */
export const MAX_VALUE_CODE_POINTS = 200

/** Most array items kept in a sample value. */
export const MAX_ARRAY_ITEMS = 20

/** Deepest nesting kept in a sample value; deeper values are replaced by a marker. */
export const MAX_DEPTH = 6

/** A sampled row: a JSON object with long values cut. */
export type SampleRow = { readonly [column: string]: Json }

/** Counts the code points of `text` from `start` on (a surrogate pair is one code point). */
const codePointsFrom = (text: string, start: number): number => {
  let count = 0
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    count++
  }
  return count
}

/**
 * Cuts a string to {@link MAX_VALUE_CODE_POINTS} code points (never inside a surrogate pair)
 * and says how many were left out: `"abc… (+1200 code points)"`.
 */
export const cutString = (text: string, maxCodePoints: number = MAX_VALUE_CODE_POINTS): string => {
  if (text.length <= maxCodePoints) return text
  let end = 0
  for (let kept = 0; kept < maxCodePoints && end < text.length; kept++) {
    const c = text.charCodeAt(end)
    const isPair =
      c >= 0xd800 && c <= 0xdbff && end + 1 < text.length && text.charCodeAt(end + 1) >= 0xdc00 && text.charCodeAt(end + 1) <= 0xdfff
    end += isPair ? 2 : 1
  }
  if (end >= text.length) return text
  return `${text.slice(0, end)}… (+${codePointsFrom(text, end)} code points)`
}

/**
 * Turns any value into JSON fit for a sidecar: strings cut, arrays shortened, `undefined` and
 * functions dropped, dates as ISO text, bigints and non-finite numbers as text.
 */
export const cutValue = (value: unknown, depth = 0): Json | undefined => {
  if (value === null) return null
  switch (typeof value) {
    case "string":
      return cutString(value)
    case "boolean":
      return value
    case "number":
      return Number.isFinite(value) ? value : String(value)
    case "bigint":
      return value.toString()
    case "undefined":
    case "function":
    case "symbol":
      return undefined
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString()
  if (depth >= MAX_DEPTH) return "… (nested too deep)"
  if (Array.isArray(value)) {
    const items: Array<Json> = []
    for (const item of value.slice(0, MAX_ARRAY_ITEMS)) items.push(cutValue(item, depth + 1) ?? null)
    if (value.length > MAX_ARRAY_ITEMS) items.push(`… (+${value.length - MAX_ARRAY_ITEMS} items)`)
    return items
  }
  const out: Record<string, Json> = {}
  for (const [key, item] of Object.entries(value as object)) {
    const cut = cutValue(item, depth + 1)
    if (cut !== undefined) out[key] = cut
  }
  return out
}

/** Cuts every value of a row (keys in the row's order). */
export const cutRow = (row: Readonly<Record<string, unknown>>): SampleRow => {
  const out: Record<string, Json> = {}
  for (const key in row) {
    const cut = cutValue(row[key], 1)
    if (cut !== undefined) out[key] = cut
  }
  return out
}

/** A fixed-size uniform sample of a stream of rows. */
export interface Reservoir {
  /** Offers the next row; it is cut and kept only if the draw selects it. */
  readonly add: (row: Readonly<Record<string, unknown>>) => void
  /** The kept rows, in the order they were offered. */
  readonly rows: () => ReadonlyArray<SampleRow>
}

/** Creates a reservoir of `size` rows drawn with `seed`. */
export const reservoir = (size: number, seed: number): Reservoir => {
  const random = Random.floats(seed)
  const kept: Array<{ readonly index: number; readonly row: SampleRow }> = []
  let seen = 0
  const add = (row: Readonly<Record<string, unknown>>): void => {
    const index = seen++
    if (index < size) {
      kept.push({ index, row: cutRow(row) })
      return
    }
    const slot = Math.floor(random() * (index + 1))
    if (slot < size) kept[slot] = { index, row: cutRow(row) }
  }
  const rows = () => [...kept].sort((a, b) => a.index - b.index).map((entry) => entry.row)
  return { add, rows }
}
