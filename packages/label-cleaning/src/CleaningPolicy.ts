/**
 * What to do with flagged rows: rectify a mislabeled row to the model's prediction when the
 * model is confident enough, otherwise remove it; outliers (when given) are removed. Every
 * flagged row gets a review record with its scores, for a human to audit.
 */
import { findLabelIssues, type FindLabelIssuesOptions } from "./Filter.ts"
import { LabelCleaningError } from "./LabelCleaningError.ts"
import type { Matrix } from "./Matrix.ts"
import { getNormalizedMarginForEachLabel, getSelfConfidenceForEachLabel } from "./Rank.ts"
import { validateInputs, type Labels } from "./Validation.ts"

/** Default minimum predicted-class probability to rectify a flagged label instead of removing the row. */
export const DEFAULT_RECTIFY_THRESHOLD = 0.9

/** What happens to a row. */
export type CleaningAction = "keep" | "rectify" | "remove"

/** Options of {@link cleanLabels}: the issue finder's options plus the policy's. */
export interface CleaningOptions extends FindLabelIssuesOptions {
  /** Rectify when the predicted class has at least this probability (default {@link DEFAULT_RECTIFY_THRESHOLD}). */
  readonly rectifyThreshold?: number
  /** Outlier flags per row (from `outlierScores`); flagged rows are removed. */
  readonly outliers?: Uint8Array
  /** Outlier scores per row, copied into the review records. */
  readonly outlierScores?: Float64Array
}

/** One flagged row, with the scores behind the decision. */
export interface ReviewRecord {
  /** Row index in the input. */
  readonly row: number
  /** The given (possibly wrong) label. */
  readonly givenLabel: number
  /** The model's most probable class. */
  readonly predictedLabel: number
  /** Probability of `predictedLabel`. */
  readonly predictedConfidence: number
  /** Probability of `givenLabel` (cleanlab's self-confidence). */
  readonly selfConfidence: number
  /** cleanlab's normalized margin of the given label. */
  readonly normalizedMargin: number
  /** Severity rank among the label issues (0 = most severe), or null when only an outlier. */
  readonly issueRank: number | null
  /** Flagged by `findLabelIssues`. */
  readonly isLabelIssue: boolean
  /** Flagged as an outlier. */
  readonly isOutlier: boolean
  /** The outlier score when given (lower = more anomalous), else null. */
  readonly outlierScore: number | null
  /** The decision. */
  readonly action: CleaningAction
  /** The label after cleaning (`predictedLabel` when rectified), null when removed. */
  readonly newLabel: number | null
}

/** The cleaned data set. */
export interface CleaningResult {
  /** Decision per row. */
  readonly actions: ReadonlyArray<CleaningAction>
  /** Cleaned label per row, -1 for removed rows. */
  readonly labels: Int32Array
  /** Indices of the rows kept (kept or rectified), ascending. */
  readonly keptRows: Int32Array
  /** Review records of every flagged row: label issues by severity, then outlier-only rows by index. */
  readonly review: ReadonlyArray<ReviewRecord>
  /** Counts of the decisions. */
  readonly summary: { readonly flagged: number; readonly rectified: number; readonly removed: number; readonly kept: number }
}

/**
 * Finds label issues (options as `findLabelIssues`; ranked by `rankBy`, default
 * self-confidence) and applies the policy: a flagged row whose predicted class differs from its
 * label and has probability >= `rectifyThreshold` is relabelled; other flagged rows and
 * outliers are removed.
 *
 * @example
 * const { labels: cleaned, keptRows, review } = cleanLabels(labels, probs, { rectifyThreshold: 0.95 })
 */
export const cleanLabels = (labels: Labels, predProbs: Matrix, options: CleaningOptions = {}): CleaningResult => {
  const threshold = options.rectifyThreshold ?? DEFAULT_RECTIFY_THRESHOLD
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new LabelCleaningError({ reason: "InvalidOption", field: "rectifyThreshold", message: `rectifyThreshold must be in [0, 1], got ${threshold}.` })
  }
  const y = validateInputs(labels, predProbs, { allowOneClass: true })
  const n = y.length
  for (const [field, array] of [["outliers", options.outliers], ["outlierScores", options.outlierScores]] as const) {
    if (array !== undefined && array.length !== n) {
      throw new LabelCleaningError({ reason: "InvalidShape", field, message: `${field} has ${array.length} entries but there are ${n} rows; give one per row.` })
    }
  }
  const issues = findLabelIssues(y, predProbs, { ...options, rankBy: options.rankBy ?? "self_confidence" })
  const selfConfidence = getSelfConfidenceForEachLabel(y, predProbs)
  const margin = predProbs.cols > 1 ? getNormalizedMarginForEachLabel(y, predProbs) : selfConfidence
  const K = predProbs.cols
  const actions: Array<CleaningAction> = Array.from({ length: n }, () => "keep")
  const cleaned = Int32Array.from(y)
  const review: Array<ReviewRecord> = []
  const record = (row: number, issueRank: number | null): void => {
    const base = row * K
    let predicted = 0
    for (let j = 1; j < K; j++) if ((predProbs.data[base + j] as number) > (predProbs.data[base + predicted] as number)) predicted = j
    const confidence = predProbs.data[base + predicted] as number
    const isOutlier = options.outliers?.[row] === 1
    const rectify = !isOutlier && issueRank !== null && predicted !== y[row] && confidence >= threshold
    const action: CleaningAction = rectify ? "rectify" : "remove"
    actions[row] = action
    cleaned[row] = rectify ? predicted : -1
    review.push({
      row,
      givenLabel: y[row] as number,
      predictedLabel: predicted,
      predictedConfidence: confidence,
      selfConfidence: selfConfidence[row] as number,
      normalizedMargin: margin[row] as number,
      issueRank,
      isLabelIssue: issueRank !== null,
      isOutlier,
      outlierScore: options.outlierScores?.[row] ?? null,
      action,
      newLabel: rectify ? predicted : null
    })
  }
  issues.indices.forEach((row, rank) => record(row, rank))
  if (options.outliers !== undefined) for (let i = 0; i < n; i++) if (options.outliers[i] === 1 && issues.mask[i] === 0) record(i, null)
  const keptRows: Array<number> = []
  let rectified = 0
  for (let i = 0; i < n; i++) {
    if (actions[i] !== "remove") keptRows.push(i)
    if (actions[i] === "rectify") rectified++
  }
  return {
    actions,
    labels: cleaned,
    keptRows: Int32Array.from(keptRows),
    review,
    summary: { flagged: review.length, rectified, removed: n - keptRows.length, kept: keptRows.length - rectified }
  }
}
