/**
 * Item lists: lists of similar short items that each open with a link or a heading and hold
 * other text beside it, such as teasers of other articles (a linked title and a blurb) or
 * comments (an author's link and the comment), and lists of longer previews of other pages
 * that each close with a "more" link. They are not the article: {@link itemListIn} and
 * {@link dominantListIn} find them below a candidate, {@link proseBesideList} finds the prose
 * chosen instead of a top-scored list, and {@link listedTextBeside} measures the lists beside a
 * container that widening must not take in.
 */
import { type BlockStats, childrenWithText } from "./BlockStats.ts"
import { maxProseLinkDensity, minContentChars } from "./ContentMeasures.ts"
import { attr, type DomElement, type DomNode, type DomParent, elementChildren, isElement, isWithin, walkElements } from "./Dom.ts"
import { opensWithReplyHeader } from "./ReplyHeaders.ts"

/** A list of items (teasers, comments) counts from this many items of one kind. */
const minListItems = 5

/** The items of a list's dominant kind (tag and class) are at least this share of its children holding text. */
const minItemKindShare = 0.6

/** A list's items average at most this many characters: teasers and comments, not an article's sections. */
const maxListItemChars = 800

/**
 * Items longer than {@link maxListItemChars} still make a list when this share of their text
 * is links: the columns of a site index (a heading, a blurb and a list of links each), not an
 * article's sections, whose text is prose. It changes no WCXB or ScrapingHub tuning-half page;
 * the stress suite's site index (about half links) needs it.
 */
const minLongItemLinkDensity = 0.4

/** At least this share of a list's items hold a nested block and a link beside other text (a title or an author's link, and a blurb). */
const minLinkedItemShare = 0.8

/** A list found below an element ({@link itemListIn}) holds at least this share of the element's text. */
const minListShare = 0.7

/**
 * How many levels below an element {@link itemListIn} looks for the list that holds its text.
 * A page's frame nests an article's comments six to ten levels below the wrapper that holds
 * them and the article (measured on the stress suite's comments; 4 missed most of them, and
 * WCXB changes on two pages from 4 to 12).
 */
const maxListDepth = 12

/** Tags whose text labels an item when the item opens with it: a link (a title, an author) or a heading. */
const labelTags: ReadonlySet<string> = new Set(["a", "h1", "h2", "h3", "h4", "h5", "h6"])

/**
 * Whether the first text of an item (removed subtrees skipped) is inside a link or a heading
 * ({@link labelTags}): a teaser opens with its linked title, a comment with its author's link,
 * while a step of a procedure or a paragraph opens with prose (its links come later).
 */
const opensWithLabel = (item: DomElement, stats: BlockStats): boolean => {
  const stack: Array<DomNode> = [...item.children].reverse()
  while (stack.length > 0) {
    const node = stack.pop() as DomNode
    if (node.type === "text") {
      if (node.data.trim() === "") continue
      for (let up: DomParent | null = node.parent; up !== null && isElement(up) && up !== item; up = up.parent) if (labelTags.has(up.name)) return true
      return false
    }
    if (node.type !== "tag" || stats.isRemoved(node)) continue
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as DomNode)
  }
  return false
}

/** A "more" link ({@link endsWithMoreLink}) is at most this long (characters): "Full story", "Read more »", "Weiterlesen". */
const maxMoreLinkChars = 30

/** Link density from which an item's last block is a link ({@link endsWithMoreLink}). */
const minMoreLinkDensity = 0.9

/**
 * Whether an item ends with a "more" link after at least two other blocks holding text (a title
 * and a blurb): its last child holding text is a link, or holds nothing but one, of at most
 * {@link maxMoreLinkChars}. A preview of another page closes so ("Full story", "Read more"); an
 * article's section closes with its prose.
 */
const endsWithMoreLink = (item: DomElement, stats: BlockStats): boolean => {
  let last: DomElement | undefined
  let before = 0
  for (let i = item.children.length - 1; i >= 0 && before < 2; i--) {
    const child = item.children[i] as DomNode
    if (!isElement(child) || stats.isRemoved(child) || stats.of(child).text === 0) continue
    if (last === undefined) last = child
    else before++
  }
  return last !== undefined && before === 2 && stats.of(last).text <= maxMoreLinkChars && stats.linkDensity(last) >= minMoreLinkDensity
}

/** A list of previews ({@link isPreviewList}) counts from this many: fewer than a list of short items ({@link minListItems}), for each is long. */
const minPreviews = 3

/**
 * Whether an element is a list of previews of other pages: at least {@link minPreviews} of its
 * children holding text, and {@link minItemKindShare} of them, open with a label
 * ({@link opensWithLabel}: a linked title, a heading) and end with a "more" link
 * ({@link endsWithMoreLink}), however long each is: "More on this" after an article, each
 * related story's headline, its first paragraphs and "Full story". An article's sections open
 * with a heading but end with their prose. Measured: the stress suite's related previews, 7
 * collapses in 89 pages to 1; the tuning halves unchanged but WCXB, 0.8727 to 0.8731.
 */
const isPreviewList = (element: DomElement, stats: BlockStats): boolean => {
  let children = 0
  let previews = 0
  for (const child of element.children) {
    if (!isElement(child) || stats.isRemoved(child) || stats.of(child).text === 0) continue
    children++
    if (endsWithMoreLink(child, stats) && opensWithLabel(child, stats)) previews++
  }
  return previews >= minPreviews && previews >= minItemKindShare * children
}

/**
 * Whether an element is a list of similar short items that each hold a link and other text in
 * nested blocks and open with a label ({@link opensWithLabel}), or hold nested blocks and open
 * with a reply header ({@link opensWithReplyHeader}: a name and when, unlinked): teasers of
 * other articles (a linked title and a blurb), comments (an author's link, or name and time,
 * and the comment). An article's
 * paragraphs are not (leaf blocks), nor are its sections (longer than {@link maxListItemChars}).
 * A list of previews ({@link isPreviewList}: a title, paragraphs and "Full story" each) is one
 * whatever its items' length.
 */
const isItemList = (element: DomElement, stats: BlockStats): boolean => {
  if (element.children.length >= minPreviews && isPreviewList(element, stats)) return true
  if (element.children.length < minListItems) return false
  const children = childrenWithText(element, stats)
  if (children.length < minListItems) return false
  const kinds = new Map<string, Array<DomElement>>()
  for (const child of children) {
    const kind = `${child.name}.${attr(child, "class")}`
    const items = kinds.get(kind)
    if (items === undefined) kinds.set(kind, [child])
    else items.push(child)
  }
  let items: Array<DomElement> = []
  for (const kind of kinds.values()) if (kind.length > items.length) items = kind
  if (items.length < minListItems || items.length < minItemKindShare * children.length) return false
  let linked = 0
  let chars = 0
  let linkChars = 0
  for (const item of items) {
    const own = stats.of(item)
    chars += own.text
    linkChars += own.linkText
    if (own.hasBlock && ((own.linkText > 0 && own.linkText < own.text && opensWithLabel(item, stats)) || opensWithReplyHeader(item, stats))) linked++
  }
  return linked >= minLinkedItemShare * items.length && (chars <= maxListItemChars * items.length || linkChars >= minLongItemLinkDensity * chars)
}

/**
 * The element itself when it is an item list ({@link isItemList}), else the item list below it
 * that holds most of its text ({@link minListShare}), at most {@link maxListDepth} levels below
 * (a comments section's heading and its list, a wrapper around a grid of teasers).
 */
export const itemListIn = (element: DomElement, stats: BlockStats): DomElement | undefined => {
  let node: DomElement | undefined = element
  for (let level = 0; node !== undefined && level <= maxListDepth; level++) {
    if (isItemList(node, stats)) return node
    const total: number = stats.of(node).text
    node = elementChildren(node).find((child): boolean => !stats.isRemoved(child) && stats.of(child).text >= minListShare * total)
  }
  return undefined
}

/**
 * The largest item list ({@link isItemList}) below an element that holds at least
 * {@link minListedShare} of its text, however deep and beside whatever else: the comments
 * under an article written without paragraphs, which the article's and the comments'
 * common ancestor owes its score to.
 */
export const dominantListIn = (element: DomElement, stats: BlockStats): DomElement | undefined => {
  const wanted = minListedShare * stats.of(element).text
  let found: DomElement | undefined
  walkElements(element, (inner) => {
    if (stats.isRemoved(inner) || stats.of(inner).text < wanted) return false
    if (isItemList(inner, stats)) {
      if (found === undefined || stats.of(inner).text > stats.of(found).text) found = inner
      return false
    }
  })
  return found
}

/** Whether an element is an item list or holds one that has most of its text ({@link itemListIn}). */
export const itemListBelow = (element: DomElement, stats: BlockStats): boolean => itemListIn(element, stats) !== undefined

/** A prose candidate replaces a top-scored item list when it scores at least this share of it... */
const minProseBesideListShare = 0.1

/**
 * ...and holds at least this share of the list's text: a listicle's introduction (a few
 * sentences above a hundred items) stays with its items.
 */
const minProseBesideListTextShare = 0.03

/**
 * The best-ranked candidate beside a top-scored item list (`list`: the `top` candidate, or the
 * list that holds most of its text, {@link itemListIn}) that holds prose: not inside the list,
 * scoring at least {@link minProseBesideListShare} of the top candidate, and holding, besides
 * the list when it holds the list (the top candidate or an ancestor of it: an article whose
 * container also holds its comments), at least {@link minContentChars} of text and
 * {@link minProseBesideListTextShare} of the list's, not link-dense; a candidate beside the
 * list is no list itself. That is the article, and the list its teasers or comments, which the
 * caller removes.
 */
export const proseBesideList = (ranked: ReadonlyArray<{ element: DomElement; score: number }>, top: DomElement, list: DomElement, topScore: number, stats: BlockStats): DomElement | undefined => {
  const held = stats.of(list)
  for (const { element, score } of ranked) {
    if (score < minProseBesideListShare * topScore) return undefined
    if (isWithin(list, element)) continue
    const own = stats.of(element)
    const holds = isWithin(element, top)
    const text = holds ? own.text - held.text : own.text
    const linkText = holds ? own.linkText - held.linkText : own.linkText
    if (text < minContentChars || text < minProseBesideListTextShare * held.text || linkText >= maxProseLinkDensity * text) continue
    if (!holds && itemListBelow(element, stats)) continue
    return element
  }
  return undefined
}

/**
 * An ancestor of the chosen container owes its other text to item lists when they hold at
 * least this share of it (`widenContainers`, Content.ts): the comments or teasers beside an
 * article, which are not more of it.
 */
export const minListedShare = 0.5

/** The text of the item lists ({@link itemListIn}) below `parent`'s children other than `child`. */
export const listedTextBeside = (parent: DomElement, child: DomElement, stats: BlockStats): number => {
  let listed = 0
  for (const sibling of elementChildren(parent)) {
    if (sibling === child || stats.isRemoved(sibling)) continue
    const list = itemListIn(sibling, stats)
    if (list !== undefined) listed += stats.of(list).text
  }
  return listed
}
