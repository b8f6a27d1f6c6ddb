/**
 * One linear pass over the HTML before the parser sees it, which makes parsing about twice as
 * fast without changing what the extractor reads:
 *
 * - comments, declarations, processing instructions, scripts (except JSON-LD) and styles are
 *   cut with native string searches (they are about half of a page's bytes and never content);
 * - `svg`, `math` and `template` subtrees are cut (never content; inline icons are a tenth of
 *   a page's bytes), and so is page chrome ({@link chromeTags}) unless `revealChrome` keeps it;
 * - the subtrees of hidden elements and of elements with a chrome role ({@link chromeRoles})
 *   are cut but for what metadata reads there, the element itself kept empty (the content
 *   extractor prunes it as before);
 * - `<link>` elements but the canonical one are dropped;
 * - attributes the extractor never reads (`href` but on `<link>`, `src`, `srcset`, `data-*`,
 *   inline styles that do not hide, ...) are dropped: tags are about 70% of a page's bytes and
 *   the parser builds an object property for every attribute; a link's `href` is kept without
 *   its value (the extractor reads only whether an `<a>` links somewhere);
 * - white space between tags is dropped where a block boundary makes it meaningless: as the
 *   first or last child of a block element, and between a block's end and the next block's
 *   start (a third of a page's nodes; the content's paragraph breaks come from the blocks);
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
 * prunes them (Pruning.ts); the pre-filter cuts them, so that the parser never builds them.
 * Page chrome (navigation, asides, footers) is much of a page's markup, so this halves the
 * parser's work on pages with large menus. A JSON-LD script inside a cut subtree is kept
 * (metadata reads it); a `<time>` or microdata there is not, which is mostly a gain: the times
 * in a sidebar or a footer are other pages' dates, not this one's.
 */
export const chromeTags: ReadonlySet<string> = new Set([
  "nav", "aside", "footer", "menu", "dialog", "select", "button", "canvas", "iframe", "object", "audio", "video", "map"
])

/** Tags that start a new block of text (a paragraph break around them). */
export const blockTags: ReadonlySet<string> = new Set([
  "address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
  "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption", "center"
])

/** ARIA roles of navigation and page chrome: the content extractor prunes their elements. */
export const chromeRoles: ReadonlySet<string> = new Set([
  "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog",
  "alertdialog", "alert", "tablist"
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
  "name", "property", "itemprop", "itemtype", "rel", "datetime", "pubdate", "type", "aria-labelledby"
])

/** ARIA roles of the panels a control shows: a collapsed accordion's section, a tab's panel. */
export const panelRoles: ReadonlySet<string> = new Set(["region", "tabpanel"])

/** An inline style that hides its element: kept by the prefilter, pruned by the content extractor. */
export const hidingStyle = /display\s*:\s*none|visibility\s*:\s*hidden/i

/** Scripts that are kept: JSON-LD holds the page's metadata. */
const keptScript = /type\s*=\s*["']?application\/ld\+json/i

const isLetter = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 65 && code <= 90)

/** White space as the HTML tokenizer sees it. */
const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 12 || code === 13

/** Whether `html[from, to)` is only white space. */
const isBlank = (html: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (!isSpace(html.charCodeAt(i))) return false
  return true
}

/** What the last emitted token was, for dropping white space next to block boundaries. */
const otherToken = 0
const blockOpening = 1
const blockClosing = 2

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

/** `itemprop` values whose element's text metadata reads. */
const metadataItemprop = /author|creator|datepublished/i

/** A tag read by {@link scanAttributes} (one object reused for every tag of a page). */
interface TagScan {
  /** Just past the tag's `>`, or -1 when the tag runs to the end of the input. */
  end: number
  /** Kept attributes, each ` name=value` as written (with its leading space). */
  attributes: string
  /**
   * Whether the content extractor prunes the element for its attributes: `hidden`,
   * `aria-hidden="true"`, a hiding inline style or a {@link chromeRoles} role.
   */
  pruned: boolean
  /** Whether the element has an `itemprop` that metadata reads ({@link metadataItemprop}). */
  itemprop: boolean
  /** Whether hiding attributes are dropped and their elements kept ({@link PrefilterOptions.revealHidden}). */
  reveal: boolean
  /** Whether chrome roles are kept and their elements not pruned ({@link PrefilterOptions.revealChrome}). */
  revealChrome: boolean
}

/** An attribute name's length and lower-cased first letter, as one number. */
const nameKey = (length: number, first: number): number => length * 128 + (first | 0x20)

/**
 * {@link nameKey} of every attribute that may be kept: other names are dropped without being
 * read into a string.
 */
const keptNameKeys: ReadonlySet<number> = new Set([...keptAttributes, "href", "style"].map((name) => nameKey(name.length, name.charCodeAt(0))))

/**
 * Reads a tag's attributes as htmlparser2 does, keeping those the extractor reads; `from` is just
 * past the tag name. With `read` false only the tag's end is found (a tag in a cut subtree).
 */
const scanAttributes = (html: string, from: number, tag: string, scan: TagScan, read: boolean): void => {
  scan.attributes = ""
  scan.end = -1
  scan.pruned = false
  scan.itemprop = false
  /** Whether the tag hides its element (`hidden`, a hiding style), makes it a panel labelled by its control (`isPanel`, Pruning.ts), and prunes it otherwise (`aria-hidden`, a chrome role). */
  let hidden = false
  let labelled = false
  let panelRole = false
  let prunedOtherwise = false
  const length = html.length
  let p = from
  while (p < length) {
    const code = html.charCodeAt(p)
    if (code === 62) {
      scan.end = p + 1
      scan.pruned = prunedOtherwise || (hidden && !(labelled && panelRole))
      return
    }
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
    let valueStart = p
    let valueEnd = p
    while (p < length && isSpace(html.charCodeAt(p))) p++
    if (p < length && html.charCodeAt(p) === 61) {
      p++
      while (p < length && isSpace(html.charCodeAt(p))) p++
      valueStart = p
      const quote = html.charCodeAt(p)
      if (quote === 34 || quote === 39) {
        const close = html.indexOf(quote === 34 ? "\"" : "'", p + 1)
        if (close === -1) return
        valueStart = p + 1
        valueEnd = close
        p = close + 1
      } else {
        while (p < length) {
          const c = html.charCodeAt(p)
          if (c === 62 || isSpace(c)) break
          p++
        }
        valueEnd = p
      }
    }
    if (!read || !keptNameKeys.has(nameKey(nameEnd - nameStart, html.charCodeAt(nameStart)))) continue
    const name = html.slice(nameStart, nameEnd).toLowerCase()
    const hiding = name === "style" && hidingStyle.test(html.slice(nameEnd, p))
    const hides = hiding || name === "hidden" || (name === "aria-hidden" && html.slice(valueStart, valueEnd) === "true")
    if (scan.reveal && hides) continue
    if (name === "href" && tag === "a") {
      scan.attributes += " href"
      continue
    }
    if (keptAttributes.has(name) || (name === "href" && tag === "link") || hiding) {
      scan.attributes += ` ${html.slice(nameStart, p)}`
      if (name === "aria-hidden" && hides) prunedOtherwise = true
      else if (hides) hidden = true
      if (name === "aria-labelledby") labelled = true
      if (name === "role" && panelRoles.has(html.slice(valueStart, valueEnd))) panelRole = true
      if (name === "role" && !scan.revealChrome && chromeRoles.has(html.slice(valueStart, valueEnd))) prunedOtherwise = true
      if (name === "itemprop" && metadataItemprop.test(html.slice(valueStart, valueEnd))) scan.itemprop = true
    }
  }
}

/** What ends the name in a raw-text element's closing tag (read at one position, as the former lookahead `(?=[\s/>])`). */
const closingNameEnd = /[\s/>]/y

/**
 * The end of a raw-text element's content: the index of its closing tag (`</` and the tag name
 * in any ASCII case, then white space, `/` or `>`), or -1. A native search for `</` finds the
 * candidates; the name (ASCII letters, see {@link rawTextTags}) is compared in place, without a
 * string made.
 */
const rawTextEnd = (html: string, tag: string, from: number): number => {
  const nameLength = tag.length
  for (let at = html.indexOf("</", from); at !== -1; at = html.indexOf("</", at + 2)) {
    let i = 0
    while (i < nameLength && (html.charCodeAt(at + 2 + i) | 0x20) === tag.charCodeAt(i)) i++
    if (i < nameLength) continue
    closingNameEnd.lastIndex = at + 2 + nameLength
    if (closingNameEnd.test(html)) return at
  }
  return -1
}

/** Elements whose content is foreign (XML) content, where `<![CDATA[` opens a CDATA section. */
const foreignContentTags: ReadonlySet<string> = new Set(["svg", "math"])

/**
 * Whether the open elements place the next token in foreign content. Elsewhere `<![CDATA[` is,
 * as browsers read it, a bogus comment that ends at the first `>`: the text after it shows.
 * (Read as a CDATA section, an unterminated one in a page's body would swallow the page.)
 */
const inForeignContent = (open: ReadonlyArray<string>): boolean => open.some((tag) => foreignContentTags.has(tag))

/**
 * Whether the tag just read (ending at `end`) is written self-closing (`/>`) in foreign content,
 * where the parser closes it at once: an icon's `<title/>` or `<style/>` opens no raw text
 * (read as raw text, it would run to the next `</title>`, or to the end of the page, and cut
 * the page after the icon).
 */
const closesItselfInForeignContent = (html: string, end: number, open: ReadonlyArray<string>): boolean => html.charCodeAt(end - 2) === 47 && inForeignContent(open)

/** A subtree whose elements and text are cut: markup that is not HTML. */
const cutRegion = 0

/** The subtree of a {@link chromeTags} element: cut as {@link cutRegion} is, its text counted (see {@link PrefilteredHtml.unclosedChromeTextChars}). */
const chromeRegion = 3

/** Whether a region's elements and text are cut whole (nothing of it is emitted, metadata islands included). */
const isCutWhole = (kind: number): boolean => kind === cutRegion || kind === chromeRegion

/**
 * The subtree of an element the content extractor prunes (hidden, or with a chrome role): the
 * element is kept, empty, so that the content extractor still sees (and prunes) it, and so is
 * what metadata reads inside it ({@link metadataIslands}, `<meta>`, `<link rel=canonical>`,
 * `<title>`, JSON-LD).
 */
const prunedRegion = 1

/**
 * An element whose text metadata reads (a metadata island): copied with its pruned
 * descendants, inside a pruned subtree too.
 */
const islandRegion = 2

/** Elements whose text or attributes metadata reads (besides those with an {@link metadataItemprop}). */
const metadataIslands: ReadonlySet<string> = new Set(["h1", "time"])

/** Void elements inside a pruned subtree that metadata reads. */
const metadataVoids: ReadonlySet<string> = new Set(["meta", "link"])

/** Elements never cut as pruned: the document's frame, which metadata reads whole. */
const documentFrame: ReadonlySet<string> = new Set(["html", "head", "body"])

/* What the prefilter does with a tag, as bits of {@link tagKinds}. */
/** In {@link voidTags}. */
const voidTag = 1
/** In {@link blockTags}. */
const blockTag = 2
/** In {@link cutSubtreeTags}. */
const cutSubtreeTag = 4
/** In {@link rawTextTags}. */
const rawTextTag = 8
/** In {@link rawTextTags}, its text kept. */
const keptRawTextTag = 16
/** A key of {@link openImpliesClose}. */
const impliesCloseTag = 32
/** In {@link metadataIslands}. */
const metadataIslandTag = 64
/** In {@link metadataVoids}. */
const metadataVoidTag = 128
/** In {@link documentFrame}. */
const documentFrameTag = 256
/** In {@link chromeTags}. */
const chromeTag = 512

/**
 * The kind bits ({@link voidTag}, {@link blockTag}, ...) of every tag that has one: one lookup
 * per tag instead of one per set (a tag name is a fresh string, so each lookup hashes and compares).
 */
const tagKinds: ReadonlyMap<string, number> = (() => {
  const kinds = new Map<string, number>()
  const mark = (tags: Iterable<string>, bit: number): void => {
    for (const tag of tags) kinds.set(tag, (kinds.get(tag) ?? 0) | bit)
  }
  mark(voidTags, voidTag)
  mark(blockTags, blockTag)
  mark(cutSubtreeTags, cutSubtreeTag)
  mark(rawTextTags.keys(), rawTextTag)
  mark([...rawTextTags].filter(([, kept]) => kept).map(([tag]) => tag), keptRawTextTag)
  mark(openImpliesClose.keys(), impliesCloseTag)
  mark(metadataIslands, metadataIslandTag)
  mark(metadataVoids, metadataVoidTag)
  mark(documentFrame, documentFrameTag)
  mark(chromeTags, chromeTag)
  return kinds
})()

/** A `<link>` that metadata reads: the canonical URL. */
const canonicalLink = /canonical/i

/** Options of {@link prefilterHtml}. */
export interface PrefilterOptions {
  /** Deepest element nesting passed to the parser; default {@link maxNestingDepth}. */
  readonly maxDepth?: number | undefined
  /**
   * Keeps hidden subtrees (`hidden`, `aria-hidden="true"`, a hiding inline style) and drops the
   * attributes that hide them, so that the content extractor reads them as visible: the rescue
   * pass of `extract` for pages whose content a script reveals. Default false.
   */
  readonly revealHidden?: boolean | undefined
  /**
   * Keeps the subtrees of {@link chromeTags} elements and of elements with a {@link chromeRoles}
   * role, so that the content extractor can read a page whose content sits inside one (an
   * unclosed `<aside>` that swallows the rest of the page): the rescue pass of `extract`. Default false.
   */
  readonly revealChrome?: boolean | undefined
}

/** What {@link prefilterHtmlWithStats} returns. */
export interface PrefilteredHtml {
  /** The HTML for the parser. */
  readonly html: string
  /**
   * Characters of text (white space included) cut inside pruned subtrees: hidden ones and those
   * with a chrome role. `extract` retries a page with hidden subtrees revealed only when they
   * held enough text to matter.
   */
  readonly hiddenTextChars: number
  /**
   * Characters of text (white space included) cut inside {@link chromeTags} subtrees whose
   * element was never closed by its own closing tag (an ancestor's closing tag or the end of the
   * input closed it): an unclosed `<aside>` swallows the rest of the page, content included.
   * `extract` retries a page with chrome revealed only when they held enough text to matter.
   */
  readonly unclosedChromeTextChars: number
  /**
   * Characters of text (white space included) cut inside the {@link chromeTags} subtree that
   * held the most, closed or not: an `<aside>` or a `<footer>` wrapped around a page's article
   * holds more text than the content read outside it. `extract` retries a page with chrome
   * revealed when it held several times that content.
   */
  readonly largestChromeTextChars: number
  /** Characters of text (white space between tags excluded) passed to the parser: the text outside what was cut. */
  readonly keptTextChars: number
}

/**
 * Prefilters HTML for the parser: cuts inert blocks, never-content subtrees, the subtrees the
 * content extractor prunes (hidden, unless `revealHidden`; chrome roles) and meaningless white
 * space, drops unread attributes and tags nested deeper than `maxDepth`. The text that is kept is copied unchanged.
 *
 * @example
 * prefilterHtmlWithStats(`<div class="a" data-x="1"><!-- c --><p>Hi<span hidden>x</span></p></div>`)
 * // { html: `<div class="a"><p>Hi<span hidden></span></p></div>`, hiddenTextChars: 1, unclosedChromeTextChars: 0, largestChromeTextChars: 0, keptTextChars: 2 }
 */
export const prefilterHtmlWithStats = (html: string, options: PrefilterOptions = {}): PrefilteredHtml => {
  let hiddenTextChars = 0
  /** Characters of text cut inside chrome regions, closed or not. */
  let chromeTextChars = 0
  let unclosedChromeTextChars = 0
  let largestChromeTextChars = 0
  let keptTextChars = 0
  const revealChrome = options.revealChrome === true
  const maxDepth = options.maxDepth ?? maxNestingDepth
  let out = ""
  const scan: TagScan = { end: -1, attributes: "", pruned: false, itemprop: false, reveal: options.revealHidden === true, revealChrome }
  /** Open elements (tag names), and whether each was emitted. */
  const open: Array<string> = []
  const emitted: Array<boolean> = []
  /** Nested regions ({@link cutRegion}, {@link chromeRegion}, {@link prunedRegion}, {@link islandRegion}): where each starts in `open`, and its kind. */
  const regionStarts: Array<number> = []
  const regionKinds: Array<number> = []
  /** The innermost region's kind, or -1 outside any region. */
  let region = -1
  let position = 0
  const length = html.length
  /** The kind of the last token emitted ({@link otherToken}, {@link blockOpening}, {@link blockClosing}). */
  let last = otherToken
  /** White space read since the last token, emitted or dropped once the next token is known. */
  let pendingSpace = ""
  /** Whether the innermost region cuts its text and elements. */
  let cutting = false
  /** {@link chromeTextChars} when the open chrome region (chrome regions never nest) was entered. */
  let chromeEntryChars = 0
  /**
   * Leaves the regions whose element is no longer open; `closedAt` is the position in `open` of
   * the element a closing tag closed (-1 for none): a chrome region starting elsewhere was closed
   * implicitly, by an ancestor's closing tag, and its text counts as {@link PrefilteredHtml.unclosedChromeTextChars}.
   */
  const leaveClosedRegions = (closedAt: number): void => {
    while (regionStarts.length > 0 && (regionStarts[regionStarts.length - 1] as number) >= open.length) {
      const start = regionStarts.pop() as number
      if (regionKinds.pop() !== chromeRegion) continue
      const held = chromeTextChars - chromeEntryChars
      if (start !== closedAt) unclosedChromeTextChars += held
      if (held > largestChromeTextChars) largestChromeTextChars = held
    }
    region = regionKinds.length === 0 ? -1 : (regionKinds[regionKinds.length - 1] as number)
    cutting = isCutWhole(region) || region === prunedRegion
  }
  const enterRegion = (kind: number): void => {
    if (kind === chromeRegion) chromeEntryChars = chromeTextChars
    regionStarts.push(open.length - 1)
    regionKinds.push(kind)
    region = kind
    cutting = isCutWhole(kind) || kind === prunedRegion
  }
  /** The result at the end of the input, where the elements still open close implicitly. */
  const finish = (): PrefilteredHtml => {
    open.length = 0
    leaveClosedRegions(-1)
    return { html: out, hiddenTextChars, unclosedChromeTextChars, largestChromeTextChars, keptTextChars }
  }
  const emitText = (until: number): void => {
    if (cutting || until <= position) {
      if (region === prunedRegion && until > position) hiddenTextChars += until - position
      else if (region === chromeRegion && until > position) chromeTextChars += until - position
      return
    }
    if (isBlank(html, position, until)) {
      if (last !== blockOpening) pendingSpace += html.slice(position, until)
      return
    }
    out += pendingSpace + html.slice(position, until)
    keptTextChars += until - position
    pendingSpace = ""
    last = otherToken
  }
  /** Emits a tag, after the pending white space unless the tag makes it meaningless. */
  const emitTag = (tag: string, kind: number): void => {
    if (pendingSpace !== "" && kind !== blockClosing && !(kind === blockOpening && last === blockClosing)) out += pendingSpace
    pendingSpace = ""
    out += tag
    last = kind
  }
  while (position < length) {
    const lt = html.indexOf("<", position)
    if (lt === -1) break
    const next = html.charCodeAt(lt + 1)
    if (isLetter(next)) {
      emitText(lt)
      const nameEnd = tagNameEnd(html, lt + 2)
      const tag = html.slice(lt + 1, nameEnd).toLowerCase()
      // In a cut subtree only a script's attributes matter (JSON-LD is kept).
      scanAttributes(html, nameEnd, tag, scan, !isCutWhole(region) || tag === "script")
      if (scan.end === -1) return finish()
      position = scan.end
      const kind = tagKinds.get(tag) ?? 0
      if ((kind & rawTextTag) !== 0 && !closesItselfInForeignContent(html, scan.end, open)) {
        const close = rawTextEnd(html, tag, position)
        const contentEnd = close === -1 ? length : close
        const closeBracket = close === -1 ? -1 : html.indexOf(">", close)
        const closeEnd = closeBracket === -1 ? length : closeBracket + 1
        // JSON-LD survives any cut subtree (emitted where the subtree was), a title a pruned one; other raw text does not.
        const kept = tag === "script" ? keptScript.test(html.slice(lt, scan.end)) : (kind & keptRawTextTag) !== 0 && (!cutting || (region === prunedRegion && tag === "title"))
        if (kept) emitTag(`<${tag}${scan.attributes}>${html.slice(position, contentEnd)}</${tag}>`, otherToken)
        position = closeEnd
        continue
      }
      if ((kind & impliesCloseTag) !== 0) {
        const closes = openImpliesClose.get(tag) as ReadonlySet<string>
        while (open.length > 0 && closes.has(open[open.length - 1] as string)) {
          open.pop()
          emitted.pop()
        }
        leaveClosedRegions(-1)
      }
      const selfClosing = cutting && html.charCodeAt(scan.end - 2) === 47
      if ((kind & voidTag) !== 0 || selfClosing) {
        const kept = !cutting || (region === prunedRegion && (kind & metadataVoidTag) !== 0)
        if (kept && (tag !== "link" || canonicalLink.test(scan.attributes))) emitTag(`<${tag}${scan.attributes}>`, otherToken)
        continue
      }
      if (open.length >= maxDepth) continue
      open.push(tag)
      const readByMetadata = scan.itemprop || (kind & metadataIslandTag) !== 0
      if (readByMetadata && !isCutWhole(region)) enterRegion(islandRegion)
      else if (cutting) {
        emitted.push(false)
        continue
      } else if ((kind & cutSubtreeTag) !== 0 && !(revealChrome && (kind & chromeTag) !== 0)) {
        emitted.push(false)
        enterRegion((kind & chromeTag) !== 0 ? chromeRegion : cutRegion)
        continue
      } else if (scan.pruned && region !== islandRegion && (kind & documentFrameTag) === 0) enterRegion(prunedRegion)
      emitted.push(true)
      emitTag(`<${tag}${scan.attributes}>`, (kind & blockTag) !== 0 ? blockOpening : otherToken)
      continue
    }
    if (next === 47 && isLetter(html.charCodeAt(lt + 2))) {
      emitText(lt)
      const nameEnd = tagNameEnd(html, lt + 3)
      const close = html.indexOf(">", nameEnd)
      if (close === -1) return finish()
      position = close + 1
      const tag = html.slice(lt + 2, nameEnd).toLowerCase()
      const at = open.lastIndexOf(tag)
      // A closing tag is copied when its element was (a stray one when outside any cut), and closes what it closes.
      const copied = at === -1 ? !cutting : (emitted[at] as boolean)
      if (at !== -1) {
        // Popped one by one: truncating through `length` costs more than the pops.
        while (open.length > at) {
          open.pop()
          emitted.pop()
        }
        leaveClosedRegions(at)
      }
      if (copied) emitTag(`</${tag}>`, at !== -1 && blockTags.has(tag) ? blockClosing : otherToken)
      continue
    }
    if (next === 33 || next === 63 || next === 47) {
      emitText(lt)
      let end: number
      if (html.startsWith("<!--", lt)) {
        const close = html.indexOf("-->", lt + 4)
        end = close === -1 ? length : close + 3
      } else if (html.startsWith("<![CDATA[", lt) && inForeignContent(open)) {
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
  return finish()
}

/**
 * {@link prefilterHtmlWithStats}'s HTML only.
 *
 * @example
 * prefilterHtml(`<div class="a" data-x="1"><!-- c --><p>Hi<script>x()</script></p></div>`)
 * // `<div class="a"><p>Hi</p></div>`
 */
export const prefilterHtml = (html: string, options: PrefilterOptions = {}): string => prefilterHtmlWithStats(html, options).html
