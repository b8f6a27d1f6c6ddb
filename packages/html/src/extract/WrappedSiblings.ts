/**
 * Siblings compared at the depth of their prose. When the top candidate is widened through
 * wrappers of one child (`<div class="item"><div class="text"><p>...`) to the element whose
 * siblings are read, its siblings wrap their prose just as deep: their own scores reach them
 * divided by the levels between (a paragraph scores its ancestors less the farther they are),
 * far below the score the top candidate was chosen by. An article cut into sections of the
 * same wrapping (a field per section, a row per topic) kept only its best section.
 */
import type { BlockStats } from "./BlockStats.ts"
import { minScoredParagraphChars } from "./ContentMeasures.ts"
import { type DomElement, elementChildren, isElement } from "./Dom.ts"

/**
 * The element children of `element` that hold something: not removed, and holding text, an
 * image or an embed. An empty layout block beside a wrapper (`<div class="row"><div
 * class="col"></div></div>` before the row holding the text) does not make it less of one.
 */
const heldChildren = (element: DomElement, stats: BlockStats): Array<DomElement> =>
  elementChildren(element).filter((child) => {
    if (stats.isRemoved(child)) return false
    const own = stats.of(child)
    return own.text > 0 || own.images > 0 || own.embeds > 0
  })

/** The only child of `element` holding something ({@link heldChildren}), when it holds no text of its own; else undefined. */
const onlyChild = (element: DomElement, stats: BlockStats): DomElement | undefined => {
  if (stats.of(element).inlineText > 0) return undefined
  const children = heldChildren(element, stats)
  return children.length === 1 ? children[0] : undefined
}

/** Paragraphs a sibling's counterpart holds as its own children, at least, to count as prose wrapped alike: one is a caption, an address or a teaser's blurb. */
const minOwnParagraphs = 2

/** Whether `element` holds {@link minOwnParagraphs} paragraphs (`p` of {@link minScoredParagraphChars}) as children, not inside blocks of their own (cards, teasers). */
const holdsParagraphs = (element: DomElement, stats: BlockStats): boolean => {
  let count = 0
  for (const child of elementChildren(element)) {
    if (child.name === "p" && !stats.isRemoved(child) && stats.of(child).text >= minScoredParagraphChars && ++count >= minOwnParagraphs) return true
  }
  return false
}

/**
 * The score of the element `depth` levels below `element` through wrappers of one child (each
 * the only element child of the one above, that holding no text of its own), when it holds
 * paragraphs as its children ({@link holdsParagraphs}): the counterpart of a top candidate
 * wrapped `depth` levels deep, in a sibling wrapped the same way. Undefined when the sibling is
 * not wrapped that deep, or its counterpart holds no paragraphs of its own or did not score.
 */
const wrappedScore = (element: DomElement, depth: number, scores: ReadonlyMap<DomElement, number>, stats: BlockStats): number | undefined => {
  let node: DomElement | undefined = element
  for (let level = 0; level < depth && node !== undefined; level++) node = onlyChild(node, stats)
  return node === undefined || !holdsParagraphs(node, stats) ? undefined : scores.get(node)
}

/** The wrapped siblings {@link wrappedSiblings} finds, before and after the wrapper they stand beside, in page order. */
export interface WrappedSiblings {
  readonly before: ReadonlyArray<DomElement>
  readonly after: ReadonlyArray<DomElement>
}

/**
 * The siblings of the outermost wrapper of the chosen candidate `top` whose prose, as deep as
 * the scored `core` (the candidate `top` was climbed to from, at or below it) lies in that
 * wrapper, scores at least `threshold` ({@link wrappedScore}). The wrapper is reached from `top`
 * by climbing, below `body`, to parents holding nothing else ({@link heldChildren}); it is `top`
 * itself when `top`'s parent holds more. Contract: `top` and the elements inside it are never
 * returned, nor is a sibling not wrapped as deep as `core`.
 */
export const wrappedSiblings = (core: DomElement, top: DomElement, body: DomElement, scores: ReadonlyMap<DomElement, number>, stats: BlockStats, threshold: number): WrappedSiblings => {
  let wrapper = top
  while (wrapper.parent !== null && wrapper.parent !== body && isElement(wrapper.parent) && heldChildren(wrapper.parent, stats).length === 1) wrapper = wrapper.parent
  let depth = 0
  for (let node: DomElement = core; node !== wrapper && node.parent !== null && isElement(node.parent); node = node.parent) depth++
  const parent = wrapper.parent
  if (depth === 0 || parent === null || !isElement(parent)) return { before: [], after: [] }
  const before: Array<DomElement> = []
  const after: Array<DomElement> = []
  let passed = false
  for (const sibling of heldChildren(parent, stats)) {
    if (sibling === wrapper) passed = true
    else if ((wrappedScore(sibling, depth, scores, stats) ?? 0) >= threshold) (passed ? after : before).push(sibling)
  }
  return { before, after }
}
