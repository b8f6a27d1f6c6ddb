/**
 * Menus: blocks of short links and nothing else (a site's navigation and its flyouts, a
 * language picker, a list of sections), which a page read whole leaves out ({@link menusIn}).
 * A block of links that holds most of the page's text is no menu: it is the page's listing (a
 * category index, a job board, a grid of products), and its parts are not menus either.
 */
import type { BlockStats } from "./BlockStats.ts"
import { type DomElement, isElement, walkElements } from "./Dom.ts"

/** A menu holds at least this many links holding text. */
const minMenuLinks = 3

/** A menu's text is at least this share links: its labels, and a separator or two between them. */
const minMenuLinkDensity = 0.9

/** A menu's links average at most this many characters: labels of a few words, not the titles of a listing's items. */
const maxMenuLabelChars = 30

/**
 * A block holding at least this share of the page's text, and at least
 * {@link minListingLinkDensity} of it in links, is the page's listing: neither it nor a block
 * inside it is a menu.
 */
const minListingShare = 0.5

/** Link density from which a block holding {@link minListingShare} of the page is its listing (item titles linked, a price or a date beside them). */
const minListingLinkDensity = 0.8

/** How many links holding text each element holds (elements holding none left out). */
const linksHeld = (stats: BlockStats): Map<DomElement, number> => {
  const links = new Map<DomElement, number>()
  const elements = stats.elements
  // Elements are in document order: in reverse, an element's descendants come before it.
  for (let i = elements.length - 1; i >= 0; i--) {
    const element = elements[i] as DomElement
    if (stats.isRemoved(element)) continue
    const count = (links.get(element) ?? 0) + (element.name === "a" && stats.of(element).text > 0 ? 1 : 0)
    if (count === 0) continue
    links.set(element, count)
    const parent = element.parent
    if (parent !== null && isElement(parent)) links.set(parent, (links.get(parent) ?? 0) + count)
  }
  return links
}

/**
 * The outermost menus below `body`: blocks of at least {@link minMenuLinks} links, at least
 * {@link minMenuLinkDensity} of their text in links and at most {@link maxMenuLabelChars}
 * characters of text per link, outside the page's listing ({@link minListingShare}), which holds
 * the page's content when the page is a list of links.
 *
 * @example
 * // <body><ul><li><a>News</a></li><li><a>Sport</a></li><li><a>Weather</a></li></ul><p>A long text...</p></body>
 * menusIn(body, stats) // [the ul]
 */
export const menusIn = (body: DomElement, stats: BlockStats): Array<DomElement> => {
  const links = linksHeld(stats)
  const total = stats.of(body).text
  const menus: Array<DomElement> = []
  walkElements(body, (element) => {
    if (stats.isRemoved(element)) return false
    const count = links.get(element) ?? 0
    if (count < minMenuLinks) return count > 0
    const text = stats.of(element).text
    const density = stats.linkDensity(element)
    if (text >= minListingShare * total) return density < minListingLinkDensity
    if (density < minMenuLinkDensity || text > maxMenuLabelChars * count) return true
    menus.push(element)
    return false
  })
  return menus
}
