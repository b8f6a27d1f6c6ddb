/**
 * `preprocess/html-parsing` (silver, daily): the article of every page, without boilerplate.
 *
 * Each HTML page (2xx status, HTML content type) is parsed into title, main content, language,
 * description, canonical URL, publication date and author (`@strata/html` `extract`). Then the
 * day's pages are deduplicated once more on what parsing reveals, the freshest copy kept: the
 * same `rel=canonical` target (`canonical`), the same title on the same site
 * (`duplicate_title`), and near-identical content (`near_duplicate`, MinHash LSH at Jaccard
 * 0.8). Metrics: `duplicates_removed`, `duplicates_removed.<reason>`, `skipped_not_html`.
 */
import { AssetDefinition, AssetSpec, Check, ColumnDoc, PartitionMapping } from "@strata/core"
import { defaultDedupOptions, defaultMinHashOptions, extract, makeDeduplicator, minHashScheme } from "@strata/html"
import { Effect, Schema } from "effect"
import type { Settings } from "../Settings.ts"
import { DATA_ENGINEERING, dailyFrom, PIPELINE_TAGS } from "./internal/Catalog.ts"
import { fetchedAtDoc, Instant, NormalizedUrl, urlDoc } from "./internal/Columns.ts"
import { collectInput, rowsOf } from "./internal/Inputs.ts"
import * as UrlNormalization from "./UrlNormalization.ts"

/** The key of the asset. */
export const KEY = "preprocess/html-parsing"

/** The reasons a page is removed here. */
export const REMOVAL_REASONS = ["canonical", "duplicate_title", "near_duplicate"] as const

/** A parsed page. */
export const ParsedDocument = Schema.Struct({
  url: NormalizedUrl,
  title: Schema.NullOr(Schema.String),
  content: Schema.String,
  language: Schema.NullOr(Schema.String),
  description: Schema.NullOr(Schema.String),
  canonical_url: Schema.NullOr(Schema.String),
  published_at: Schema.NullOr(Schema.String),
  author: Schema.NullOr(Schema.String),
  fetched_at: Instant
})

/** A parsed page. */
export type ParsedDocument = typeof ParsedDocument.Type

/** Lowest and highest status of a served page. */
const SUCCESS_MIN = 200
const SUCCESS_MAX = 299

/** Whether a fetched copy is an HTML page that was actually served. */
export const isHtmlPage = (doc: { readonly status: number; readonly content_type: string }): boolean =>
  doc.status >= SUCCESS_MIN && doc.status <= SUCCESS_MAX && /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(doc.content_type)

/** Parses one page into a row. */
export const parseDocument = (doc: UrlNormalization.UrlDocument): ParsedDocument => {
  const page = extract(doc.html, { url: doc.url })
  return {
    url: doc.url,
    title: page.title ?? null,
    content: page.content,
    language: page.language ?? null,
    description: page.description ?? null,
    canonical_url: page.canonicalUrl ?? null,
    published_at: page.publishedAt ?? null,
    author: page.author ?? null,
    fetched_at: doc.fetched_at
  }
}

/** Removes canonical, title and near duplicates, keeping the freshest copy; pure. */
export const deduplicate = (
  rows: ReadonlyArray<ParsedDocument>
): { readonly rows: ReadonlyArray<ParsedDocument>; readonly removed: Readonly<Record<(typeof REMOVAL_REASONS)[number], number>> } => {
  const dedup = makeDeduplicator({ canonical: true, title: true, nearDuplicate: true })
  for (const row of rows) {
    dedup.add({ id: row.url, url: row.url, fetchedAt: row.fetched_at, title: row.title ?? undefined, content: row.content, canonicalUrl: row.canonical_url ?? undefined })
  }
  const result = dedup.result()
  return {
    rows: rows.filter((row) => result.isKept(row.url)),
    removed: { canonical: result.removed.canonical, duplicate_title: result.removed.duplicate_title, near_duplicate: result.removed.near_duplicate }
  }
}

/** The asset's definition. */
export const make = (settings: Settings) =>
  AssetDefinition.make(
    AssetSpec.make({
      key: KEY,
      layer: "silver",
      description: "The article of every page of the day (title, main content without boilerplate, language, metadata), with canonical, same-title and near-duplicate copies removed.",
      dataset: "html-documents",
      partitions: dailyFrom(settings.startDate),
      deps: [{ asset: UrlNormalization.KEY, mapping: PartitionMapping.identity() }],
      schema: ParsedDocument,
      columns: {
        url: urlDoc,
        title: ColumnDoc.make("article title, site name removed; null when the page has none", "what the page says it is about"),
        content: ColumnDoc.make("main content as plain text, paragraphs separated by a blank line; navigation, ads, banners, scripts removed", "the text the classifier learns from"),
        language: ColumnDoc.make("ISO 639-1 language of the page (lang attribute unless the text says otherwise)", "which language pipeline the page belongs to"),
        description: ColumnDoc.make("meta description (or og:description)", "the publisher's own summary"),
        canonical_url: ColumnDoc.make("rel=canonical URL, absolute", "the publisher's preferred address of the page"),
        published_at: ColumnDoc.make("publication date (ISO 8601; a day when only the day is known)", "when the article was published, not fetched"),
        author: ColumnDoc.make("author name(s), comma-separated", "who wrote the article"),
        fetched_at: fetchedAtDoc
      },
      // 2: near duplicates by one-permutation MinHash (a few pairs at the threshold fall the other way).
      // 3: main content keeps page frames, long prose under builder class names, overflow-hidden sections,
      // schema.org description/articleBody blocks; reviews weigh as boilerplate on pages not declared articles;
      // a scored result in short paragraphs much shorter than the page's paragraph-like blocks gives way to them;
      // a short result is retried with hidden subtrees revealed when they held much more text.
      // 4: same-class siblings of the top container holding unscored paragraphs join it; hover cards of links
      // inside paragraphs are dropped; a short result is retried with unclosed chrome kept as the page's frame.
      // 5: the baseline replaces a result only if it also does without comment and related sections.
      // 6: lists of similar items (teasers, comments) never join the article as siblings, and prose beside or
      // around such a list is chosen over it; an article wrapped whole in closed chrome is retried revealed.
      // 7: the chosen block is not widened to an ancestor that owes its other text to such lists.
      // 8: a document whose body misses most of its text is read whole; a scored result much shorter than
      // the element holding the page's main prose in its paragraphs gives way to that element.
      // 9: comment and teaser lists are found deeper; a declared article's climb to an ancestor owing its score to
      // such a list keeps the prose beside it; the baseline is measured and read without the lists beside the result.
      // 10: lists of long items dense in links (site indexes) count as teaser lists; on declared articles, sections
      // opened by boilerplate headings (comments, related, about the author) are left out by every attempt, and a
      // list holding half the top candidate's text below it gives way to the prose beside it.
      // 11, 12: headline lists on declared articles, short notices, footers left out of the all-paragraphs fallback.
      // 13: boilerplate headings, notices, boilerplate lines ("Auch interessant:"), date lines and picture credits
      // in German, French, Spanish, Italian, Portuguese, Dutch and Polish as well as English.
      // 14: a date line's leading word must be a weekday ("Approved September 22, 1961." is the text's).
      // 15: short lists that owe a negative score to their tag alone are kept; orphan headings and, on declared
      // articles, tag lists are dropped and a standfirst before the body joins it; notices inside <br>-separated
      // lines and phrases split by links; collapsed accordion and tab panels are read; pages without <body>.
      // 16: filing lines ("Filed under:", "Tags:"), skip links and ad or loading labels, coverage lines and a
      // trailing heading with nothing after it are dropped.
      // 17: an article cut into sections wrapped alike keeps every section, not only its best one.
      // 18: screen-reader-only text (sr-only, visually-hidden) is pruned; call-to-action blocks (class word cta)
      // and the site's pitches opening on the reader's liking ("If you liked this blog post") are dropped.
      // 19: among stories alike (an infinite scroll's next articles), the one the page's title names is the
      // content; teasers holding half of the climbed article element are passed over.
      // 20: replies opening with a name and a time make a comment list; other stories (headline and byline),
      // legal text and a boilerplate heading's subsections are left out.
      // 21: a block written twice (responsive copies, a <noscript> copy) is read once; a declared article read
      // through the baseline leaves out its comments section and sidebar; lists of previews ending "Full story"
      // are item lists.
      // 22: a card under an empty overlay link counts as linked; a page read whole leaves out its menus.
      // 23: a declared article's opening blocks of the body's kind before it join it; section headers (h2-h6,
      // no h1) inside an article are kept; a one-paragraph div citing its sources beside prose like it stays.
      // 24: a declared article's second opinion does not take a container inside its comments section or sidebar.
      // 25: a page not declared an article is scored, not read whole, when one element holds its main prose, and
      // its containers are not widened when they hold all its prose; an article declared in microdata (one
      // article itemtype) or in JSON-LD with raw control characters is declared.
      codeVersion: "25",
      owners: [DATA_ENGINEERING],
      tags: { ...PIPELINE_TAGS, stage: "preprocess" },
      process: [
        { rule: "skip_non_html", params: { status: `${SUCCESS_MIN}..${SUCCESS_MAX}`, contentTypes: ["text/html", "application/xhtml+xml"] } },
        { rule: "extract_main_content", params: { parser: "htmlparser2 (cheerio)", fields: ["title", "content", "language", "description", "canonical_url", "published_at", "author"] } },
        { rule: "deduplicate_canonical", params: { keep: "freshest" } },
        { rule: "deduplicate_title", params: { scope: "same host", minTitleChars: defaultDedupOptions.minTitleChars, keep: "freshest" } },
        { rule: "deduplicate_near", params: { scheme: minHashScheme, ...defaultMinHashOptions, minWords: defaultDedupOptions.minNearDuplicateWords, keep: "freshest" } }
      ],
      checks: [
        Check.notNull("url"),
        Check.unique("url"),
        Check.notNull("content"),
        Check.lengthBetween("content", 1, undefined, { name: "content_not_empty", severity: "warn" }),
        Check.notNull("title", { severity: "warn" }),
        Check.pattern("language", /^[a-z]{2}$/, { severity: "warn" }),
        Check.rowCountBetween(1, undefined, { severity: "warn" })
      ]
    }),
    (ctx) =>
      rowsOf(
        Effect.gen(function* () {
          const input = yield* collectInput(ctx, UrlNormalization.KEY, UrlNormalization.UrlDocument)
          const pages = input.map((item) => item.row).filter(isHtmlPage)
          const { rows, removed } = deduplicate(pages.map(parseDocument))
          yield* ctx.metrics("skipped_not_html", input.length - pages.length)
          yield* ctx.metrics("duplicates_removed", removed.canonical + removed.duplicate_title + removed.near_duplicate)
          for (const reason of REMOVAL_REASONS) yield* ctx.metrics(`duplicates_removed.${reason}`, removed[reason])
          return rows
        })
      )
  )
