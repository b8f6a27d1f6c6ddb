/**
 * `landing`: the crawler's drop zone, observed, not produced. One JSON Lines file per day at
 * `html-classification/landing/<YYYY-MM-DD>/crawl.jsonl`, one fetched page per line. The runner
 * lists it to see which days exist and decodes its lines for `raw/html-documents` (malformed
 * lines and invalid UTF-8 go to that partition's quarantine).
 */
import { AssetDefinition, AssetSpec, ColumnDoc } from "@strata/core"
import { Schema } from "effect"
import type { Settings } from "../Settings.ts"
import { dailyFrom, PIPELINE_TAGS } from "./internal/Catalog.ts"

/** The key of the landing zone. */
export const KEY = "landing"

/** One line of the crawler's file, as the crawler writes it (not validated here). */
export const CrawlLine = Schema.Struct({
  url: Schema.String,
  fetched_at: Schema.String,
  status: Schema.Number,
  content_type: Schema.String,
  html: Schema.String
})

/** The columns of a crawl line. */
export const crawlColumns = {
  url: ColumnDoc.make("URL the crawler requested, as it found it (may carry tracking parameters, upper-case host, fragment)", "where the page was seen"),
  fetched_at: ColumnDoc.make("when the crawler fetched the page (ISO 8601)", "the copy's freshness"),
  status: ColumnDoc.make("HTTP status of the response", "whether the page was actually served"),
  content_type: ColumnDoc.make("Content-Type header of the response", "whether the body is an HTML page"),
  html: ColumnDoc.make("response body (HTML)", "the raw page, boilerplate included")
}

/** The landing zone's definition. */
export const make = (settings: Settings) =>
  AssetDefinition.source(
    AssetSpec.make({
      key: KEY,
      layer: "source",
      description: "The crawler's daily drop of fetched pages (JSON Lines, one page per line), written by the crawler and only observed by Strata.",
      dataset: "crawl",
      partitions: dailyFrom(settings.startDate),
      schema: CrawlLine as Schema.Codec<unknown, unknown>,
      columns: crawlColumns,
      owners: ["crawler-team@example.com"],
      tags: { ...PIPELINE_TAGS, producer: "crawler" },
      codeVersion: "crawler-1"
    })
  )
