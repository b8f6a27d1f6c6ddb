/**
 * One linear pass over the HTML before the parser sees it, which makes parsing about twice as
 * fast without changing what the extractor reads:
 *
 * - comments, declarations, processing instructions, scripts (except JSON-LD) and styles are
 *   cut with native string searches (they are about half of a page's bytes and never content);
 * - `svg`, `math` and `template` subtrees are cut (never content; inline icons are a tenth of
 *   a page's bytes);
 * - attributes the extractor never reads (`href` but on `<link>`, `src`, `srcset`, `data-*`,
 *   inline styles that do not hide, ...) are dropped: tags are about 70% of a page's bytes and
 *   the parser builds an object property for every attribute;
 * - opening tags that would nest deeper than a limit are dropped (their text stays), so that
 *   parsing stays linear on pathological input.
 *
 * Tags are read as htmlparser2 reads them (a quoted value runs to its closing quote, an
 * unterminated tag or block runs to the end of the input), the open elements are tracked with
 * its implied-close rules, and every step moves forward: the pass is linear in the input.
 */

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

/**
 * Page chrome and widgets: elements whose subtrees are never content. The content extractor
 * prunes them (Content.ts); the pre-filter cuts them, so that the parser never builds them.
 * Page chrome (navigation, asides, footers) is much of a page's markup, so this halves the
 * parser's work on pages with large menus. A JSON-LD script inside a cut subtree is kept
 * (metadata reads it); a `<time>` or microdata there is not, which is mostly a gain: the times
 * in a sidebar or a footer are other pages' dates, not this one's.
 */
export const chromeTags: ReadonlySet<string> = new Set([
  "nav", "aside", "footer", "menu", "dialog", "select", "button", "canvas", "iframe", "object", "audio", "video", "map"
])

/** Elements whose whole subtree is cut: markup that is not HTML, and {@link chromeTags}. */
const cutSubtreeTags: ReadonlySet<string> = new Set(["svg", "math", "template", ...chromeTags])

/** Elements whose content the parser reads as raw text up to their closing tag, and whether it is kept. */
const rawTextTags: ReadonlyMap<string, boolean> = new Map([
  ["script", false],
  ["style", false],
  ["title", true],
  ["textarea", true],
  ["xmp", true]
])

/** Attributes the extractor reads (see `attr` in Dom.ts); the others are dropped. */
const keptAttributes: ReadonlySet<string> = new Set([
  "class", "id", "role", "hidden", "aria-hidden", "lang", "xml:lang", "charset", "content", "http-equiv",
  "name", "property", "itemprop", "rel", "datetime", "pubdate", "type"
])

/** Inline styles are kept only when they hide the element. */
const hidingStyle = /display\s*:\s*none|visibility\s*:\s*hidden/i

/** Scripts that are kept: JSON-LD holds the page's metadata. */
const keptScript = /type\s*=\s*["']?application\/ld\+json/i

const isLetter = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 65 && code <= 90)

/** White space as the HTML tokenizer sees it. */
const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 12 || code === 13

/** The end of a tag name that starts before `from`: the first `>`, `/` or white space at or after it. */
const tagNameEnd = (html: string, from: number): number => {
  let end = from
  while (end < html.length) {
    const c = html.charCodeAt(end)
    if (c === 62 || c === 47 || isSpace(c)) break
    end++
  }
  return end
}

/** A tag read by {@link scanAttributes}. */
interface TagScan {
  /** Just past the tag's `>`, or -1 when the tag runs to the end of the input. */
  end: number
  /** Kept attributes, each `name=value` as written. */
  attributes: Array<string>
}

/** Reads a tag's attributes as htmlparser2 does, keeping those the extractor reads; `from` is just past the tag name. */
const scanAttributes = (html: string, from: number, tag: string): TagScan => {
  const attributes: Array<string> = []
  const length = html.length
  let p = from
  while (p < length) {
    const code = html.charCodeAt(p)
    if (code === 62) return { end: p + 1, attributes }
    if (isSpace(code) || code === 47) {
      p++
      continue
    }
    const nameStart = p
    while (p < length) {
      const c = html.charCodeAt(p)
      if (c === 61 || c === 62 || c === 47 || isSpace(c)) break
      p++
    }
    const nameEnd = p
    while (p < length && isSpace(html.charCodeAt(p))) p++
    if (p < length && html.charCodeAt(p) === 61) {
      p++
      while (p < length && isSpace(html.charCodeAt(p))) p++
      const quote = html.charCodeAt(p)
      if (quote === 34 || quote === 39) {
        const close = html.indexOf(quote === 34 ? "\"" : "'", p + 1)
        if (close === -1) return { end: -1, attributes }
        p = close + 1
      } else {
        while (p < length) {
          const c = html.charCodeAt(p)
          if (c === 62 || isSpace(c)) break
          p++
        }
      }
    }
    const name = html.slice(nameStart, nameEnd).toLowerCase()
    if (keptAttributes.has(name) || (name === "href" && tag === "link")) attributes.push(html.slice(nameStart, p))
    else if (name === "style" && hidingStyle.test(html.slice(nameEnd, p))) attributes.push(html.slice(nameStart, p))
  }
  return { end: -1, attributes }
}

/** The closing tag of each raw-text element, as the tokenizer ends it. */
const rawTextClosing: ReadonlyMap<string, RegExp> = new Map([...rawTextTags.keys()].map((tag) => [tag, new RegExp(`</${tag}(?=[\\s/>])`, "gi")]))

/** The end of a raw-text element's content: the index of its closing tag, or -1. */
const rawTextEnd = (html: string, tag: string, from: number): number => {
  const closing = rawTextClosing.get(tag) as RegExp
  closing.lastIndex = from
  return closing.exec(html)?.index ?? -1
}

/**
 * Prefilters HTML for the parser: cuts inert blocks and never-content subtrees, drops unread
 * attributes and tags nested deeper than `maxDepth`. Text is copied unchanged.
 *
 * @example
 * prefilterHtml(`<div class="a" data-x="1"><!-- c --><p>Hi<script>x()</script></p></div>`)
 * // `<div class="a"><p>Hi</p></div>`
 */
export const prefilterHtml = (html: string, maxDepth = maxNestingDepth): string => {
  const parts: Array<string> = []
  const open: Array<string> = []
  /** Index in `open` of the element whose subtree is being cut, or -1. */
  let cutFrom = -1
  let position = 0
  const length = html.length
  const emitText = (until: number): void => {
    if (cutFrom === -1 && until > position) parts.push(html.slice(position, until))
  }
  while (position < length) {
    const lt = html.indexOf("<", position)
    if (lt === -1) break
    const next = html.charCodeAt(lt + 1)
    if (isLetter(next)) {
      emitText(lt)
      const nameEnd = tagNameEnd(html, lt + 2)
      const tag = html.slice(lt + 1, nameEnd).toLowerCase()
      const scan = scanAttributes(html, nameEnd, tag)
      if (scan.end === -1) return parts.join("")
      position = scan.end
      const raw = rawTextTags.get(tag)
      if (raw !== undefined) {
        const close = rawTextEnd(html, tag, position)
        const contentEnd = close === -1 ? length : close
        const closeBracket = close === -1 ? -1 : html.indexOf(">", close)
        const closeEnd = closeBracket === -1 ? length : closeBracket + 1
        const kept = raw || (tag === "script" && keptScript.test(html.slice(lt, scan.end)))
        // JSON-LD survives a cut subtree (emitted where the subtree was); other raw text does not.
        if (kept && (cutFrom === -1 || tag === "script")) parts.push(`<${tag}${joinAttributes(scan.attributes)}>`, html.slice(position, contentEnd), `</${tag}>`)
        position = closeEnd
        continue
      }
      const closes = openImpliesClose.get(tag)
      if (closes !== undefined) {
        while (open.length > 0 && closes.has(open[open.length - 1] as string)) open.pop()
        if (open.length <= cutFrom) cutFrom = -1
      }
      const selfClosing = cutFrom !== -1 && html.charCodeAt(scan.end - 2) === 47
      if (voidTags.has(tag) || selfClosing) {
        if (cutFrom === -1) parts.push(`<${tag}${joinAttributes(scan.attributes)}>`)
        continue
      }
      if (open.length >= maxDepth) continue
      open.push(tag)
      if (cutFrom !== -1) continue
      if (cutSubtreeTags.has(tag)) {
        cutFrom = open.length - 1
        continue
      }
      parts.push(`<${tag}${joinAttributes(scan.attributes)}>`)
      continue
    }
    if (next === 47 && isLetter(html.charCodeAt(lt + 2))) {
      emitText(lt)
      const nameEnd = tagNameEnd(html, lt + 3)
      const close = html.indexOf(">", nameEnd)
      if (close === -1) return parts.join("")
      position = close + 1
      const tag = html.slice(lt + 2, nameEnd).toLowerCase()
      const at = open.lastIndexOf(tag)
      if (at !== -1) open.length = at
      if (cutFrom !== -1) {
        if (at === -1 || at > cutFrom) continue
        const closesOutside = at < cutFrom
        cutFrom = -1
        if (!closesOutside) continue
      }
      parts.push(`</${tag}>`)
      continue
    }
    if (next === 33 || next === 63 || next === 47) {
      emitText(lt)
      let end: number
      if (html.startsWith("<!--", lt)) {
        const close = html.indexOf("-->", lt + 4)
        end = close === -1 ? length : close + 3
      } else if (html.startsWith("<![CDATA[", lt)) {
        const close = html.indexOf("]]>", lt + 9)
        end = close === -1 ? length : close + 3
      } else {
        const close = html.indexOf(">", lt + 2)
        end = close === -1 ? length : close + 1
      }
      position = end
      continue
    }
    emitText(lt + 1)
    position = lt + 1
  }
  emitText(length)
  return parts.join("")
}

const joinAttributes = (attributes: ReadonlyArray<string>): string => (attributes.length === 0 ? "" : ` ${attributes.join(" ")}`)
