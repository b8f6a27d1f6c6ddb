/**
 * `model` (layer `model`, daily): the text classifier trained on the last N days of `annotated`
 * (`PartitionMapping.timeWindow(settings.model.windowDays)`, 7 by default), as out-of-fold
 * predictions: every page of the window is predicted by a model trained on the other folds
 * (stratified k-fold, hashed TF-IDF features, naive Bayes or logistic regression from
 * `@strata/label-cleaning`). Those predictions are what confident learning needs downstream
 * (`post-train`) and give an honest accuracy against the given labels (metric
 * `model.accuracy`).
 *
 * A page crawled on several days of the window counts once (its freshest copy). Pages are
 * counted (hashed into term counts) as their rows stream in, and what a step derived from an
 * annotated partition is remembered for the next day's window, keyed by the partition's data
 * version ({@link partitionMemo}, {@link termCountMemo}): no step holds the window's texts, and
 * a step reads and decodes only the partitions it has not seen at that version (on consecutive
 * days, the newest one), instead of the whole window.
 */
import { createHash, hash } from "node:crypto"
import { AssetDefinition, type AssetKey, AssetSpec, Check, ColumnDoc, type MaterializeError, PartitionMapping } from "@strata/core"
import {
  type CrossValOptions,
  crossValPredictProbaOfCounts,
  HashedTfidf,
  LabelCleaningError,
  Matrix,
  stratifiedFolds
} from "@strata/label-cleaning"
import { Effect, Schema, Stream } from "effect"
import type { Settings } from "../Settings.ts"
import * as Annotated from "./Annotated.ts"
import { dailyFrom, ML_TEAM, PIPELINE_TAGS } from "./internal/Catalog.ts"
import { Instant, NormalizedUrl, urlDoc } from "./internal/Columns.ts"
import { partitionRows, rowsOf, stepError } from "./internal/Inputs.ts"

/** The key of the asset. */
export const KEY = "model"

/** Fewest labeled pages a window needs to train and cross-validate. */
export const MIN_TRAINING_ROWS = 2

/** Hex characters of the settings digest in the code version. */
const SETTINGS_DIGEST_CHARS = 10

/**
 * Hash buckets of the TF-IDF features. A window holds a few thousand pages (some 10^5 distinct
 * unigrams and bigrams, most seen once): 2^14 buckets keep the naive Bayes tables small enough to
 * stay in cache, and on the demo's 7-day window score as well as 2^17 (measured: 66.7% against
 * the offline labels at 2^14, 68.3% at 2^17, both with {@link NAIVE_BAYES_ALPHA}).
 */
export const FEATURE_DIMENSION = 2 ** 14

/**
 * Additive smoothing of naive Bayes. A class's TF-IDF mass (rows are L2-normalized) is small
 * beside `alpha x FEATURE_DIMENSION`, so Laplace's 1 drowns the evidence (41% against the offline
 * labels on the demo's window); 0.1 lets it speak (67%).
 */
export const NAIVE_BAYES_ALPHA = 0.1

/** The cross-validation options of the model's settings: folds, seed, classifier and features. */
export const crossValOptions = (settings: Settings): CrossValOptions => ({
  folds: settings.model.folds,
  seed: settings.model.seed,
  classifier: settings.model.classifier === "naive_bayes" ? { kind: "naive_bayes", alpha: NAIVE_BAYES_ALPHA } : { kind: "logistic_regression" },
  hashing: { dimension: FEATURE_DIMENSION, bigrams: true }
})

/** The row schema for a label set. */
export const predictionSchema = (labels: ReadonlyArray<string>) =>
  Schema.Struct({
    url: NormalizedUrl,
    source_partition: Schema.String,
    given_label: Schema.Literals(labels),
    predicted_label: Schema.Literals(labels),
    predicted_confidence: Schema.Finite,
    given_label_probability: Schema.Finite,
    probabilities: Schema.Array(Schema.Finite),
    fold: Schema.Int,
    correct: Schema.Boolean
  })

/**
 * One out-of-fold prediction. It carries no text: the page it predicts is the row of
 * `annotated@source_partition` with the same `url` (the text the model read is its title, a
 * blank line and its content, {@link textOf}).
 */
export interface Prediction {
  readonly url: string
  readonly source_partition: string
  readonly given_label: string
  readonly predicted_label: string
  readonly predicted_confidence: number
  readonly given_label_probability: number
  /** Probability of each label, in the label set's order. */
  readonly probabilities: ReadonlyArray<number>
  readonly fold: number
  readonly correct: boolean
}

/** The code version: the asset's own (3: rows reference the page's text instead of copying it) plus a digest of the model settings and label set. */
export const codeVersionOf = (settings: Settings): string =>
  `3+${createHash("sha256").update(JSON.stringify([settings.model, settings.annotation.labels])).digest("hex").slice(0, SETTINGS_DIGEST_CHARS)}`

/** A page of the window as the model reads it: where its label comes from, and its text's term counts. */
export interface WindowPage {
  readonly url: string
  /** The annotated partition (day) of the copy kept. */
  readonly partition: string
  readonly label: string
  /** `fetched_at` in epoch milliseconds. */
  readonly fetchedAt: number
  /** The hashed term counts of {@link textOf} the copy. */
  readonly counts: HashedTfidf.TermCounts
}

/** The text the classifier reads: title, blank line, content (as the annotator did). */
export const textOf = (row: { readonly title: string; readonly content: string }): string => `${row.title}\n\n${row.content}`

/** The digest that identifies a text in the {@link termCountMemo}. */
const TEXT_DIGEST = "sha256"

/** Term counts of page texts, remembered across steps ({@link termCountMemo}). */
export interface TermCountMemo {
  /** Columns of the featurizer (the counts' hash dimension). */
  readonly dimension: number
  /** Starts a step: the counts the previous step used stay at hand, older ones are forgotten. */
  readonly nextStep: () => void
  /** The term counts of `text`, counted unless a recent step counted the same text. */
  readonly countsOf: (text: string) => HashedTfidf.TermCounts
}

/**
 * Term counts of texts with the featurizer `hashing`, remembered by content (a digest of the
 * text, so a re-materialized page with new text is counted again): consecutive days' windows
 * share all but one day, so a page is counted once per process instead of once per window.
 * Counts neither the current step nor the one before used are dropped, so the memo holds about
 * one window of counts.
 */
export const termCountMemo = (hashing: HashedTfidf.HashingOptions): TermCountMemo => {
  const counter = HashedTfidf.termCounter(hashing)
  let previous = new Map<string, HashedTfidf.TermCounts>()
  let current = new Map<string, HashedTfidf.TermCounts>()
  return {
    dimension: counter.dimension,
    nextStep: () => {
      previous = current
      current = new Map()
    },
    countsOf: (text) => {
      const key = hash(TEXT_DIGEST, text, "base64")
      const known = current.get(key) ?? previous.get(key)
      if (known !== undefined) {
        current.set(key, known)
        return known
      }
      const distinct = counter.count(text)
      const counts = { columns: counter.columns.slice(0, distinct), counts: counter.counts.slice(0, distinct) }
      current.set(key, counts)
      return counts
    }
  }
}

/** What the model reads of an annotated row. */
export type WindowRow = Pick<Annotated.AnnotatedDocument, "url" | "label" | "fetched_at" | "title" | "content">

/** The page of an annotated row of `partition`, its text counted by `memo`. */
export const pageOf = (row: WindowRow, partition: string, memo: TermCountMemo): WindowPage => ({
  url: row.url,
  partition,
  label: row.label,
  fetchedAt: Date.parse(row.fetched_at),
  counts: memo.countsOf(textOf(row))
})

/**
 * The window's pages from its partitions' pages (each in row order, the partitions in the
 * mapping's order): the freshest copy of each page (the first copy on a tie), in first-seen order.
 */
export const windowOf = (partitions: ReadonlyArray<ReadonlyArray<WindowPage>>): ReadonlyArray<WindowPage> => {
  const byUrl = new Map<string, WindowPage>()
  for (const pages of partitions) {
    for (const page of pages) {
      const seen = byUrl.get(page.url)
      if (seen === undefined || page.fetchedAt > seen.fetchedAt) byUrl.set(page.url, page)
    }
  }
  return [...byUrl.values()]
}

/** The pages of annotated partitions, remembered across steps by partition and data version ({@link partitionMemo}). */
export interface PartitionMemo {
  /** Starts a step: the partitions the previous step used stay at hand, older ones are forgotten. */
  readonly nextStep: () => void
  /** The pages of `partition` at `dataVersion`, when a recent step read that very data. */
  readonly pagesOf: (partition: string, dataVersion: string) => ReadonlyArray<WindowPage> | undefined
  /** Remembers the pages read from `partition` at `dataVersion` (in row order). */
  readonly remember: (partition: string, dataVersion: string, pages: ReadonlyArray<WindowPage>) => void
}

/**
 * Pages of annotated partitions, remembered by partition and data version: equal versions hold
 * equal rows, and consecutive days' windows share all but one partition, so a step reads and
 * decodes only its new partition (and any whose data changed). Partitions neither the current
 * step nor the one before used are dropped, so the memo holds about one window of pages (their
 * term counts are shared with the {@link termCountMemo}).
 */
export const partitionMemo = (): PartitionMemo => {
  let previous = new Map<string, { readonly dataVersion: string; readonly pages: ReadonlyArray<WindowPage> }>()
  let current = new Map<string, { readonly dataVersion: string; readonly pages: ReadonlyArray<WindowPage> }>()
  return {
    nextStep: () => {
      previous = current
      current = new Map()
    },
    pagesOf: (partition, dataVersion) => {
      const known = current.get(partition) ?? previous.get(partition)
      if (known === undefined || known.dataVersion !== dataVersion) return undefined
      current.set(partition, known)
      return known.pages
    },
    remember: (partition, dataVersion, pages) => void current.set(partition, { dataVersion, pages })
  }
}

/**
 * The pages of one annotated input partition, in row order: from `partitions` when a recent step
 * read the same data version, else decoded from its rows (each text counted by `counts`) and
 * remembered.
 */
const inputPages = (
  ctx: AssetDefinition.MaterializeContext,
  input: AssetDefinition.InputPartition,
  schema: Schema.Codec<WindowRow, unknown>,
  counts: TermCountMemo,
  partitions: PartitionMemo
): Effect.Effect<ReadonlyArray<WindowPage>, MaterializeError> =>
  Effect.suspend(() => {
    const known = partitions.pagesOf(input.partition, input.dataVersion)
    if (known !== undefined) return Effect.succeed(known)
    const pages: Array<WindowPage> = []
    return Stream.runForEach(partitionRows(ctx, Annotated.KEY, input, schema), ({ row, partition }) => Effect.sync(() => void pages.push(pageOf(row, partition, counts)))).pipe(
      Effect.map(() => {
        partitions.remember(input.partition, input.dataVersion, pages)
        return pages
      })
    )
  })

/**
 * Cross-validated predictions for the window's labeled pages (their counts in `dimension`
 * columns); pure. Throws a `LabelCleaningError` when the data cannot be cross-validated.
 */
export const predict = (
  settings: Settings,
  pages: ReadonlyArray<WindowPage>,
  dimension: number
): { readonly predictions: ReadonlyArray<Prediction>; readonly accuracy: number; readonly folds: number } => {
  const labels = settings.annotation.labels
  const index = new Map(labels.map((label, i) => [label, i]))
  const y = Int32Array.from(pages.map((page) => index.get(page.label) ?? -1))
  const folds = Math.min(settings.model.folds, pages.length)
  const probs = crossValPredictProbaOfCounts(pages.map((page) => page.counts), dimension, y, labels.length, { ...crossValOptions(settings), folds })
  const fold = stratifiedFolds(y, labels.length, folds, settings.model.seed)
  let correct = 0
  const predictions = pages.map((page, i): Prediction => {
    const p = Array.from(Matrix.row(probs, i))
    let best = 0
    for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[best] as number)) best = k
    const given = y[i] as number
    if (best === given) correct++
    return {
      url: page.url,
      source_partition: page.partition,
      given_label: page.label,
      predicted_label: labels[best] as string,
      predicted_confidence: p[best] as number,
      given_label_probability: p[given] as number,
      probabilities: p,
      fold: fold[i] as number,
      correct: best === given
    }
  })
  return { predictions, accuracy: pages.length === 0 ? 0 : correct / pages.length, folds }
}

/**
 * The asset's definition. Its steps share one {@link partitionMemo} and one {@link termCountMemo},
 * so a process reads each annotated partition and counts each page about once.
 */
export const make = (settings: Settings) => {
  const labels = settings.annotation.labels
  const days = settings.model.windowDays
  const memo = termCountMemo(crossValOptions(settings).hashing ?? {})
  const partitions = partitionMemo()
  const schema = windowRowSchema(labels)
  return AssetDefinition.make(
    AssetSpec.make({
      key: KEY,
      layer: "model",
      description: `The page classifier trained on the last ${days} day(s) of labeled pages, as out-of-fold predictions for every page of the window (${settings.model.folds}-fold, ${settings.model.classifier} on hashed TF-IDF).`,
      dataset: "predictions",
      partitions: dailyFrom(settings.startDate),
      deps: [{ asset: Annotated.KEY, mapping: PartitionMapping.timeWindow(days) }],
      schema: predictionSchema(labels) as unknown as Schema.Codec<Prediction, unknown>,
      columns: {
        url: urlDoc,
        source_partition: ColumnDoc.make(
          `the ${Annotated.KEY} partition (day) the page came from; with url, the key of the row whose title and content the model read`,
          "which day's labels the prediction audits, and where to find the page's text"
        ),
        given_label: ColumnDoc.make("the annotator's label", "the label under audit"),
        predicted_label: ColumnDoc.make("the out-of-fold model's most probable label", "what the model believes the page is about"),
        predicted_confidence: ColumnDoc.make("probability of predicted_label", "how sure the model is"),
        given_label_probability: ColumnDoc.make("probability of given_label (self-confidence)", "how plausible the model finds the given label: low means a likely labeling error"),
        probabilities: ColumnDoc.make(`probability of each label, in the order: ${labels.join(", ")}`, "the model's full view of the page, input of confident learning"),
        fold: ColumnDoc.make("cross-validation fold of the page (the model that predicted it never saw it)", "proof that predictions are out of sample"),
        correct: ColumnDoc.make("predicted_label equals given_label", "agreement between model and annotator")
      },
      codeVersion: codeVersionOf(settings),
      owners: [ML_TEAM],
      tags: { ...PIPELINE_TAGS, stage: "training", classifier: settings.model.classifier },
      process: [
        { rule: "select_window", params: { days, dedupe: "freshest copy per url" } },
        { rule: "hashed_tfidf", params: { text: "title + blank line + content", bigrams: true, dimension: FEATURE_DIMENSION } },
        {
          rule: "cross_val_predict_proba",
          params: { folds: settings.model.folds, seed: settings.model.seed, classifier: settings.model.classifier, ...(settings.model.classifier === "naive_bayes" ? { alpha: NAIVE_BAYES_ALPHA } : {}), stratified: true }
        }
      ],
      checks: [
        Check.notNull("url"),
        Check.unique("url"),
        Check.inSet("given_label", labels),
        Check.inSet("predicted_label", labels),
        Check.valueBetween("predicted_confidence", 0, 1),
        Check.valueBetween("given_label_probability", 0, 1),
        Check.valueBetween("fold", 0, settings.model.folds - 1),
        Check.lengthBetween("probabilities", labels.length, labels.length),
        Check.rowCountBetween(MIN_TRAINING_ROWS, undefined)
      ]
    }),
    (ctx) =>
      rowsOf(
        Effect.gen(function* () {
          memo.nextStep()
          partitions.nextStep()
          const inputs = ctx.inputs.get(Annotated.KEY as AssetKey.AssetKey) ?? []
          const pages = windowOf(yield* Effect.forEach(inputs, (input) => inputPages(ctx, input, schema, memo, partitions)))
          if (pages.length < MIN_TRAINING_ROWS) {
            return yield* stepError(ctx, "InvalidInput", `the ${days}-day window of ${Annotated.KEY} holds ${pages.length} labeled page(s); training needs at least ${MIN_TRAINING_ROWS}: materialize more days of ${Annotated.KEY}`)
          }
          const result = yield* Effect.try({
            try: () => predict(settings, pages, memo.dimension),
            catch: (cause) => stepError(ctx, "InvalidInput", `cannot cross-validate: ${cause instanceof LabelCleaningError ? cause.message : String(cause)}`, cause)
          })
          yield* ctx.metrics("model.training_rows", result.predictions.length)
          yield* ctx.metrics("model.window_partitions", inputs.length)
          yield* ctx.metrics("model.folds", result.folds)
          yield* ctx.metrics("model.classes_present", new Set(result.predictions.map((p) => p.given_label)).size)
          yield* ctx.metrics("model.accuracy", result.accuracy)
          return result.predictions
        })
      )
  )
}

/**
 * The decoding schema of the annotated columns the model reads for a label set. The URL is taken
 * as written: `annotated` validated it, and the model's own rows are validated on output.
 */
const windowRowSchema = (labels: ReadonlyArray<string>) =>
  Schema.Struct({ url: Schema.String, label: Schema.Literals(labels), fetched_at: Instant, title: Schema.String, content: Schema.String }) as unknown as Schema.Codec<WindowRow, unknown>
