/**
 * A deterministic crawl generator: the crawler's JSON Lines for one day, built from the Brown
 * Corpus (whose 15 categories are the ground-truth labels) and rendered through varied HTML
 * templates, with the defects real crawls have: URL variants with tracking parameters, exact
 * and near duplicates with different timestamps, paragraphs in other languages, emojis,
 * malformed lines and invalid UTF-8. The same seed and date give the same bytes.
 */
import { type BrownText, loadBrownCorpus } from "./BrownCorpus.ts"
import { type PageContent, templates } from "./HtmlTemplates.ts"
import { makeRandom, type Random, seedOf } from "./Random.ts"

/** One line of the crawler's landing file. */
export interface CrawlRecord {
  readonly url: string
  readonly fetched_at: string
  readonly status: number
  readonly content_type: string
  readonly html: string
}

/** The label of a generated page, for measuring; never read by the pipeline's assets. */
export interface GroundTruth {
  /** The page's canonical URL (what URL normalization should produce). */
  readonly url: string
  /** Brown Corpus category. */
  readonly category: string
  /** Brown Corpus text id. */
  readonly textId: string
}

/** Options of {@link generateDay}. */
export interface CrawlOptions {
  /** Seed of the whole crawl; each day derives its own stream from it. */
  readonly seed: string
  /** Lines per day, duplicates and defects included. */
  readonly documents: number
  /** The texts to draw pages from (default: the Brown Corpus, loaded for this call; pass it when generating several days). */
  readonly corpus?: ReadonlyArray<BrownText>
}

/** Default lines per day. */
export const DEFAULT_DOCUMENTS_PER_DAY = 1000

/** Shares of each defect among a day's lines (the rest are clean new pages). */
const SHARE = {
  exactDuplicate: 0.06,
  nearDuplicate: 0.04,
  malformedLine: 0.005,
  invalidUtf8: 0.003,
  foreignParagraph: 0.05,
  emoji: 0.05,
  trackingVariant: 0.15
} as const

/** Paragraphs in other languages, mixed into some pages. */
const FOREIGN_PARAGRAPHS = [
  "Ceci est un paragraphe en français qui ne devrait pas rester dans le texte anglais normalisé.",
  "Dieser Absatz ist auf Deutsch geschrieben und gehört nicht zum englischen Haupttext der Seite.",
  "Este párrafo está escrito en español y no forma parte del texto principal en inglés.",
  "Questo paragrafo è scritto in italiano e non appartiene al testo principale."
]

const EMOJIS = ["🙂", "🔥", "👍🏽", "👩‍💻", "🎉", "❤️", "🇺🇸"]

const SITES = [
  "dailyherald.example",
  "thechronicle.example",
  "weekendreader.example",
  "northgazette.example",
  "civicrecord.example",
  "hobbyworld.example",
  "scholarpress.example",
  "faithjournal.example",
  "storyhouse.example",
  "reviewdesk.example",
  "pulpfiction.example",
  "morningpost.example"
]

const AUTHORS = ["Ann Carter", "J. R. Miles", "Dana Okafor", "Luis Romero", "Mei Chen", "Sam O'Neil", "Priya Nair"]

const TRACKING = ["utm_source=newsletter", "utm_medium=email", "utm_campaign=fall21", "gclid=Cj0KCQjw", "fbclid=IwAR2x", "mc_eid=83b1"]

const slugOf = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)

const titleOf = (text: BrownText, random: Random): string => {
  const words = (text.paragraphs[0] ?? text.id).replace(/[“”"(),.;:!?]/g, "").split(/\s+/).filter(Boolean)
  const start = random.int(0, Math.max(0, Math.min(words.length - 6, 20)))
  const title = words.slice(start, start + random.int(4, 9)).join(" ")
  return title.charAt(0).toUpperCase() + title.slice(1)
}

/** A URL the crawler might have seen for a canonical URL: tracking params, case, fragment, port. */
const variantOf = (canonical: string, random: Random): string => {
  const url = new URL(canonical)
  let text = `${url.protocol}//${random.chance(0.3) ? url.host.toUpperCase() : url.host}${random.chance(0.2) ? ":443" : ""}${url.pathname}`
  const params = TRACKING.filter(() => random.chance(0.4))
  if (params.length > 0) text += `?${params.join("&")}`
  if (random.chance(0.3)) text += "#comments"
  return text
}

const timestampOf = (date: string, random: Random): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + random.int(0, 86_399) * 1000).toISOString()

interface Page {
  readonly record: CrawlRecord
  readonly truth: GroundTruth
  readonly content: PageContent
  readonly templateIndex: number
}

const makePage = (date: string, index: number, corpus: ReadonlyArray<BrownText>, random: Random): Page => {
  const text = random.pick(corpus)
  const siteIndex = random.int(0, SITES.length - 1)
  const site = SITES[siteIndex]!
  const first = random.int(0, Math.max(0, text.paragraphs.length - 4))
  const paragraphs = [...text.paragraphs.slice(first, first + random.int(3, 8))]
  if (random.chance(SHARE.foreignParagraph)) paragraphs.splice(random.int(0, paragraphs.length), 0, random.pick(FOREIGN_PARAGRAPHS))
  if (random.chance(SHARE.emoji)) {
    const at = random.int(0, paragraphs.length - 1)
    paragraphs[at] = `${paragraphs[at]} ${random.pick(EMOJIS)}`
  }
  const title = titleOf(text, random)
  const section = text.category.replace(/_/g, "-")
  const canonicalUrl = `https://${site}/${section}/${slugOf(title)}-${date.replace(/-/g, "")}${String(index).padStart(5, "0")}`
  const content: PageContent = {
    site: site.replace(/\.example$/, ""),
    section,
    title,
    paragraphs,
    author: random.pick(AUTHORS),
    publishedAt: timestampOf(date, random),
    canonicalUrl,
    language: "en"
  }
  const templateIndex = siteIndex % templates.length
  const url = random.chance(SHARE.trackingVariant) ? variantOf(canonicalUrl, random) : canonicalUrl
  return {
    record: { url, fetched_at: timestampOf(date, random), status: 200, content_type: "text/html; charset=utf-8", html: templates[templateIndex]!(content, random) },
    truth: { url: canonicalUrl, category: text.category, textId: text.id },
    content,
    templateIndex
  }
}

/** A near duplicate: the same story with one word changed, syndicated under another URL. */
const nearDuplicateOf = (page: Page, random: Random, date: string): Page => {
  const paragraphs = [...page.content.paragraphs]
  const at = random.int(0, paragraphs.length - 1)
  paragraphs[at] = paragraphs[at]!.replace(/\b(the|a|and|of)\b/, "this")
  const canonicalUrl = `${page.content.canonicalUrl}-syndicated`
  const content = { ...page.content, paragraphs, canonicalUrl }
  return {
    record: { ...page.record, url: canonicalUrl, fetched_at: timestampOf(date, random), html: templates[page.templateIndex]!(content, random) },
    truth: { ...page.truth, url: canonicalUrl },
    content,
    templateIndex: page.templateIndex
  }
}

/** One day of the crawl: the landing file's bytes (JSON Lines) and the ground truth. */
export interface CrawlDay {
  readonly date: string
  readonly bytes: Uint8Array
  readonly truth: ReadonlyArray<GroundTruth>
}

const encoder = new TextEncoder()
/** Bytes that are never valid UTF-8. */
const INVALID_UTF8 = Uint8Array.of(0xff, 0xfe, 0xc3)

/** Generates the crawler's landing file for `date` (YYYY-MM-DD). Deterministic in seed and date. */
export const generateDay = (date: string, options: CrawlOptions): CrawlDay => {
  const corpus = options.corpus ?? loadBrownCorpus()
  const random = makeRandom(seedOf(`${options.seed}/${date}`))
  const pages: Array<Page> = []
  const chunks: Array<Uint8Array> = []
  const truth: Array<GroundTruth> = []
  for (let index = 0; index < options.documents; index++) {
    const roll = random.next()
    if (roll < SHARE.malformedLine) {
      chunks.push(encoder.encode(`{"url": "https://broken.example/${index}", "html": "<p>truncated\n`))
      continue
    }
    if (roll < SHARE.malformedLine + SHARE.invalidUtf8) {
      const line = encoder.encode(JSON.stringify({ url: `https://binary.example/${index}`, fetched_at: timestampOf(date, random), status: 200, content_type: "text/html", html: "<p>junk " }))
      chunks.push(line.subarray(0, line.length - 3), INVALID_UTF8, encoder.encode(`"}\n`))
      continue
    }
    let page: Page
    const earlier = pages.length > 0 ? random.pick(pages) : undefined
    if (earlier !== undefined && roll < 0.01 + SHARE.exactDuplicate) {
      page = { ...earlier, record: { ...earlier.record, url: variantOf(earlier.truth.url, random), fetched_at: timestampOf(date, random) } }
    } else if (earlier !== undefined && roll < 0.01 + SHARE.exactDuplicate + SHARE.nearDuplicate) {
      page = nearDuplicateOf(earlier, random, date)
      truth.push(page.truth)
    } else {
      page = makePage(date, index, corpus, random)
      truth.push(page.truth)
    }
    pages.push(page)
    chunks.push(encoder.encode(`${JSON.stringify(page.record)}\n`))
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.length
  }
  return { date, bytes, truth }
}
