/**
 * Reply headers: the short line a comment or a reply opens with, naming who wrote it and when
 * ("Jane Doe 3 hours ago", "mark_t · March 3, 2020 at 3:59 PM", "Anna vor 2 Tagen"). Threads
 * of replies are often plain `div`s with `<p>` paragraphs, their authors' names not linked and
 * no class saying "comment": the header is what marks each item as a reply, not the article.
 */
import { type BlockStats, childrenWithText } from "./BlockStats.ts"
import { isDateLine } from "./DateLines.ts"
import { collapseWhitespace, type DomElement, textOf, walkElements } from "./Dom.ts"

/** A relative time alone: "3 hours ago", "vor 2 Tagen", "il y a 5 minutes", "hace 1 día", "2 giorni fa", "há 3 horas", "4 uur geleden", "5 minut temu", "yesterday". */
const relativeTime = new RegExp(
  "^(?:" +
    [
      String.raw`(?:\d+|an?|one) (?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|days?|weeks?|months?|years?) ago`,
      String.raw`yesterday|just now`,
      String.raw`vor (?:\d+|einem|einer) (?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)|gestern`,
      String.raw`il y a \d+ (?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)|hier`,
      String.raw`hace \d+ (?:segundos?|minutos?|horas?|días?|semanas?|mes(?:es)?|años?)|ayer`,
      String.raw`\d+ (?:secondi|minuti|ore|giorni|settimane|mesi|anni) fa|ieri`,
      String.raw`há \d+ (?:segundos?|minutos?|horas?|dias?|semanas?|mes(?:es)?|anos?)|ontem`,
      String.raw`\d+ (?:seconden|minuten|uur|dagen|weken|maanden|jaar) geleden|gisteren`,
      String.raw`\d+ (?:sekund|minut|godzin|dni|tygodni|miesięcy|lat)[ay]? temu|wczoraj`
    ].join("|") +
    ")\\.?$",
  "iu"
)

/**
 * Whether a short text is when a reply was written: a relative time ({@link relativeTime}) or a
 * date line ({@link isDateLine}).
 *
 * @example
 * isReplyTime("3 hours ago") // true
 * isReplyTime("March 3, 2020 at 3:59 PM") // true
 * isReplyTime("Three hours later the council met.") // false
 */
export const isReplyTime = (text: string): boolean => relativeTime.test(text) || isDateLine(text)

/** A reply header is at most this long (characters): a name and a time, not a sentence of the reply. */
const maxHeaderChars = 150

/** A part of a header read as a time is at most this long (characters). */
const maxTimeChars = 60

/**
 * Whether an item opens with a reply header: its first element holding text (removed subtrees
 * skipped) is short ({@link maxHeaderChars}), is not all of the item's text, and it is or holds
 * a `<time>` element or an element whose whole text is a reply time ({@link isReplyTime}). An
 * article's section opens with a heading or a paragraph of prose, not with a date.
 */
export const opensWithReplyHeader = (item: DomElement, stats: BlockStats): boolean => {
  const header = childrenWithText(item, stats)[0]
  if (header === undefined) return false
  const chars = stats.of(header).text
  if (chars > maxHeaderChars || chars >= stats.of(item).text) return false
  const marksTime = (node: DomElement): boolean =>
    node.name === "time" || (stats.of(node).text <= maxTimeChars && isReplyTime(collapseWhitespace(textOf(node, 2 * maxTimeChars))))
  if (marksTime(header)) return true
  let found = false
  walkElements(header, (node) => {
    if (found || stats.isRemoved(node)) return false
    found = marksTime(node)
    return !found
  })
  return found
}
