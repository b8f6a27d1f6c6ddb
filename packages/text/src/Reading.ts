/**
 * One wink-nlp reading of a document: the only call to `readDoc` a normalization makes.
 *
 * Every token rule of a rule set works on the tokens of this reading, and asks it for what
 * wink knows about them (lemma, part of speech, stop word, sentences). Those annotations are
 * extracted lazily, once per reading (lemmas one token at a time, when asked, and remembered
 * across readings by text and part of speech: `internal/lemmaMemo.ts`), so a rule set that
 * needs none of them pays only for tokenization.
 *
 * A text reads the same way whatever was read before it in the process (see
 * `internal/wink.ts`). A reading lives for one call of `read`'s `use`: afterwards wink may
 * forget the words it learned, which the reading's lazy annotations look up.
 */
import type { Document, ItsFunction } from "wink-nlp"
import type { Token } from "./Token.ts"
import { lemmaMemoOf } from "./internal/lemmaMemo.ts"
import { type Annotation, winkFor, afterReading } from "./internal/wink.ts"

/** The tokens of one document and wink's annotations of them. */
export interface Reading {
  /** The tokens in document order, whitespace folded into `spaces`. */
  readonly tokens: ReadonlyArray<Token>
  /** The whitespace after the last token. */
  readonly trailing: string
  /** How many tokens wink read, whitespace tokens included (the unit of throughput figures). */
  readonly winkTokens: number
  /** The part of speech of a wink token (needs the `pos` annotation; `X` otherwise). */
  readonly pos: (index: number) => string
  /** The lemma of a wink token (contractions expand: `n't` -> `not`). */
  readonly lemma: (index: number) => string
  /** Whether a wink token is an English stop word. */
  readonly stopWord: (index: number) => boolean
  /** Whether a wink token is a piece of a contraction (`ca` and `n't` of `can't`). */
  readonly contraction: (index: number) => boolean
  /** Each sentence as `[first, last]` wink token indexes (one sentence without `sbd`). */
  readonly sentences: () => ReadonlyArray<readonly [number, number]>
}

/** wink's token type for a run of tabs and line breaks, folded into the next token's spaces. */
const whitespaceType = "tabCRLF"

/** Characters that end a sentence or clause rather than a URL: split off a URL's end. */
const urlTrailingPunctuation = /[.,;:!?'"\])}>\u2019\u201d]+$/u

/** Splits a URL that wink read with its trailing punctuation (`https://a.b/c),`) into URL and punctuation. */
const splitUrl = (url: string): readonly [string, string] => {
  const match = urlTrailingPunctuation.exec(url)
  if (match === null) return [url, ""]
  let cut = match.index
  // A closing parenthesis belongs to the URL when it balances one inside it (Wikipedia links).
  const opened = (url.slice(0, cut).match(/\(/g) ?? []).length
  const closed = (url.slice(0, cut).match(/\)/g) ?? []).length
  if (opened > closed && url[cut] === ")") cut += 1
  return [url.slice(0, cut), url.slice(cut)]
}

/** Whether `text` holds `part` at `at` (`startsWith` alone holds `""` beyond the end). */
const holdsAt = (text: string, part: string, at: number): boolean => at + part.length <= text.length && text.startsWith(part, at)

/**
 * The first index of `part` in `text` at or after `from`, as `text.indexOf(part, from)` gives it;
 * the two likeliest places for the next token (at `from`, or after one space) are checked
 * first, which costs less than a search.
 */
const indexFrom = (text: string, part: string, from: number): number =>
  holdsAt(text, part, from) ? from : holdsAt(text, part, from + 1) ? from + 1 : text.indexOf(part, from + 2)

/** Memoizes an array extracted from the document on first use. */
const lazy = <A>(extract: () => ReadonlyArray<A>): (() => ReadonlyArray<A>) => {
  let cached: ReadonlyArray<A> | undefined
  return () => (cached ??= extract())
}

/**
 * Reads `text` once with the wink instance whose pipe runs `annotations`, and returns what
 * `use` makes of the reading (which must not escape `use`: its annotations are read lazily
 * from wink's lexicon, which may forget the text's new words once `use` returns).
 *
 * @example
 * read("It's fine.", new Set(), (reading) => reading.tokens.map((token) => token.text)) // ["It", "'s", "fine", "."]
 */
export const read = <A>(text: string, annotations: ReadonlySet<Annotation>, use: (reading: Reading) => A): A => {
  const nlp = winkFor(annotations)
  return afterReading(nlp, () => use(readWith(nlp, text)))
}

/** The reading of `text` by `nlp` (valid until wink forgets its learned words). */
const readWith = (nlp: ReturnType<typeof winkFor>, text: string): Reading => {
  const its = nlp.its
  const doc: Document = nlp.readDoc(text)
  const all = doc.tokens()
  const values = all.out(its.value)
  const types = all.out(its.type)
  // wink's rebuilt whitespace, needed only when a token is not found in the source.
  const precedingSpaces = lazy(() => all.out(its.precedingSpaces))

  const tokens: Array<Token> = []
  let pending = ""
  let consumed = 0
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] ?? ""
    // wink rebuilds whitespace as plain spaces and skips some characters (a byte-order mark):
    // take what lies between two tokens from the source, so that rendering is exact.
    const at = indexFrom(text, value, consumed)
    const between = at === -1 ? (precedingSpaces()[index] ?? "") : at === consumed ? "" : text.slice(consumed, at)
    const spaces = pending === "" ? between : pending + between
    const type = types[index] ?? "unk"
    consumed = at === -1 ? consumed + between.length + value.length : at + value.length
    if (type === whitespaceType) {
      pending = spaces + value
      continue
    }
    pending = ""
    if (type === "url") {
      const [url, punctuation] = splitUrl(value)
      tokens.push({ text: url, spaces, type, index, value: url })
      if (punctuation !== "") tokens.push({ text: punctuation, spaces: "", type: "punctuation", index, value: punctuation })
    } else {
      tokens.push({ text: value, spaces, type, index, value })
    }
  }

  const pos = lazy(() => all.out(its.pos))
  const stopWords = lazy(() => all.out(its.stopWordFlag) as ReadonlyArray<boolean>)
  const contractions = lazy(() => all.out(its.contractionFlag) as ReadonlyArray<boolean>)
  // Lemmas are looked up one token at a time: a rule may want few of them (verbs only), and
  // lemmatizing every token costs more than looking up the few wanted. wink's lemma of a token
  // that is not a contraction's piece depends on its text and part of speech alone, so it is
  // remembered for the next token with both (most are); a piece's lemma comes from its contraction.
  const memo = lemmaMemoOf(nlp)
  const winkLemma = (index: number, value: string): string => all.itemAt(index).out(its.lemma as ItsFunction<string>) ?? value
  const lemmaOf = (index: number): string => {
    if (index < 0 || index >= values.length) return ""
    const value = values[index] as string
    if (contractions()[index] === true) return winkLemma(index, value)
    const tag = pos()[index] as string
    return memo.get(tag, value) ?? memo.remember(tag, value, winkLemma(index, value))
  }
  const sentences = lazy(() => doc.sentences().out(its.span) as unknown as ReadonlyArray<readonly [number, number]>)

  return {
    tokens,
    trailing: pending + text.slice(consumed),
    winkTokens: values.length,
    pos: (index) => pos()[index] ?? "X",
    lemma: lemmaOf,
    stopWord: (index) => stopWords()[index] === true,
    contraction: (index) => contractions()[index] === true,
    sentences,
  }
}
