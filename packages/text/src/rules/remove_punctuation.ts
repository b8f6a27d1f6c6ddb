/** `remove_punctuation`: removes punctuation tokens and punctuation inside words. */
import { Schema } from "effect"
import type { TokenStep } from "../Rule.ts"
import { define, withDefault } from "../Rule.ts"
import { withText, type Token } from "../Token.ts"

const punctuation = /\p{P}/u
const wordCharacter = /[\p{L}\p{M}\p{N}]/u
/** Apostrophes and hyphens, kept between two letters (`don't`, `it's`, `state-of-the-art`). */
const intraWordMark = /['\u2019\-\u2010\u2011]/u

/** Token types whose punctuation is part of their value: `3.14`, `1,000`, URLs, e-mail addresses. */
const protectedTypes: ReadonlySet<string> = new Set(["number", "url", "email"])

/**
 * Removes punctuation (Unicode category P): tokens made only of it (`,`, `...`, `“`, `:)`) go,
 * and it is stripped from other tokens (`#tag` -> `tag`). Numbers, URLs and e-mail addresses
 * keep theirs. With `keepIntraWord`, an apostrophe or hyphen between two letters stays, also
 * across wink's contraction split (`it` + `'s`). Idempotent.
 */
export const removePunctuation = define({
  name: "remove_punctuation",
  description: "Removes punctuation tokens and punctuation inside words; numbers, URLs and e-mails keep theirs.",
  idempotent: true,
  params: Schema.Struct({
    /** Keep apostrophes and hyphens between letters (`don't`, `e-mail`). Default `true`. */
    keepIntraWord: withDefault(Schema.Boolean, true),
  }),
  compile: ({ keepIntraWord }): TokenStep => ({
    kind: "token",
    needs: [],
    apply: (tokens) => {
      let out: Array<Token> | undefined
      let previous = ""
      for (let i = 0; i < tokens.length; i += 1) {
        const token = tokens[i] as Token
        if (token.text === "") continue
        const before = token.spaces === "" ? previous : ""
        previous = token.text
        // The test that rejects most tokens first: few hold punctuation.
        if (!punctuation.test(token.text) || protectedTypes.has(token.type)) continue
        // A lone punctuation character has no letter on its right to keep it: it goes.
        const text = token.text.length === 1 ? "" : strip(token.text, before, keepIntraWord)
        if (text !== token.text) {
          out ??= tokens.slice()
          out[i] = withText(token, text)
        }
      }
      return out ?? tokens
    },
  }),
})

/** Strips punctuation from `text`, `before` being the text glued to its left. */
const strip = (text: string, before: string, keepIntraWord: boolean): string => {
  const characters = Array.from(text)
  let out = ""
  for (let i = 0; i < characters.length; i += 1) {
    const character = characters[i] as string
    if (!punctuation.test(character)) {
      out += character
      continue
    }
    if (!keepIntraWord || !intraWordMark.test(character)) continue
    const left = i > 0 ? (characters[i - 1] as string) : before.slice(-1)
    const right = characters[i + 1] ?? ""
    if (wordCharacter.test(left) && wordCharacter.test(right)) out += character
  }
  return out
}
