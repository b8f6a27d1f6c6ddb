/**
 * `preprocess/url-normalization` (silver, daily): one row per page, keyed by its normalized URL.
 *
 * - Every URL is normalized (`@strata/html`, default rules: lower-case host, default port,
 *   fragment and tracking parameters removed, query sorted). A URL that cannot be normalized is
 *   emitted as it is and rejected by the row schema (`NormalizedUrl`), so it lands in the
 *   partition's quarantine with the normalizer's reason; it is counted as `invalid_urls`.
 * - Exact duplicates are removed, the freshest copy kept (ties: longer page, then smaller row
 *   id): the same normalized URL (`duplicate_url`), then the same HTML bytes under another URL
 *   (`duplicate_content`). Counted as `duplicates_removed` and `duplicates_removed.<reason>`.
 */
import { hash } from "node:crypto"
import { AssetDefinition, AssetSpec, Check, ColumnDoc, PartitionMapping } from "@strata/core"
import { compareFreshness, defaultUrlNormalizationOptions, makeDeduplicator, urlNormalizer } from "@strata/html"
import { Effect, Schema } from "effect"
import type { Settings } from "../Settings.ts"
import { DATA_ENGINEERING, dailyFrom, PIPELINE_TAGS } from "./internal/Catalog.ts"
import { fetchedAtDoc, HTTP_URL_PATTERN, Instant, NormalizedUrl, urlDoc } from "./internal/Columns.ts"
import { collectInput, rowsOf } from "./internal/Inputs.ts"
import * as Raw from "./RawHtmlDocuments.ts"

/** The key of the asset. */
export const KEY = "preprocess/url-normalization"

/** Hex characters of a SHA-1 digest. */
const SHA1_HEX = /^[0-9a-f]{40}$/

/** One page, keyed by its normalized URL. */
export const UrlDocument = Schema.Struct({
  url: NormalizedUrl,
  source_url: Schema.String,
  host: Schema.String,
  tracking_params_removed: Schema.Array(Schema.String),
  fetched_at: Instant,
  status: Schema.Int,
  content_type: Schema.String,
  html_sha1: Schema.String,
  html: Schema.String
})

/** One page, keyed by its normalized URL. */
export type UrlDocument = typeof UrlDocument.Type

/** Why a copy was removed here. */
export type RemovalReason = "duplicate_url" | "duplicate_content"

/** The rules, in order, for the sidecar's `process`. */
const PROCESS = [
  { rule: "normalize_url", params: JSON.parse(JSON.stringify(defaultUrlNormalizationOptions)) as Record<string, unknown> },
  { rule: "quarantine_invalid_url", params: { allowedSchemes: defaultUrlNormalizationOptions.allowedSchemes } },
  { rule: "deduplicate", params: { key: "normalized url", keep: "freshest fetched_at, then longest html, then first row" } },
  { rule: "deduplicate", params: { key: "sha1(html)", keep: "freshest fetched_at, then longest html, then first row" } }
]

const sha1 = (text: string): string => hash("sha1", text, "hex")

/** Row id of the `index`-th input row: zero-padded so ids order like rows (the last tie-breaker). */
const rowId = (index: number): string => String(index).padStart(9, "0")

/**
 * Normalizes and deduplicates one day's validated records. Pure: returns the rows to emit (invalid
 * URLs included, for the schema to quarantine) and the counts.
 */
export const normalizeDocuments = (
  documents: ReadonlyArray<Raw.RawDocument>
): { readonly rows: ReadonlyArray<UrlDocument>; readonly invalid: number; readonly removed: Readonly<Record<RemovalReason, number>> } => {
  const normalize = urlNormalizer()
  const dedup = makeDeduplicator({ canonical: false, title: false, nearDuplicate: false })
  documents.forEach((doc, index) => dedup.add({ id: rowId(index), url: doc.url, fetchedAt: doc.fetched_at, contentLength: doc.html.length }))
  const decided = dedup.result()
  const rows: Array<UrlDocument> = []
  const byContent = new Map<string, { id: string; fetchedAt: number; length: number; at: number }>()
  let invalid = 0
  let duplicateContent = 0
  documents.forEach((doc, index) => {
    const id = rowId(index)
    const decision = decided.decision(id)
    const normalized = normalize(doc.url)
    const base = { source_url: doc.url, fetched_at: doc.fetched_at, status: doc.status, content_type: doc.content_type, html_sha1: sha1(doc.html), html: doc.html }
    if (normalized._tag === "Invalid") {
      invalid++
      rows.push({ ...base, url: doc.url, host: "", tracking_params_removed: [] })
      return
    }
    if (decision?.kept !== true) return
    const candidate = { id, fetchedAt: Date.parse(doc.fetched_at), length: doc.html.length, at: rows.length }
    const row: UrlDocument = { ...base, url: normalized.url, host: normalized.host, tracking_params_removed: normalized.removedParams }
    const earlier = byContent.get(base.html_sha1)
    if (earlier === undefined) {
      byContent.set(base.html_sha1, candidate)
      rows.push(row)
      return
    }
    duplicateContent++
    if (compareFreshness(candidate, earlier) < 0) {
      rows[earlier.at] = row
      byContent.set(base.html_sha1, { ...candidate, at: earlier.at })
    }
  })
  return { rows, invalid, removed: { duplicate_url: decided.removed.duplicate_url, duplicate_content: duplicateContent } }
}

/** The asset's definition. */
export const make = (settings: Settings) =>
  AssetDefinition.make(
    AssetSpec.make({
      key: KEY,
      layer: "silver",
      description: "One row per crawled page of the day, keyed by its normalized URL: invalid URLs quarantined, exact duplicates removed keeping the freshest copy.",
      dataset: "html-documents",
      partitions: dailyFrom(settings.startDate),
      deps: [{ asset: Raw.KEY, mapping: PartitionMapping.identity() }],
      schema: UrlDocument,
      columns: {
        url: urlDoc,
        source_url: ColumnDoc.make("the URL exactly as the crawler recorded it", "where the kept copy was seen, for tracing back to the crawl"),
        host: ColumnDoc.make("host of the normalized URL (punycode)", "the publishing site"),
        tracking_params_removed: ColumnDoc.make("names of the tracking parameters removed from the URL", "which campaign links brought the crawler to the page"),
        fetched_at: fetchedAtDoc,
        status: ColumnDoc.make("HTTP status of the response", "whether the page was actually served"),
        content_type: ColumnDoc.make("Content-Type header of the response", "whether the body is an HTML page"),
        html_sha1: ColumnDoc.make("SHA-1 of the HTML body (hex)", "the copy's content identity: equal digests are the same page bytes"),
        html: ColumnDoc.make("response body (HTML) of the kept copy", "the page to parse")
      },
      codeVersion: "1",
      owners: [DATA_ENGINEERING],
      tags: { ...PIPELINE_TAGS, stage: "preprocess" },
      process: PROCESS,
      checks: [
        Check.notNull("url"),
        Check.unique("url"),
        Check.unique("html_sha1", { severity: "warn" }),
        Check.pattern("url", HTTP_URL_PATTERN),
        Check.pattern("html_sha1", SHA1_HEX),
        Check.rowCountBetween(1, undefined, { severity: "warn" })
      ]
    }),
    (ctx) =>
      rowsOf(
        Effect.gen(function* () {
          const input = yield* collectInput(ctx, Raw.KEY, Raw.RawDocument)
          const { rows, invalid, removed } = normalizeDocuments(input.map((item) => item.row))
          yield* ctx.metrics("invalid_urls", invalid)
          yield* ctx.metrics("duplicates_removed", removed.duplicate_url + removed.duplicate_content)
          yield* ctx.metrics("duplicates_removed.duplicate_url", removed.duplicate_url)
          yield* ctx.metrics("duplicates_removed.duplicate_content", removed.duplicate_content)
          return rows
        })
      )
  )
