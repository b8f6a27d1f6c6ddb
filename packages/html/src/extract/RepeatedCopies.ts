/**
 * Repeated copies: an element whose text is the same as an earlier sibling's, written again
 * for another reader. Page builders render a page's content once per screen size and let the
 * style sheet hide all copies but one (responsive variants), and script-rendered pages repeat
 * their content in a `<noscript>` beside it for readers without scripts. The extractor reads
 * no style sheet and keeps `<noscript>`, so every copy would be read: the article two or three
 * times over. Only the first copy is kept ({@link pruneRepeatedCopies}).
 */
import type { BlockStats } from "./BlockStats.ts"
import { minContentChars } from "./ContentMeasures.ts"
import { type DomElement, isElement, textOf } from "./Dom.ts"

/**
 * Shortest copy (characters) pruned: a block this long standing twice in the same parent,
 * word for word, is the same content written twice, not two passages that happen to agree (a
 * meal plan repeats its days' meals). As long as a short article ({@link minContentChars}).
 * Measured on the tuning halves: 200 also prunes a meal plan's repeated days, which its article
 * keeps (ScrapingHub 0.9888 to 0.9881); 1000 misses copies of 500 to 1000 characters (WCXB
 * 0.8727 to 0.8726).
 */
export const minCopyChars = minContentChars

/**
 * Prunes from `page` every element whose text is that of an earlier sibling, at least
 * {@link minCopyChars} long (white space collapsed; the first copy stays), before anything is
 * scored: the copies would double the container's score and, kept, the content. Siblings are
 * compared only when their measured text lengths are equal, so a page pays one text read per
 * pair of long siblings of the same length (none on most pages).
 */
export const pruneRepeatedCopies = (page: BlockStats): void => {
  for (const parent of page.elements) {
    if (page.isRemoved(parent) || page.of(parent).text < 2 * minCopyChars) continue
    let byLength: Map<number, Array<{ element: DomElement; text?: string }>> | undefined
    for (const child of parent.children) {
      if (!isElement(child) || page.isRemoved(child)) continue
      const length = page.of(child).text
      if (length < minCopyChars) continue
      byLength ??= new Map()
      const earlier = byLength.get(length)
      if (earlier === undefined) {
        byLength.set(length, [{ element: child }])
        continue
      }
      const text = textOf(child)
      if (earlier.some((entry) => (entry.text ??= textOf(entry.element)) === text)) page.remove(child)
      else earlier.push({ element: child, text })
    }
  }
}
