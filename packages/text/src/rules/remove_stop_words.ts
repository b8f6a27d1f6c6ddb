/** `remove_stop_words`: removes English stop words (wink's list), with words added or kept. */
import { Schema } from "effect"
import { define, tokenStep, withDefault } from "../Rule.ts"

/**
 * Removes stop words: wink's English list (`the`, `is`, `and`, both pieces of `don't`), plus
 * the `add` words, minus the `keep` words (both compared lower-case). wink's list applies to a
 * token only while its letters are as wink read them. Not idempotent in general: a second
 * reading of the shorter text can split words differently.
 */
export const removeStopWords = define({
  name: "remove_stop_words",
  description: "Removes stop words (wink's English list), plus `add` and minus `keep`.",
  idempotent: false,
  params: Schema.Struct({
    /** Extra stop words. Default none. */
    add: withDefault(Schema.Array(Schema.String), []),
    /** Words to keep although listed (`not`, `no` for sentiment). Default none. */
    keep: withDefault(Schema.Array(Schema.String), []),
  }),
  compile: ({ add, keep }) => {
    const added = new Set(add.map((word) => word.toLowerCase()))
    const kept = new Set(keep.map((word) => word.toLowerCase()))
    return tokenStep((token, reading) => {
      const lower = token.text.toLowerCase()
      if (kept.has(lower)) return token.text
      const listed = lower === token.value.toLowerCase() && reading.stopWord(token.index)
      return listed || added.has(lower) ? "" : token.text
    })
  },
})
