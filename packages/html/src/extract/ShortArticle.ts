/**
 * A short article under the page's headline, which the looser attempts would widen. An attempt
 * of the scored extraction that reads less than `minContentChars` gives way to the next, looser
 * one (Attempt.ts); on a brief news item the strictest attempt has found the whole article, and
 * the looser ones choose an ancestor or another region (the page's header, an author box,
 * teaser lists, comments). The page tells the two apart by its headline: the headline heads the
 * short result, and what the looser result adds outside it lies under other headings or in
 * link-dense blocks (a listing's intro, by contrast, is followed by its items under no heading
 * of their own, or the looser attempt reads more of the same container).
 */
import type { BlockStats } from "./BlockStats.ts"
import { maxProseLinkDensity, minProseParagraphChars } from "./ContentMeasures.ts"
import { type DomElement, isWithin, textOf } from "./Dom.ts"
import { normalizedTitle, titleTags } from "./Stories.ts"

/** An attempt's result: its text, the containers read and the statistics they were read with. */
export interface AttemptResult {
  readonly text: string
  readonly containers: ReadonlyArray<DomElement>
  readonly stats: BlockStats
}

/** A heading this long at most is read (a title is short). */
const maxHeadingChars = 300

/**
 * The share of the text a looser result adds outside the short one that lies under headings
 * other than the headline or in link-dense blocks, at least, for the short one to stand.
 */
const minOtherShare = 0.5

/** The short result is at most this share of the looser one: a looser result not much longer is the article read whole. */
const maxShortShare = 0.35

const within = (containers: ReadonlyArray<DomElement>, element: DomElement): boolean => containers.some((container) => isWithin(container, element))

/**
 * Whether the short result `short` of an attempt, on a page declared an article, is the article,
 * and the longer result `looser` of a later attempt is not. Contract: `short` holds a prose
 * paragraph's length ({@link minProseParagraphChars}) and at most {@link maxShortShare} of
 * `looser`'s text; the last heading (`h1` to `h3`, not removed in `page`) before or inside its
 * first container, in page order, is one of the page's `titles` (letters and digits alike); and
 * `looser` reads text outside `short`'s containers, at least {@link minOtherShare} of it in
 * blocks under a heading that is not a title or in blocks more than
 * {@link maxProseLinkDensity} links. A looser result within `short`'s containers (the same
 * article cleaned less) is never refused.
 */
export const isShortArticle = (short: AttemptResult, looser: AttemptResult, page: BlockStats, titles: ReadonlyArray<string>): boolean => {
  if (short.text.length < minProseParagraphChars || short.text.length > maxShortShare * looser.text.length) return false
  const wanted = titles.map(normalizedTitle).filter((title) => title !== "")
  if (wanted.length === 0) return false
  const isTitle = (heading: DomElement): boolean => wanted.includes(normalizedTitle(textOf(heading, maxHeadingChars)))
  let heading: DomElement | undefined
  let headed: boolean | undefined
  let outside = 0
  let other = 0
  for (const element of page.elements) {
    const inShort = within(short.containers, element)
    if (headed === undefined && inShort) headed = heading !== undefined && isTitle(heading)
    if (titleTags.has(element.name) && !page.isRemoved(element)) {
      heading = element
      if (inShort && isTitle(element)) headed = true
    }
    if (inShort || looser.stats.isRemoved(element) || !within(looser.containers, element)) continue
    const own = looser.stats.of(element).inlineText
    if (own === 0) continue
    outside += own
    if (looser.stats.linkDensity(element) > maxProseLinkDensity || (heading !== undefined && !isTitle(heading))) other += own
  }
  return headed === true && outside > 0 && other >= minOtherShare * outside
}
