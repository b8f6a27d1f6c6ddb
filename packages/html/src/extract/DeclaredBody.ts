/**
 * The article body a page declares of itself (JSON-LD `articleBody`) read as the measure of its
 * article: a short extracted result that holds the whole declared body is the article, however
 * short (a brief news item), and no looser attempt should widen it to the page around it.
 */
import { minProseParagraphChars } from "./ContentMeasures.ts"

/** The words of a text (letters, marks and digits), lower-cased and joined by single spaces, with a space at each end. */
const words = (text: string): string => ` ${(text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).join(" ")} `

/**
 * A declared body that ends so is whole: a sentence's end (a closing quote or bracket may follow
 * it). A body cut as a teaser ends mid-sentence or with an ellipsis.
 */
const wholeEnding = /[^.][.!?]["'\u2019\u201d\u00bb)]*$/

/**
 * Whether `text` holds the whole of the page's declared article body `declaredBody`: the body is
 * at least {@link minProseParagraphChars} long (a prose paragraph, not a label), ends as a whole
 * text ends ({@link wholeEnding}: a teaser cut at a few hundred characters does not), and its
 * words appear in `text` in the same order, uninterrupted (markup, punctuation and case aside).
 * A page's declared body is then no longer than what `text` holds of the page: the page itself
 * says its article is that short.
 */
export const holdsDeclaredBody = (text: string, declaredBody: string | undefined): boolean => {
  if (declaredBody === undefined) return false
  const body = declaredBody.trim()
  if (body.length < minProseParagraphChars || !wholeEnding.test(body)) return false
  return words(text).includes(words(body))
}
