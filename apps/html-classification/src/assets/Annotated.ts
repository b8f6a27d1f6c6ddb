/**
 * `annotated` (gold, daily): every normalized page of the day with a category label.
 *
 * It reads `preprocess/text-normalization` pinned to one version (`staticPin("version", v)`,
 * `v2` by default: `settings.annotation.normalizationVersion`) and labels title and content
 * with the configured provider: the offline weak-supervision labeler (Brown Corpus lexicon) by
 * default, or an API (`http-json`, `openai`) configured in `settings.annotation.provider`, its
 * key taken from the environment. Paid labels are cached in the project's storage
 * (`ctx.cache`), so a re-run, a backfill or a crash never pays twice. The provider is recorded
 * as an external data source; documents, cache hits and misses, calls and cost are metrics.
 *
 * A page the annotator cannot label (every labeling function abstained, an answer outside the
 * label set, ...) is emitted with a null label and its reason, so the row schema sends it to
 * the partition's quarantine: counted, never dropped in silence.
 */
import { createHash } from "node:crypto"
import {
  type AnnotationError,
  Annotator,
  Budget,
  type Document,
  ProviderConfig
} from "@strata/annotation"
import { AssetDefinition, AssetSpec, Check, ColumnDoc, PartitionMapping } from "@strata/core"
import { Effect, Schema } from "effect"
import type { Settings } from "../Settings.ts"
import * as AnnotationCache from "./internal/AnnotationCache.ts"
import { dailyFrom, ML_TEAM, PIPELINE_TAGS } from "./internal/Catalog.ts"
import { fetchedAtDoc, Instant, NormalizedUrl, urlDoc } from "./internal/Columns.ts"
import { collectInput, rowsOf, stepError } from "./internal/Inputs.ts"
import * as TextNormalization from "./TextNormalization.ts"

/** The key of the asset. */
export const KEY = "annotated"

/** Hex characters of the provider digest in the code version. */
const IDENTITY_DIGEST_CHARS = 10

/** The row schema for a label set. */
export const annotatedSchema = (labels: ReadonlyArray<string>) =>
  Schema.Struct({
    url: NormalizedUrl,
    label: Schema.Literals(labels),
    confidence: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 })),
    provider: Schema.String,
    model: Schema.String,
    cached: Schema.Boolean,
    normalization_version: Schema.String,
    title: Schema.String,
    content: Schema.String,
    fetched_at: Instant
  })

/** A labeled page (the label is one of the configured label set). */
export interface AnnotatedDocument {
  readonly url: string
  readonly label: string
  readonly confidence: number
  readonly provider: string
  readonly model: string
  readonly cached: boolean
  readonly normalization_version: string
  readonly title: string
  readonly content: string
  readonly fetched_at: string
}

/** A page the annotator set aside, emitted for the schema to quarantine. */
interface Unlabeled extends Omit<AnnotatedDocument, "label"> {
  readonly label: null
  readonly quarantine_reason: string
}

/** The provider's identity: what, if changed, means the labels must be asked for again. */
const providerIdentity = (settings: Settings): Readonly<Record<string, unknown>> => {
  const provider = settings.annotation.provider
  const base = { labels: [...settings.annotation.labels].sort(), kind: provider?.kind ?? "weak-supervision" }
  if (provider === undefined || provider.kind === "weak-supervision") return { ...base, lexicon: provider?.kind === "weak-supervision" ? provider.lexicon ?? "brown" : "brown" }
  return { ...base, endpoint: provider.endpoint ?? null, model: provider.model }
}

/** The code version: the asset's own plus a digest of the provider's identity and label set. */
export const codeVersionOf = (settings: Settings): string =>
  `1+${createHash("sha256").update(JSON.stringify(providerIdentity(settings))).digest("hex").slice(0, IDENTITY_DIGEST_CHARS)}`

/** Where the provider lives, for lineage (never with a key). */
const providerUri = (settings: Settings, model: string): string => {
  const provider = settings.annotation.provider
  if (provider?.kind === "http-json") return provider.endpoint
  if (provider?.kind === "openai") return provider.endpoint ?? "https://api.openai.com"
  return `urn:strata:annotation:weak-supervision:${model}`
}

const toMaterializeError = (ctx: AssetDefinition.MaterializeContext) => (error: AnnotationError | Budget.BudgetExceeded | { readonly _tag: "CacheStoreError"; readonly message: string }) => {
  if (error._tag === "BudgetExceeded") {
    return stepError(ctx, "Failed", `annotation budget exhausted (${error.message}); paid labels are cached: raise settings.annotation.budgetUsd and run again`, error)
  }
  if (error._tag === "AnnotationError" && (error.reason === "InvalidConfig" || error.reason === "InvalidLabelSet" || error.reason === "MissingApiKey")) {
    return stepError(ctx, "InvalidConfig", `annotation: ${error.message}`, error)
  }
  return stepError(ctx, "Unavailable", `annotation: ${error.message}`, error)
}

/** Labels documents; returns labeled and set-aside rows in input order. */
const annotate = (ctx: AssetDefinition.MaterializeContext, settings: Settings, rows: ReadonlyArray<TextNormalization.NormalizedDocument>) =>
  Effect.scoped(
    Effect.gen(function* () {
      const provider = yield* ProviderConfig.makeProvider(settings.annotation.provider)
      const budget = settings.annotation.budgetUsd === undefined ? Budget.unlimited() : Budget.make(settings.annotation.budgetUsd)
      const annotator = yield* Annotator.make({ provider, budget })
      yield* ctx.external({
        name: `annotation-${provider.name}`,
        uri: providerUri(settings, provider.model),
        description: `category labels from ${provider.name} (model ${provider.model})`
      })
      const documents: ReadonlyArray<Document> = rows.map((row) => ({ id: row.url, text: `${row.title}\n\n${row.content}` }))
      const batch = yield* annotator.annotate(documents, settings.annotation.labels)
      const stats = yield* annotator.stats
      yield* ctx.metrics("annotation.documents", stats.documents)
      yield* ctx.metrics("annotation.annotated", stats.annotated)
      yield* ctx.metrics("annotation.quarantined", stats.quarantined)
      yield* ctx.metrics("annotation.cache_hits", stats.cacheHits)
      yield* ctx.metrics("annotation.cache_misses", stats.cacheMisses)
      yield* ctx.metrics("annotation.calls", stats.calls)
      yield* ctx.metrics("annotation.retries", stats.retries)
      yield* ctx.metrics("annotation.cost_usd", stats.costUsd)
      const labels = new Map(batch.annotations.map((annotation) => [annotation.id, annotation]))
      const setAside = new Map(batch.quarantined.map((item) => [item.id, item]))
      return rows.map((row): AnnotatedDocument | Unlabeled => {
        const common = { url: row.url, normalization_version: row.version, title: row.title, content: row.content, fetched_at: row.fetched_at }
        const annotation = labels.get(row.url)
        if (annotation !== undefined) {
          return { ...common, label: annotation.label, confidence: annotation.confidence, provider: annotation.provider, model: annotation.model, cached: annotation.cached }
        }
        const item = setAside.get(row.url)
        return {
          // First, so that the quarantine file's cut copy of the row still shows it.
          quarantine_reason: item === undefined ? "MissingFromAnswer: the annotator returned nothing for this page" : `${item.reason}: ${item.detail}`,
          ...common,
          label: null,
          confidence: 0,
          provider: provider.name,
          model: provider.model,
          cached: false
        }
      })
    }).pipe(Effect.provide(AnnotationCache.layer(ctx.cache)), Effect.mapError(toMaterializeError(ctx)))
  )

/** The asset's definition. */
export const make = (settings: Settings) => {
  const labels = settings.annotation.labels
  const version = settings.annotation.normalizationVersion
  return AssetDefinition.make(
    AssetSpec.make({
      key: KEY,
      layer: "gold",
      description: `Every normalized page of the day (normalization ${version}) with its category label from the annotator, ready to train on.`,
      dataset: "html-documents",
      partitions: dailyFrom(settings.startDate),
      deps: [{ asset: TextNormalization.KEY, mapping: PartitionMapping.staticPin(TextNormalization.VERSION_DIMENSION, version) }],
      schema: annotatedSchema(labels) as unknown as Schema.Codec<AnnotatedDocument, unknown>,
      columns: {
        url: urlDoc,
        label: ColumnDoc.make(`category, one of: ${labels.join(", ")}`, "what the page is about: the target the classifier learns"),
        confidence: ColumnDoc.make("the annotator's confidence in the label, in [0, 1]", "how much to trust the label before cleaning"),
        provider: ColumnDoc.make("annotation provider (weak-supervision, http-json, openai)", "who labeled the page, for audits and cost"),
        model: ColumnDoc.make("provider's model (for weak supervision: the lexicon digest)", "which labeling model produced the label"),
        cached: ColumnDoc.make("whether the label came from the cache (not paid for in this run)", "cost accounting: cached labels are free"),
        normalization_version: ColumnDoc.make("normalization version of the text labeled", "which text preparation the labels were made on"),
        title: ColumnDoc.make("normalized title", "the title as labeled"),
        content: ColumnDoc.make("normalized content", "the text as labeled: what the model trains on"),
        fetched_at: fetchedAtDoc
      },
      codeVersion: codeVersionOf(settings),
      owners: [ML_TEAM],
      tags: { ...PIPELINE_TAGS, stage: "annotation", normalization: version },
      process: [
        { rule: "annotate", params: { provider: settings.annotation.provider?.kind ?? "weak-supervision", labels: [...labels], text: "title + blank line + content", cache: `ctx.cache/${AnnotationCache.NAMESPACE}`, budgetUsd: settings.annotation.budgetUsd ?? null } }
      ],
      checks: [
        Check.notNull("url"),
        Check.unique("url"),
        Check.notNull("label"),
        Check.inSet("label", labels),
        Check.valueBetween("confidence", 0, 1),
        Check.rowCountBetween(1, undefined, { severity: "warn" })
      ]
    }),
    (ctx) =>
      rowsOf(
        Effect.gen(function* () {
          const input = yield* collectInput(ctx, TextNormalization.KEY, TextNormalization.NormalizedDocument)
          if (input.length === 0) return []
          // Unlabeled rows fail the row schema on purpose: the runner quarantines them with their reason.
          return (yield* annotate(ctx, settings, input.map((item) => item.row))) as ReadonlyArray<AnnotatedDocument>
        })
      )
  )
}
