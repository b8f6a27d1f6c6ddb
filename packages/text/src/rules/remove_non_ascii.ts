/** `remove_non_ascii`: keeps only ASCII characters. */
import { Schema } from "effect"
import { define, textStep, withDefault } from "../Rule.ts"

const nonAscii = /[^\x00-\x7F]/gu
const combiningMark = /\p{M}/gu

/**
 * Removes every character outside ASCII. With `fold`, accented and compatibility letters are
 * first reduced to their ASCII base (`café` -> `cafe`, `ﬁ` -> `fi`) instead of being removed.
 * Idempotent.
 */
export const removeNonAscii = define({
  name: "remove_non_ascii",
  description: "Removes characters outside ASCII; with `fold`, accented letters keep their ASCII base.",
  idempotent: true,
  params: Schema.Struct({
    /** Decompose (NFKD) and drop combining marks before removing, so `é` becomes `e`. Default `false`. */
    fold: withDefault(Schema.Boolean, false),
  }),
  compile: ({ fold }) =>
    textStep((text) => (fold ? text.normalize("NFKD").replace(combiningMark, "") : text).replace(nonAscii, "")),
})
