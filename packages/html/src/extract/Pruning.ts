/**
 * Pruning before scoring: what the page's statistics lose before any candidate is scored.
 * Elements that are never content, whatever the attempt ({@link isNeverContent}: chrome tags
 * and roles, hidden elements, widgets), or page chrome judged once the page is measured
 * ({@link pruneChromeButFrames}, which keeps chrome that is the page's frame); the hover cards of
 * links inside paragraphs ({@link pruneHoverCards}); and, per attempt ({@link statsFor}), the
 * elements the strictest attempt strips ({@link isStrippedWhenStrict}) and the sections a
 * boilerplate heading opens ({@link boilerplateSection}: "Related articles", "Comments", ...).
 */
import type { PageAttempt } from "./Attempt.ts"
import type { BlockStats } from "./BlockStats.ts"
import { isBoilerplateHeading } from "./BoilerplateHeadings.ts"
import { maxWideningLinkDensity, minScoredParagraphChars } from "./ContentMeasures.ts"
import { attr, type DomElement, type DomParent, isElement, textOf, walkElements } from "./Dom.ts"
import { isUnlikely } from "./Hints.ts"
import { blockTags, chromeRoles, chromeTags, hidingStyle, panelRoles } from "./Prefilter.ts"

/** Tags whose subtrees are never content: page chrome and widgets, and what holds no text to read. */
const neverContentTags: ReadonlySet<string> = new Set([
  ...chromeTags,
  "script", "style", "template", "svg", "math", "embed", "input", "textarea", "option", "head", "link", "meta", "source"
])

/**
 * Whether an element is a panel that its control shows ({@link panelRoles}, labelled by the
 * control through `aria-labelledby`): a collapsed accordion's section or a tab's panel, hidden
 * until a click, whose text is the page's (a guide's steps, a product's specifications).
 */
const isPanel = (element: DomElement): boolean => element.attribs["aria-labelledby"] !== undefined && panelRoles.has(attr(element, "role"))

/**
 * A class that hides an element from sight and keeps it for screen readers, as a whole token of
 * the class attribute: `sr-only` (`is-sr-only`, `h-sr-only`), `visually-hidden`, `visuallyhidden`,
 * `u-hiddenVisually`, `screen-reader-text`, `screen-reader-only` (`wt-screen-reader-only`). Its
 * text is a label for assistive technology ("Skip to content", "Filter controls", "Sale Price
 * USD 55.25", "Open link in a new tab"), which the page does not show. Tailwind's `not-sr-only`
 * undoes it and is not one. Measured on the tuning halves (WCXB +0.0006; ScrapingHub unchanged).
 */
const screenReaderOnlyClass = /(?:^|\s)(?!not-)(?:[\w-]*-)?(?:sr-only|visually-?hidden|hidden-?visually|screen-?reader-(?:text|only))(?=\s|$)/i

/**
 * Whether an element is hidden: `aria-hidden="true"`, a screen-reader-only class
 * ({@link screenReaderOnlyClass}), or the `hidden` attribute or a hiding inline style on an
 * element that is not a panel ({@link isPanel}).
 */
const isHidden = (element: DomElement): boolean => {
  const attribs = element.attribs
  if (attribs["aria-hidden"] === "true") return true
  const className = attribs["class"]
  if (className !== undefined && screenReaderOnlyClass.test(className)) return true
  if (isPanel(element)) return false
  if (attribs["hidden"] !== undefined) return true
  const style = attribs["style"]
  return style !== undefined && hidingStyle.test(style)
}

/** Whether an element is page chrome: a {@link chromeTags} tag or a {@link chromeRoles} role. */
const isChrome = (element: DomElement): boolean => {
  if (chromeTags.has(element.name)) return true
  const role = attr(element, "role")
  return role !== "" && chromeRoles.has(role)
}

/** Whether an element is never content, whatever the attempt: chrome tags, hidden elements, chrome roles. */
export const isNeverContent = (element: DomElement): boolean => {
  if (element.type !== "tag" || neverContentTags.has(element.name)) return true
  if (isHidden(element)) return true
  const role = attr(element, "role")
  return role !== "" && chromeRoles.has(role)
}

/** {@link isNeverContent} but for page chrome, which {@link pruneChromeButFrames} judges once the page is measured. */
export const isNeverContentButChrome = (element: DomElement): boolean => !isChrome(element) && isNeverContent(element)

/**
 * An element that holds at least this share of the page's text, without being link-dense
 * (below {@link maxWideningLinkDensity}), is the page's frame, not boilerplate: its class or id
 * naming boilerplate (`page-frame with_header`) does not get it stripped, nor does a `header`
 * tag (a forum's `replies` wrapper, a store's frame). A menu that long is link-dense and is
 * still stripped.
 */
const minFrameShare = 0.5

/** Whether an element is the page's frame ({@link minFrameShare}): most of the page's text, not link-dense. */
export const isPageFrame = (element: DomElement, body: DomElement, page: BlockStats): boolean =>
  page.of(element).text >= minFrameShare * page.of(body).text && page.linkDensity(element) < maxWideningLinkDensity

/**
 * Prunes the page chrome of a page measured with chrome kept (`PageHints.revealChrome`),
 * but for chrome that is the page's frame ({@link isPageFrame}: an unclosed `<aside>` holding
 * the rest of the page, most of its text and not link-dense). Outer elements are judged first,
 * so the menus inside such a frame are pruned.
 */
export const pruneChromeButFrames = (body: DomElement, page: BlockStats): void => {
  for (const element of page.elements) {
    if (page.isRemoved(element) || !isChrome(element) || element === body) continue
    if (!isPageFrame(element, body, page)) page.remove(element)
  }
}

/**
 * Whether an attempt that strips unlikely elements prunes this (kept) element: an element whose
 * class or id names boilerplate, or a `header` but a section's header ({@link isSectionHeader}).
 */
export const isStrippedWhenStrict = (element: DomElement): boolean => (element.name === "header" && !isSectionHeader(element)) || isUnlikely(element)

/** Elements a section's header opens: HTML sets a `header` in them to head them, not the page. */
const sectioningTags: ReadonlySet<string> = new Set(["article", "section"])

/** The headings of a section ({@link isSectionHeader}): all but the page's headline, `h1`. */
const sectionHeaderHeadings: ReadonlySet<string> = new Set(["h2", "h3", "h4", "h5", "h6"])

/**
 * Whether a `header` heads a section of content: it lies inside an `article` or a `section`,
 * holds a section heading (`h2` to `h6`), and no `h1` (the page's headline, with its byline and
 * date, is the page's header). A guide's steps, a review's products and an accordion's panels
 * open with such headers (`<header><h3>Choose the right pot</h3></header>`): their headings are
 * the article's text. A post's header in a thread ("#1", "Thread starter") holds no heading.
 */
const isSectionHeader = (element: DomElement): boolean => {
  let inside = false
  for (let node = element.parent; node !== null && isElement(node) && !inside; node = node.parent) inside = sectioningTags.has(node.name)
  if (!inside) return false
  let headline = false
  let heading = false
  walkElements(element, (child) => {
    if (child.name === "h1") headline = true
    else if (sectionHeaderHeadings.has(child.name)) heading = true
    return !headline
  })
  return heading && !headline
}

/** Heading tags checked against {@link isBoilerplateHeading}. */
const sectionHeadingTags: ReadonlySet<string> = new Set(["h2", "h3", "h4"])

/** Longest heading text (characters) checked against {@link isBoilerplateHeading}. */
const maxBoilerplateHeadingChars = 60

/** A heading's rank: 1 for `h1` to 6 for `h6`, `undefined` for other elements. */
const headingRank = (element: DomElement): number | undefined => (/^h[1-6]$/.test(element.name) ? Number(element.name[1]) : undefined)

/**
 * The section a boilerplate heading opens: its parent when the heading is the parent's first
 * element; else the heading and the subsections under it that follow it in its parent (the
 * "Most popular" list a print page sets inside the article's container: headings of a lower
 * rank, each with the blocks after it), up to a heading of its rank or higher, or a block
 * before any such subheading (the article going on); empty for other elements.
 */
export const boilerplateSection = (element: DomElement, body: DomElement): ReadonlyArray<DomElement> => {
  if (!sectionHeadingTags.has(element.name)) return []
  const text = textOf(element, maxBoilerplateHeadingChars + 1).replace(/[:.!?…]+$/, "")
  if (text.length > maxBoilerplateHeadingChars || !isBoilerplateHeading(text)) return []
  const parent = element.parent
  if (parent === null || !isElement(parent) || parent === body) return [element]
  const siblings = parent.children.filter((child): child is DomElement => isElement(child))
  if (siblings[0] === element) return [parent]
  const rank = headingRank(element) as number
  const section = [element]
  let underSubheading = false
  for (const sibling of siblings.slice(siblings.indexOf(element) + 1)) {
    const siblingRank = headingRank(sibling)
    if (siblingRank !== undefined && siblingRank <= rank) break
    if (siblingRank === undefined && !underSubheading) break
    underSubheading = true
    section.push(sibling)
  }
  return section
}

/**
 * The statistics an attempt works on: a fork of the page's statistics (never-content elements
 * pruned), less the unlikely elements when the attempt strips them, and less the sections
 * boilerplate headings open when it strips unlikely elements or the page declares itself an
 * article (a comments section or an author's biography is never the article, however short
 * the article is).
 */
export const statsFor = (page: BlockStats, unlikely: ReadonlyArray<DomElement>, sections: ReadonlyArray<DomElement>, attempt: PageAttempt): BlockStats => {
  const stats = page.fork()
  if (attempt.stripUnlikely) for (const element of unlikely) stats.remove(element)
  if (attempt.stripUnlikely || attempt.declaresArticle) for (const element of sections) stats.remove(element)
  return stats
}

/**
 * An inline element inside a paragraph of prose holding at least this many characters, nearly
 * all of them links ({@link minHoverCardLinkDensity}), is a hover card (a person's or a topic's
 * card of links that a script shows over the name it follows), not the paragraph's text.
 */
const minHoverCardChars = 100

/** Link density from which an inline element inside prose is a hover card ({@link minHoverCardChars}). */
const minHoverCardLinkDensity = 0.9

/**
 * Prunes the hover cards of a page (inline elements inside prose paragraphs, at least
 * {@link minHoverCardChars} long and {@link minHoverCardLinkDensity} links: a card of links a
 * script shows over the name it follows), deepest first, before anything is scored: the card's
 * links would count against the paragraphs around them, and the article's container would
 * score below an ancestor holding the page's chrome.
 */
export const pruneHoverCards = (page: BlockStats): void => {
  const elements = page.elements
  for (let i = elements.length - 1; i >= 0; i--) {
    const element = elements[i] as DomElement
    if (blockTags.has(element.name) || element.name === "a" || page.isRemoved(element)) continue
    if (page.of(element).text >= minHoverCardChars && page.linkDensity(element) >= minHoverCardLinkDensity && isInsideProseParagraph(element, page)) page.remove(element)
  }
}

/**
 * Whether an inline element sits in a paragraph (`p`, its nearest block ancestor) that holds
 * prose outside it: at least {@link minScoredParagraphChars} characters not in links.
 */
const isInsideProseParagraph = (element: DomElement, stats: BlockStats): boolean => {
  let node: DomParent | null = element.parent
  while (node !== null && isElement(node) && !blockTags.has(node.name)) node = node.parent
  if (node === null || !isElement(node) || node.name !== "p") return false
  const paragraph = stats.of(node)
  const own = stats.of(element)
  return paragraph.text - own.text - (paragraph.linkText - own.linkText) >= minScoredParagraphChars
}
