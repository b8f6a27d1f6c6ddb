/** `remove_special_characters`: removes symbols, emoji sequences included. */
import { Schema } from "effect"
import type { TokenStep } from "../Rule.ts"
import { define, withDefault } from "../Rule.ts"
import { withText, type Token } from "../Token.ts"
import { removeEmojiTokens } from "../internal/emoji.ts"

const symbol = /\p{S}/gu
const anySymbol = /\p{S}/u
/** Token types whose symbols are part of their value. */
const protectedTypes: ReadonlySet<string> = new Set(["url", "email"])

/**
 * Removes special characters, that is Unicode symbols (category S): currency (`$`, `€`), math
 * (`+`, `=`, `<`), modifiers (`^`, `` ` ``) and other symbols (`©`, `°`, `™`), with whole
 * emoji sequences so that no joiner or skin tone is left behind. Letters, digits,
 * punctuation and whitespace stay, as do URLs and e-mail addresses. `keep` lists symbols to
 * keep (single symbols: emoji sequences always go). Idempotent.
 */
export const removeSpecialCharacters = define({
  name: "remove_special_characters",
  description: "Removes symbols (currency, math, ©, °, ...) and whole emoji sequences; `keep` lists symbols to keep.",
  idempotent: true,
  params: Schema.Struct({
    /** Symbols to keep, as one string (`"$€"`). Default `""`. */
    keep: withDefault(Schema.String, ""),
  }),
  compile: ({ keep }): TokenStep => {
    const kept = new Set(Array.from(keep))
    const stripSymbols = (text: string): string =>
      text.replace(symbol, (character) => (kept.has(character) ? character : ""))
    return {
      kind: "token",
      needs: [],
      apply: (tokens) => {
        const withoutEmojis = removeEmojiTokens(tokens)
        let out: Array<Token> | undefined
        for (let i = 0; i < withoutEmojis.length; i += 1) {
          const token = withoutEmojis[i] as Token
          // The test that rejects most tokens first: few hold a symbol.
          if (token.text === "" || !anySymbol.test(token.text) || protectedTypes.has(token.type)) continue
          const text = stripSymbols(token.text)
          if (text !== token.text) {
            out ??= withoutEmojis.slice()
            out[i] = withText(token, text)
          }
        }
        return out ?? withoutEmojis
      },
    }
  },
})
