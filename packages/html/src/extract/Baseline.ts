/**
 * The baseline extraction the content extractor compares its scored result with (trafilatura's
 * fallback comparison): every paragraph-like block of the page, in document order, that is not
 * link-dense and not in page chrome. It needs no scoring, so it does not miss content spread
 * over several containers, which the scored extraction does on service, product and listing
 * pages; it keeps the blocks of boilerplate that are written as paragraphs, which the scored
 * extraction drops.
 */
import type { BlockStats } from "./BlockStats.ts"
import { type DomElement, walkElements } from "./Dom.ts"

/** Tags of paragraph-like blocks: a block taken is taken whole, blocks inside it are not visited. */
const baselineBlockTags: ReadonlySet<string> = new Set([
  "p", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "td", "th", "figcaption", "summary"
])

/** Tags the baseline never descends into, besides what the page statistics prune: the page header and forms. */
const baselineSkippedTags: ReadonlySet<string> = new Set(["header", "form"])

/** A block whose link density is above this is a menu or a list of links, not a paragraph. */
const maxBaselineLinkDensity = 0.5

/** The blocks of the baseline extraction and their characters of text. */
export interface Baseline {
  /** The blocks, in document order. */
  readonly blocks: ReadonlyArray<DomElement>
  /** Characters of text in the blocks (white space collapsed), paragraph breaks not counted. */
  readonly chars: number
}

/**
 * The baseline extraction of `body`: the outermost {@link baselineBlockTags} elements holding
 * text and at most {@link maxBaselineLinkDensity} of it in links, outside what `page` prunes
 * (never-content elements) and outside {@link baselineSkippedTags}.
 */
export const baselineBlocks = (body: DomElement, page: BlockStats): Baseline => {
  const blocks: Array<DomElement> = []
  let chars = 0
  walkElements(body, (element) => {
    if (page.isRemoved(element) || baselineSkippedTags.has(element.name)) return false
    if (!baselineBlockTags.has(element.name)) return true
    const text = page.of(element).text
    if (text > 0 && page.linkDensity(element) <= maxBaselineLinkDensity) {
      blocks.push(element)
      chars += text
    }
    return false
  })
  return { blocks, chars }
}
