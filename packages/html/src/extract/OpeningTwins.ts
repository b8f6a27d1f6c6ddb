/**
 * The opening of an article cut off from its body. A news page sets its story's first
 * paragraphs in a block of the body's kind (`<div class="story-text">`), then a row of its own
 * (a photo's credit, the byline, an advertisement, a second column), then the rest of the story
 * in another block of the same kind, each deep in its own layout rows: the two blocks are
 * neither siblings nor wrapped alike (`WrappedSiblings.ts`), and the scorer chooses the longer
 * one, the rest of the story, alone.
 */
import type { BlockStats } from "./BlockStats.ts"
import { maxProseLinkDensity, minProseParagraphChars } from "./ContentMeasures.ts"
import { attr, type DomElement, isAncestorOf, walkElements } from "./Dom.ts"
import { itemListBelow } from "./ItemLists.ts"

/** Whether `element` holds a paragraph (`p`) of prose: at least {@link minProseParagraphChars}, below {@link maxProseLinkDensity} in links. */
const holdsProseParagraph = (element: DomElement, stats: BlockStats): boolean => {
  let found = false
  walkElements(element, (inner) => {
    if (found || stats.isRemoved(inner)) return false
    if (inner.name === "p" && stats.of(inner).text >= minProseParagraphChars && stats.linkDensity(inner) < maxProseLinkDensity) found = true
    return !found
  })
  return found
}

/**
 * The twins of `core` (the scored candidate whose paragraphs are the article's body) that open
 * the article: elements before the first of the `containers` in the page, of `core`'s tag and
 * class (a class it has), that hold a paragraph of prose ({@link holdsProseParagraph}), are not
 * link-dense nor a list of teasers or comments ({@link itemListBelow}), and lie neither inside
 * nor around a container; outermost first, in document order. Twins after the body are left
 * out: there, a block of the body's kind is as often the next story or a preview of a related
 * one as more of this one.
 */
export const openingTwins = (core: DomElement, containers: ReadonlyArray<DomElement>, stats: BlockStats): Array<DomElement> => {
  const className = attr(core, "class")
  const first = containers[0]
  if (className === "" || first === undefined) return []
  const twins: Array<DomElement> = []
  for (const element of stats.elements) {
    if (element === first) break
    if (element.name !== core.name || attr(element, "class") !== className || stats.isRemoved(element)) continue
    if (twins.some((twin) => isAncestorOf(twin, element)) || containers.some((container) => container === element || isAncestorOf(element, container) || isAncestorOf(container, element))) continue
    if (stats.linkDensity(element) >= maxProseLinkDensity || !holdsProseParagraph(element, stats) || itemListBelow(element, stats)) continue
    twins.push(element)
  }
  return twins
}
