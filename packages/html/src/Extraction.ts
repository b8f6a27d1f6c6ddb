/**
 * `extract(html, { url })`: title, main content (plain text with paragraph breaks), language,
 * declared charset, meta description, canonical URL, publication date and author of one page.
 *
 * It never throws on bad HTML: input is cut at {@link ExtractOptions.maxInputChars}, parsing is
 * htmlparser2's forgiving tokenizer and every traversal is iterative, so the time per page is
 * bounded by the (cut) input size (at most two passes: see `rescueContent`).
 */
import { extractContent, type PageHints } from "./extract/Content.ts"
import { withDeclaredBody } from "./extract/DeclaredBody.ts"
import { collapseWhitespace, parsePrefiltered } from "./extract/Dom.ts"
import { type LanguageSource, settleLanguage } from "./extract/Language.ts"
import { type PageMetadata, readMetadata } from "./extract/Metadata.ts"
import { type PrefilteredHtml, prefilterHtml, prefilterHtmlWithStats } from "./extract/Prefilter.ts"
import { chooseTitle } from "./extract/Title.ts"

/** Default input cap, in characters: larger pages are cut (5 MB is far above real articles). */
export const defaultMaxInputChars = 5_000_000

/** Bytes sniffed for a `<meta charset>` when decoding raw bytes. */
const charsetSniffBytes = 1024

/** Options of {@link extract}. */
export interface ExtractOptions {
  /** The page's URL: resolves a relative canonical URL and names the host for title cleaning. */
  readonly url?: string | undefined
  /** Input characters read at most; the rest is ignored and `truncated` is set. Default {@link defaultMaxInputChars}. */
  readonly maxInputChars?: number | undefined
}

/** What {@link extract} returns. */
export interface Extraction {
  /** The article title, site name removed. */
  readonly title: string | undefined
  /** Main content as plain text: paragraphs separated by a blank line, `<br>` as a newline. */
  readonly content: string
  /** ISO 639-1 language: the `lang` attribute unless the text clearly says otherwise. */
  readonly language: string | undefined
  /** How the language was settled. */
  readonly languageSource: LanguageSource
  /** The charset the page declares (`<meta charset>`), lower-cased. */
  readonly charset: string | undefined
  /** `<meta name=description>` (or `og:description`). */
  readonly description: string | undefined
  /** `<link rel=canonical>`, made absolute against `url` when given. */
  readonly canonicalUrl: string | undefined
  /** Publication date: ISO 8601 (`YYYY-MM-DD` when only a day is known). */
  readonly publishedAt: string | undefined
  /** Author name(s), comma-separated. */
  readonly author: string | undefined
  /** Whether the input was cut at `maxInputChars`. */
  readonly truncated: boolean
}

/**
 * Content shorter than this (characters) is retried with hidden subtrees revealed: streaming
 * React pages (`<div hidden id="S:0">`), collapsed accordions and similar keep the article in
 * a subtree a script reveals. Fitted on the tuning halves; normal articles are far longer.
 */
const rescueBelowChars = 300

/** The revealed content replaces the first when it is at least this many times longer (and not short itself). */
const rescueGain = 2

/**
 * Content of a page declared an article is also retried with chrome revealed, whatever its
 * length, when one chrome subtree (`<aside>`, `<footer>`, ...) held at least this many times its
 * text (and of {@link rescueBelowChars}): the article wrapped whole in an `<aside>`, the content
 * read being what is left outside it. Chrome revealed is read as the page's frame only when it
 * holds most of the page's text, not link-dense, so a long menu or sidebar changes nothing; the
 * retry is skipped unless that chrome subtree held at least the text kept outside what was cut.
 * Fitted on the tuning halves: 3 fixes the one such page there, 5 misses it.
 */
const chromeRescueShare = 3

/**
 * Rescue of content cut before scoring. Contract: it runs only when the first content is
 * shorter than {@link rescueBelowChars}, or, on a page declared an article, when one chrome
 * subtree held {@link chromeRescueShare} times its text, and the first prefilter pass cut
 * enough text in pruned subtrees for the result to be taken (normal pages pay nothing); it
 * parses the (cut) input again with hidden subtrees revealed ({@link prefilterHtml}'s
 * `revealHidden`) when the first content is short and enough text was cut in them, and with
 * page chrome kept (`revealChrome`, read as the page's frame when it holds most of the page's
 * text: see `extractContent`) when enough text was cut in chrome elements left unclosed (an
 * unclosed `<aside>` swallows the rest of the page, article included) or in one chrome element
 * (an article wrapped whole in an `<aside>`), so the time per page stays bounded by the input
 * size (at most two passes); and it changes `content` only, taking the revealed content when it
 * is {@link rescueGain} times longer and not short itself (a page whose main content is truly
 * empty stays empty). Title, language and the other fields keep reading the first parse.
 */
const rescueContent = (input: string, content: string, cut: PrefilteredHtml, hints: PageHints): string => {
  const short = content.length < rescueBelowChars
  const chromeHeldMore =
    hints.declaresArticle && cut.largestChromeTextChars >= chromeRescueShare * Math.max(rescueBelowChars, content.length) && cut.largestChromeTextChars >= cut.keptTextChars
  if (!short && !chromeHeldMore) return content
  const wanted = Math.max(rescueBelowChars, rescueGain * content.length)
  const revealHidden = short && cut.hiddenTextChars >= wanted
  const revealChrome = (short && cut.unclosedChromeTextChars >= wanted) || chromeHeldMore
  if (!revealHidden && !revealChrome) return content
  const root = parsePrefiltered(prefilterHtml(input, { revealHidden, revealChrome }))
  const revealed = extractContent(root, { ...hints, revealChrome }).text
  return revealed.length >= wanted ? revealed : content
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/

/** Normalizes a date string to ISO 8601, or `undefined` when it is not a date. */
export const normalizeDate = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined
  const text = value.trim()
  if (dateOnly.test(text)) return text
  const time = Date.parse(text)
  if (Number.isNaN(time)) return undefined
  const iso = new Date(time).toISOString()
  return /T00:00:00\.000Z$/.test(iso) && !/\d:\d/.test(text) ? iso.slice(0, 10) : iso
}

const metaValue = (metadata: PageMetadata, names: ReadonlyArray<string>): string | undefined => {
  for (const name of names) {
    const value = metadata.meta.get(name)
    if (value !== undefined && value !== "") return value
  }
  return undefined
}

const publicationDate = (metadata: PageMetadata): string | undefined => {
  const candidates = [
    metadata.jsonLd.datePublished,
    metaValue(metadata, ["article:published_time", "og:published_time", "datepublished", "publishdate", "publish-date", "pubdate", "date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime"]),
    metadata.itemDate,
    metadata.time
  ]
  for (const candidate of candidates) {
    const date = normalizeDate(candidate)
    if (date !== undefined) return date
  }
  return undefined
}

const looksLikeName = (value: string): boolean => value.length <= 120 && !/^https?:\/\//i.test(value)

const cleanAuthor = (value: string): string => collapseWhitespace(value).replace(/^by\s+/i, "")

const authorOf = (metadata: PageMetadata): string | undefined => {
  const candidates = [
    metadata.jsonLd.authors.filter(looksLikeName).join(", "),
    metaValue(metadata, ["author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "twitter:creator"]),
    metadata.itemAuthor
  ]
  for (const candidate of candidates) {
    if (candidate !== undefined && candidate.trim() !== "" && looksLikeName(candidate)) return cleanAuthor(candidate)
  }
  return undefined
}

const absoluteUrl = (href: string | undefined, base: string | undefined): string | undefined => {
  if (href === undefined) return undefined
  try {
    return new URL(href, base).href
  } catch {
    return base === undefined ? href : undefined
  }
}

const hostName = (url: string | undefined): Array<string> => {
  if (url === undefined) return []
  try {
    const host = new URL(url).hostname.replace(/^www\./, "")
    return [host, host.split(".")[0] ?? host]
  } catch {
    return []
  }
}

/**
 * Decodes raw bytes: a BOM, then a `<meta charset>` in the first bytes, else UTF-8 (invalid
 * sequences become U+FFFD). Unknown charsets fall back to UTF-8.
 */
export const decodeHtml = (bytes: Uint8Array): string => {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, charsetSniffBytes))
  const declared = /^\uFEFF|^\u00ef\u00bb\u00bf/.test(head) ? "utf-8" : /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1]
  try {
    return new TextDecoder(declared ?? "utf-8").decode(bytes)
  } catch {
    return new TextDecoder("utf-8").decode(bytes)
  }
}

/**
 * Extracts title, main content and metadata from one HTML page. The content is the page's
 * main content as extracted (and rescued: see `rescueContent`), or the article body the page
 * declares in JSON-LD when the extracted content is much shorter (see `withDeclaredBody`).
 *
 * @example
 * const page = extract("<html lang=en><title>Hello | Site</title><article><p>Long text...</p></article>", { url: "https://site.example/a" })
 * page.title   // "Hello"
 * page.content // "Long text..."
 */
export const extract = (html: string | Uint8Array, options: ExtractOptions = {}): Extraction => {
  const maxChars = options.maxInputChars ?? defaultMaxInputChars
  const text = typeof html === "string" ? html : decodeHtml(html.subarray(0, maxChars * 4))
  const truncated = text.length > maxChars
  const input = truncated ? text.slice(0, maxChars) : text
  const prefiltered = prefilterHtmlWithStats(input)
  const root = parsePrefiltered(prefiltered.html)
  const metadata = readMetadata(root)
  const declaresArticle = metadata.jsonLd.declaresArticle || metadata.itemDeclaresArticle || metaValue(metadata, ["og:type"])?.toLowerCase() === "article"
  const openGraph = metaValue(metadata, ["og:title", "twitter:title"])
  const siteNames = [
    metaValue(metadata, ["og:site_name", "application-name", "twitter:site"])?.replace(/^@/, ""),
    metadata.jsonLd.publisher,
    ...hostName(options.url)
  ].filter((name): name is string => name !== undefined)
  const title = chooseTitle({
    openGraph,
    headline: metadata.jsonLd.headline,
    titleTag: metadata.title,
    headings: metadata.headings,
    siteNames
  })
  const titles = [title, openGraph, metadata.jsonLd.headline].filter((name): name is string => name !== undefined)
  const hints: PageHints = { declaresArticle, titles, declaredBody: metadata.jsonLd.articleBody }
  const firstContent = extractContent(root, hints).text
  const content = withDeclaredBody(rescueContent(input, firstContent, prefiltered, hints), hints.declaredBody)
  // Settled on the first content: the rescue changes `content` only (see rescueContent).
  const { language, source } = settleLanguage(metadata.lang, firstContent)
  return {
    title,
    content,
    language,
    languageSource: source,
    charset: metadata.charset,
    description: metaValue(metadata, ["description", "og:description", "twitter:description"]),
    canonicalUrl: absoluteUrl(metadata.canonical, options.url),
    publishedAt: publicationDate(metadata),
    author: authorOf(metadata),
    truncated
  }
}
