/**
 * Main-content extraction: readability-style scoring over block statistics, then cleaning and
 * linearization to plain text with paragraph breaks.
 *
 * 1. Prune what is never content: scripts, styles, forms' widgets, navigation, asides,
 *    footers, hidden elements, ARIA landmarks for navigation, hover cards of links inside
 *    paragraphs (before scoring, whose link density they would skew), and (first attempt only) elements
 *    whose class or id names boilerplate (cookie banners, share bars, comments, related links)
 *    and sections opened by a boilerplate heading ("Related articles", "Comments", "About the
 *    author", ...; on a declared article, in every attempt: an article too short for the first
 *    attempt is no reason to read its comments).
 * 2. Score paragraphs (length and commas) into their ancestors, weight candidates by tag and by
 *    class/id hints, discount by link density, choose the best container and the siblings that
 *    score close to it (or share its class and hold paragraphs, not links, too deep to be scored,
 *    or, on a declared article, stand just before it as its standfirst).
 *    A list of teasers or comments (similar short items opening with a link or a heading) is
 *    not the article: when it scores best, the prose beside it is chosen and the list dropped,
 *    it never joins the top candidate as a sibling, and the candidate is not widened to an
 *    ancestor that owes its other text to such lists.
 * 3. Clean the chosen container conditionally (link-dense lists, form-like blocks, image
 *    galleries, short notices such as calls to follow or subscribe and copyright lines, and on
 *    declared articles paragraphs and lists that are linked headlines of other articles), then
 *    write its text, one paragraph per block.
 *
 * An attempt that yields too little text is retried with fewer pruning rules, as
 * Readability does; the longest result wins if none is long enough. A second opinion checks
 * the result against the element holding the page's main prose in its paragraphs, and a
 * result much shorter than it gives way to it. The page is walked and its text measured once:
 * every attempt works on a fork of the same block statistics.
 *
 * This file scores and chooses the candidates, widens the choice, runs the attempts, the second
 * opinion and the baseline comparison, and writes the text. The stages it calls live beside it:
 * the blocks that open an article before its body in OpeningTwins.ts, pruning in Pruning.ts,
 * class and id hints in Hints.ts, item lists in ItemLists.ts, the menus a page read whole leaves
 * out in Menus.ts, cleaning in Cleaning.ts, the attempts' rules in Attempt.ts and the measures
 * they share in ContentMeasures.ts.
 */
import { type Attempt, attempts, type PageAttempt } from "./Attempt.ts"
import { baselineBlocks } from "./Baseline.ts"
import { type BlockStats, computeBlockStats } from "./BlockStats.ts"
import { cleanBaselineBlocks, cleanBlocks, noticeLines } from "./Cleaning.ts"
import { maxProseLinkDensity, maxWideningLinkDensity, minContentChars, minProseParagraphChars, minScoredParagraphChars } from "./ContentMeasures.ts"
import { holdsDeclaredBody } from "./DeclaredBody.ts"
import { attr, type DomElement, type DomNode, type DomParent, elementChildren, findElement, isAncestorOf, isElement, isWithin, textOf } from "./Dom.ts"
import { classAndId, classWeight } from "./Hints.ts"
import { dominantListIn, itemListBelow, itemListIn, listedTextBeside, minListedShare, proseBesideList } from "./ItemLists.ts"
import { menusIn } from "./Menus.ts"
import { openingTwins } from "./OpeningTwins.ts"
import { otherStories } from "./OtherStories.ts"
import { paragraphBreak, ParagraphWriter } from "./ParagraphWriter.ts"
import { blockTags } from "./Prefilter.ts"
import { boilerplateSection, isNeverContent, isNeverContentButChrome, isPageFrame, isStrippedWhenStrict, pruneChromeButFrames, pruneHoverCards, statsFor } from "./Pruning.ts"
import { pruneRepeatedCopies } from "./RepeatedCopies.ts"
import { type AttemptResult, isShortArticle } from "./ShortArticle.ts"
import { pageStory } from "./Stories.ts"
import { wrappedSiblings } from "./WrappedSiblings.ts"

export { minContentChars } from "./ContentMeasures.ts"

/** How many ancestor levels a paragraph's score reaches. */
const scoredAncestorLevels = 5

/** A short result holding less than this share of the cleaned page's text gives way to the whole cleaned page. */
const minContainerShare = 0.2

/**
 * Pages not declared articles, with less than this share of their text in prose paragraphs, are
 * read whole (but their chrome and menus), unless one element holds their main prose
 * ({@link holdsMainProse}).
 */
const minArticleParagraphShare = 0.3

/** A sibling joins the top candidate when it scores at least this share of the top score. */
const siblingScoreShare = 0.2

/**
 * Candidates scoring this share of the top one count as alternatives when choosing the
 * container: when three of the next five are, their nearest common ancestor with the top one
 * is chosen (a listing's or a service page's sections of similar weight, not just one of them).
 */
const alternativeScoreShare = 0.6

/**
 * The fallback comparison (trafilatura's): a scored result shorter than this share of the
 * baseline's text ({@link baselineBlocks}: every paragraph-like block that is not link-dense,
 * outside chrome), when that text is at least {@link minContentChars} long and the result is
 * written in short paragraphs ({@link maxFragmentedParagraphChars}), gives way to the baseline.
 * The scorer then chose one block of a page whose content is spread over several (the sections
 * of a service page, a product's description beside its specifications, a listing's items).
 * Measured on WCXB's tuning half (the held-out half agrees): shares from 0.6 to 0.8 gain alike.
 */
const minBaselineShare = 0.7

/**
 * A scored result whose paragraphs average at least this many characters is prose read from
 * one container (an article's body, a forum post), and its baseline mostly adds boilerplate
 * written as paragraphs: it is kept whatever the baseline holds. Shorter paragraphs (a
 * service page's headings and blurbs, a product's bullet points) mark a result that may have
 * missed the page's other sections, whether or not the page is declared an article. Measured
 * on WCXB's tuning half (the held-out half agrees): 140 to 180 gain alike.
 */
const maxFragmentedParagraphChars = 150

/** The weight a candidate starts from for its tag: containers of prose up, lists, forms and headings down. */
const tagWeight = (name: string): number => {
  switch (name) {
    case "div":
    case "article":
    case "main":
      return 5
    case "pre":
    case "td":
    case "blockquote":
      return 3
    case "address":
    case "ol":
    case "ul":
    case "dl":
    case "dd":
    case "dt":
    case "li":
    case "form":
      return -3
    case "h1":
    case "h2":
    case "h3":
    case "h4":
    case "h5":
    case "h6":
    case "th":
      return -5
    default:
      return 0
  }
}

/** Tags whose text scores as a paragraph into the ancestors of the block holding them. */
const paragraphTags: ReadonlySet<string> = new Set(["p", "pre", "h2", "h3", "h4", "h5", "h6"])
/** Tags that score as a paragraph when they hold no block (a `div` written as a paragraph). */
const leafBlockTags: ReadonlySet<string> = new Set(["div", "section", "article", "td", "li", "dd", "blockquote", "span", "font", "center"])

/**
 * On a declared article, a candidate inside the chosen one that scores at least this share of
 * it ({@link narrowedCandidate})...
 */
const minNarrowedScoreShare = 0.6

/**
 * ...and holds at least this share of its text is chosen instead: the chosen candidate owes its
 * rank to its class (`page`, `content`) and adds only the page's furniture around the article
 * (a byline, the site's address and copyright). Measured on ScrapingHub's tuning half and WCXB:
 * 0.85 narrows a forum thread to its longest post.
 */
const minNarrowedTextShare = 0.9

/**
 * The deepest candidate reached from `top` by stepping, while one can, to the best-ranked
 * candidate inside it that scores {@link minNarrowedScoreShare} of it and holds
 * {@link minNarrowedTextShare} of its text.
 */
const narrowedCandidate = (top: DomElement, ranked: ReadonlyArray<{ element: DomElement; score: number }>, scores: Map<DomElement, number>, stats: BlockStats): DomElement => {
  let outer = top
  for (;;) {
    const text = stats.of(outer).text
    const score = scores.get(outer) ?? 0
    const inner = ranked.find((entry) => entry.element !== outer && entry.score >= minNarrowedScoreShare * score && stats.of(entry.element).text >= minNarrowedTextShare * text && isAncestorOf(outer, entry.element))
    if (inner === undefined) return outer
    outer = inner.element
  }
}

/** The containers {@link chooseContainers} chose, and the scores it ranked them by. */
interface Choice {
  /** The top candidate and the siblings that join it. */
  readonly containers: Array<DomElement>
  /** Final scores of the candidates (link density discounted). */
  readonly scores: Map<DomElement, number>
  /**
   * The top-scored item list when the top candidate is the prose beside it ({@link proseBesideList}):
   * the prose is not widened, for widening would take the list back in.
   */
  readonly passedList: DomElement | undefined
}

/**
 * Scores candidates and returns the chosen containers (top candidate and fitting siblings).
 * When the best-scored candidate is a list of teasers or comments ({@link itemListBelow}), or
 * on a declared article holds one anywhere below it that has half its text ({@link dominantListIn}),
 * and prose stands beside it ({@link proseBesideList}), the prose is the top candidate, neither
 * raised to a parent nor merged with alternatives; on a declared article, so is the prose
 * beside the list that the candidate raised to a parent or merged with alternatives holds; a
 * list does not join a top candidate that is not one as its sibling. On a declared article, the
 * top candidate is then narrowed to the candidate inside it that holds nearly all its text
 * ({@link narrowedCandidate}), its standfirst joins it ({@link isStandfirst}), and so do the
 * blocks of its kind before it that open the article ({@link openingTwins}). Siblings of the
 * top candidate's outermost wrapper that wrap prose as deep join it when that prose scores
 * {@link siblingScoreShare} of the scored candidate ({@link wrappedSiblings}).
 */
const chooseContainers = (body: DomElement, stats: BlockStats, attempt: PageAttempt): Choice => {
  const scores = new Map<DomElement, number>()
  const addScore = (element: DomElement, score: number): void => {
    const current = scores.get(element)
    scores.set(element, (current ?? tagWeight(element.name) + classWeight(element, attempt)) + score)
  }
  const scoreChunk = (chars: number, commas: number, first: DomParent | null): void => {
    if (chars < minScoredParagraphChars) return
    const score = 1 + commas + Math.min(Math.floor(chars / 100), 3)
    let node = first
    for (let level = 0; level < scoredAncestorLevels && node !== null && isElement(node); level++) {
      addScore(node, score / (level === 0 ? 1 : level === 1 ? 2 : level * 3))
      if (node === body) break
      node = node.parent
    }
  }
  for (const element of stats.elements) {
    if (stats.isRemoved(element)) continue
    const own = stats.of(element)
    if (paragraphTags.has(element.name) || (leafBlockTags.has(element.name) && !own.hasBlock)) {
      if (element.parent !== null && isElement(element.parent) && !paragraphTags.has(element.parent.name) && !(leafBlockTags.has(element.parent.name) && !stats.of(element.parent).hasBlock)) {
        scoreChunk(own.text, own.commas, element.parent)
      }
    } else if (own.hasBlock && own.inlineText >= minScoredParagraphChars && blockTags.has(element.name)) {
      scoreChunk(own.inlineText, own.commas, element)
    }
  }
  const ranked: Array<{ element: DomElement; score: number }> = []
  for (const [element, score] of scores) {
    if (stats.isRemoved(element)) continue
    ranked.push({ element, score: score * (1 - stats.linkDensity(element)) })
  }
  if (ranked.length === 0) return { containers: [body], scores, passedList: undefined }
  ranked.sort((a, b) => b.score - a.score)
  const finalScores = new Map(ranked.map((entry) => [entry.element, entry.score]))
  let top = (ranked[0] as { element: DomElement }).element
  let topScore = (ranked[0] as { score: number }).score
  const topList = itemListIn(top, stats) ?? (attempt.declaresArticle ? dominantListIn(top, stats) : undefined)
  const prose = topList === undefined ? undefined : proseBesideList(ranked, top, topList, topScore, stats)
  if (prose !== undefined) {
    top = prose
    topScore = finalScores.get(prose) ?? topScore
  }

  const alternatives = ranked.slice(1, 6).filter((entry) => entry.score >= topScore * alternativeScoreShare && !isAncestorOf(entry.element, top))
  if (prose === undefined && alternatives.length >= 3) {
    let parent: DomParent | null = top.parent
    while (parent !== null && isElement(parent) && parent !== body) {
      const holder: DomElement = parent
      const held = alternatives.filter((entry) => isAncestorOf(holder, entry.element)).length
      if (held >= 3) {
        top = holder
        break
      }
      parent = holder.parent
    }
  }
  let lastScore = finalScores.get(top) ?? topScore
  const threshold = lastScore / 3
  let parent: DomParent | null = prose === undefined ? top.parent : null
  while (parent !== null && isElement(parent) && parent !== body) {
    const parentScore = finalScores.get(parent)
    if (parentScore === undefined) {
      parent = parent.parent
      continue
    }
    if (parentScore < threshold) break
    if (parentScore > lastScore) {
      top = parent
      break
    }
    lastScore = parentScore
    parent = parent.parent
  }
  // On a declared article, the climb (to a parent scoring more, or to the holder of the
  // alternatives) may reach an ancestor that owes its score to an item list beside the top
  // candidate (the comments under the article): the list is passed over for the prose beside
  // it, as when the list itself scores best. The list is looked for as below the first top
  // candidate: one holding most of the ancestor's text, or anywhere below it holding half of it
  // (teasers of other stories inside the article element, beside its body). Pages not declared
  // articles keep the climb: a forum's thread is a list of comments that is content.
  let passedList = prose === undefined ? undefined : topList
  const firstTop = (ranked[0] as { element: DomElement }).element
  if (attempt.declaresArticle && prose === undefined && topList === undefined && top !== firstTop) {
    const climbedList = itemListIn(top, stats) ?? dominantListIn(top, stats)
    const beside = climbedList === undefined ? undefined : proseBesideList(ranked, top, climbedList, topScore, stats)
    if (beside !== undefined) {
      top = beside
      passedList = climbedList
    }
  }
  if (attempt.declaresArticle && prose === undefined) top = narrowedCandidate(top, ranked, finalScores, stats)
  /** The candidate before the climb over wrappers of one child: wrapped siblings are compared with it ({@link wrappedSiblings}). */
  const core = top
  while (top !== body && top.parent !== null && isElement(top.parent) && top.parent !== body && elementChildren(top.parent).filter((child) => !stats.isRemoved(child)).length === 1) {
    top = top.parent
  }
  topScore = finalScores.get(top) ?? topScore
  if (top === body || top.parent === null) return { containers: [top], scores: finalScores, passedList }

  const siblingThreshold = Math.max(10, topScore * siblingScoreShare)
  const topClass = attr(top, "class")
  const containers: Array<DomElement> = []
  /** Whether the top candidate is a list itself (computed once, when a sibling would join). */
  let topIsList: boolean | undefined
  /** Teasers or comments beside an article are not more of it, however much they score. */
  const joins = (sibling: DomElement): boolean => {
    topIsList ??= passedList === undefined && itemListBelow(top, stats)
    return topIsList || !itemListBelow(sibling, stats)
  }
  const siblings = elementChildren(top.parent).filter((sibling) => !stats.isRemoved(sibling))
  const standfirst = attempt.declaresArticle ? siblings[siblings.indexOf(top) - 1] : undefined
  for (const sibling of siblings) {
    if (sibling === top) {
      containers.push(sibling)
      continue
    }
    if (sibling === standfirst && isStandfirst(sibling, stats)) {
      containers.push(sibling)
      continue
    }
    const twin = topClass !== "" && attr(sibling, "class") === topClass
    const bonus = twin ? topScore * siblingScoreShare : 0
    const siblingScore = finalScores.get(sibling)
    if (siblingScore !== undefined && siblingScore + bonus >= siblingThreshold) {
      if (joins(sibling)) containers.push(sibling)
    } else if (twin && siblingScore === undefined && stats.of(sibling).paragraphs > 0 && stats.linkDensity(sibling) < maxProseLinkDensity) {
      // A twin of the top candidate (same class) whose paragraphs sit deeper than scores reach
      // (an article cut into same-class sections by figures, its first section nested deeper).
      if (joins(sibling)) containers.push(sibling)
    } else if (sibling.name === "p") {
      const own = stats.of(sibling)
      const density = stats.linkDensity(sibling)
      if (own.text > 80 && density < 0.25) containers.push(sibling)
      else if (own.text > 0 && own.text <= 80 && density === 0 && /\.( |$)/.test(textOf(sibling))) containers.push(sibling)
    }
  }
  // Siblings of the top candidate's outermost wrapper whose prose, as deep as the scored
  // candidate, scores as a sibling must: the other sections of an article cut into wrapped sections.
  const wrapped = wrappedSiblings(core, top, body, finalScores, stats, Math.max(10, (finalScores.get(core) ?? topScore) * siblingScoreShare))
  const joinsToo = (sibling: DomElement): boolean => !containers.includes(sibling) && joins(sibling)
  const joined = [...wrapped.before.filter(joinsToo), ...containers, ...wrapped.after.filter(joinsToo)]
  const opening = attempt.declaresArticle ? openingTwins(core, joined, stats) : []
  return { containers: [...opening, ...joined], scores: finalScores, passedList }
}

/** Longest standfirst ({@link isStandfirst}), in characters: a longer block is more of the page than a lead. */
const maxStandfirstChars = 1000

/**
 * Whether a block just before a declared article's top candidate is its standfirst: prose
 * (at least {@link minProseParagraphChars}, at most {@link maxStandfirstChars}, below
 * {@link maxProseLinkDensity} in links) in one paragraph at most, no heading and no list. News
 * sites set the lead apart from the body (`<div class="intro"><p>...`), where it scores too
 * little to join as a sibling.
 */
const isStandfirst = (element: DomElement, stats: BlockStats): boolean => {
  const own = stats.of(element)
  return own.text >= minProseParagraphChars && own.text <= maxStandfirstChars && own.paragraphs <= 1 && own.headingText === 0 && own.listText === 0 && own.linkText === 0
}

/**
 * Writes the text of the containers: one paragraph per block, `<br>` as a line break, white
 * space collapsed and the blocks trimmed ({@link ParagraphWriter}), without the short notices
 * written as lines of a block cut into lines ({@link noticeLines}).
 */
const linearize = (containers: ReadonlyArray<DomElement>, stats: BlockStats): string => {
  const first = containers[0]
  const writer = new ParagraphWriter(first === undefined ? undefined : noticeLines(first))
  for (const container of containers) {
    const stack: Array<DomNode | undefined> = [container]
    while (stack.length > 0) {
      const node = stack.pop()
      if (node === undefined) {
        writer.blockBoundary()
        continue
      }
      if (node.type === "text") {
        writer.text(node.data)
        continue
      }
      if (node.type !== "tag" || stats.isRemoved(node)) continue
      const name = node.name
      if (name === "br") {
        writer.lineBreak()
        continue
      }
      if (blockTags.has(name)) {
        writer.blockBoundary()
        stack.push(undefined)
      } else if (name === "td" || name === "th") writer.whiteSpace()
      const children = node.children
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
    }
    writer.blockBoundary()
  }
  return writer.result()
}

/**
 * Widens the chosen containers to their highest ancestor whose text outside them is not
 * link-dense (the rest of a product page, a listing or a thread around the best-scored block),
 * below the first ancestor that owes its text outside the first of them to item lists (the
 * lists beside the path up to it hold {@link minListedShare} of that text: the comments or
 * teasers beside an article).
 */
const widenContainers = (containers: ReadonlyArray<DomElement>, body: DomElement, stats: BlockStats): ReadonlyArray<DomElement> => {
  const first = containers[0]
  if (first === undefined) return containers
  let text = 0
  let linkText = 0
  for (const container of containers) {
    text += stats.of(container).text
    linkText += stats.of(container).linkText
  }
  let widest: DomElement | undefined
  /** Text of the item lists beside the path from `first` up to `node`, added level by level. */
  let listed = 0
  let child: DomElement = first
  let node: DomParent | null = first.parent
  while (node !== null && isElement(node)) {
    const own = stats.of(node)
    const extra = own.text - text
    listed += listedTextBeside(node, child, stats)
    const outsideFirst = own.text - stats.of(first).text
    if (outsideFirst > 0 && listed >= minListedShare * outsideFirst) break
    if (extra > 0 && (own.linkText - linkText) / extra < maxWideningLinkDensity) widest = node
    if (node === body) break
    child = node
    node = node.parent
  }
  return widest === undefined ? containers : [widest]
}

/** Whether a block holds prose: text of some length directly, few links. */
const isProse = (element: DomElement, stats: BlockStats): boolean =>
  blockTags.has(element.name) && !stats.isRemoved(element) && stats.of(element).inlineText >= minProseParagraphChars && stats.linkDensity(element) < maxProseLinkDensity

/** The containers and all their ancestors up to `body`. */
const containersAndAncestors = (containers: ReadonlyArray<DomElement>, body: DomElement): Set<DomElement> => {
  const kept = new Set<DomElement>([body])
  for (const container of containers) {
    let node: DomParent | null = container
    while (node !== null && isElement(node) && !kept.has(node)) {
      kept.add(node)
      node = node.parent
    }
  }
  return kept
}

/** Share of the text of `body` in prose paragraphs (blocks holding text of some length directly, few links). */
const paragraphShare = (body: DomElement, stats: BlockStats): number => {
  const total = stats.of(body).text
  if (total === 0) return 0
  let prose = 0
  for (const element of stats.elements) if (isProse(element, stats)) prose += stats.of(element).inlineText
  return prose / total
}

/** How {@link extractContent} read the page. */
export type ContentStrategy = "article" | "page" | "baseline"

/** The result of {@link extractContent}. */
export interface ContentResult {
  /** Main content, paragraphs separated by a blank line. */
  readonly text: string
  /**
   * `article`: scored containers, cleaned; `page`: the whole page less its chrome, for pages
   * that are not written as prose (listings, products, threads, collections); `baseline`:
   * the page's paragraph-like blocks ({@link baselineBlocks}), when the scored result holds
   * too little of them.
   */
  readonly strategy: ContentStrategy
  /** The attempt that produced it (0 is the strictest; the `page` strategy prunes as attempt 0 does). */
  readonly attempt: number
}

/** What the page says about itself that steers the extraction. */
export interface PageHints {
  /** Whether the page declares itself an article (`og:type` or a JSON-LD article type). */
  readonly declaresArticle: boolean
  /**
   * Whether page chrome (`nav`, `aside`, `footer`, chrome roles) that holds most of the page's
   * text, not link-dense, is read as the page's frame instead of pruned: the rescue pass of
   * `extract`, over HTML prefiltered with chrome kept. Default false.
   */
  readonly revealChrome?: boolean | undefined
  /** The page's titles (its title, `og:title`, headline): they name the page's story among stories alike ({@link pageStory}). */
  readonly titles?: ReadonlyArray<string> | undefined
  /** The article body the page declares (JSON-LD `articleBody`): a short result holding it whole is the article ({@link holdsDeclaredBody}). */
  readonly declaredBody?: string | undefined
}

/** The elements of a list that lie inside no other of its elements. */
const outermost = (elements: ReadonlyArray<DomElement>): Array<DomElement> =>
  elements.filter((element) => !elements.some((other) => other !== element && isAncestorOf(other, element)))

/**
 * Extracts the main content of a parsed document as plain text with paragraph breaks. It
 * reads the `body`, or the whole document when the body misses most of its text
 * ({@link readingRoot}).
 *
 * Hover cards of links inside paragraphs ({@link pruneHoverCards}) and the repeated copies of a
 * block ({@link pruneRepeatedCopies}: responsive variants, a `<noscript>` copy) are pruned first.
 * Pages that neither declare themselves articles nor hold their text in prose paragraphs, nor
 * hold their main prose in one element ({@link holdsMainProse}), are read whole, less their
 * chrome: never-content elements and, as in the strictest attempt, `header`, elements whose
 * class or id names boilerplate (menus, footers, cookie banners), sections opened by a
 * boilerplate heading and menus unnamed ({@link menusIn}: blocks of short links alone, outside
 * the block of links that holds most of the page), while other link-dense blocks stay (on
 * listings and collections the item titles are links and content; a listing written as links
 * alone holds most of the page). Others go through the scored attempts (for pages not declared
 * articles, the container is widened over text that is not link-dense, unless it holds all the
 * page's prose ({@link holdsAllProse}); on declared articles, every attempt prunes the sections
 * boilerplate headings open), and a result still short after every attempt that holds only a
 * small share of the cleaned page gives way to it. A scored result much shorter than the element
 * holding the page's main prose in its paragraphs, outside the sections boilerplate headings
 * open, gives way to that element ({@link secondOpinion}). Among stories alike (articles loaded
 * one after the other), the page's own, named by its title, is the content ({@link pageStory}):
 * neither the second opinion nor the baseline replaces it. Last, a scored result written in
 * short paragraphs ({@link maxFragmentedParagraphChars}) and much shorter than the page's baseline
 * ({@link minBaselineShare}), measured with and then without the sections boilerplate headings
 * open and the item lists beside the result ({@link listsBesidePath}) or passed over by it,
 * gives way to the baseline without them: comments or teasers beside a short article are
 * neither a reason to leave it nor content to take with the rest of the page. The baseline
 * is measured and read without the page's footer written in `div`s ({@link isPageFooter}) too,
 * and, on a declared article, without its comments section and sidebar ({@link isArticleMargin}).
 */
export const extractContent = (root: DomParent, hints: PageHints): ContentResult => {
  const { body, page } = readingRoot(root, hints.revealChrome === true ? isNeverContentButChrome : isNeverContent)
  if (hints.revealChrome === true) pruneChromeButFrames(body, page)
  pruneHoverCards(page)
  pruneRepeatedCopies(page)
  const passedLists: Array<DomElement> = []
  const chosen: Array<DomElement> = []
  const sections: Array<DomElement> = []
  const stories: Array<DomElement> = []
  const scored = readContent(body, page, hints, passedLists, chosen, sections, stories)
  // The page's own story among stories alike is the content: no other container replaces it.
  if (stories.length > 0 && scored.strategy === "article") return scored
  // A scored result holding the whole body the page declares is the article: no other container
  // replaces it, however much prose lies elsewhere or however short its paragraphs.
  if (scored.strategy === "article" && holdsDeclaredBody(scored.text, hints.declaredBody)) return scored
  // The second opinion looks for the main prose outside the sections boilerplate headings open.
  const result = secondOpinion(scored, chosen, body, sections.length === 0 ? page : withoutElements(page, sections), hints)
  if (result.strategy !== "article") return result
  if (result.text.length >= maxFragmentedParagraphChars * paragraphCount(result.text)) return result
  // The baseline's text is part of the page's text: when the result holds this share of the page, skip the walk.
  if (result.text.length >= minBaselineShare * page.of(body).text) return result
  const baseline = baselineBlocks(body, page)
  if (baseline.chars < minContentChars || result.text.length >= minBaselineShare * baseline.chars) return result
  const beside = result === scored ? listsBesidePath(chosen, body, page) : []
  // The sections left out of the scored attempts (other stories among them) are left out of the baseline too.
  const reducedStats = withoutBoilerplateSections(body, page, [...passedLists, ...beside, ...sections], hints.declaresArticle)
  const reduced = baselineBlocks(body, reducedStats)
  if (result.text.length >= minBaselineShare * reduced.chars) return result
  cleanBaselineBlocks(reduced.blocks, reducedStats, { ...(attempts[0] as Attempt), declaresArticle: hints.declaresArticle })
  return { text: linearize(reduced.blocks, reducedStats), strategy: "baseline", attempt: 0 }
}

/**
 * The paragraph container ({@link dominantParagraphs}) is the page's main prose when its
 * paragraphs hold at least this share of the text of all paragraphs on the page. Measured on
 * WCXB (both halves) and ScrapingHub's tuning half: 0.2 to 0.5 change the same pages (0.2 one
 * forum page more, 0.1 loses one); the stress suite's article container named like a share bar
 * (`shareClass`, the article beside teasers with blurbs) needs less than 0.4.
 */
const minDominantShare = 0.3

/**
 * A scored result shorter than this share of the main prose's container text
 * ({@link secondOpinion}) missed most of it. 0.7 replaced good results on a product page and a
 * tuning-half article.
 */
const minDominantCoverage = 0.5

/** The element whose `p` children hold the most text, that text, and the text of every `p` of the page. */
interface ParagraphContainer {
  readonly element: DomElement | undefined
  readonly text: number
  readonly total: number
}

/**
 * Whether an element only wraps one other (one element child, no text of its own): a
 * paragraph wrapped alone in such blocks (`<div class="paragraph"><div><p>`) belongs to the
 * block holding its wrappers.
 */
const isWrapper = (element: DomElement, stats: BlockStats): boolean => {
  if (stats.of(element).inlineText > 0) return false
  let children = 0
  for (const child of element.children) if (isElement(child) && !stats.isRemoved(child) && ++children > 1) return false
  return children === 1
}

/**
 * The parent holding the most paragraph text in its `p` children (each of at least
 * {@link minScoredParagraphChars}, below {@link maxProseLinkDensity} in links), outside what
 * `page` prunes (never-content elements only: a container whose class or id names boilerplate
 * still counts). With `unwrap` (on declared articles), a paragraph wrapped alone in blocks
 * ({@link isWrapper}) counts for the block holding its wrappers: an article whose every
 * paragraph is wrapped is one container, not as many containers of one paragraph each. Pages
 * not declared articles keep their wrapped blocks apart (a carousel of one-line banners is no
 * article).
 */
const dominantParagraphs = (page: BlockStats, unwrap: boolean): ParagraphContainer => {
  const held = new Map<DomElement, number>()
  let total = 0
  let element: DomElement | undefined
  let text = 0
  for (const paragraph of page.elements) {
    if (paragraph.name !== "p" || page.isRemoved(paragraph)) continue
    const own = page.of(paragraph)
    let parent = paragraph.parent
    if (own.text < minScoredParagraphChars || page.linkDensity(paragraph) >= maxProseLinkDensity || parent === null || !isElement(parent)) continue
    while (unwrap && parent.parent !== null && isElement(parent.parent) && isWrapper(parent, page)) parent = parent.parent
    total += own.text
    const sum = (held.get(parent) ?? 0) + own.text
    held.set(parent, sum)
    if (sum > text) {
      element = parent
      text = sum
    }
  }
  return { element, text, total }
}

/** The rules the second opinion reads its container with: unlikely elements kept, classes weighed, blocks cleaned. */
const secondOpinionAttempt = 1

/**
 * Whether `element` or one of its ancestors below `body` is named for an article's margin
 * ({@link isNamedMargin}) and holds none of the scored result's `containers` (a wrapper so
 * named around the article is the page's frame).
 */
const inArticleMargin = (element: DomElement, body: DomElement, containers: ReadonlyArray<DomElement>): boolean => {
  for (let node: DomParent | null = element; node !== null && isElement(node) && node !== body; node = node.parent) {
    const margin = node
    if (isNamedMargin(margin) && !containers.some((container) => isWithin(margin, container))) return true
  }
  return false
}

/**
 * The confidence check of a scored result (a second opinion, as trafilatura checks its result
 * against its fallbacks). The element whose `p` children hold the most paragraph text, at
 * least {@link minContentChars} and {@link minDominantShare} of all paragraph text on the page,
 * is the page's main prose; a scored result shorter than {@link minDominantCoverage} of that
 * element's text picked a block too small (a standfirst, one section) or the wrong one (a
 * teaser list, when the strictest attempt stripped an article container whose class or id
 * names boilerplate, `story-text js-share-highlight`). The element is then read (cleaned by
 * the rules of attempt {@link secondOpinionAttempt}) and taken when that is longer. On a
 * declared article, an element inside its comments section or sidebar outside the scored
 * result's containers `chosen` ({@link inArticleMargin}; the baseline leaves them out too) is
 * not its main prose: a long thread of replies holds more paragraph text than the article it
 * answers, whose scored result stays. Measured on the tuning halves: one page of trafilatura's
 * set changes (the comments had replaced the article; 0.913 to 0.914), ScrapingHub, WCXB and
 * the stress suite do not.
 */
const secondOpinion = (result: ContentResult, chosen: ReadonlyArray<DomElement>, body: DomElement, page: BlockStats, hints: PageHints): ContentResult => {
  if (result.strategy !== "article") return result
  const prose = dominantParagraphs(page, hints.declaresArticle)
  const container = prose.element
  if (container === undefined || prose.text < minContentChars || prose.text < minDominantShare * prose.total || result.text.length >= minDominantCoverage * page.of(container).text) return result
  if (hints.declaresArticle && inArticleMargin(container, body, chosen)) return result
  const attempt: PageAttempt = { ...(attempts[secondOpinionAttempt] as Attempt), declaresArticle: hints.declaresArticle }
  const stats = page.fork()
  cleanBlocks(container, containersAndAncestors([container], body), stats, new Map(), attempt)
  const text = linearize([container], stats)
  return text.length > result.text.length ? { text, strategy: "article", attempt: secondOpinionAttempt } : result
}

/**
 * A `body` holding less text than this (characters) is checked against the whole document
 * ({@link readingRoot}); a normal page's body holds more, and pays nothing.
 */
const minBodyChars = minContentChars

/** The whole document is read instead of a short `body` when it holds at least this many times the body's text. */
const minDocumentGain = 2

/**
 * The pruning of a document without a `body`: its `head` is read (but its `title`). The parser
 * leaves a document that opens no `body` and never closes its `head` inside the `head`, article
 * and all; in a document that closes its `head`, the `head` holds only what the pruning drops anyway.
 */
const pruneWithoutBody =
  (prune: (element: DomElement) => boolean) =>
  (element: DomElement): boolean =>
    element.name === "head" ? false : element.name === "title" || prune(element)

/**
 * The element the extraction reads, and its statistics: the first `body` (else `html`), or,
 * when that is missing or short ({@link minBodyChars}) and the whole document holds
 * {@link minDocumentGain} times its text, the whole document, read through an element standing
 * for it. The article then sits outside the body: after a `body` closed early (the parser puts
 * what follows `</html>` beside it), in the real body after an empty one that a second document
 * pasted into the head opened first, or in an HTML fragment that has no `body` at all. A
 * document without a `body` is read with its `head` ({@link pruneWithoutBody}).
 */
const readingRoot = (root: DomParent, pruneInBody: (element: DomElement) => boolean): { body: DomElement; page: BlockStats } => {
  const realBody = findElement(root, "body")
  const prune = realBody === undefined ? pruneWithoutBody(pruneInBody) : pruneInBody
  const body = realBody ?? findElement(root, "html")
  const page = body === undefined ? undefined : computeBlockStats(body, prune)
  if (body !== undefined && page !== undefined && page.of(body).text >= minBodyChars) return { body, page }
  const document: DomElement = { type: "tag", name: "body", attribs: {}, children: root.children, parent: null }
  const whole = computeBlockStats(document, prune)
  if (body === undefined || page === undefined || whole.of(document).text >= minDocumentGain * page.of(body).text) return { body: document, page: whole }
  return { body, page }
}

/**
 * The page less the sections a boilerplate heading opens ({@link boilerplateSection}: "Comments",
 * "Related articles", ...), the page's footer written in `div`s ({@link isPageFooter}), on a
 * declared article its comments section and sidebar named so ({@link isArticleMargin}), and the
 * elements `lists` (the item lists the scored extraction passed over or that stand beside its
 * result, and the sections its attempts left out, other stories among them). The baseline
 * comparison measures the baseline without them, and a baseline taken is read without them: a
 * long comments section or list of related stories is not content the scored result missed.
 */
const withoutBoilerplateSections = (body: DomElement, page: BlockStats, lists: ReadonlyArray<DomElement>, declaresArticle: boolean): BlockStats => {
  const stats = withoutElements(page, lists)
  for (const element of page.elements) {
    if (page.isRemoved(element)) continue
    if (isPageFooter(element, body, page) || (declaresArticle && isArticleMargin(element, body, page))) {
      stats.remove(element)
      continue
    }
    for (const section of boilerplateSection(element, body)) stats.remove(section)
  }
  return stats
}

/**
 * The item lists ({@link itemListIn}) beside the path from the containers up to `body`: below
 * the siblings of the containers' ancestors that are not on that path (what the containers
 * hold is the result's own). The comments or teasers beside the scored result, which the
 * baseline would take in.
 */
const listsBesidePath = (containers: ReadonlyArray<DomElement>, body: DomElement, stats: BlockStats): Array<DomElement> => {
  const onPath = containersAndAncestors(containers, body)
  const lists: Array<DomElement> = []
  for (const node of onPath) {
    if (containers.includes(node)) continue
    for (const child of elementChildren(node)) {
      if (onPath.has(child) || stats.isRemoved(child)) continue
      const list = itemListIn(child, stats)
      if (list !== undefined) lists.push(list)
    }
  }
  return lists
}

/**
 * `footer`, `copyright` or `colophon` as a whole word of a class or id name (`site-footer`,
 * `footer__disclaimer`): the page's footer written in `div`s, which the baseline would read as
 * paragraphs (a disclaimer, a copyright line, the terms of use).
 */
const footerWord = /(?:^|[\s_:-])(?:footer|copyright|colophon)s?(?=$|[\s_:-])/i

/**
 * An element named a footer ({@link footerWord}) holding at least this share of the page's text
 * is a layout wrapper named for its place (`flex-wrap-footer` around a listing), not the footer.
 */
const maxPageFooterShare = 0.2

/** Whether an element is the page's footer written in `div`s: named so ({@link footerWord}) and short ({@link maxPageFooterShare}). */
const isPageFooter = (element: DomElement, body: DomElement, page: BlockStats): boolean =>
  footerWord.test(classAndId(element)) && page.of(element).text < maxPageFooterShare * page.of(body).text

/**
 * `comment(s)` or `sidebar` as a whole word of a class or id name (`comments-area`,
 * `wc-comment`, `site-sidebar`): an article's comments section or the blog's sidebar beside it,
 * which the baseline would read as paragraphs (each reply, the "About me" box). A heading opens
 * the comments section often enough, but not one {@link boilerplateSection} knows ("112 Leave a
 * reply", counted), and a sidebar's widgets have none.
 */
const marginWord = /(?:^|[\s_:-])(?:comments?|sidebar)(?=$|[\s_:-])/i

/** Tags of the blocks {@link marginWord} names: `<span class="hljs-comment">` in a code listing is the listing's. */
const marginTags: ReadonlySet<string> = new Set(["div", "section", "aside", "ol", "ul", "form"])

/**
 * Whether a block is a declared article's margin, its comments section or the sidebar beside
 * it ({@link marginWord}, {@link marginTags}), and not the page's frame (`isPageFrame`: a
 * wrapper named for its comments that holds most of the page and is not link-dense). Pages not
 * declared articles keep it: a forum's or a store's content is named so as often. Measured on
 * the tuning halves: trafilatura's set 0.9099 to 0.9108 (blogs read through the baseline lose
 * their replies and sidebars), WCXB 0.8722 to 0.8727, ScrapingHub unchanged; on every page,
 * WCXB's forums and products lose (0.8723).
 */
const isArticleMargin = (element: DomElement, body: DomElement, page: BlockStats): boolean => isNamedMargin(element) && !isPageFrame(element, body, page)

/** Whether a block is named for an article's margin, its comments section or sidebar ({@link marginWord}, {@link marginTags}). */
const isNamedMargin = (element: DomElement): boolean => marginTags.has(element.name) && marginWord.test(classAndId(element))

/** A fork of `page` less the `elements`. */
const withoutElements = (page: BlockStats, elements: ReadonlyArray<DomElement>): BlockStats => {
  const stats = page.fork()
  for (const element of elements) stats.remove(element)
  return stats
}

/**
 * Whether one element's `p` children hold the page's main prose ({@link dominantParagraphs}: at
 * least {@link minContentChars}, and {@link minDominantShare} of the text of all the page's
 * paragraphs, as the second opinion requires): an article on a page whose other text is not
 * prose (a long menu of labels the page does not link, item lists, tables, forms), which is then
 * scored rather than read whole: read whole, the page keeps many times the article. A listing's
 * or a collection's prose is spread over its items' blurbs, none holding that share. Measured on
 * the tuning halves (shares from 0.3 to 0.7 change the same pages): trafilatura's set 0.9141 to
 * 0.9153 (articles and recipes no longer keep their pages' furniture), WCXB 0.8743 to 0.8752 (a
 * collection's description), ScrapingHub unchanged.
 */
const holdsMainProse = (prose: ParagraphContainer): boolean => prose.text >= minContentChars && prose.text >= minDominantShare * prose.total

/**
 * The element holding the page's main prose ({@link dominantParagraphs}) holds at least this
 * share of the text of all the page's paragraphs when the page's prose is all in it
 * ({@link holdsAllProse}). Measured on the tuning halves: 0.9 to 0.99 gain alike, 0.8 costs
 * trafilatura's set a little.
 */
const minWholeProseShare = 0.9

/**
 * Whether the containers chosen on a page not declared an article hold the element holding all
 * the page's prose ({@link minWholeProseShare}, and at least {@link minContentChars}): they are
 * then not widened, for the page has no other prose for widening to gather (another section of
 * an article cut into wrapped sections, a product's description beside its specifications) and
 * widening adds only the furniture around the article (its captions, credits and notes, the
 * site's notices), many times its text on a page with much such text. Measured on the tuning
 * halves: trafilatura's set 0.9162 to 0.9168, WCXB 0.8752 to 0.8753 (articles read without their
 * headline block and notes; a documentation page loses its intro, 0.985 to 0.949), ScrapingHub
 * unchanged.
 */
const holdsAllProse = (containers: ReadonlyArray<DomElement>, prose: ParagraphContainer): boolean => {
  const element = prose.element
  if (element === undefined || prose.text < minContentChars || prose.text < minWholeProseShare * prose.total) return false
  return containers.some((container) => isWithin(container, element))
}

/** Paragraphs of a linearized text: one more than its paragraph breaks. */
const paragraphCount = (text: string): number => {
  let count = 1
  for (let at = text.indexOf(paragraphBreak); at !== -1; at = text.indexOf(paragraphBreak, at + paragraphBreak.length)) count++
  return count
}

/**
 * The scored extraction of {@link extractContent}, and its `page` strategy, before the baseline
 * comparison; the item lists its attempts passed over for the prose beside them
 * ({@link Choice.passedList}) are pushed to `passedLists`, the containers of a scored
 * result it returns to `chosenContainers`, and the sections boilerplate headings open
 * ({@link boilerplateSection}) and the other stories ({@link otherStories}) to `sections`, and
 * the page's own story, when a result it returns is that story among stories alike
 * ({@link pageStory}), to `stories`.
 */
const readContent = (
  body: DomElement,
  page: BlockStats,
  hints: PageHints,
  passedLists: Array<DomElement>,
  chosenContainers: Array<DomElement>,
  sections: Array<DomElement>,
  stories: Array<DomElement>
): ContentResult => {
  const unlikely: Array<DomElement> = []
  for (const element of page.elements) {
    if (page.isRemoved(element)) continue
    if (isStrippedWhenStrict(element) && !isPageFrame(element, body, page)) {
      unlikely.push(element)
      continue
    }
    sections.push(...boilerplateSection(element, body))
  }
  // Another article's headline and byline beside the page's: left out as a boilerplate section is.
  sections.push(...otherStories(page, hints.titles ?? []))
  const { declaresArticle } = hints
  /** The page's main prose, measured once, when a decision on a page not declared an article reads it. */
  let mainProse: ParagraphContainer | undefined
  const pageProse = (): ParagraphContainer => (mainProse ??= dominantParagraphs(page, false))
  const strictest: PageAttempt = { ...(attempts[0] as Attempt), declaresArticle }
  if (!declaresArticle && paragraphShare(body, page) < minArticleParagraphShare && !holdsMainProse(pageProse())) {
    const whole = statsFor(page, unlikely, sections, strictest)
    for (const menu of menusIn(body, whole)) whole.remove(menu)
    const text = linearize([body], whole)
    if (text !== "") return { text, strategy: "page", attempt: 0 }
  }
  let best: ContentResult = { text: "", strategy: "article", attempt: 0 }
  let bestContainers: ReadonlyArray<DomElement> = []
  /** The first attempt's result that read any text (a short one: longer ones are returned). */
  let shortest: { result: AttemptResult; attempt: number } | undefined
  for (let index = 0; index < attempts.length; index++) {
    const attempt: PageAttempt = { ...(attempts[index] as Attempt), declaresArticle }
    const stats = statsFor(page, unlikely, sections, attempt)
    const { containers: scoredChosen, scores, passedList } = chooseContainers(body, stats, attempt)
    if (passedList !== undefined) {
      passedLists.push(passedList)
      stats.remove(passedList)
    }
    // Stories alike, one of them the page's: the page's story alone, not widened to the others.
    const story = pageStory(scoredChosen, hints.titles ?? [], stats, scores)
    const chosen = story ?? scoredChosen
    const unwidened = declaresArticle || passedList !== undefined || story !== undefined || holdsAllProse(chosen, pageProse())
    const containers = unwidened ? chosen : widenContainers(chosen, body, stats)
    // Only what is read is cleaned: a block's cleaning reads its own subtree, so the blocks
    // outside the containers cannot change what is inside them.
    const kept = containersAndAncestors([...chosen, ...containers], body)
    for (const container of outermost(containers)) cleanBlocks(container, kept, stats, scores, attempt)
    const text = linearize(containers, stats)
    // A short result holding the whole body the page declares is the article: looser attempts
    // would only widen it to the page around it (its header, author box, teasers).
    if (text.length >= minContentChars || holdsDeclaredBody(text, hints.declaredBody)) {
      // The page's headline heads an earlier, shorter result, and this one adds other sections.
      if (declaresArticle && shortest !== undefined && isShortArticle(shortest.result, { text, containers, stats }, page, hints.titles ?? [])) {
        chosenContainers.push(...shortest.result.containers)
        return { text: shortest.result.text, strategy: "article", attempt: shortest.attempt }
      }
      chosenContainers.push(...containers)
      if (story !== undefined) stories.push(...story)
      return { text, strategy: "article", attempt: index }
    }
    if (shortest === undefined && text !== "" && story === undefined) shortest = { result: { text, containers, stats }, attempt: index }
    if (text.length > best.text.length) {
      best = { text, strategy: "article", attempt: index }
      bestContainers = containers
    }
  }
  chosenContainers.push(...bestContainers)
  if (declaresArticle) return best
  const stats = statsFor(page, unlikely, sections, strictest)
  cleanBlocks(body, new Set([body]), stats, new Map(), strictest)
  if (best.text.length >= stats.of(body).text * minContainerShare) return best
  const text = linearize([body], stats)
  return text.length > best.text.length ? { text, strategy: "page", attempt: 0 } : best
}
