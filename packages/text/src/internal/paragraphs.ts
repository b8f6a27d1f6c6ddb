/**
 * A text cut into paragraphs: the runs of text between blank lines (whitespace holding two line
 * breaks or more), with the whitespace around them kept, so that the text is rebuilt exactly as
 * `lead + paragraphs[0] + separators[0] + paragraphs[1] + ... + trail`.
 */

/** The paragraphs of a text and the whitespace between and around them. */
export interface Paragraphs {
  /** The whitespace before the first paragraph. */
  readonly lead: string
  /** The paragraphs, each starting and ending with a non-whitespace character. */
  readonly paragraphs: ReadonlyArray<string>
  /** The whitespace between paragraph `i` and `i + 1`, each holding two line breaks or more. */
  readonly separators: ReadonlyArray<string>
  /** The whitespace after the last paragraph. */
  readonly trail: string
}

/** A blank line: a run of whitespace holding two line breaks or more. */
const blankLine = /\s*\n\s*\n\s*/g

/** Whitespace at the start and at the end of a text. */
const leading = /^\s*/
const trailing = /\s*$/

/**
 * The paragraphs of `text`, or `undefined` when it holds fewer than two (no blank line between
 * two non-whitespace characters).
 *
 * @example
 * paragraphsOf("\nOne.\n\nTwo. ") // { lead: "\n", paragraphs: ["One.", "Two."], separators: ["\n\n"], trail: " " }
 */
export const paragraphsOf = (text: string): Paragraphs | undefined => {
  const lead = (leading.exec(text) as RegExpExecArray)[0]
  if (lead.length === text.length) return undefined
  const trail = (trailing.exec(text) as RegExpExecArray)[0]
  const end = text.length - trail.length
  const paragraphs: Array<string> = []
  const separators: Array<string> = []
  let start = lead.length
  blankLine.lastIndex = start
  for (let match = blankLine.exec(text); match !== null && match.index < end; match = blankLine.exec(text)) {
    paragraphs.push(text.slice(start, match.index))
    separators.push(match[0])
    start = match.index + match[0].length
  }
  if (paragraphs.length === 0) return undefined
  paragraphs.push(text.slice(start, end))
  return { lead, paragraphs, separators, trail }
}
