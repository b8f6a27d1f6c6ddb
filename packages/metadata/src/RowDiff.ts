/**
 * Which rows changed between two versions of a partition: rows added, removed and, when rows
 * have a key, changed. Rows go in one at a time, the older version's first; memory holds, per
 * row of the older version, its key and a digest (without a key: a digest and the row's first
 * {@link EXAMPLE_CHARS} characters), and a count per distinct key of each version (to number
 * repeats), not the rows.
 *
 * With a key column, a row is known by its key (the n-th repeat of a key by `key#n`) and changed
 * when its content differs; without one, a row is known by its content alone, so a changed row
 * reads as one removed and one added. Content is the row's JSON as parsed from the file (key
 * order kept), compared by SHA-1.
 *
 * @example
 * ```ts
 * const rows = RowDiff.make("url")
 * for (const row of older) rows.addBefore(row)
 * for (const row of newer) rows.addAfter(row)
 * rows.result() // { key: "url", before: 848, after: 848, added: 0, removed: 0, changed: 15, ... }
 * ```
 */
import { hash } from "node:crypto"

/** Rows listed as examples of each kind of change. */
export const EXAMPLES = 5

/** Characters of a row kept as an example when rows have no key. */
export const EXAMPLE_CHARS = 200

/** The comparison's outcome. */
export interface RowDiffResult {
  /** The key column rows were matched by, when any. */
  readonly key?: string
  /** Rows of the older version. */
  readonly before: number
  /** Rows of the newer version. */
  readonly after: number
  /** Rows only the newer version has. */
  readonly added: number
  /** Rows only the older version has. */
  readonly removed: number
  /** Rows of both whose content differs (always 0 without a key). */
  readonly changed: number
  /** Rows of both with the same content. */
  readonly unchanged: number
  /** The first few of each: keys, or (without a key) rows' JSON cut to {@link EXAMPLE_CHARS}. */
  readonly examples: { readonly added: ReadonlyArray<string>; readonly removed: ReadonlyArray<string>; readonly changed: ReadonlyArray<string> }
}

/** A comparison being fed. */
export interface RowComparison {
  /** Adds a row of the older version; every older row comes before the first newer one. */
  readonly addBefore: (row: unknown) => void
  /** Adds a row of the newer version. */
  readonly addAfter: (row: unknown) => void
  /** What changed, once both versions are in. */
  readonly result: () => RowDiffResult
}

const digestOf = (text: string): string => hash("sha1", text)

/** A row's key value as text (`null` for a missing value, so such rows are still matched with each other). */
const keyText = (row: unknown, key: string): string => {
  const value = typeof row === "object" && row !== null ? (row as Record<string, unknown>)[key] : undefined
  return typeof value === "string" ? value : JSON.stringify(value ?? null)
}

/** Starts a comparison of rows matched by `key` (a column), or by content when `key` is omitted. */
export const make = (key?: string): RowComparison => {
  // Older rows not yet matched: identity -> content digest (by key) or the row's example text (by content).
  const older = new Map<string, string>()
  const examplesOf = { added: [] as Array<string>, removed: [] as Array<string>, changed: [] as Array<string> }
  let before = 0
  let after = 0
  let added = 0
  let changed = 0
  let unchanged = 0
  const seenBefore = new Map<string, number>()
  const seenAfter = new Map<string, number>()

  /** The identity of a row within its version: its key (repeats numbered), or its content (repeats numbered). */
  const identityOf = (row: unknown, text: string, seen: Map<string, number>): { readonly identity: string; readonly label: string } => {
    const base = key === undefined ? digestOf(text) : keyText(row, key)
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    const label = key === undefined ? text.slice(0, EXAMPLE_CHARS) : base
    return { identity: count === 1 ? base : `${base}#${count}`, label: count === 1 || key === undefined ? label : `${label}#${count}` }
  }

  const example = (list: Array<string>, label: string): void => {
    if (list.length < EXAMPLES) list.push(label)
  }

  return {
    addBefore: (row) => {
      before++
      const text = JSON.stringify(row)
      const { identity, label } = identityOf(row, text, seenBefore)
      older.set(identity, key === undefined ? label : digestOf(text))
    },
    addAfter: (row) => {
      after++
      const text = JSON.stringify(row)
      const { identity, label } = identityOf(row, text, seenAfter)
      const previous = older.get(identity)
      if (previous === undefined) {
        added++
        example(examplesOf.added, label)
        return
      }
      older.delete(identity)
      if (key !== undefined && previous !== digestOf(text)) {
        changed++
        example(examplesOf.changed, label)
      } else {
        unchanged++
      }
    },
    result: () => {
      for (const [identity, value] of older) {
        if (examplesOf.removed.length >= EXAMPLES) break
        example(examplesOf.removed, key === undefined ? value : identity)
      }
      return {
        ...(key === undefined ? {} : { key }),
        before,
        after,
        added,
        removed: older.size,
        changed,
        unchanged,
        examples: { added: [...examplesOf.added], removed: [...examplesOf.removed], changed: [...examplesOf.changed] }
      }
    }
  }
}

/** The comparison as lines for a terminal: counts, then the examples of each kind of change. */
export const toText = (result: RowDiffResult): Array<string> => {
  const by = result.key === undefined ? "by content; name a key column with --key to tell changed rows apart" : `by ${result.key}`
  const lines = [
    `rows (${by}):`,
    `  ${result.before} -> ${result.after}: ${result.added} added, ${result.removed} removed, ${result.changed} changed, ${result.unchanged} unchanged`
  ]
  for (const kind of ["added", "removed", "changed"] as const) {
    const examples = result.examples[kind]
    if (examples.length > 0) lines.push(`  ${kind}: ${examples.join(", ")}${result[kind] > examples.length ? ", ..." : ""}`)
  }
  return lines
}
