/**
 * wink's lemmas remembered by part of speech and text, so that readings ask wink once for the
 * lemma of a word with a given part of speech.
 *
 * Asking wink for one token's lemma builds an item object of a dozen closures and, for most
 * words, runs its lemmatizer; verbs repeat (`is`, `was`, `said`), so most answers are known.
 * The lemma of a token that is not a piece of a contraction is a function of its text and its
 * part of speech alone, whatever was read before: wink finds it in the model's lexicon, or
 * lemmatizes the lower-cased text by the model's rules and exceptions. A contraction's piece
 * takes its lemma from the contraction (`'d` is `would` or `had`), and is not remembered.
 */

/** Lemmas kept before the memo starts afresh: a few MB, and the common words come back at once. */
export const MAX_MEMO_LEMMAS = 100_000

/** Remembered lemmas of one wink instance. */
export interface LemmaMemo {
  /** The remembered lemma of a word (not a contraction's piece) with a part of speech, if any. */
  readonly get: (pos: string, text: string) => string | undefined
  /** Remembers wink's lemma of a word (not a contraction's piece) with a part of speech; returns it. */
  readonly remember: (pos: string, text: string, lemma: string) => string
}

/** A new, empty memo. */
export const makeLemmaMemo = (): LemmaMemo => {
  /** Lemmas by part of speech, then text. */
  let byPos = new Map<string, Map<string, string>>()
  let size = 0
  return {
    get: (pos, text) => byPos.get(pos)?.get(text),
    remember: (pos, text, lemma) => {
      if (size >= MAX_MEMO_LEMMAS) {
        byPos = new Map()
        size = 0
      }
      let byText = byPos.get(pos)
      if (byText === undefined) byPos.set(pos, (byText = new Map()))
      byText.set(text, lemma)
      size += 1
      return lemma
    },
  }
}

/** The memo of each wink instance. */
const memos = new WeakMap<object, LemmaMemo>()

/** The memo of a wink instance (made on first use, kept while the instance lives). */
export const lemmaMemoOf = (nlp: object): LemmaMemo => {
  let memo = memos.get(nlp)
  if (memo === undefined) memos.set(nlp, (memo = makeLemmaMemo()))
  return memo
}
