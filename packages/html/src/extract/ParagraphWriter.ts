/**
 * Writes plain text with paragraph breaks from a stream of text, line breaks and block
 * boundaries, in one pass: runs of white space (zero-width spaces included) collapse to one
 * space, a line break becomes `\n` and swallows the spaces beside it, a block boundary ends
 * the paragraph, each paragraph is trimmed, empty ones are dropped, and paragraphs are joined
 * by {@link paragraphBreak}. The result equals collecting the raw text with marks at breaks,
 * collapsing white space with a regular expression, then splitting and trimming the blocks;
 * no raw copy of the text is built. A line filter, when given, drops lines of the paragraphs
 * that line breaks cut into lines ({@link LineFilter}).
 */
import { isWhiteSpaceUnit } from "./Dom.ts"

/** What a {@link ParagraphWriter} puts between paragraphs. */
export const paragraphBreak = "\n\n"

/** The code units of the marks a raw-text writer would use (`\u0000`, `\u0001`): dropped from the page's text, for they show nothing. */
const isMarkUnit = (code: number): boolean => code === 0 || code === 1

/** Whether a code unit is printed text (neither white space nor a mark). */
const isPrinted = (code: number): boolean => (code > 32 && code < 0x7f) || (!isMarkUnit(code) && !isWhiteSpaceUnit(code))

/**
 * Whether a line of a paragraph cut into lines by line breaks is dropped, with the line breaks
 * before it (a paragraph left empty is dropped whole). A paragraph written as one line is never
 * judged: it is a block of its own, which the caller judges before writing.
 */
export type LineFilter = (line: string) => boolean

/** Collects text and breaks; {@link ParagraphWriter.result} returns the paragraphs. */
export class ParagraphWriter {
  /** The paragraphs written so far, joined. */
  private out = ""
  /** Whether the current paragraph holds text. */
  private open = false
  /** White space read since the last text of the current paragraph. */
  private space = false
  /** Line breaks read since the last text of the current paragraph. */
  private breaks = 0
  /** Where the current paragraph's text starts in {@link out}. */
  private paragraphStart = 0
  /** Where the current line's text starts in {@link out}... */
  private lineStart = 0
  /** ...and how many line breaks were written before it. */
  private lineBreaks = 0
  /** Whether the current paragraph was cut into lines. */
  private broken = false
  private readonly dropsLine: LineFilter | undefined

  /** `dropsLine` judges the lines of paragraphs cut into lines; by default every line is kept. */
  constructor(dropsLine?: LineFilter) {
    this.dropsLine = dropsLine
  }

  /** Appends a text node's text. */
  text(data: string): void {
    const length = data.length
    let i = 0
    while (i < length) {
      const code = data.charCodeAt(i)
      if (!isPrinted(code)) {
        if (!isMarkUnit(code)) this.space = true
        i++
        continue
      }
      // A run of printed text with single plain spaces inside it is copied in one slice.
      let end = i + 1
      while (end < length) {
        const next = data.charCodeAt(end)
        if (isPrinted(next)) end++
        else if (next === 32 && end + 1 < length && isPrinted(data.charCodeAt(end + 1))) end += 2
        else break
      }
      this.run(data.slice(i, end))
      i = end
    }
  }

  /** Appends white space (a table cell's separator). */
  whiteSpace(): void {
    this.space = true
  }

  /** Appends a line break (`<br>`). */
  lineBreak(): void {
    this.breaks++
  }

  /** Ends the current paragraph (a block element starts or ends). */
  blockBoundary(): void {
    if (this.open && this.broken) this.judgeLine(true)
    this.open = false
    this.space = false
    this.breaks = 0
  }

  /** The paragraphs, trimmed, joined by {@link paragraphBreak} (the last line is judged when its paragraph ends: call {@link blockBoundary} first). */
  result(): string {
    return this.out
  }

  /** Appends printed text, after what separates it from the text before. */
  private run(text: string): void {
    if (!this.open) {
      if (this.out !== "") this.out += paragraphBreak
      this.open = true
      this.paragraphStart = this.lineStart = this.out.length
      this.lineBreaks = 0
      this.broken = false
    } else if (this.breaks > 0) {
      this.broken = true
      this.judgeLine(false)
      this.lineBreaks = this.out.length > this.paragraphStart ? this.breaks : 0
      this.out += "\n".repeat(this.lineBreaks)
      this.lineStart = this.out.length
    } else if (this.space) this.out += " "
    this.out += text
    this.space = false
    this.breaks = 0
  }

  /**
   * Drops the line ending now (the paragraph ends too when `last`) when the filter says so,
   * with the line breaks before it, and the paragraph break before a paragraph left empty.
   */
  private judgeLine(last: boolean): void {
    if (this.dropsLine === undefined || this.lineStart === this.out.length || !this.dropsLine(this.out.slice(this.lineStart))) return
    this.out = this.out.slice(0, this.lineStart - this.lineBreaks)
    if (last && this.out.length === this.paragraphStart) this.out = this.out.slice(0, Math.max(0, this.paragraphStart - paragraphBreak.length))
  }
}
