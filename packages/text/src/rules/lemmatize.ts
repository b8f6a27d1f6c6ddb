/** `lemmatize`: replaces words (all, or verbs only) with their lemma from wink's reading. */
import { Schema } from "effect"
import type { TokenStep } from "../Rule.ts"
import { define, withDefault } from "../Rule.ts"
import type { Reading } from "../Reading.ts"
import { withText, type Token } from "../Token.ts"

/** Parts of speech lemmatized in `verbs` mode: main verbs and auxiliaries (`is` -> `be`). */
const verbTags: ReadonlySet<string> = new Set(["VERB", "AUX"])

/** The lemma written in the case pattern of the word it replaces (`Running` -> `Run`). */
const inCaseOf = (lemma: string, word: string): string => {
  if (word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase()) return lemma.toUpperCase()
  const first = word.charAt(0)
  if (first !== first.toLowerCase() && word.slice(1) === word.slice(1).toLowerCase()) return lemma.charAt(0).toUpperCase() + lemma.slice(1)
  return lemma
}

/**
 * Replaces words with their lemma, using wink's part-of-speech tags (`mode: "all"`) or only
 * verbs and auxiliaries (`mode: "verbs"`): `this is an example` -> `this be an example`.
 * A contraction with a lemmatized piece is expanded whole, one word per piece:
 * `it's` -> `it be`, `can't` -> `can not`. The word's case is kept when `preserveCase`. A word whose letters an
 * earlier rule changed (beyond case) is left alone. Not idempotent: tags depend on context.
 */
export const lemmatize = define({
  name: "lemmatize",
  description: "Replaces words with their lemma (all words, or verbs only): `this is an example` -> `this be an example`.",
  idempotent: false,
  params: Schema.Struct({
    /** `all` words or `verbs` (verbs and auxiliaries) only. Default `all`. */
    mode: withDefault(Schema.Literals(["all", "verbs"]), "all"),
    /** Write the lemma in the case pattern of the word (`Was` -> `Be`); `false` writes wink's lower-case lemma. Default `true`. */
    preserveCase: withDefault(Schema.Boolean, true),
  }),
  compile: ({ mode, preserveCase }): TokenStep => {
    const lemmaOf = (token: Token, reading: Reading): string => {
      const lemma = reading.lemma(token.index)
      if (lemma === "") return token.text
      if (!preserveCase) return lemma
      return lemma === token.text.toLowerCase() ? token.text : inCaseOf(lemma, token.text)
    }
    const wanted = (token: Token, reading: Reading): boolean =>
      token.type === "word" &&
      (mode === "all" || verbTags.has(reading.pos(token.index))) &&
      (token.text === token.value || token.text.toLowerCase() === token.value.toLowerCase())
    return {
      kind: "token",
      needs: ["pos"],
      apply: (tokens, reading) => {
        let out: Array<Token> | undefined
        for (let i = 0; i < tokens.length; i += 1) {
          const token = tokens[i] as Token
          if (token.text === "") continue
          const end = contractionEnd(tokens, i, reading)
          if (end === i + 1) {
            // One word (the common case): no group to build.
            if (wanted(token, reading)) {
              const text = lemmaOf(token, reading)
              if (text !== token.text) {
                out ??= tokens.slice()
                out[i] = withText(token, text)
              }
            }
            continue
          }
          const group = tokens.slice(i, end)
          if (group.some((piece) => wanted(piece, reading) && lemmaOf(piece, reading) !== piece.text)) {
            // A contraction is expanded whole (`can't` -> `can not`): a lone lemma glued to an
            // untouched piece would make no word (`cann't`).
            const expanded = (out ??= tokens.slice())
            group.forEach((piece, k) => {
              const text = piece.text === "" ? "" : lemmaOf(piece, reading)
              expanded[i + k] = withText(piece, text, k > 0 && piece.spaces === "" ? " " : piece.spaces)
            })
          }
          i = end - 1
        }
        return out ?? tokens
      },
    }
  },
})

/** The end (exclusive) of the contraction starting at token `i` (`ca` + `n't`), or `i + 1`. */
const contractionEnd = (tokens: ReadonlyArray<Token>, i: number, reading: Reading): number => {
  let end = i + 1
  if (!reading.contraction((tokens[i] as Token).index)) return end
  while (end < tokens.length && (tokens[end] as Token).spaces === "" && reading.contraction((tokens[end] as Token).index)) end += 1
  return end
}
