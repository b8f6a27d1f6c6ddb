/**
 * Per-element text statistics (text and link characters, commas, counts of paragraphs,
 * images, list items, ...), computed bottom-up in one iterative pass and kept current when
 * a subtree is removed. The content scorer and cleaner read them instead of re-walking.
 */
import { collapseWhitespace, type DomElement, type DomNode, isElement } from "./Dom.ts"

/** Tags that start a new block of text (a paragraph break around them). */
export const blockTags: ReadonlySet<string> = new Set([
  "address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
  "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption", "center"
])

/**
 * Elements nested deeper than this below the root get no statistics of their own: their text
 * counts for their deepest tracked ancestor. Real pages stay far below; it bounds the work on
 * pathological nesting (10,000 unclosed tags) to a linear pass.
 */
export const maxTrackedDepth = 200

const headingTags: ReadonlySet<string> = new Set(["h1", "h2", "h3", "h4", "h5", "h6"])
const embedTags: ReadonlySet<string> = new Set(["object", "embed", "iframe", "video", "audio"])
const inputTags: ReadonlySet<string> = new Set(["input", "select", "textarea", "button"])

/** Text statistics of one element's subtree (removed subtrees excluded). */
export interface Stats {
  /** Characters of text (white space collapsed). */
  text: number
  /** Characters of text inside links. */
  linkText: number
  /** Characters of text inside headings. */
  headingText: number
  /** Characters of text inside list items. */
  listText: number
  /** Characters of text not inside a nested block element (text a `div` holds directly). */
  inlineText: number
  /** Commas in the text. */
  commas: number
  /** Descendant counts by kind. */
  paragraphs: number
  images: number
  listItems: number
  inputs: number
  embeds: number
  /** Whether any descendant is a block element. */
  hasBlock: boolean
}

const emptyStats = (): Stats => ({
  text: 0, linkText: 0, headingText: 0, listText: 0, inlineText: 0, commas: 0,
  paragraphs: 0, images: 0, listItems: 0, inputs: 0, embeds: 0, hasBlock: false
})

const countCommas = (text: string): number => {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 44 || code === 0xff0c || code === 0x3001) count++
  }
  return count
}

/** Statistics for every kept element below a root, plus the operations that keep them current. */
export interface BlockStats {
  /** The statistics of an element (zeros for unknown or removed elements). */
  readonly of: (element: DomElement) => Stats
  /** Kept elements in document order. */
  readonly elements: ReadonlyArray<DomElement>
  /** Whether this element was removed (walks skip removed subtrees, so ancestors need no check). */
  readonly isRemoved: (element: DomElement) => boolean
  /** Removes an element's subtree, subtracting its figures from its ancestors. */
  readonly remove: (element: DomElement) => void
  /** Text density of links: link characters / text characters (0 for empty elements). */
  readonly linkDensity: (element: DomElement) => number
}

/**
 * Computes statistics for `root` and the elements below it, skipping elements for which `skip` is true (they and their
 * subtrees count as removed).
 */
export const computeBlockStats = (root: DomElement, skip: (element: DomElement) => boolean): BlockStats => {
  const stats = new Map<DomElement, Stats>()
  const removed = new Set<DomElement>()
  const elements: Array<DomElement> = []
  const stack: Array<{ node: DomNode; owner: Stats | undefined; depth: number }> = [{ node: root, owner: undefined, depth: 0 }]
  while (stack.length > 0) {
    const { node, owner, depth } = stack.pop() as { node: DomNode; owner: Stats | undefined; depth: number }
    if (node.type === "text") {
      if (owner !== undefined) {
        const text = collapseWhitespace(node.data)
        if (text.length > 0) {
          owner.text += text.length + 1
          owner.inlineText += text.length + 1
          owner.commas += countCommas(text)
        }
      }
      continue
    }
    if (node.type !== "tag") continue
    if (skip(node)) {
      removed.add(node)
      continue
    }
    let own = owner
    if (depth <= maxTrackedDepth) {
      own = emptyStats()
      elements.push(node)
      stats.set(node, own)
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as DomNode, owner: own, depth: depth + 1 })
  }
  for (let i = elements.length - 1; i >= 0; i--) {
    const element = elements[i] as DomElement
    const own = stats.get(element) as Stats
    const name = element.name
    if (name === "a") own.linkText = own.text
    if (headingTags.has(name)) own.headingText = own.text
    if (name === "li") own.listText = own.text
    const parent = element.parent
    if (parent === null || !isElement(parent)) continue
    const up = stats.get(parent)
    if (up === undefined) continue
    const isBlock = blockTags.has(name)
    up.text += own.text
    up.linkText += own.linkText
    up.headingText += own.headingText
    up.listText += own.listText
    up.commas += own.commas
    if (!isBlock) up.inlineText += own.inlineText
    up.paragraphs += own.paragraphs + (name === "p" ? 1 : 0)
    up.images += own.images + (name === "img" ? 1 : 0)
    up.listItems += own.listItems + (name === "li" ? 1 : 0)
    up.inputs += own.inputs + (inputTags.has(name) ? 1 : 0)
    up.embeds += own.embeds + (embedTags.has(name) ? 1 : 0)
    up.hasBlock = up.hasBlock || own.hasBlock || isBlock
  }
  const zero = emptyStats()
  const isRemoved = (element: DomElement): boolean => removed.has(element)
  const remove = (element: DomElement): void => {
    const own = stats.get(element)
    if (own === undefined || removed.has(element)) return
    removed.add(element)
    const isBlock = blockTags.has(element.name)
    let parent = element.parent
    for (let level = 0; parent !== null && isElement(parent) && level <= maxTrackedDepth; level++) {
      const up = stats.get(parent)
      if (up === undefined) break
      up.text -= own.text
      up.linkText -= own.linkText
      up.headingText -= own.headingText
      up.listText -= own.listText
      up.commas -= own.commas
      if (!isBlock && parent === element.parent) up.inlineText -= own.inlineText
      up.paragraphs -= own.paragraphs + (element.name === "p" ? 1 : 0)
      up.images -= own.images + (element.name === "img" ? 1 : 0)
      up.listItems -= own.listItems + (element.name === "li" ? 1 : 0)
      parent = parent.parent
    }
  }
  return {
    of: (element) => (removed.has(element) ? zero : stats.get(element) ?? zero),
    elements,
    isRemoved,
    remove,
    linkDensity: (element) => {
      const own = stats.get(element)
      return own === undefined || own.text === 0 ? 0 : own.linkText / own.text
    }
  }
}
