/** `remove_numbers`: removes numbers (`3.14`, `1,000`, `-5`, `½`, `٣`) and, optionally, ordinals and digits in words. */
import { Schema } from "effect"
import { define, tokenStep, withDefault } from "../Rule.ts"

/** A token that is a number written with digits or numeric characters, with sign and separators. */
const numeral = /^[+\-\u2212]?\p{N}(?:[.,\u2009\u202F']?\p{N})*$/u
const digit = /\p{Nd}/gu
/** Token types whose digits are part of an address, not a number. */
const protectedTypes: ReadonlySet<string> = new Set(["url", "email"])

/**
 * Removes number tokens whole: `3.14`, `1,000`, `-5`, `½`, Arabic-Indic `٣`. Ordinals (`2nd`)
 * go too unless `ordinals` is `false`; with `withinWords`, digits inside other words are
 * stripped (`mp3` -> `mp`). URLs and e-mail addresses are left alone. Idempotent.
 */
export const removeNumbers = define({
  name: "remove_numbers",
  description: "Removes number tokens (3.14, 1,000, -5, ½), ordinals and optionally digits inside words.",
  idempotent: true,
  params: Schema.Struct({
    /** Remove ordinals such as `2nd` and `21st`. Default `true`. */
    ordinals: withDefault(Schema.Boolean, true),
    /** Strip digits from words that are not numbers (`mp3` -> `mp`). Default `false`. */
    withinWords: withDefault(Schema.Boolean, false),
  }),
  compile: ({ ordinals, withinWords }) =>
    tokenStep((token) => {
      if (protectedTypes.has(token.type)) return token.text
      if (token.type === "number" || numeral.test(token.text)) return ""
      if (token.type === "ordinal") return ordinals ? "" : token.text
      return withinWords ? token.text.replace(digit, "") : token.text
    }),
})
