/**
 * The parsed document as the extractor sees it: htmlparser2's DOM (through `cheerio/slim`),
 * read through a small structural type, with iterative walks only (no recursion over depth,
 * so 10,000 nested tags cost a loop, not a stack overflow).
 */
import { load } from "cheerio/slim"

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
 * Deepest element nesting passed to the parser. htmlparser2 checks its open-element stack on
 * many tags, so its time grows with tags x depth; real pages stay below a hundred levels.
 */
export const maxNestingDepth = 256

/** Tags that never hold children. */
const voidTags: ReadonlySet<string> = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen"
])

const closesParagraph = ["p"]
const paragraphClosers = [
  "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure", "footer",
  "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul"
]

/** Which open elements a new tag closes when they are on top of the stack (htmlparser2's rules). */
const openImpliesClose: ReadonlyMap<string, ReadonlySet<string>> = new Map<string, ReadonlySet<string>>([
  ...paragraphClosers.map((tag) => [tag, new Set(closesParagraph)] as const),
  ["tr", new Set(["tr", "th", "td"])],
  ["th", new Set(["th", "td"])],
  ["td", new Set(["thead", "th", "td"])],
  ["li", new Set(["li"])],
  ["option", new Set(["option"])],
  ["optgroup", new Set(["optgroup", "option"])],
  ["dd", new Set(["dt", "dd"])],
  ["dt", new Set(["dt", "dd"])],
  ["rt", new Set(["rt", "rp"])],
  ["rp", new Set(["rt", "rp"])],
  ["tbody", new Set(["thead", "tbody"])],
  ["tfoot", new Set(["thead", "tbody"])]
])

/** An HTML tag; `<div/>` counts as an opening tag, as htmlparser2 reads it in HTML mode. */
const tagPattern = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*>/g

/**
 * Drops opening tags that would nest deeper than `maxDepth` (their text stays), tracking the
 * open elements with the parser's own implied-close rules, so that parsing stays linear on
 * pathological input. Pages within the limit are returned unchanged.
 */
export const limitNesting = (html: string, maxDepth = maxNestingDepth): string => {
  const open: Array<string> = []
  let parts: Array<string> | undefined
  let position = 0
  for (const match of html.matchAll(tagPattern)) {
    const [whole, closing, name] = match
    const tag = (name as string).toLowerCase()
    if (closing === "/") {
      const at = open.lastIndexOf(tag)
      if (at !== -1) open.length = at
      continue
    }
    const closes = openImpliesClose.get(tag)
    if (closes !== undefined) while (open.length > 0 && closes.has(open[open.length - 1] as string)) open.pop()
    if (voidTags.has(tag)) continue
    if (open.length < maxDepth) {
      open.push(tag)
      continue
    }
    parts ??= []
    parts.push(html.slice(position, match.index))
    position = match.index + whole.length
  }
  if (parts === undefined) return html
  parts.push(html.slice(position))
  return parts.join("")
}

/** Parses HTML with htmlparser2 (a forgiving tokenizer; about 55 MB/s) after {@link limitNesting}. */
export const parseHtml = (html: string): DomRoot => load(limitNesting(html)).root()[0] as unknown as DomRoot

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

/** Collapses runs of white space (including non-breaking spaces) to one space and trims. */
export const collapseWhitespace = (text: string): string => text.replace(/[\s\u00a0\u200b]+/g, " ").trim()

/** An attribute's value, or `""` when absent. */
export const attr = (element: DomElement, name: string): string => element.attribs[name] ?? ""
