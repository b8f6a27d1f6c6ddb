/** `remove_foreign_language`: removes sentences or words that are not in the target language. */
import { Schema } from "effect"
import type { TokenStep } from "../Rule.ts"
import { define, withDefault } from "../Rule.ts"
import { isForeign, languageCodes } from "../Language.ts"
import { withText, type Token } from "../Token.ts"

/** Token types that carry no language: addresses, handles, numbers, symbols. */
const languageless: ReadonlySet<string> = new Set(["url", "email", "mention", "hashtag", "number", "ordinal", "emoji", "emoticon", "symbol", "currency", "punctuation"])

/** Sentence ends wink's English sentence detection misses: CJK, Arabic and Devanagari full stops. */
const fullStop = /[\u3002\uFF01\uFF1F\u061F\u0964]$/u

/**
 * Removes text not in `language`, by sentence (wink's sentence boundaries, and CJK, Arabic and Devanagari full stops) or by word, with
 * the light identification of `Language.ts`: a sentence goes when fewer than `minScriptShare`
 * of its letters are in the language's script (Arabic, Hebrew, CJK inside English), or, for a
 * Latin-script language, when another Latin language's stop words outnumber the target's by
 * `minStopWordMargin` (a French sentence inside English). A word goes on its script alone.
 * Text without letters stays. Not idempotent: sentence boundaries may move once text is removed.
 */
export const removeForeignLanguage = define({
  name: "remove_foreign_language",
  description: "Removes sentences (or words) not in the target language: script share, then stop words for Latin languages.",
  idempotent: false,
  params: Schema.Struct({
    /** The language to keep (ISO 639-1). Default `en`. */
    language: withDefault(Schema.Literals(languageCodes), "en"),
    /** Judge and remove whole sentences or single words. Default `sentence`. */
    granularity: withDefault(Schema.Literals(["sentence", "word"]), "sentence"),
    /** The least share of letters in the language's script (0 to 1). Default `0.5`. */
    minScriptShare: withDefault(Schema.Number, 0.5),
    /** The stop-word hits by which another language must lead to remove a sentence. Default `2`. */
    minStopWordMargin: withDefault(Schema.Number, 2),
  }),
  compile: ({ language, granularity, minScriptShare, minStopWordMargin }): TokenStep => {
    const evidence = { minScriptShare, minStopWordMargin }
    const carriesLanguage = (token: Token) => token.text !== "" && !languageless.has(token.type)
    if (granularity === "word") {
      return {
        kind: "token",
        needs: [],
        apply: (tokens) =>
          tokens.map((token) => (carriesLanguage(token) && isForeign([token.text], language, evidence) ? withText(token, "") : token)),
      }
    }
    return {
      kind: "token",
      needs: ["sbd"],
      apply: (tokens, reading) => {
        const out = tokens.slice()
        let cursor = 0
        for (const [, last] of reading.sentences()) {
          while (cursor < out.length && (out[cursor] as Token).index <= last) {
            const start = cursor
            while (cursor < out.length && (out[cursor] as Token).index <= last) {
              cursor += 1
              if (fullStop.test((out[cursor - 1] as Token).text)) break
            }
            const words = out.slice(start, cursor).filter(carriesLanguage).map((token) => token.text)
            if (!isForeign(words, language, evidence)) continue
            for (let i = start; i < cursor; i += 1) out[i] = { ...(out[i] as Token), text: "" }
          }
        }
        return out
      },
    }
  },
})
