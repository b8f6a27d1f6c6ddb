/**
 * Outputs of readings remembered by the text read, within a budget of characters: a text read
 * again (a paragraph repeated across pages: syndicated articles, boilerplate, near-duplicate
 * copies) is rewritten from memory instead of being read by wink again.
 *
 * A rule set's output for a text is a function of the text alone (see `wink.ts`), so a
 * remembered output is the one a new reading would give. The least recently used texts are
 * forgotten first once the texts and outputs kept exceed the budget.
 */

/** Remembered outputs, by the text read. */
export interface ReadingMemo {
  /** The outputs remembered for `text` (marking it recently used), if any. */
  readonly get: (text: string) => ReadonlyArray<string> | undefined
  /** Remembers the outputs of `text`, forgetting the least recently used texts beyond the budget; returns them. */
  readonly remember: (text: string, outputs: ReadonlyArray<string>) => ReadonlyArray<string>
  /** Characters kept: the texts and their outputs. */
  readonly size: () => number
}

/** The characters an entry costs: its text and its outputs. */
const charsOf = (text: string, outputs: ReadonlyArray<string>): number => outputs.reduce((sum, output) => sum + output.length, text.length)

/** A new, empty memo keeping at most `maxChars` characters of texts and outputs (an entry larger than that is not kept). */
export const makeReadingMemo = (maxChars: number): ReadingMemo => {
  /** Outputs by text, least recently used first (a Map keeps insertion order). */
  const entries = new Map<string, ReadonlyArray<string>>()
  let chars = 0
  return {
    get: (text) => {
      const outputs = entries.get(text)
      if (outputs !== undefined) {
        entries.delete(text)
        entries.set(text, outputs)
      }
      return outputs
    },
    remember: (text, outputs) => {
      const cost = charsOf(text, outputs)
      if (cost > maxChars || entries.has(text)) return outputs
      entries.set(text, outputs)
      chars += cost
      for (const [oldest, kept] of entries) {
        if (chars <= maxChars) break
        entries.delete(oldest)
        chars -= charsOf(oldest, kept)
      }
      return outputs
    },
    size: () => chars,
  }
}
