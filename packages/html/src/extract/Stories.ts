/**
 * The page's own story among stories alike. Pages that load the next articles as the reader
 * scrolls (and pages that print several entries one after the other) set each article in a
 * block of its own, alike (`<article>` after `<article>`, `<div class="post">` after `<div
 * class="post">`), each with its heading and its prose. The scored extraction then keeps them
 * all (they score as siblings) or the longest (not the page's). The page names its story: the
 * story whose heading is the page's title is the content, the others are not.
 */
import type { BlockStats } from "./BlockStats.ts"
import { minContentChars, maxProseLinkDensity } from "./ContentMeasures.ts"
import { attr, type DomElement, elementChildren, isAncestorOf, textOf, walkElements } from "./Dom.ts"

/** Paragraphs a story holds at least: one is a teaser's blurb, not an article. */
const minStoryParagraphs = 2

/** Heading tags a story's title (and the heading naming the page) is written in. */
export const titleTags: ReadonlySet<string> = new Set(["h1", "h2", "h3"])

/** A heading this long at most is read (a title is short; a longer heading is not one). */
const maxHeadingChars = 300

/**
 * Whether an element reads as a story: a heading, and prose beside it of at least
 * {@link minContentChars} characters in {@link minStoryParagraphs} paragraphs, not link-dense.
 */
const isStory = (element: DomElement, stats: BlockStats): boolean => {
  if (stats.isRemoved(element)) return false
  const own = stats.of(element)
  return own.headingText > 0 && own.paragraphs >= minStoryParagraphs && own.text - own.headingText >= minContentChars && stats.linkDensity(element) < maxProseLinkDensity
}

/** The first heading ({@link titleTags}) inside `element` (or `element` itself) that is not removed, in page order. */
const firstHeading = (element: DomElement, stats: BlockStats): DomElement | undefined => {
  if (stats.isRemoved(element)) return undefined
  if (titleTags.has(element.name)) return element
  let found: DomElement | undefined
  walkElements(element, (node) => {
    if (found !== undefined || stats.isRemoved(node)) return false
    if (titleTags.has(node.name)) found = node
    return found === undefined
  })
  return found
}

/** Letters and digits of a text, lower-cased, words separated by one space: how a heading is compared with the page's titles. */
export const normalizedTitle = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()

/**
 * A heading names the page when it is one of the page's titles, letters and digits alike: a
 * section's heading that merely holds the title's words (`Why flexbox?` on a page titled
 * `Flexbox`) does not.
 */
const namesPage = (heading: string, titles: ReadonlyArray<string>): boolean => heading !== "" && titles.includes(heading)

/** Whether `a` and `b` overlap: one holds the other. */
const overlap = (a: DomElement, b: DomElement): boolean => a === b || isAncestorOf(a, b) || isAncestorOf(b, a)

/**
 * The containers narrowed to the page's own story, or `undefined` when they need not be.
 * Contract: a group is the children of one parent that are stories ({@link isStory}); when
 * exactly one story of a group has a first heading naming the page ({@link namesPage} with
 * `titles`, the page's title, `og:title` and headline), and the containers overlap another
 * story of that group alike to it (same tag and class, first heading in the same tag: an
 * article whose first section holds its `h1` and the others an `h2` is one article), so that
 * they hold several stories or one that is not the page's, the page's story replaces them:
 * its best-scored candidate (by `scores`) when that holds {@link minBodyShare} of its text,
 * else the story whole. The first such group in page order decides. Pages without titles, or
 * whose containers lie inside the page's story, are unchanged.
 */
export const pageStory = (
  containers: ReadonlyArray<DomElement>,
  titles: ReadonlyArray<string>,
  stats: BlockStats,
  scores: ReadonlyMap<DomElement, number>
): Array<DomElement> | undefined => {
  const wanted = titles.map(normalizedTitle).filter((title) => title !== "")
  if (wanted.length === 0 || containers.length === 0) return undefined
  for (const parent of stats.elements) {
    if (stats.isRemoved(parent) || stats.of(parent).headingText === 0) continue
    const stories = elementChildren(parent).filter((child) => isStory(child, stats))
    if (stories.length < 2) continue
    const named = stories.filter((story) => {
      const heading = firstHeading(story, stats)
      return heading !== undefined && namesPage(normalizedTitle(textOf(heading, maxHeadingChars)), wanted)
    })
    if (named.length !== 1) continue
    const own = named[0] as DomElement
    const ownHeading = (firstHeading(own, stats) as DomElement).name
    const alike = stories.filter((story) => story.name === own.name && attr(story, "class") === attr(own, "class") && firstHeading(story, stats)?.name === ownHeading)
    const others = alike.filter((story) => story !== own && containers.some((container) => overlap(container, story)))
    if (others.length === 0) continue
    return [bestInside(own, stats, scores)]
  }
  return undefined
}

/** A story's best-scored candidate holding at least this share of its text stands for it (its body, without its heading). */
const minBodyShare = 0.7

/** The best-scored candidate inside `story` holding {@link minBodyShare} of its text, else the story. */
const bestInside = (story: DomElement, stats: BlockStats, scores: ReadonlyMap<DomElement, number>): DomElement => {
  let best: DomElement | undefined
  let bestScore = Number.NEGATIVE_INFINITY
  const text = stats.of(story).text
  for (const [element, score] of scores) {
    if (score > bestScore && element !== story && isAncestorOf(story, element) && !stats.isRemoved(element) && stats.of(element).text >= minBodyShare * text) {
      best = element
      bestScore = score
    }
  }
  return best ?? story
}
