/**
 * Label quality scores (lower = more likely mislabeled): ports of `cleanlab.rank` 2.9.0
 * (`get_self_confidence_for_each_label`, `get_normalized_margin_for_each_label`,
 * `get_confidence_weighted_entropy_for_each_label`, `get_label_quality_scores`,
 * `order_label_issues`). Ties in every ordering break by ascending row index.
 */
import { confidentThresholds } from "./ConfidentJoint.ts"
import { pairwiseSum } from "./internal/numpy.ts"
import { LabelCleaningError } from "./LabelCleaningError.ts"
import type { Matrix } from "./Matrix.ts"
import { allLabelsZero, validateInputs, type Labels } from "./Validation.ts"

/** cleanlab's `CLIPPING_LOWER_BOUND`: self-confidence and entropy ratios are clipped up to this. */
export const CLIPPING_LOWER_BOUND = 1e-6

/** A label quality score (cleanlab's `rank_by` / `method`). */
export type RankBy = "self_confidence" | "normalized_margin" | "confidence_weighted_entropy"

/** Every {@link RankBy}, for validation and iteration. */
export const rankMethods: ReadonlyArray<RankBy> = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]

/** Options of {@link getLabelQualityScores}. */
export interface QualityScoreOptions {
  /** The score (default `self_confidence`). */
  readonly method?: RankBy
  /** Subtract per-class confident thresholds from the probabilities first (cleanlab's `adjust_pred_probs`). */
  readonly adjustPredProbs?: boolean
}

/** `predProbs[i][labels[i]]`: the model's probability of the given label. */
export const getSelfConfidenceForEachLabel = (labels: Int32Array, predProbs: Matrix): Float64Array => {
  const K = predProbs.cols
  const out = new Float64Array(labels.length)
  for (let i = 0; i < labels.length; i++) out[i] = predProbs.data[i * K + (labels[i] as number)] as number
  return out
}

/** `(p[label] - max_{k != label} p[k] + 1) / 2`, in `[0, 1]`. Needs at least 2 classes. */
export const getNormalizedMarginForEachLabel = (labels: Int32Array, predProbs: Matrix): Float64Array => {
  const K = predProbs.cols
  if (K < 2) {
    throw new LabelCleaningError({ reason: "InvalidShape", field: "predProbs", message: "The normalized margin needs at least 2 classes (columns) in predProbs." })
  }
  const data = predProbs.data
  const out = new Float64Array(labels.length)
  for (let i = 0; i < labels.length; i++) {
    const base = i * K
    const given = labels[i] as number
    let maxOther = -Infinity
    for (let j = 0; j < K; j++) if (j !== given && (data[base + j] as number) > maxOther) maxOther = data[base + j] as number
    out[i] = ((data[base + given] as number) - maxOther + 1) / 2
  }
  return out
}

/**
 * `log(1 + H/sc) / max(H/sc, 1e-6)` with `H` the entropy normalized by `log K` and `sc` the
 * self-confidence clipped at 1e-6. Fails when a probability is outside `[0, 1]` (as cleanlab).
 */
export const getConfidenceWeightedEntropyForEachLabel = (labels: Int32Array, predProbs: Matrix): Float64Array => {
  const K = predProbs.cols
  const data = predProbs.data
  for (let x = 0; x < data.length; x++) {
    const p = data[x] as number
    if (p < 0 || p > 1) {
      throw new LabelCleaningError({
        reason: "InvalidProbability",
        field: `predProbs[${Math.floor(x / K)}]`,
        message: "All probabilities are required to be in the interval [0, 1] for confidence_weighted_entropy; clip predProbs first."
      })
    }
  }
  const logK = Math.log(K)
  const terms = new Float64Array(K)
  const out = new Float64Array(labels.length)
  for (let i = 0; i < labels.length; i++) {
    const base = i * K
    for (let j = 0; j < K; j++) {
      const p = data[base + j] as number
      terms[j] = p === 0 ? 0 : p * Math.log(p)
    }
    const entropy = -pairwiseSum(terms, 0, K) / logK
    const selfConfidence = Math.max(data[base + (labels[i] as number)] as number, CLIPPING_LOWER_BOUND)
    const ratio = entropy / selfConfidence
    out[i] = Math.log(ratio + 1) / Math.max(ratio, CLIPPING_LOWER_BOUND)
  }
  return out
}

/**
 * cleanlab's `_subtract_confident_thresholds`: `p - t + max(t)`, each row renormalized to sum
 * to 1 (numpy's pairwise row sum).
 */
export const subtractConfidentThresholds = (predProbs: Matrix, thresholds: Float64Array): Matrix => {
  const { rows, cols } = predProbs
  let maxThreshold = -Infinity
  for (const t of thresholds) maxThreshold = Math.max(maxThreshold, t)
  const data = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) {
    const base = i * cols
    for (let j = 0; j < cols; j++) data[base + j] = (predProbs.data[base + j] as number) - (thresholds[j] as number) + maxThreshold
    const sum = pairwiseSum(data, base, cols)
    for (let j = 0; j < cols; j++) data[base + j] = (data[base + j] as number) / sum
  }
  return { rows, cols, data }
}

/** Scores with already validated labels (no input checks). */
export const computeLabelQualityScores = (labels: Int32Array, predProbs: Matrix, options: QualityScoreOptions = {}): Float64Array => {
  const method = options.method ?? "self_confidence"
  if (!rankMethods.includes(method)) {
    throw new LabelCleaningError({
      reason: "InvalidOption",
      field: "method",
      message: `${String(method)} is not a valid scoring method; choose one of ${rankMethods.join(", ")}.`
    })
  }
  let probs = predProbs
  if (options.adjustPredProbs === true) {
    if (method === "confidence_weighted_entropy") {
      throw new LabelCleaningError({ reason: "InvalidOption", field: "adjustPredProbs", message: `adjustPredProbs is not supported for ${method}; unset it or rank by another score.` })
    }
    probs = subtractConfidentThresholds(predProbs, confidentThresholds(labels, predProbs))
  }
  if (method === "self_confidence") return getSelfConfidenceForEachLabel(labels, probs)
  if (method === "normalized_margin") return getNormalizedMarginForEachLabel(labels, probs)
  return getConfidenceWeightedEntropyForEachLabel(labels, probs)
}

/**
 * cleanlab's `get_label_quality_scores`: one score per row, lower = more likely mislabeled.
 *
 * @example
 * const scores = getLabelQualityScores([0, 1], Matrix.fromRows([[0.9, 0.1], [0.7, 0.3]]), { method: "normalized_margin" })
 */
export const getLabelQualityScores = (labels: Labels, predProbs: Matrix, options: QualityScoreOptions = {}): Float64Array =>
  computeLabelQualityScores(validateInputs(labels, predProbs, { allowOneClass: true }), predProbs, options)

/** Indices of `mask` rows sorted by ascending `scores`, ties by ascending index. */
export const rankMasked = (mask: Uint8Array, scores: Float64Array): Int32Array => {
  const chosen: Array<number> = []
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) chosen.push(i)
  const out = Int32Array.from(chosen)
  out.sort((a, b) => {
    const x = scores[a] as number
    const y = scores[b] as number
    return x < y ? -1 : x > y ? 1 : a - b
  })
  return out
}

/**
 * cleanlab's `order_label_issues`: the rows where `mask` is 1, most severe first (ascending
 * quality score, ties by ascending index).
 */
export const orderLabelIssues = (mask: Uint8Array, labels: Labels, predProbs: Matrix, options: QualityScoreOptions = {}): Int32Array => {
  const y = validateInputs(labels, predProbs, { allowOneClass: allLabelsZero(labels) })
  return rankMasked(mask, computeLabelQualityScores(y, predProbs, options))
}
