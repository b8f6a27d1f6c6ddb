/**
 * Per-element text statistics (text and link characters, commas, counts of paragraphs,
 * images, list items, ...), computed bottom-up in one iterative pass and kept current when
 * a subtree is removed. The content scorer and cleaner read them instead of re-walking.
 */
import { type DomElement, type DomNode, elementChildren, isWhiteSpaceUnit } from "./Dom.ts"
import { blockTags } from "./Prefilter.ts"

/**
 * Elements nested deeper than this below the root get no statistics of their own: their text
 * counts for their deepest tracked ancestor. Real pages stay far below; it bounds the work on
 * pathological nesting (10,000 unclosed tags) to a linear pass.
 */
export const maxTrackedDepth = 200

const headingTags: ReadonlySet<string> = new Set(["h1", "h2", "h3", "h4", "h5", "h6"])
const embedTags: ReadonlySet<string> = new Set(["object", "embed", "iframe", "video", "audio"])
const inputTags: ReadonlySet<string> = new Set(["input", "select", "textarea", "button"])

/**
 * A card (a teaser of another page: a title and a blurb in blocks of their own) whose only link
 * is an empty one stretched over it by a style sheet holds at most this many characters: its
 * text counts as link text, as if the card were written inside its link ({@link isOverlayLink}).
 * An article's section holding an empty link is longer.
 */
const maxOverlaidCardChars = 500

/**
 * Whether a link is an overlay: an `a` that links somewhere (an `href`) and holds nothing at all
 * (no text, no element). A card whose clickable area is such a link stretched over it keeps
 * its title and blurb beside the link, outside it; an anchor a fragment points to has no
 * `href`, an image link holds its image, and a heading's permalink icon sits in a heading,
 * which holds no block.
 */
const isOverlayLink = (element: DomElement): boolean => element.attribs["href"] !== undefined && element.children.every((child) => child.type !== "tag")

/** Text statistics of one element's subtree (removed subtrees excluded). */
export interface Stats {
  /** Characters of text (white space collapsed). */
  text: number
  /**
   * Characters of text inside links; all the text of a card under an overlay link
   * ({@link isOverlayLink}), whose title and blurb stand beside its empty link.
   */
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

/**
 * Length of a text once white space is collapsed and trimmed, and its commas, in one loop
 * without building the collapsed string.
 */
const measureText = (text: string): { length: number; commas: number } => {
  let length = 0
  let commas = 0
  let pendingSpace = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    // Printable ASCII, most of a page's text, first: no white space test.
    if (code > 32 && code < 0x7f) {
      if (pendingSpace) length++
      pendingSpace = false
      length++
      if (code === 44) commas++
      continue
    }
    if (isWhiteSpaceUnit(code)) {
      pendingSpace = length > 0
      continue
    }
    if (pendingSpace) length++
    pendingSpace = false
    length++
    if (code === 44 || code === 0xff0c || code === 0x3001) commas++
  }
  return { length, commas }
}

/** Statistics for every element below a root, plus the operations that keep them current. */
export interface BlockStats {
  /** The statistics of an element (zeros for unknown or removed elements). */
  readonly of: (element: DomElement) => Stats
  /** Tracked elements in document order, removed ones included (check {@link BlockStats.isRemoved}). */
  readonly elements: ReadonlyArray<DomElement>
  /** Whether this element, or an ancestor of it, was removed or pruned. */
  readonly isRemoved: (element: DomElement) => boolean
  /** Removes an element's subtree, subtracting its figures from its ancestors. */
  readonly remove: (element: DomElement) => void
  /** Text density of links: link characters / text characters (0 for empty elements). */
  readonly linkDensity: (element: DomElement) => number
  /** An independent copy, for another attempt over the same page (no walk, no text measured again). */
  readonly fork: () => BlockStats
}

/**
 * The property under which a tracked element keeps its position in {@link Layout.elements}: a
 * property read is several times cheaper than a `Map` lookup, and the scorer, the cleaner and
 * the writer look elements up thousands of times per page. A position is trusted only when
 * the layout holds the element there; when statistics were computed again over the same tree
 * (or a part of it), the older layout finds its elements through a `Map` it builds then.
 */
const positionSlot = Symbol("strata/BlockStats.position")

/** An element carrying its {@link positionSlot}. */
type Positioned = DomElement & { [positionSlot]?: number }

/** What {@link computeBlockStats} builds once per page and every fork shares. */
interface Layout {
  readonly elements: ReadonlyArray<DomElement>
  /** The position of an element in `elements`, or -1 when it is not tracked. */
  readonly positionOf: (element: DomElement) => number
  /** Index of each element's parent (-1 for the root). */
  readonly parents: Int32Array
  /** One past the index of each element's last descendant (pre-order ranges). */
  readonly subtreeEnds: Int32Array
  /** 1 for each link (`a`), whose whole text is link text. */
  readonly links: Uint8Array
  /** Pruned elements below the tracked depth (their subtrees were not counted). */
  readonly prunedUntracked: ReadonlySet<DomElement>
}

/** {@link Layout.positionOf} over `elements`, whose positions are in their {@link positionSlot}. */
const positionFinder = (elements: ReadonlyArray<DomElement>): ((element: DomElement) => number) => {
  let index: Map<DomElement, number> | undefined
  return (element) => {
    const at = (element as Positioned)[positionSlot]
    if (at === undefined) return -1
    if (elements[at] === element) return at
    index ??= new Map(elements.map((tracked, position) => [tracked, position]))
    return index.get(element) ?? -1
  }
}

const copyStats = (own: Stats): Stats => ({ ...own })

/**
 * The operations over one copy of the figures. Copies share their {@link Stats} objects until
 * one changes them (copy on write): a fork copies an array of references, and a removal copies
 * the few ancestors it updates.
 */
const makeBlockStats = (layout: Layout, stats: Array<Stats>, removed: Uint8Array): BlockStats => {
  const zero = emptyStats()
  /** 1 where `stats` holds this copy's own object, 0 where the object may be shared with other copies. */
  const owned = new Uint8Array(stats.length)
  const { parents, subtreeEnds, links, prunedUntracked, positionOf } = layout
  const isRemoved = (element: DomElement): boolean => {
    const at = positionOf(element)
    return at === -1 ? prunedUntracked.has(element) : removed[at] === 1
  }
  const remove = (element: DomElement): void => {
    const at = positionOf(element)
    if (at === -1 || removed[at] === 1) return
    removed.fill(1, at, subtreeEnds[at])
    const own = stats[at] as Stats
    const isBlock = blockTags.has(element.name)
    const name = element.name
    // Link text the removal takes from each ancestor: the subtree's own link text up to the
    // first enclosing link, all of its text from there on (inside a link every character is
    // link text). Subtracting only the subtree's own link text would leave a link, and its
    // ancestors, with more link text than text.
    let linkText = own.linkText
    for (let up = parents[at] as number, level = 0; up !== -1; up = parents[up] as number, level++) {
      if (links[up] === 1) linkText = own.text
      let above = stats[up] as Stats
      if (owned[up] === 0) {
        above = copyStats(above)
        stats[up] = above
        owned[up] = 1
      }
      above.text -= own.text
      above.linkText -= linkText
      above.headingText -= own.headingText
      above.listText -= own.listText
      above.commas -= own.commas
      if (!isBlock && level === 0) above.inlineText -= own.inlineText
      above.paragraphs -= own.paragraphs + (name === "p" ? 1 : 0)
      above.images -= own.images + (name === "img" ? 1 : 0)
      above.listItems -= own.listItems + (name === "li" ? 1 : 0)
    }
  }
  return {
    of: (element) => {
      const at = positionOf(element)
      return at === -1 || removed[at] === 1 ? zero : (stats[at] as Stats)
    },
    elements: layout.elements,
    isRemoved,
    remove,
    linkDensity: (element) => {
      const at = positionOf(element)
      const own = at === -1 ? undefined : stats[at]
      return own === undefined || own.text === 0 ? 0 : own.linkText / own.text
    },
    fork: () => {
      owned.fill(0)
      return makeBlockStats(layout, stats.slice(), removed.slice())
    }
  }
}

/**
 * The element children of `element` that hold text in `stats`, in page order. A removed child
 * holds none ({@link BlockStats.of} gives it zeros), so it is left out too.
 */
export const childrenWithText = (element: DomElement, stats: BlockStats): Array<DomElement> =>
  elementChildren(element).filter((child) => stats.of(child).text > 0)

/**
 * Computes statistics for `root` and the elements below it in one walk, skipping elements for
 * which `prune` is true (they and their subtrees count as removed). Attempts that prune more
 * {@link BlockStats.fork} these figures and {@link BlockStats.remove} what they prune.
 */
export const computeBlockStats = (root: DomElement, prune: (element: DomElement) => boolean): BlockStats => {
  const stats: Array<Stats> = []
  const elements: Array<DomElement> = []
  const parentList: Array<number> = []
  const prunedUntracked = new Set<DomElement>()
  const removedList: Array<number> = []
  const nodes: Array<DomNode> = [root]
  const owners: Array<number> = [-1]
  const depths: Array<number> = [0]
  while (nodes.length > 0) {
    const node = nodes.pop() as DomNode
    const owner = owners.pop() as number
    const depth = depths.pop() as number
    if (node.type === "text") {
      if (owner !== -1) {
        const { length, commas } = measureText(node.data)
        if (length > 0) {
          const own = stats[owner] as Stats
          own.text += length + 1
          own.inlineText += length + 1
          own.commas += commas
        }
      }
      continue
    }
    if (node.type !== "tag") continue
    const pruned = prune(node)
    let own = owner
    if (depth <= maxTrackedDepth) {
      own = elements.length
      const positioned: Positioned = node
      positioned[positionSlot] = own
      elements.push(node)
      stats.push(emptyStats())
      parentList.push(owner)
      removedList.push(pruned ? 1 : 0)
    } else if (pruned) prunedUntracked.add(node)
    if (pruned) continue
    for (let i = node.children.length - 1; i >= 0; i--) {
      nodes.push(node.children[i] as DomNode)
      owners.push(own)
      depths.push(depth + 1)
    }
  }
  const count = elements.length
  const parents = new Int32Array(parentList)
  const removed = new Uint8Array(removedList)
  const subtreeEnds = new Int32Array(count)
  const links = new Uint8Array(count)
  /** 1 for each element holding an overlay link ({@link isOverlayLink}) among its children. */
  const overlaid = new Uint8Array(count)
  for (let i = 0; i < count; i++) subtreeEnds[i] = i + 1
  for (let i = count - 1; i >= 0; i--) {
    const end = subtreeEnds[i] as number
    const parent = parents[i] as number
    if (parent !== -1 && (subtreeEnds[parent] as number) < end) subtreeEnds[parent] = end
    if (removed[i] === 1) {
      removed.fill(1, i, end)
      continue
    }
    const element = elements[i] as DomElement
    const own = stats[i] as Stats
    const name = element.name
    if (name === "a") {
      own.linkText = own.text
      links[i] = 1
      if (own.text === 0 && parent !== -1 && isOverlayLink(element)) overlaid[parent] = 1
    } else if (overlaid[i] === 1 && own.linkText === 0 && own.hasBlock && own.text <= maxOverlaidCardChars) {
      // A card under an overlay link, its title and blurb in blocks beside it: read as if inside the link.
      own.linkText = own.text
      links[i] = 1
    }
    if (headingTags.has(name)) own.headingText = own.text
    if (name === "li") own.listText = own.text
    if (parent === -1) continue
    const up = stats[parent] as Stats
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
  return makeBlockStats({ elements, positionOf: positionFinder(elements), parents, subtreeEnds, links, prunedUntracked }, stats, removed)
}
