/**
 * Other stories: a block that opens with a headline of its own and the byline under it, beside
 * the heading that names the page, is another article (a columnist's essay in the rail, a
 * featured story set beside a short brief), however much prose it holds: the page's article is
 * the one its title names. Its headline does not name the page, and the page holds a heading
 * that does outside it.
 */
import { type BlockStats, childrenWithText } from "./BlockStats.ts"
import { minContentChars } from "./ContentMeasures.ts"
import { attr, collapseWhitespace, type DomElement, isAncestorOf, textOf } from "./Dom.ts"
import { normalizedTitle, titleTags } from "./Stories.ts"

/** A headline is read up to this many characters (a title is short). */
const maxHeadlineChars = 300

/** A byline is at most this long (characters): "By" and a name or two, not a sentence. */
const maxBylineChars = 80

/** A byline's words (its first word's letter case ignored): "By Jane Doe", "Von Anna Meier", "Par Jean Dupont", "Por ...", "Di ...", "Door ...", "Przez ...". */
const bylineText = /^(?:by|von|par|por|di|door|przez)\s+\p{Lu}/u

/** A class or id naming a byline. */
const bylineClass = /byline|author/i

/** Whether an element is a byline: short, and written as one ({@link bylineText}) or named one ({@link bylineClass}). */
const isByline = (element: DomElement, stats: BlockStats): boolean =>
  stats.of(element).text <= maxBylineChars && (bylineText.test(collapseWhitespace(textOf(element, maxBylineChars + 1)).replace(/^\p{L}+/u, (word) => word.toLowerCase())) || bylineClass.test(`${attr(element, "class")} ${attr(element, "id")}`))

/**
 * The headline a block opens with when a byline follows it: its first child holding text is a
 * headline ({@link titleTags}), and the next such child a byline ({@link isByline}).
 */
const bylinedHeadline = (block: DomElement, stats: BlockStats): DomElement | undefined => {
  const children = childrenWithText(block, stats)
  const [headline, byline] = children
  if (headline === undefined || byline === undefined || !titleTags.has(headline.name)) return undefined
  if (isByline(byline, stats)) return headline
  // A byline nested one level down, in the block after the headline: `<div class="meta"><span class="byline">`.
  const inner = childrenWithText(byline, stats)[0]
  return inner !== undefined && isByline(inner, stats) ? headline : undefined
}

/**
 * A headline sharing this share of its words with one of the page's titles is the page's own,
 * written otherwise ("High School Roundup: ..." on a page titled "HS roundup: ...").
 */
const minTitleWordShare = 0.5

/** Whether a (normalized) headline shares {@link minTitleWordShare} of its words with one of the (normalized) titles. */
const echoesTitle = (headline: string, titles: ReadonlySet<string>): boolean => {
  const words = headline.split(" ")
  for (const title of titles) {
    const known = new Set(title.split(" "))
    if (words.filter((word) => known.has(word)).length >= minTitleWordShare * words.length) return true
  }
  return false
}

/**
 * The other stories of a page (`page`: its statistics, chrome pruned). Contract: a block is
 * another story when it opens with a headline and a byline ({@link bylinedHeadline}), holds
 * at least {@link minContentChars} of text besides its headline, its headline does not echo one
 * of the page's `titles` ({@link echoesTitle}), and the page has a heading ({@link titleTags})
 * that is one of them (letters and digits alike), none of them inside the block. Pages without
 * titles, or without a heading naming the page, have none.
 */
export const otherStories = (page: BlockStats, titles: ReadonlyArray<string>): Array<DomElement> => {
  const wanted = new Set(titles.map(normalizedTitle).filter((title) => title !== ""))
  if (wanted.size === 0) return []
  const named: Array<DomElement> = []
  const candidates: Array<{ block: DomElement; headline: DomElement }> = []
  for (const element of page.elements) {
    if (page.isRemoved(element)) continue
    if (titleTags.has(element.name) && wanted.has(normalizedTitle(textOf(element, maxHeadlineChars)))) named.push(element)
    const own = page.of(element)
    // A block opening with a headline holds heading text: most blocks are passed over here, unread.
    if (own.headingText === 0 || own.text - own.headingText < minContentChars) continue
    const headline = bylinedHeadline(element, page)
    if (headline !== undefined) candidates.push({ block: element, headline })
  }
  if (named.length === 0) return []
  return candidates
    .filter(({ block, headline }) => !echoesTitle(normalizedTitle(textOf(headline, maxHeadlineChars)), wanted) && !named.some((heading) => isAncestorOf(block, heading)))
    .map(({ block }) => block)
}

