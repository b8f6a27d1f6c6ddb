/**
 * `post-train` (layer `post-train`, daily, identity onto `model`): the window's labeled pages
 * after confident learning, with the decision on every page.
 *
 * From the model's out-of-fold probabilities, `findLabelIssues` (cleanlab-compatible) flags
 * likely labeling errors and kNN outlier scores (on the probability vectors) flag pages unlike
 * any other. The cleaning policy (`cleanLabels`) then decides per page: a label issue whose
 * predicted class reaches `settings.cleaning.rectifyThreshold` is **rectified** to the
 * prediction, other label issues and outliers are **removed**, the rest are **kept**.
 *
 * One dataset serves both uses, since an asset has one: every page is a row with its `action`
 * (`kept`, `rectified`, `removed`), its cleaned `label` (null when removed) and the scores behind
 * the decision. The training set is `action != "removed"`; the review file is
 * `is_label_issue or is_outlier`. Counts are metrics (`cleaning.*`). A row names its page by
 * `source_partition` and `url`, the key of its `annotated` row, which holds the text: the text
 * is stored once, in gold, not copied into every window that reads it.
 */
import { createHash } from "node:crypto"
import { AssetDefinition, AssetSpec, Check, ColumnDoc, PartitionMapping } from "@strata/core"
import {
  cleanLabels,
  getNormalizedMarginForEachLabel,
  getSelfConfidenceForEachLabel,
  LabelCleaningError,
  Matrix,
  outlierScores
} from "@strata/label-cleaning"
import { Effect, Schema } from "effect"
import type { Settings } from "../Settings.ts"
import { dailyFrom, ML_TEAM, PIPELINE_TAGS } from "./internal/Catalog.ts"
import { NormalizedUrl, urlDoc } from "./internal/Columns.ts"
import { collectInput, rowsOf, stepError } from "./internal/Inputs.ts"
import * as Model from "./Model.ts"

/** The key of the asset. */
export const KEY = "post-train"

/** The decisions, as written in the `action` column. */
export const ACTIONS = ["kept", "rectified", "removed"] as const

/** A decision. */
export type Action = (typeof ACTIONS)[number]

/** Fewest rows outlier scores need (one neighbour at least). */
const MIN_OUTLIER_ROWS = 3

/** The row schema for a label set. */
export const cleanedSchema = (labels: ReadonlyArray<string>) =>
  Schema.Struct({
    url: NormalizedUrl,
    source_partition: Schema.String,
    label: Schema.NullOr(Schema.Literals(labels)),
    given_label: Schema.Literals(labels),
    predicted_label: Schema.Literals(labels),
    action: Schema.Literals(ACTIONS),
    is_label_issue: Schema.Boolean,
    is_outlier: Schema.Boolean,
    issue_rank: Schema.NullOr(Schema.Int),
    self_confidence: Schema.Finite,
    normalized_margin: Schema.Finite,
    predicted_confidence: Schema.Finite,
    outlier_score: Schema.NullOr(Schema.Finite)
  })

/**
 * One page after cleaning. Like the model's predictions, it references the page's text rather
 * than copying it: the row of `annotated@source_partition` with the same `url`.
 */
export interface CleanedDocument {
  readonly url: string
  readonly source_partition: string
  readonly label: string | null
  readonly given_label: string
  readonly predicted_label: string
  readonly action: Action
  readonly is_label_issue: boolean
  readonly is_outlier: boolean
  readonly issue_rank: number | null
  readonly self_confidence: number
  readonly normalized_margin: number
  readonly predicted_confidence: number
  readonly outlier_score: number | null
}

/** What cleaning found, for metrics. */
export interface CleaningSummary {
  readonly labelIssues: number
  readonly outliers: number
  readonly kept: number
  readonly rectified: number
  readonly removed: number
}

/** Hex characters of the settings digest in the code version. */
const SETTINGS_DIGEST_CHARS = 10

/** The code version: the asset's own (2: rows reference the page's text instead of copying it) plus a digest of the cleaning policy. */
export const codeVersionOf = (settings: Settings): string =>
  `2+${createHash("sha256").update(JSON.stringify(settings.cleaning)).digest("hex").slice(0, SETTINGS_DIGEST_CHARS)}`

const ACTION_OF = { keep: "kept", rectify: "rectified", remove: "removed" } as const

/** What cleaning reads of a prediction. */
export type PredictionInput = Pick<Model.Prediction, "url" | "source_partition" | "given_label" | "predicted_label" | "predicted_confidence" | "probabilities">

/**
 * The decoding schema of the prediction columns cleaning reads, for a label set. The URL is taken
 * as written: `model` validated it, and this asset's own rows are validated on output.
 */
const predictionInputSchema = (labels: ReadonlyArray<string>) =>
  Schema.Struct({
    url: Schema.String,
    source_partition: Schema.String,
    given_label: Schema.Literals(labels),
    predicted_label: Schema.Literals(labels),
    predicted_confidence: Schema.Finite,
    probabilities: Schema.Array(Schema.Finite)
  }) as unknown as Schema.Codec<PredictionInput, unknown>

/** Applies the cleaning policy to out-of-fold predictions; pure. Throws a `LabelCleaningError` on unusable input. */
export const clean = (
  settings: Settings,
  predictions: ReadonlyArray<PredictionInput>
): { readonly rows: ReadonlyArray<CleanedDocument>; readonly summary: CleaningSummary } => {
  const labels = settings.annotation.labels
  const index = new Map(labels.map((label, i) => [label, i]))
  const y = Int32Array.from(predictions.map((p) => index.get(p.given_label) ?? -1))
  const probs = Matrix.fromRows(predictions.map((p) => p.probabilities))
  const outliers = settings.cleaning.removeOutliers && predictions.length >= MIN_OUTLIER_ROWS
    ? outlierScores(probs, { threshold: settings.cleaning.outlierThreshold })
    : undefined
  const result = cleanLabels(y, probs, {
    rectifyThreshold: settings.cleaning.rectifyThreshold,
    ...(outliers === undefined ? {} : { outliers: outliers.isOutlier, outlierScores: outliers.scores })
  })
  const selfConfidence = getSelfConfidenceForEachLabel(y, probs)
  const margin = labels.length > 1 ? getNormalizedMarginForEachLabel(y, probs) : selfConfidence
  const review = new Map(result.review.map((record) => [record.row, record]))
  const rows = predictions.map((p, i): CleanedDocument => {
    const record = review.get(i)
    const cleaned = result.labels[i] as number
    return {
      url: p.url,
      source_partition: p.source_partition,
      label: cleaned < 0 ? null : (labels[cleaned] as string),
      given_label: p.given_label,
      predicted_label: p.predicted_label,
      action: ACTION_OF[result.actions[i] ?? "keep"],
      is_label_issue: record?.isLabelIssue ?? false,
      is_outlier: outliers?.isOutlier[i] === 1,
      issue_rank: record?.issueRank ?? null,
      self_confidence: selfConfidence[i] as number,
      normalized_margin: margin[i] as number,
      predicted_confidence: p.predicted_confidence,
      outlier_score: outliers === undefined ? null : (outliers.scores[i] as number)
    }
  })
  return {
    rows,
    summary: {
      labelIssues: result.review.filter((record) => record.isLabelIssue).length,
      outliers: outliers === undefined ? 0 : outliers.isOutlier.reduce((n, flag) => n + flag, 0),
      kept: result.summary.kept,
      rectified: result.summary.rectified,
      removed: result.summary.removed
    }
  }
}

/** The asset's definition. */
export const make = (settings: Settings) => {
  const labels = settings.annotation.labels
  const cleaning = settings.cleaning
  return AssetDefinition.make(
    AssetSpec.make({
      key: KEY,
      layer: "post-train",
      description: "The model's training window after confident learning: every page with its decision (kept, rectified to the model's label, or removed as a label issue or outlier) and the scores behind it.",
      dataset: "html-documents",
      partitions: dailyFrom(settings.startDate),
      deps: [{ asset: Model.KEY, mapping: PartitionMapping.identity() }],
      schema: cleanedSchema(labels) as unknown as Schema.Codec<CleanedDocument, unknown>,
      columns: {
        url: urlDoc,
        source_partition: ColumnDoc.make(
          "the annotated partition (day) the page came from; with url, the key of the row holding the page's title and content",
          "which day's labels were corrected, and where to find the text to train on"
        ),
        label: ColumnDoc.make("label after cleaning: the given label, the model's when rectified, null when removed", "the label to train the next model on"),
        given_label: ColumnDoc.make("the annotator's label", "the label before cleaning, for audit"),
        predicted_label: ColumnDoc.make("the out-of-fold model's label", "what the model believes"),
        action: ColumnDoc.make("kept, rectified or removed", "the cleaning decision: filter action != removed for training, review the others"),
        is_label_issue: ColumnDoc.make("flagged by confident learning (findLabelIssues)", "the given label is likely wrong"),
        is_outlier: ColumnDoc.make("flagged as an outlier (kNN on the probability vectors, interquartile rule)", "the page is unlike the others: off-topic, broken or foreign"),
        issue_rank: ColumnDoc.make("severity rank among label issues (0 = most severe); null when not an issue", "review order for a human"),
        self_confidence: ColumnDoc.make("model probability of the given label", "label quality score: lower is more suspicious"),
        normalized_margin: ColumnDoc.make("cleanlab normalized margin of the given label", "second label quality score"),
        predicted_confidence: ColumnDoc.make("model probability of the predicted label", "how sure the model is of its own label"),
        outlier_score: ColumnDoc.make("cleanlab outlier score in [0, 1] (lower = more anomalous); null when not computed", "how typical the page is")
      },
      codeVersion: codeVersionOf(settings),
      owners: [ML_TEAM],
      tags: { ...PIPELINE_TAGS, stage: "cleaning" },
      process: [
        { rule: "find_label_issues", params: { filterBy: "prune_by_noise_rate", rankBy: "self_confidence" } },
        { rule: "outlier_scores", params: { enabled: cleaning.removeOutliers, features: "out-of-fold probabilities", threshold: cleaning.outlierThreshold } },
        { rule: "clean_labels", params: { rectifyThreshold: cleaning.rectifyThreshold, otherIssues: "remove", outliers: cleaning.removeOutliers ? "remove" : "keep" } }
      ],
      checks: [
        Check.notNull("url"),
        Check.unique("url"),
        Check.inSet("action", ACTIONS),
        Check.inSet("label", labels),
        Check.custom("label_present_unless_removed", (row) => {
          const r = row as { readonly action?: unknown; readonly label?: unknown }
          return (r.action === "removed") === (r.label === null)
        }, { description: "label is null exactly when the row is removed" }),
        Check.rowCountBetween(1, undefined)
      ]
    }),
    (ctx) =>
      rowsOf(
        Effect.gen(function* () {
          const input = yield* collectInput(ctx, Model.KEY, predictionInputSchema(labels))
          const result = yield* Effect.try({
            try: () => clean(settings, input.map((item) => item.row)),
            catch: (cause) => stepError(ctx, "InvalidInput", `cannot clean labels: ${cause instanceof LabelCleaningError ? cause.message : String(cause)}`, cause)
          })
          yield* ctx.metrics("cleaning.label_issues", result.summary.labelIssues)
          yield* ctx.metrics("cleaning.outliers", result.summary.outliers)
          yield* ctx.metrics("cleaning.kept", result.summary.kept)
          yield* ctx.metrics("cleaning.rectified", result.summary.rectified)
          yield* ctx.metrics("cleaning.removed", result.summary.removed)
          return result.rows
        })
      )
  )
}
