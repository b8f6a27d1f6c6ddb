/**
 * `preprocess/text-normalization` (silver, version x date, path `v2/2021-09-02`): the parsed
 * title and content of each page normalized by one version of the rules. The versions come from
 * `settings.normalization.versions`, so a new version is a configuration change that plans only
 * its own partitions (and what reads them); each partition records its version's rules, with
 * every parameter, in the sidecar's `process`.
 *
 * A version's rules are fixed once it is materialized: to change them, declare a new version
 * (the asset's code version does not follow the configuration, so that adding `v3` leaves `v1`
 * and `v2` fresh).
 */
import { AssetDefinition, AssetSpec, Check, ColumnDoc, PartitionMapping, Partitions } from "@strata/core"
import { normalizer, RuleSet } from "@strata/text"
import { Effect, Schema } from "effect"
import type { Settings } from "../Settings.ts"
import { DATA_ENGINEERING, dailyFrom, PIPELINE_TAGS } from "./internal/Catalog.ts"
import { fetchedAtDoc, Instant, NormalizedUrl, urlDoc } from "./internal/Columns.ts"
import { collectInput, rowsOf, stepError } from "./internal/Inputs.ts"
import * as HtmlParsing from "./HtmlParsing.ts"

/** The key of the asset. */
export const KEY = "preprocess/text-normalization"

/** The name of the version dimension (what `staticPin` pins). */
export const VERSION_DIMENSION = "version"

/** The name of the date dimension (what `multiToSingle` maps onto daily assets). */
export const DATE_DIMENSION = "date"

/** A page's text normalized by one version. */
export const NormalizedDocument = Schema.Struct({
  url: NormalizedUrl,
  version: Schema.String,
  title: Schema.String,
  content: Schema.String,
  language: Schema.NullOr(Schema.String),
  fetched_at: Instant
})

/** A page's text normalized by one version. */
export type NormalizedDocument = typeof NormalizedDocument.Type

/** The version of a `version/date` partition key. */
export const versionOf = (partition: string): string => partition.slice(0, partition.indexOf("/"))

/** Normalizes parsed pages with one rule set; pure. */
export const normalizeDocuments = (ruleSet: RuleSet.RuleSet, rows: ReadonlyArray<HtmlParsing.ParsedDocument>): ReadonlyArray<NormalizedDocument> => {
  const normalize = normalizer(ruleSet)
  return rows.map((row) => ({
    url: row.url,
    version: ruleSet.version,
    title: normalize(row.title ?? ""),
    content: normalize(row.content),
    language: row.language,
    fetched_at: row.fetched_at
  }))
}

/** The asset's definition; its version keys are those of the settings. */
export const make = (settings: Settings) => {
  const versions = settings.normalization.versions
  const ruleSets = Effect.runSync(RuleSet.fromConfig(versions))
  return AssetDefinition.make(
    AssetSpec.make({
      key: KEY,
      layer: "silver",
      description: "The title and content of every parsed page, normalized by each configured version of the text rules (one partition per version and day).",
      dataset: "html-documents",
      partitions: Partitions.multi({
        [VERSION_DIMENSION]: Partitions.staticKeys(Object.keys(versions)),
        [DATE_DIMENSION]: dailyFrom(settings.startDate)
      }),
      deps: [{ asset: HtmlParsing.KEY, mapping: PartitionMapping.multiToSingle(DATE_DIMENSION) }],
      schema: NormalizedDocument,
      columns: {
        url: urlDoc,
        version: ColumnDoc.make("normalization version (the partition's version)", "which text preparation a model or annotator consumed"),
        title: ColumnDoc.make("title normalized by the version's rules (empty when the page has none)", "the title as the model sees it"),
        content: ColumnDoc.make("main content normalized by the version's rules", "the text as the model and the annotator see it"),
        language: ColumnDoc.make("ISO 639-1 language of the page", "which language pipeline the page belongs to"),
        fetched_at: fetchedAtDoc
      },
      // 2: a page's tokens no longer depend on the pages wink read before it in the process.
      codeVersion: "2",
      owners: [DATA_ENGINEERING],
      tags: { ...PIPELINE_TAGS, stage: "preprocess" },
      checks: [
        Check.notNull("url"),
        Check.unique("url"),
        Check.notNull("content"),
        Check.inSet("version", Object.keys(versions)),
        Check.rowCountBetween(1, undefined, { severity: "warn" })
      ]
    }),
    (ctx) =>
      rowsOf(
        Effect.gen(function* () {
          const version = versionOf(ctx.partition)
          const ruleSet = ruleSets[version]
          if (ruleSet === undefined) {
            return yield* stepError(ctx, "InvalidConfig", `normalization version ${JSON.stringify(version)} is not in settings.normalization.versions (${Object.keys(versions).join(", ")}); declare it there`)
          }
          yield* ctx.process(ruleSet.describe())
          const input = yield* collectInput(ctx, HtmlParsing.KEY, HtmlParsing.ParsedDocument)
          return normalizeDocuments(ruleSet, input.map((item) => item.row))
        })
      )
  )
}
