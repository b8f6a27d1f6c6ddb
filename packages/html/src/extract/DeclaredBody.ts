/**
 * The article body a page declares of itself (JSON-LD `articleBody`) read as the measure of its
 * article: a short extracted result that holds the whole declared body is the article, however
 * short (a brief news item), and no looser attempt should widen it to the page around it
 * ({@link holdsDeclaredBody}); an extracted content much shorter than a long declared body gives
 * way to it ({@link withDeclaredBody}).
 */
import { minProseParagraphChars } from "./ContentMeasures.ts"
import { collapseWhitespace } from "./Dom.ts"
import { paragraphBreak } from "./ParagraphWriter.ts"

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

/**
 * The article body a page declares in JSON-LD (`articleBody`) replaces the extracted content
 * when it is at least this long (characters)...
 */
const minDeclaredBodyChars = 500

/**
 * ...and the extracted content is shorter than this share of it: the page renders its article
 * with a script, or hides it where the extraction does not look, and the declared body is the
 * article. A declared body shorter than the content, or not much longer, is a summary or a
 * teaser (news sites cut `articleBody` at a few hundred characters) and changes nothing. On the
 * tuning halves no page's content is that short beside its declared body.
 */
const maxShareOfDeclaredBody = 0.5

/** HTML tags inside a declared article body (some sites put the body's markup in it). */
const markup = /<[^>]*>/g

/**
 * The extracted content, or the page's declared article body ({@link minDeclaredBodyChars},
 * {@link maxShareOfDeclaredBody}) written as plain text: markup dropped, white space collapsed,
 * each line break a paragraph break.
 */
export const withDeclaredBody = (content: string, declaredBody: string | undefined): string => {
  if (declaredBody === undefined || declaredBody.length < minDeclaredBodyChars || content.length >= maxShareOfDeclaredBody * declaredBody.length) return content
  const text = declaredBody.replace(markup, " ").split(/\n/).map(collapseWhitespace).filter((line) => line !== "").join(paragraphBreak)
  return text.length > content.length ? text : content
}
