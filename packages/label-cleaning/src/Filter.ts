/**
 * Finding mislabeled rows with confident learning: a port of `cleanlab.filter.find_label_issues`
 * 2.9.0 for single-label classification, every `filter_by`, bit-exact with cleanlab's
 * single-process path. Orderings that cleanlab does with numpy's default (unstable) argsort are
 * done stably here: ties break by ascending row index (see the package README).
 */
import {
  computeConfidentJoint,
  givenLabelIsArgmax,
  labelCounts,
  numLabelIssues,
  roundPreservingRowTotals,
  toNumpyInt,
  type CountMatrix
} from "./ConfidentJoint.ts"
import * as ClassIndex from "./internal/ClassIndex.ts"
import { pairwiseSum, smallestStable } from "./internal/numpy.ts"
import { LabelCleaningError } from "./LabelCleaningError.ts"
import type { Matrix } from "./Matrix.ts"
import { computeLabelQualityScores, rankMasked, rankMethods, type RankBy } from "./Rank.ts"
import { allLabelsZero, validateInputs, type Labels } from "./Validation.ts"

/** How rows are flagged (cleanlab's `filter_by`); see {@link findLabelIssues}. */
export type FilterBy =
  | "prune_by_noise_rate"
  | "prune_by_class"
  | "both"
  | "confident_learning"
  | "predicted_neq_given"
  | "low_normalized_margin"
  | "low_self_confidence"

/** Every {@link FilterBy}, default first. */
export const filterMethods: ReadonlyArray<FilterBy> = [
  "prune_by_noise_rate",
  "prune_by_class",
  "both",
  "confident_learning",
  "predicted_neq_given",
  "low_normalized_margin",
  "low_self_confidence"
]

/** cleanlab's default `min_examples_per_class`. */
export const DEFAULT_MIN_EXAMPLES_PER_CLASS = 1

/** Options of {@link findLabelIssues}, named after cleanlab's keyword arguments. */
export interface FindLabelIssuesOptions {
  /** The flagging method (default `prune_by_noise_rate`). */
  readonly filterBy?: FilterBy
  /** Fraction of the estimated issues to return, for the three `prune`/`both` methods (default 1). */
  readonly fracNoise?: number
  /** Exact number of rows to flag per given class (`prune_by_class`; approximate for `prune_by_noise_rate`). */
  readonly numToRemovePerClass?: ReadonlyArray<number>
  /** Classes with at most this many rows are never pruned (default 1). */
  readonly minExamplesPerClass?: number
  /** A precomputed K x K confident joint (ignored by `confident_learning`, as cleanlab). */
  readonly confidentJoint?: CountMatrix
  /** Rank the flagged rows by this score (cleanlab's `return_indices_ranked_by`); otherwise ascending. */
  readonly rankBy?: RankBy
  /** Adjust probabilities by the confident thresholds before ranking (cleanlab's `rank_by_kwargs.adjust_pred_probs`). */
  readonly adjustPredProbs?: boolean
}

/** The flagged rows. */
export interface LabelIssues {
  /** 1 where the row's label is flagged, length n (cleanlab's boolean mask). */
  readonly mask: Uint8Array
  /** Flagged rows: most severe first when `rankBy` was given (cleanlab's ranked indices), else ascending. */
  readonly indices: Int32Array
  /** cleanlab's warnings for this call (ignored options, classes too small to prune). */
  readonly warnings: ReadonlyArray<string>
}

const CONFIDENT_ONLY: ReadonlyArray<FilterBy> = ["confident_learning", "predicted_neq_given", "low_normalized_margin", "low_self_confidence"]

/**
 * cleanlab's `find_label_issues(labels, pred_probs, ...)` for single-label data: flags rows whose
 * given label is likely wrong, from out-of-sample predicted probabilities (n x K, rows summing
 * to 1) and the given labels (integers in `0..K-1`).
 *
 * - `prune_by_noise_rate` (default): for each off-diagonal cell (given k, true j) of the
 *   calibrated confident joint, the rows labelled k with the largest margin `p[j] - p[k]`.
 * - `prune_by_class`: per class, the rows with the smallest `p[k]`, as many as the joint estimates.
 * - `both`: rows flagged by both. `confident_learning`: the confident joint's off-diagonal rows.
 * - `predicted_neq_given`: `argmax(p) != label`.
 * - `low_normalized_margin` / `low_self_confidence`: the `numLabelIssues` lowest-scored rows.
 *
 * Except for the two `low_*` methods, rows whose label is the argmax (with a 1e-6 bonus) are
 * never flagged.
 *
 * @example
 * const { indices } = findLabelIssues(labels, Matrix.make(n, K, probs), { rankBy: "self_confidence" })
 */
export const findLabelIssues = (labels: Labels, predProbs: Matrix, options: FindLabelIssuesOptions = {}): LabelIssues => {
  const filterBy = options.filterBy ?? "prune_by_noise_rate"
  if (!filterMethods.includes(filterBy)) {
    throw new LabelCleaningError({ reason: "InvalidOption", field: "filterBy", message: `Unknown filterBy ${String(filterBy)}; choose one of ${filterMethods.join(", ")}.` })
  }
  if (options.rankBy !== undefined && !rankMethods.includes(options.rankBy)) {
    throw new LabelCleaningError({ reason: "InvalidOption", field: "rankBy", message: `Unknown rankBy ${String(options.rankBy)}; choose one of ${rankMethods.join(", ")}.` })
  }
  const y = validateInputs(labels, predProbs, { allowOneClass: allLabelsZero(labels) })
  const n = y.length
  const K = predProbs.cols
  const fracNoise = options.fracNoise ?? 1
  const minExamples = options.minExamplesPerClass ?? DEFAULT_MIN_EXAMPLES_PER_CLASS
  const numToRemove = options.numToRemovePerClass
  const warnings: Array<string> = []
  if (!(fracNoise >= 0 && fracNoise <= 1)) {
    throw new LabelCleaningError({ reason: "InvalidOption", field: "fracNoise", message: `fracNoise must be in [0, 1], got ${fracNoise}.` })
  }
  if (!Number.isInteger(minExamples) || minExamples < 0) {
    throw new LabelCleaningError({ reason: "InvalidOption", field: "minExamplesPerClass", message: `minExamplesPerClass must be a non-negative integer, got ${minExamples}.` })
  }
  if (CONFIDENT_ONLY.includes(filterBy) && (fracNoise !== 1 || numToRemove !== undefined)) {
    warnings.push(
      "fracNoise and numToRemovePerClass are only supported for filterBy 'prune_by_noise_rate', 'prune_by_class', and 'both'."
    )
    if (numToRemove !== undefined) {
      throw new LabelCleaningError({
        reason: "InvalidOption",
        field: "numToRemovePerClass",
        message: `numToRemovePerClass is not supported with filterBy '${filterBy}'; use 'prune_by_class', 'prune_by_noise_rate' or 'both'.`
      })
    }
  }
  if (numToRemove !== undefined) validateNumToRemove(numToRemove, K)
  if (filterBy === "confident_learning" && options.confidentJoint !== undefined) {
    warnings.push("The supplied confidentJoint is ignored when filterBy is 'confident_learning'; it is re-estimated from the labels.")
  }
  if (options.confidentJoint !== undefined && options.confidentJoint.size !== K) {
    throw new LabelCleaningError({
      reason: "InvalidShape",
      field: "confidentJoint",
      message: `confidentJoint is ${options.confidentJoint.size} x ${options.confidentJoint.size} but predProbs has ${K} classes; pass a K x K matrix.`
    })
  }

  let confidentJoint = options.confidentJoint
  let errorIndices: Int32Array | undefined
  if (confidentJoint === undefined || filterBy === "confident_learning") {
    const result = computeConfidentJoint(y, predProbs, { validated: true })
    confidentJoint = result.confidentJoint
    errorIndices = result.offDiagonalIndices
  }
  if (filterBy === "low_normalized_margin" || filterBy === "low_self_confidence") {
    const method = filterBy === "low_normalized_margin" ? "normalized_margin" : "self_confidence"
    const scores = computeLabelQualityScores(y, predProbs, { method })
    // cleanlab validates again here without allowing a single class.
    errorIndices = smallestStable(scores, numLabelIssues(y, predProbs))
  }

  let mask: Uint8Array = new Uint8Array(n)
  if (filterBy === "prune_by_noise_rate" || filterBy === "prune_by_class" || filterBy === "both") {
    const counts = labelCounts(y, K)
    let pruneCounts = keepAtLeastNPerClass(transpose(confidentJoint.data, K), K, minExamples, fracNoise)
    if (numToRemove !== undefined) pruneCounts = distributeRemovals(pruneCounts, K, counts, numToRemove)
    const index = ClassIndex.make(y, K)
    if (filterBy !== "prune_by_noise_rate") pruneByClass(predProbs, index, pruneCounts, minExamples, mask, warnings)
    if (filterBy !== "prune_by_class") {
      const byClass = mask
      mask = new Uint8Array(n)
      pruneByNoiseRate(predProbs, index, pruneCounts, minExamples, mask, warnings)
      if (filterBy === "both") for (let i = 0; i < n; i++) mask[i] = (mask[i] as number) & (byClass[i] as number)
    }
  } else if (filterBy === "predicted_neq_given") {
    // cleanlab validates again here without allowing a single class.
    validateInputs(y, predProbs)
    mask = predictedNeqGiven(y, predProbs)
  } else if (errorIndices !== undefined) {
    for (const i of errorIndices) mask[i] = 1
  }
  if (filterBy !== "low_normalized_margin" && filterBy !== "low_self_confidence") {
    const argmaxOk = givenLabelIsArgmax(y, predProbs)
    for (let i = 0; i < n; i++) if (argmaxOk[i] === 1) mask[i] = 0
  }

  const indices =
    options.rankBy === undefined
      ? maskIndices(mask)
      : rankMasked(mask, computeLabelQualityScores(y, predProbs, { method: options.rankBy, adjustPredProbs: options.adjustPredProbs ?? false }))
  return { mask, indices, warnings }
}

/** cleanlab's `find_predicted_neq_given`: 1 where the (first) argmax differs from the label. */
export const predictedNeqGiven = (labels: Int32Array, predProbs: Matrix): Uint8Array => {
  const K = predProbs.cols
  const data = predProbs.data
  const out = new Uint8Array(labels.length)
  for (let i = 0; i < labels.length; i++) {
    const base = i * K
    let argmax = 0
    for (let j = 1; j < K; j++) if ((data[base + j] as number) > (data[base + argmax] as number)) argmax = j
    out[i] = argmax === labels[i] ? 0 : 1
  }
  return out
}

const maskIndices = (mask: Uint8Array): Int32Array => {
  const out: Array<number> = []
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) out.push(i)
  return Int32Array.from(out)
}

const transpose = (data: Float64Array, K: number): Float64Array => {
  const out = new Float64Array(K * K)
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) out[j * K + i] = data[i * K + j] as number
  return out
}

const validateNumToRemove = (numToRemove: ReadonlyArray<number>, K: number): void => {
  if (numToRemove.length !== K) {
    throw new LabelCleaningError({
      reason: "InvalidShape",
      field: "numToRemovePerClass",
      message: `numToRemovePerClass has ${numToRemove.length} entries; give one per class (${K}).`
    })
  }
  numToRemove.forEach((x, k) => {
    if (!Number.isInteger(x) || x < 0) {
      throw new LabelCleaningError({ reason: "InvalidOption", field: `numToRemovePerClass[${k}]`, message: `numToRemovePerClass[${k}] must be a non-negative integer, got ${x}.` })
    }
  })
}

/**
 * cleanlab's `_keep_at_least_n_per_class` + `_reduce_prune_counts` on the prune-count matrix
 * (the transposed confident joint, entry `(true, given)`): raise each diagonal to `n` taking the
 * difference evenly from the column's non-zero off-diagonals, scale off-diagonals by
 * `fracNoise` (moving the rest to the diagonal), truncate to integers.
 */
const keepAtLeastNPerClass = (pcm: Float64Array, K: number, n: number, fracNoise: number): Float64Array => {
  const mat = new Float64Array(K * K)
  for (let j = 0; j < K; j++) {
    const diagonal = pcm[j * K + j] as number
    const newDiagonal = Math.max(diagonal, n)
    let nonZero = 0
    for (let i = 0; i < K; i++) if ((pcm[i * K + j] as number) !== 0) nonZero++
    const share = (newDiagonal - diagonal) / Math.max(nonZero - 1.0, 1.0)
    for (let i = 0; i < K; i++) {
      const value = (pcm[i * K + j] as number) - share
      mat[i * K + j] = i === j ? newDiagonal : value < 0 ? 0 : value
    }
  }
  const reduced = new Float64Array(K * K)
  for (let x = 0; x < K * K; x++) reduced[x] = (mat[x] as number) * fracNoise
  for (let j = 0; j < K; j++) reduced[j * K + j] = mat[j * K + j] as number
  const difference = new Float64Array(K * K)
  for (let x = 0; x < K * K; x++) difference[x] = (mat[x] as number) - (reduced[x] as number)
  // The prune-count matrix is a transposed (column-major) numpy array, so its column sums are
  // contiguous pairwise sums.
  for (let j = 0; j < K; j++) reduced[j * K + j] = (mat[j * K + j] as number) + pairwiseSum(difference, j, K, K)
  return reduced.map(toNumpyInt)
}

/**
 * cleanlab's `num_to_remove_per_class` rescaling (including its broadcasting: entry `(i, j)` is
 * divided by the total of row `j`), rounded preserving row totals.
 */
const distributeRemovals = (pcm: Float64Array, K: number, counts: Int32Array, numToRemove: ReadonlyArray<number>): Float64Array => {
  const rowTotals = new Float64Array(K)
  for (let i = 0; i < K; i++) {
    let total = 0
    for (let j = 0; j < K; j++) total += pcm[i * K + j] as number
    rowTotals[i] = total
  }
  const psy = new Float64Array(K * K)
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) psy[i * K + j] = (pcm[i * K + j] as number) / (rowTotals[j] as number)
  const tmp = new Float64Array(K * K)
  for (let i = 0; i < K; i++) {
    const noise = pairwiseSum(psy, i * K, K) - (psy[i * K + i] as number)
    const remove = numToRemove[i] as number
    for (let j = 0; j < K; j++) tmp[i * K + j] = ((psy[i * K + j] as number) * remove) / noise
    tmp[i * K + i] = (counts[i] as number) - remove
  }
  return roundPreservingRowTotals(tmp, K)
}

/** cleanlab's `_prune_by_class` for every class, written into `mask`. */
const pruneByClass = (
  predProbs: Matrix,
  index: ClassIndex.ClassIndex,
  pcm: Float64Array,
  minExamples: number,
  mask: Uint8Array,
  warnings: Array<string>
): void => {
  const K = predProbs.cols
  const keys = new Float64Array(predProbs.rows)
  for (let k = 0; k < K; k++) {
    const rows = ClassIndex.rowsOf(index, k)
    if (rows.length <= minExamples) {
      warnings.push(`May not flag all label issues in class: ${k}, it has too few examples (see minExamplesPerClass).`)
      continue
    }
    const numIssues = rows.length - (pcm[k * K + k] as number)
    if (numIssues < 1 || rows.length <= 1) continue
    const classKeys = keys.subarray(0, rows.length)
    for (let r = 0; r < rows.length; r++) classKeys[r] = predProbs.data[(rows[r] as number) * K + k] as number
    for (const r of smallestStable(classKeys, numIssues)) mask[rows[r] as number] = 1
  }
}

/** cleanlab's `_prune_by_count` for every class, written into `mask`. */
const pruneByNoiseRate = (
  predProbs: Matrix,
  index: ClassIndex.ClassIndex,
  pcm: Float64Array,
  minExamples: number,
  mask: Uint8Array,
  warnings: Array<string>
): void => {
  const K = predProbs.cols
  const data = predProbs.data
  const keys = new Float64Array(predProbs.rows)
  const local = new Float64Array(predProbs.rows * K)
  for (let k = 0; k < K; k++) {
    const rows = ClassIndex.rowsOf(index, k)
    if (rows.length <= minExamples) {
      warnings.push(`May not flag all label issues in class: ${k}, it has too few examples (see minExamplesPerClass).`)
      continue
    }
    if (rows.length <= 1) continue
    // The class's rows, copied together once: each noise cell then scans contiguous memory.
    for (let r = 0, at = 0; r < rows.length; r++) {
      const base = (rows[r] as number) * K
      for (let c = 0; c < K; c++) local[at++] = data[base + c] as number
    }
    const classKeys = keys.subarray(0, rows.length)
    for (let j = 0; j < K; j++) {
      const numToPrune = pcm[j * K + k] as number
      if (j === k || !(numToPrune > 0)) continue
      for (let r = 0, base = 0; r < rows.length; r++, base += K) classKeys[r] = -((local[base + j] as number) - (local[base + k] as number))
      for (const r of smallestStable(classKeys, numToPrune)) mask[rows[r] as number] = 1
    }
  }
}
