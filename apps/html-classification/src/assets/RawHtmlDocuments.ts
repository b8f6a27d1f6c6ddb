/**
 * `raw/html-documents` (bronze, daily): the crawler's records of one day, validated. Every line
 * of the landing file that is JSON becomes a row if it fits the crawler's contract (an http(s)
 * URL, an ISO 8601 fetch time, an integer HTTP status, a content type and an HTML body); the
 * others go to the partition's quarantine with the reason (malformed JSON and invalid UTF-8 are
 * quarantined by the runner while reading, wrong fields by this schema). Nothing is changed.
 */
import { AssetDefinition, AssetSpec, Check, type MaterializeError, PartitionMapping } from "@strata/core"
import { Schema, Stream } from "effect"
import type { Settings } from "../Settings.ts"
import { DATA_ENGINEERING, dailyFrom, PIPELINE_TAGS } from "./internal/Catalog.ts"
import { HTTP_URL_PATTERN, Instant } from "./internal/Columns.ts"
import * as Landing from "./Landing.ts"

/** The key of the bronze asset. */
export const KEY = "raw/html-documents"

/** Lowest and highest HTTP status codes. */
const STATUS_MIN = 100
const STATUS_MAX = 599

/** A validated crawler record. */
export const RawDocument = Schema.Struct({
  url: Schema.String.check(Schema.isMinLength(1)),
  fetched_at: Instant,
  status: Schema.Int.check(Schema.isBetween({ minimum: STATUS_MIN, maximum: STATUS_MAX })),
  content_type: Schema.String,
  html: Schema.String
})

/** A validated crawler record. */
export type RawDocument = typeof RawDocument.Type

/** The bronze asset's definition. */
export const make = (settings: Settings) =>
  AssetDefinition.make(
    AssetSpec.make({
      key: KEY,
      layer: "bronze",
      description: "Every page the crawler fetched that day, as the crawler recorded it, validated against the crawler's contract (bad lines quarantined).",
      dataset: "html-documents",
      partitions: dailyFrom(settings.startDate),
      deps: [{ asset: Landing.KEY, mapping: PartitionMapping.identity() }],
      schema: RawDocument,
      columns: Landing.crawlColumns,
      codeVersion: "1",
      owners: [DATA_ENGINEERING],
      tags: { ...PIPELINE_TAGS, stage: "ingest" },
      process: [{ rule: "validate_crawl_record", params: { url: "non-empty", fetched_at: "ISO 8601 instant", status: `integer ${STATUS_MIN}..${STATUS_MAX}` } }],
      checks: [
        Check.notNull("url"),
        Check.notNull("html"),
        Check.pattern("url", HTTP_URL_PATTERN, { severity: "warn" }),
        Check.valueBetween("status", STATUS_MIN, STATUS_MAX),
        Check.rowCountBetween(1, undefined, { severity: "warn" }),
        Check.columnsEqualSchema()
      ]
    }),
    // The runner validates every row against `RawDocument` and quarantines what does not fit.
    (ctx) => Stream.flatMap(Stream.fromIterable(ctx.inputs.get(Landing.KEY as never) ?? []), (input) => input.rows) as Stream.Stream<RawDocument, MaterializeError>
  )
