/**
 * The parsed document as the extractor sees it: htmlparser2's DOM (through `cheerio/slim`),
 * read through a small structural type, with iterative walks only (no recursion over depth,
 * so 10,000 nested tags cost a loop, not a stack overflow).
 */
import { load } from "cheerio/slim"
import { prefilterHtml } from "./Prefilter.ts"

/** An element (`script` and `style` elements included). */
export interface DomElement {
  readonly type: "tag" | "script" | "style"
  /** Lower-case tag name. */
  readonly name: string
  readonly attribs: Record<string, string | undefined>
  readonly children: ReadonlyArray<DomNode>
  readonly parent: DomParent | null
}

/** A text node (entities already decoded). */
export interface DomText {
  readonly type: "text"
  readonly data: string
  readonly parent: DomParent | null
}

/** A comment, doctype or CDATA node: never content. */
export interface DomOther {
  readonly type: "comment" | "directive" | "cdata"
  readonly parent: DomParent | null
}

/** The document root. */
export interface DomRoot {
  readonly type: "root"
  readonly children: ReadonlyArray<DomNode>
  readonly parent: null
}

/** Any node below the root. */
export type DomNode = DomElement | DomText | DomOther

/** A node that has children. */
export type DomParent = DomElement | DomRoot

/** True for element nodes (including `script` and `style`). */
export const isElement = (node: DomNode | DomRoot): node is DomElement =>
  node.type === "tag" || node.type === "script" || node.type === "style"

/**
 * A cheerio instance made once, whose parser reads every page: `load` would build a query API
 * (a class and its instances) around each document, which the extractor never uses.
 */
const cheerio = load("")

/**
 * Parses HTML that {@link prefilterHtml} already filtered, with cheerio's htmlparser2 backend (a
 * forgiving tokenizer; parse5 is about seven times slower) and cheerio's default options: the
 * document `load(filtered).root()[0]` would return.
 */
export const parsePrefiltered = (filtered: string): DomRoot => cheerio.fn._parse(filtered, cheerio._options, true, null) as unknown as DomRoot

/** Parses HTML after {@link prefilterHtml} (see {@link parsePrefiltered}). */
export const parseHtml = (html: string): DomRoot => parsePrefiltered(prefilterHtml(html))

/**
 * Visits every element below `root` in document order (pre-order), iteratively. `enter`
 * returns `false` to skip an element's subtree.
 */
export const walkElements = (root: DomParent, enter: (element: DomElement) => boolean | void): void => {
  const stack: Array<DomNode> = []
  for (let i = root.children.length - 1; i >= 0; i--) stack.push(root.children[i] as DomNode)
  while (stack.length > 0) {
    const node = stack.pop() as DomNode
    if (!isElement(node)) continue
    if (enter(node) === false) continue
    const children = node.children
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode)
  }
}

/** The first element (pre-order) with a tag name, or `undefined`. */
export const findElement = (root: DomParent, name: string): DomElement | undefined => {
  let found: DomElement | undefined
  walkElements(root, (element) => {
    if (found !== undefined) return false
    if (element.name === name) found = element
    return found === undefined
  })
  return found
}

/** The text below a node, whitespace collapsed to single spaces and trimmed; stops after `maxChars`. */
export const textOf = (root: DomParent, maxChars = Number.POSITIVE_INFINITY): string => {
  const parts: Array<string> = []
  let length = 0
  const stack: Array<DomNode> = []
  for (let i = root.children.length - 1; i >= 0; i--) stack.push(root.children[i] as DomNode)
  while (stack.length > 0 && length < maxChars) {
    const node = stack.pop() as DomNode
    if (node.type === "text") {
      parts.push(node.data)
      length += node.data.length
    } else if (node.type === "tag") {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as DomNode)
    }
  }
  return collapseWhitespace(parts.join(" ")).slice(0, maxChars)
}

/**
 * Whether a UTF-16 code unit is white space as {@link collapseWhitespace} sees it: `\s`
 * (non-breaking spaces included) and the zero-width space.
 */
export const isWhiteSpaceUnit = (code: number): boolean =>
  code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x200b || code === 0xfeff ||
  code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000

/** Collapses runs of white space (including non-breaking spaces) to one space and trims. */
export const collapseWhitespace = (text: string): string => text.replace(/[\s\u00a0\u200b]+/g, " ").trim()

/** An attribute's value, or `""` when absent. */
export const attr = (element: DomElement, name: string): string => element.attribs[name] ?? ""

/** Whether `ancestor` is a proper ancestor of `node` (false when they are the same element). */
export const isAncestorOf = (ancestor: DomElement, node: DomElement): boolean => {
  let current: DomParent | null = node.parent
  while (current !== null && isElement(current)) {
    if (current === ancestor) return true
    current = current.parent
  }
  return false
}

/** Whether `element` is `container` or lies inside it. */
export const isWithin = (container: DomElement, element: DomElement): boolean => container === element || isAncestorOf(container, element)

/** The element children of a parent, in document order (text and comments left out). */
export const elementChildren = (parent: DomParent): Array<DomElement> =>
  parent.children.filter((child): child is DomElement => isElement(child))
