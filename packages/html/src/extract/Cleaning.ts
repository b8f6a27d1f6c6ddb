/**
 * Conditional cleaning of the chosen container: what is removed from inside the scored
 * containers before their text is written ({@link cleanBlocks}). Link-dense, form-like and
 * image-only blocks, page furniture (bylines, captions, share bars, skip links and placeholders),
 * short notices (calls to follow or subscribe, copyright lines) and filing lines ("Tags: ..."),
 * on declared articles paragraphs and lists that are linked headlines of other articles
 * (teasers), and last the headings whose section went or that the content ends on. The
 * containers themselves and their ancestors stay. The blocks of a baseline read in place of a
 * scored result lose the same headlines, captions and short boilerplate
 * ({@link cleanBaselineBlocks}), and the writer drops the notices written as lines of a larger
 * block ({@link noticeLines}).
 */
import type { PageAttempt } from "./Attempt.ts"
import { type BlockStats, childrenWithText } from "./BlockStats.ts"
import { maxWideningLinkDensity, minContentChars, minProseParagraphChars, minScoredParagraphChars } from "./ContentMeasures.ts"
import { isBoilerplateHeading, isBoilerplateLead } from "./BoilerplateHeadings.ts"
import { isDateLine } from "./DateLines.ts"
import { attr, type DomElement, type DomNode, isElement, isWhiteSpaceUnit, textOf, walkElements } from "./Dom.ts"
import { classAndId, classHintWeight, classWeight, furnitureHint, shareHint } from "./Hints.ts"
import { isFilingLine, isFurnitureLabel, isNotice } from "./Notices.ts"
import type { LineFilter } from "./ParagraphWriter.ts"
import { blockTags } from "./Prefilter.ts"

/**
 * On a declared article, a paragraph holding at least this share of its text in links, written
 * as a headline ({@link isHeadline}), is a teaser of another article set between the
 * paragraphs ("SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'", "You may also like" and
 * its links, "SEE MORE: ..."), not prose. Measured on ScrapingHub's tuning half (0.95 gains
 * less; WCXB's articles count some such links as content and change little either way).
 */
const minTeaserLinkDensity = 0.8

/** A teaser paragraph ({@link minTeaserLinkDensity}) holds at least this many words: shorter links are calls to action ("Learn more"). */
const minTeaserWords = 4

/** A web address or a domain name: a paragraph linking one is a cited source, not a teaser. */
const webAddress = /https?:\/\/|www\.|\.(?:com|org|net|gov|edu)\b/i

/** The end of a sentence: a full stop or an exclamation mark, maybe inside quotes or brackets. */
const sentenceEnd = /[.!]["'”’)]*$/

/**
 * Whether a paragraph's text reads as a headline: {@link minTeaserWords} words or more, no web
 * address, no {@link price}, and not ending as a sentence does (a sentence mostly linked, "Read
 * the council's report here.", is prose).
 */
const isHeadline = (text: string): boolean => !webAddress.test(text) && !sentenceEnd.test(text) && !price.test(text) && text.split(" ").length >= minTeaserWords

/** A price: a currency sign beside a number. A linked offer ("Get it at the store for $549") is a deals post's content, not a teaser. */
const price = /[$€£¥]\s?\d|\d\s?[$€£¥]/

/** Whether a paragraph of a declared article is a teaser of another article ({@link minTeaserLinkDensity}). */
const isTeaserParagraph = (element: DomElement, stats: BlockStats, attempt: PageAttempt): boolean =>
  attempt.declaresArticle && element.name === "p" && stats.of(element).text > 0 && stats.linkDensity(element) >= minTeaserLinkDensity && isHeadline(textOf(element))

/**
 * Whether a list (`ul`, `ol`) of a declared article holds only teasers of other articles or
 * only tags: every item holding text is at least {@link minTeaserLinkDensity} links, and either
 * every one is a tag ({@link maxTagWords} words at most) or every one is written as a headline
 * ({@link isHeadline}). The "More on this story" links set between an article's paragraphs or
 * after its last one, and the topics the article is filed under; a list of cited sources (web
 * addresses) or of linked sentences stays.
 */
const isTeaserList = (element: DomElement, stats: BlockStats, attempt: PageAttempt): boolean => {
  if (!attempt.declaresArticle || (element.name !== "ul" && element.name !== "ol") || stats.of(element).text === 0) return false
  let tags = true
  let headlines = true
  for (const item of element.children) {
    if (!isElement(item) || stats.isRemoved(item) || stats.of(item).text === 0) continue
    if (item.name !== "li" || stats.linkDensity(item) < minTeaserLinkDensity) return false
    const text = textOf(item)
    tags &&= text.trim().split(/\s+/).length <= maxTagWords
    headlines &&= isHeadline(text)
    if (!tags && !headlines) return false
  }
  return true
}

/** A linked list item of at most this many words is a tag or a category ("Asia Pacific", "Xi Jinping"), not a headline. */
const maxTagWords = 3

/** Longest block (characters) read as a notice ({@link isNoticeBlock}): longer ones are prose that mentions a newsletter. */
const maxNoticeChars = 300

/**
 * Whether a block is a short notice ({@link isNotice}: a call to follow, subscribe or write to
 * the author, a copyright line) of at most {@link maxNoticeChars}: the lines set after an
 * article or between its paragraphs, which are the site's, not the article's.
 */
const isNoticeBlock = (element: DomElement, text: ShortText, englishOnly: boolean): boolean => blockTags.has(element.name) && text.notice(englishOnly)

/** Longest block (characters) read as a boilerplate line ({@link isBoilerplateLine}). */
const maxBoilerplateLineChars = 200

/**
 * Whether a block is a boilerplate line: a short block (at most {@link maxBoilerplateLineChars})
 * whose whole text is a boilerplate heading written as a paragraph ("<p><b>Auch interessant:</b></p>"
 * before a list of links), or that opens with one and a colon before a link to another article
 * ("Lesen Sie auch: <a>...</a>", "Le puede interesar: ...").
 */
const isBoilerplateLine = (element: DomElement, stats: BlockStats, text: ShortText): boolean => {
  const own = stats.of(element)
  if (own.text > maxBoilerplateLineChars || !blockTags.has(element.name)) return false
  return text.heading() || (own.linkText > 0 && text.lead())
}

/** Longest block (characters) read as a date line ({@link isDateLine}). */
const maxDateLineChars = 60

/** Blocks that hold a table's or a list's data: a date there is a value (a row's date, an event's), not a date line. */
const dataBlockTags: ReadonlySet<string> = new Set(["table", "tbody", "thead", "tfoot", "tr", "td", "th", "li", "dl", "dt", "dd"])

/**
 * Whether an element is a date line ({@link isDateLine}: "Aktualisiert: 11.04.2020, 10:27"), at
 * most {@link maxDateLineChars} long: a block that is not a table's or a list's data
 * ({@link dataBlockTags}), or, on a declared article, a `time` element outside a paragraph
 * (inside one, it is the sentence's date; on a listing, each item's date is part of the item).
 */
const isDateBlock = (element: DomElement, stats: BlockStats, attempt: PageAttempt, text: ShortText): boolean => {
  if (stats.of(element).text > maxDateLineChars) return false
  const isLine = element.name === "time" ? attempt.declaresArticle && !isInsideParagraph(element) : blockTags.has(element.name) && !dataBlockTags.has(element.name)
  return isLine && text.date()
}

/**
 * Whether a block is a filing line ({@link isFilingLine}: "Filed under: Politics", "Tags: ...")
 * that is neither a list nor a table's or a list's data ({@link dataBlockTags}): there,
 * "Kategorie: ..." is one field of the item's details, and the list's text opens with it.
 */
const isFilingBlock = (element: DomElement, text: ShortText): boolean =>
  blockTags.has(element.name) && !dataBlockTags.has(element.name) && element.name !== "ul" && element.name !== "ol" && text.filing()

/** Longest inline element (characters) read as a furniture label ({@link isFurnitureLabel}). */
const maxFurnitureLabelChars = 80

/** Shortest one ("Anzeige", "Loading"). */
const minFurnitureLabelChars = 6

/**
 * Whether a link or a span holding text alone is a furniture label ({@link isFurnitureLabel}:
 * "Skip to content", "Loading...", "Sponsored"). Blocks are read for these with the notices
 * ({@link isShortBoilerplate}).
 */
const isFurnitureLabelElement = (element: DomElement): boolean => {
  if ((element.name !== "a" && element.name !== "span") || element.children.length !== 1) return false
  const only = element.children[0] as DomNode
  return only.type === "text" && only.data.length >= minFurnitureLabelChars && only.data.length <= maxFurnitureLabelChars && isFurnitureLabel(only.data)
}

/** White space that collapsing would change: any but a single plain space between words. */
const untidySpace = /[^\S ]| {2}|^ | $/

/**
 * What a short block's text says, read once for the checks of short blocks: `raw` is the text as
 * written ({@link textOfElement}); the rest is worked out when first asked and kept.
 */
class ShortText {
  readonly raw: string
  private lineText: string | undefined
  private noticeVerdict: boolean | undefined
  private englishNoticeVerdict: boolean | undefined
  private headingVerdict: boolean | undefined
  private leadVerdict: boolean | undefined
  private dateVerdict: boolean | undefined

  constructor(raw: string) {
    this.raw = raw
  }

  /** The text trimmed, its white space collapsed. */
  line(): string {
    return (this.lineText ??= untidySpace.test(this.raw) ? this.raw.trim().replace(/\s+/g, " ") : this.raw)
  }

  /** Whether it holds a notice phrase ({@link isNotice}), of any language or (`englishOnly`) of English. */
  notice(englishOnly: boolean): boolean {
    return englishOnly ? (this.englishNoticeVerdict ??= isNotice(this.raw, { englishOnly })) : (this.noticeVerdict ??= isNotice(this.raw))
  }

  /** Whether, its closing punctuation stripped, it is a boilerplate heading. */
  heading(): boolean {
    return (this.headingVerdict ??= isBoilerplateHeading(this.line().replace(/[:.!?…]+$/, "")))
  }

  /** Whether it opens with a boilerplate heading and a colon. */
  lead(): boolean {
    return (this.leadVerdict ??= isBoilerplateLead(this.line()))
  }

  /** Whether it is a date line ({@link isDateLine}). */
  date(): boolean {
    return (this.dateVerdict ??= isDateLine(this.line()))
  }

  /** Whether it opens with a filing label ({@link isFilingLine}), read on the raw text (the label's own white space does not matter). */
  filing(): boolean {
    return isFilingLine(this.raw)
  }
}

const shortTextOf = (element: DomElement): ShortText => new ShortText(textOfElement(element))

/**
 * Whether a short block (text of at most {@link maxNoticeChars}) is the site's, not the
 * article's: a notice ({@link isNoticeBlock}), a boilerplate line ({@link isBoilerplateLine}), a
 * date line ({@link isDateBlock}) or a filing line ({@link isFilingBlock}). Its text is read once
 * for the four.
 */
const isShortBoilerplate = (element: DomElement, stats: BlockStats, attempt: PageAttempt, englishOnly: boolean): boolean => {
  const length = stats.of(element).text
  if (length === 0 || length > maxNoticeChars || !(blockTags.has(element.name) || element.name === "time")) return false
  const text = shortTextOf(element)
  return isNoticeBlock(element, text, englishOnly) || isBoilerplateLine(element, stats, text) || isDateBlock(element, stats, attempt, text) || isFilingBlock(element, text)
}

/**
 * Removes from `stats` the baseline's blocks (`Baseline.ts`, read as the page's content in place
 * of a scored result) that the cleaning of a scored container removes whatever their class:
 * headlines (`h1`), captions (`figcaption`) and short boilerplate ({@link isShortBoilerplate}:
 * notices, boilerplate lines, date lines). The baseline takes every paragraph-like block of
 * the page, so an article's "Follow us", "Subscribe to our newsletter" and "Updated" lines come
 * with it unless dropped here.
 */
export const cleanBaselineBlocks = (blocks: ReadonlyArray<DomElement>, stats: BlockStats, attempt: PageAttempt): void => {
  const englishOnly = blocks[0] !== undefined && declaresEnglish(blocks[0])
  for (const block of blocks) {
    if ((attempt.declaresArticle && (block.name === "h1" || block.name === "figcaption")) || isShortBoilerplate(block, stats, attempt, englishOnly)) stats.remove(block)
  }
}

/** Whether an element's nearest block ancestor is a paragraph (`p`). */
const isInsideParagraph = (element: DomElement): boolean => {
  let node = element.parent
  while (node !== null && isElement(node) && !blockTags.has(node.name)) node = node.parent
  return node !== null && isElement(node) && node.name === "p"
}

/** A block (not a list) without a positive class hint is removed above this link density. */
const maxLinkDensity = 0.2

/**
 * Furniture-hinted elements shorter than this (characters) are removed from the content. A
 * news photo's caption names everyone in the picture, the place and the date, and runs past
 * 300 characters; 500 (as long as {@link minContentChars}) changes no tuning-half page for the
 * worse on ScrapingHub and leaves WCXB's mean unchanged.
 */
const maxFurnitureChars = 500

/**
 * The text below an element, white space as written, its text nodes joined by a space where
 * neither side has white space already: a phrase broken by inline markup ("Follow Site on
 * <a>Twitter</a>") reads with single spaces, as the notice phrases are written.
 */
const textOfElement = (element: DomElement): string => {
  let text = ""
  const stack: Array<DomNode> = [...element.children].reverse()
  while (stack.length > 0) {
    const node = stack.pop() as DomNode
    if (node.type === "text") {
      const data = node.data
      if (text !== "" && data !== "" && !isWhiteSpaceUnit(text.charCodeAt(text.length - 1)) && !isWhiteSpaceUnit(data.charCodeAt(0))) text += " "
      text += data
    } else if (node.type === "tag") for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as DomNode)
  }
  return text
}

/** A language tag of English (`en`, `en-GB`). */
const englishTag = /^en(?:-|$)/i

/** Whether the document holding `element` declares itself English (`<html lang="en-US">`): its notices are then read in English only. */
const declaresEnglish = (element: DomElement): boolean => {
  let top = element
  while (top.parent !== null && isElement(top.parent)) top = top.parent
  return englishTag.test(attr(top, "lang").trim())
}

/**
 * The lines a writer drops from the paragraphs that `<br>`s cut into lines
 * (`ParagraphWriter.ts`): short notices ({@link isNotice}, at most {@link maxNoticeChars}),
 * read in English only on a page that declares itself English. The cleaning of blocks finds
 * the notices written as blocks of their own; these are written as lines of a larger block
 * ("...Działamy w całej Polsce.<br><br>Informujemy, że korzystamy z cookies.").
 */
export const noticeLines = (root: DomElement): LineFilter => {
  const englishOnly = declaresEnglish(root)
  return (line) => line.length <= maxNoticeChars && isNotice(line, { englishOnly })
}

/**
 * Whether a list (`ul`, `ol`) owes a negative score to its tag alone: no negative class or id
 * name and not link-dense (at most {@link maxLinkDensity}). A list's tag weighs against it, and
 * the items long enough to score add to it, so a short list of the article's points with one
 * or two longer items ("New tasks for the game!", "More questions for your opponent") scores
 * below zero where a list without such items scores nothing: neither is a menu.
 */
const isProseList = (element: DomElement, weight: number, stats: BlockStats): boolean =>
  (element.name === "ul" || element.name === "ol") && weight >= 0 && stats.linkDensity(element) <= maxLinkDensity

/** Tags of the blocks cleaned conditionally (by their class weight, links, images, inputs and lists). */
const conditionalTags: ReadonlySet<string> = new Set(["form", "fieldset", "table", "ul", "ol", "div", "section"])

/**
 * Whether a block is long (at least {@link minContentChars}) and not link-dense (below
 * {@link maxWideningLinkDensity}): on a page whose container was widened, such a block stays
 * whatever its class or id names. The widening took it in as content, and page builders name
 * the sections of a service or product page `widget`, `meta` or `*-hidden`; a long block of
 * text that is not links is not the boilerplate those names usually mark. On a declared
 * article, such a block is not removed for its links ({@link maxLinkDensity}): it is the
 * article's body with a box of related links inside it (a short article's body beside six
 * links reads 0.31 in links), not a menu.
 */
const isLongProseBlock = (element: DomElement, stats: BlockStats): boolean =>
  stats.of(element).text >= minContentChars && stats.linkDensity(element) < maxWideningLinkDensity

/**
 * Link density below which a block written as one paragraph ({@link isWrittenParagraph}) is
 * prose with links in it, as a `p` is: at half its text in links or more, it is a line of links
 * (tags, "Related: ...").
 */
const maxParagraphLinkDensity = 0.5

/**
 * Whether a block is a paragraph of prose written in other tags than `p`, among the article's
 * paragraphs written alike: it is one paragraph ({@link isOneParagraph}) of at least
 * {@link minProseParagraphChars} characters, below {@link maxParagraphLinkDensity} in links, no
 * heading and no list, and its outermost wrapper (the block holding it alone, up to the one whose
 * parent holds more) stands beside a block of the same tag and class that is one paragraph of
 * prose too, below the link density of a block ({@link maxLinkDensity}). Such a paragraph is not
 * removed for the links in it (a `p` never is): a body written in `div`s
 * (`<div>Posted by the analysts at <a>Digital Foundry</a>, ...</div>`) or with each `p` wrapped
 * (`<div class="paragraph"><div><p>`) loses the sentences citing their sources otherwise. A
 * lone block of text with links (a signature, a pitch, a topic's blurb) is judged as a block.
 */
const isWrittenParagraph = (element: DomElement, stats: BlockStats, density: number): boolean => {
  const own = stats.of(element)
  if (density >= maxParagraphLinkDensity || own.text < minProseParagraphChars || own.headingText > 0 || own.listText > 0) return false
  if (!isOneParagraph(element, stats)) return false
  // The paragraph's outermost wrapper, whose siblings are the article's other paragraphs.
  let outer = element
  let siblings: Array<DomElement> = []
  for (;;) {
    const parent = outer.parent
    if (parent === null || !isElement(parent)) return false
    siblings = childrenWithText(parent, stats)
    if (siblings.length > 1 || stats.of(parent).inlineText > 0) break
    outer = parent
  }
  const at = siblings.indexOf(outer)
  const isProseBeside = (sibling: DomElement | undefined): boolean =>
    sibling !== undefined &&
    sibling.name === outer.name &&
    attr(sibling, "class") === attr(outer, "class") &&
    stats.of(sibling).text >= minProseParagraphChars &&
    stats.linkDensity(sibling) < maxLinkDensity &&
    isOneParagraph(sibling, stats)
  return isProseBeside(siblings[at - 1]) || isProseBeside(siblings[at + 1])
}

/**
 * Whether a block is one paragraph: it holds text and no block (a `div` written as a paragraph),
 * or wraps, through blocks of one child holding text each and no text of their own, such a block
 * or a `p` holding no block.
 */
const isOneParagraph = (element: DomElement, stats: BlockStats): boolean => {
  let node = element
  for (;;) {
    if (!stats.of(node).hasBlock) return true
    if (stats.of(node).inlineText > 0) return false
    let only: DomElement | undefined
    for (const child of node.children) {
      if (!isElement(child) || stats.isRemoved(child) || stats.of(child).text === 0) continue
      if (only !== undefined) return false
      only = child
    }
    if (only === undefined || !blockTags.has(only.name)) return false
    if (only.name === "p") return !stats.of(only).hasBlock
    node = only
  }
}

/**
 * Removes link-dense, form-like or image-only blocks, notices ({@link isNoticeBlock}), furniture
 * labels ({@link isFurnitureLabelElement}) and teaser paragraphs ({@link isTeaserParagraph})
 * below `root` (deepest first), then the teaser lists ({@link isTeaserList}) left, then the
 * headings whose section was removed ({@link isOrphanHeading}) and the heading the content
 * ends on ({@link trailingHeading}); the
 * `kept` elements (the scored and the widened containers, and their ancestors) stay. On pages
 * not declared articles, {@link isLongProseBlock} blocks are not removed for a negative class
 * or id name; on declared articles, they are not removed for their link density; nor, on any
 * page, are paragraphs written in other tags among paragraphs alike ({@link isWrittenParagraph}).
 */
export const cleanBlocks = (root: DomElement, kept: ReadonlySet<DomElement>, stats: BlockStats, scores: Map<DomElement, number>, attempt: PageAttempt): void => {
  const englishOnly = declaresEnglish(root)
  const inside: Array<DomElement> = []
  walkElements(root, (element) => {
    if (stats.isRemoved(element)) return false
    inside.push(element)
  })
  for (let i = inside.length - 1; i >= 0; i--) {
    const element = inside[i] as DomElement
    if (stats.isRemoved(element) || kept.has(element)) continue
    const own = stats.of(element)
    // The class and id names are read only by the share and furniture hints: short elements, in the strictest attempt.
    const hints = attempt.stripUnlikely && own.text < Math.max(minContentChars, maxFurnitureChars) ? classAndId(element) : ""
    if (attempt.stripUnlikely && own.text < minContentChars && shareHint.test(hints)) {
      stats.remove(element)
      continue
    }
    if (element.name === "h1" || element.name === "figcaption" || (element.name === "noscript" && own.text < maxFurnitureChars) || ((element.name === "h2") && classWeight(element, attempt) < 0)) {
      stats.remove(element)
      continue
    }
    if (attempt.stripUnlikely && own.text < maxFurnitureChars && furnitureHint.test(hints) && !/(?:^|\s)(?:article|entry|post)-?(?:body|content|text)/i.test(hints)) {
      stats.remove(element)
      continue
    }
    if (isTeaserParagraph(element, stats, attempt) || isShortBoilerplate(element, stats, attempt, englishOnly) || isFurnitureLabelElement(element)) {
      stats.remove(element)
      continue
    }
    if (!attempt.cleanConditionally || !conditionalTags.has(element.name)) continue
    const weight = classWeight(element, attempt)
    if (weight + (scores.get(element) ?? 0) < 0 && !(!attempt.declaresArticle && isLongProseBlock(element, stats)) && !isProseList(element, weight, stats)) {
      stats.remove(element)
      continue
    }
    if (own.commas >= 10) continue
    const isList = element.name === "ul" || element.name === "ol" || (own.text > 0 && own.listText / own.text > 0.9)
    const density = stats.linkDensity(element)
    const headingDensity = own.text === 0 ? 0 : own.headingText / own.text
    const tooManyImages = own.images > 1 && own.paragraphs / own.images < 0.5
    const remove =
      tooManyImages ||
      (!isList && own.listItems - 100 > own.paragraphs) ||
      own.inputs > Math.floor(own.paragraphs / 3) ||
      (!isList && headingDensity < 0.9 && own.text < minScoredParagraphChars && (own.images === 0 || own.images > 2)) ||
      (!isList && weight < classHintWeight && density > maxLinkDensity && !(attempt.declaresArticle && isLongProseBlock(element, stats)) && !isWrittenParagraph(element, stats, density)) ||
      (weight >= classHintWeight && density > 0.5) ||
      (own.embeds === 1 && own.text < 75) ||
      own.embeds > 1
    if (remove) stats.remove(element)
  }
  // Teaser lists go last: removed first, they would leave the blocks holding them (a site
  // index's columns of a heading, a blurb and links) no longer link-dense, and kept.
  for (const element of inside) if (!stats.isRemoved(element) && !kept.has(element) && isTeaserList(element, stats, attempt)) stats.remove(element)
  for (const element of inside) if (sectionHeadingTags.has(element.name) && !stats.isRemoved(element) && !kept.has(element) && isOrphanHeading(element, stats)) stats.remove(element)
  const trailing = trailingHeading(root, inside, stats)
  if (trailing !== undefined && !kept.has(trailing)) stats.remove(trailing)
}

/** Whether no text follows `node` within its parent: later siblings are white space, removed, or hold no text. */
const endsItsParent = (node: DomNode, stats: BlockStats): boolean => {
  const parent = node.parent
  if (parent === null) return true
  for (let i = parent.children.indexOf(node) + 1; i < parent.children.length; i++) {
    const sibling = parent.children[i] as DomNode
    if (sibling.type === "text") {
      if (sibling.data.trim() !== "") return false
    } else if (isElement(sibling) && !stats.isRemoved(sibling) && stats.of(sibling).text > 0) return false
  }
  return true
}

/**
 * The section heading that ends the content below `root` (no text follows it there), if the
 * last element holding text is one: a heading whose section went ("Topics" over a list of tag
 * links cut before the cleaning, "Watch" over a video player) is not content, and an article never ends
 * on a heading. A heading written as a sentence ("The story goes on.") is the article's last line.
 */
const trailingHeading = (root: DomElement, inside: ReadonlyArray<DomElement>, stats: BlockStats): DomElement | undefined => {
  for (let i = inside.length - 1; i >= 0; i--) {
    const element = inside[i] as DomElement
    if (element === root || stats.isRemoved(element) || stats.of(element).text === 0) continue
    if (!sectionHeadingTags.has(element.name) || sentenceEnd.test(textOf(element).trim())) return undefined
    for (let node: DomElement = element; node !== root; node = node.parent as DomElement) if (!endsItsParent(node, stats)) return undefined
    return element
  }
  return undefined
}

/** Headings that open a section of their parent ({@link isOrphanHeading}). */
const sectionHeadingTags: ReadonlySet<string> = new Set(["h2", "h3", "h4", "h5", "h6"])

/**
 * Whether a heading's section was cleaned away: no text follows it in its parent
 * ({@link endsItsParent}), and an element holding text that followed it was removed ("Topics"
 * over a list of tag links, "Related" over teasers). The heading alone is not content.
 */
const isOrphanHeading = (heading: DomElement, stats: BlockStats): boolean => {
  const parent = heading.parent
  if (parent === null || !endsItsParent(heading, stats)) return false
  for (let i = parent.children.indexOf(heading) + 1; i < parent.children.length; i++) {
    const sibling = parent.children[i] as DomNode
    if (isElement(sibling) && stats.isRemoved(sibling) && textOf(sibling, 1) !== "") return true
  }
  return false
}
