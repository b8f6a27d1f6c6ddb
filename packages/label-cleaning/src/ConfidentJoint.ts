/**
 * The confident joint and the counts derived from it: ports of `cleanlab.count` 2.9.0
 * (`get_confident_thresholds`, `compute_confident_joint`, `calibrate_confident_joint`,
 * `estimate_joint`, `num_label_issues`, `_reduce_issues`) and of
 * `cleanlab.internal.util.round_preserving_row_totals`, with numpy's summation order and
 * round-half-to-even so results match bit for bit.
 */
import * as ClassIndex from "./internal/ClassIndex.ts"
import { pairwiseSum, roundHalfEven, argsortKeys } from "./internal/numpy.ts"
import { LabelCleaningError } from "./LabelCleaningError.ts"
import type { Matrix } from "./Matrix.ts"
import { allLabelsZero, validateInputs, type Labels } from "./Validation.ts"

/** cleanlab's `FLOATING_POINT_COMPARISON`: slack on threshold comparisons and argmax ties. */
export const FLOATING_POINT_COMPARISON = 1e-6

/** cleanlab's `CONFIDENT_THRESHOLDS_LOWER_BOUND`: per-class thresholds are clipped up to this. */
export const CONFIDENT_THRESHOLDS_LOWER_BOUND = 2 * FLOATING_POINT_COMPARISON

/** cleanlab's `TINY_VALUE`: denominators are clipped up to this. */
export const TINY_VALUE = 1e-100

/** Threshold of a class absent from the labels (cleanlab's `BIG_VALUE`): nothing reaches it. */
export const ABSENT_CLASS_THRESHOLD = 2

/** What numpy's `astype(int)` gives for NaN and infinities on x86-64 (INT64_MIN). */
const NUMPY_INVALID_INT = -9223372036854775808

/** A square K x K count matrix, row-major; entry `(given, true)` at `given * K + true`. */
export interface CountMatrix {
  /** Number of classes. */
  readonly size: number
  /** Row-major counts (integral values stored as float64). */
  readonly data: Float64Array
}

/** Confident joint with the rows it counted off the diagonal. */
export interface ConfidentJointResult {
  /** `C[given][true]`: number of rows confidently counted as `true` with label `given`. */
  readonly confidentJoint: CountMatrix
  /** Rows counted off the diagonal (confident `true != given`), ascending. */
  readonly offDiagonalIndices: Int32Array
}

/** Options of {@link computeConfidentJoint}. */
export interface ConfidentJointOptions {
  /** Per-class thresholds; default {@link getConfidentThresholds}. */
  readonly thresholds?: Float64Array
  /** Calibrate rows to the label counts (default true, as cleanlab). */
  readonly calibrate?: boolean
  /** Skip input validation (callers that validated already). */
  readonly validated?: boolean
}

/** numpy's `astype(int)`: truncation toward zero, INT64_MIN for NaN and infinities. */
export const toNumpyInt = (x: number): number => (Number.isFinite(x) ? Math.trunc(x) : NUMPY_INVALID_INT)

/** Number of rows per class, length `numClasses` (cleanlab's `value_counts_fill_missing_classes`). */
export const labelCounts = (labels: Int32Array, numClasses: number): Int32Array => {
  const counts = new Int32Array(numClasses)
  for (let i = 0; i < labels.length; i++) counts[labels[i] as number]!++
  return counts
}

/**
 * Per-class confident thresholds: the mean predicted probability of class k over the rows
 * labelled k (numpy's pairwise mean), {@link ABSENT_CLASS_THRESHOLD} for absent classes,
 * clipped from below at {@link CONFIDENT_THRESHOLDS_LOWER_BOUND}.
 */
export const getConfidentThresholds = (labels: Labels, predProbs: Matrix): Float64Array =>
  confidentThresholds(validateInputs(labels, predProbs, { allowOneClass: true }), predProbs)

/** {@link getConfidentThresholds} for already validated labels. */
export const confidentThresholds = (y: Int32Array, predProbs: Matrix): Float64Array => {
  const K = predProbs.cols
  const index = ClassIndex.make(y, K)
  const thresholds = new Float64Array(K)
  const buffer = new Float64Array(y.length)
  for (let k = 0; k < K; k++) {
    const rows = ClassIndex.rowsOf(index, k)
    if (rows.length === 0) {
      thresholds[k] = ABSENT_CLASS_THRESHOLD
      continue
    }
    for (let r = 0; r < rows.length; r++) buffer[r] = predProbs.data[(rows[r] as number) * K + k] as number
    const mean = pairwiseSum(buffer, 0, rows.length) / rows.length
    thresholds[k] = Math.max(mean, CONFIDENT_THRESHOLDS_LOWER_BOUND)
  }
  return thresholds
}

/**
 * cleanlab's `compute_confident_joint`: each row whose probability reaches its class threshold
 * (minus 1e-6) for at least one class is counted at `(given label, guessed true label)`, the
 * guess being the argmax when several classes are confident. The diagonal is raised to at
 * least 1; with `calibrate` the rows are rescaled to the label counts and rounded preserving
 * row totals.
 */
export const computeConfidentJoint = (labels: Labels, predProbs: Matrix, options: ConfidentJointOptions = {}): ConfidentJointResult => {
  const y = options.validated === true ? Int32Array.from(labels) : validateInputs(labels, predProbs, { allowOneClass: allLabelsZero(labels) })
  const K = predProbs.cols
  const thresholds = options.thresholds ?? confidentThresholds(y, predProbs)
  if (thresholds.length !== K) {
    throw new LabelCleaningError({ reason: "InvalidShape", field: "thresholds", message: `thresholds has ${thresholds.length} entries; give one per class (${K}).` })
  }
  const lowered = thresholds.map((t) => t - FLOATING_POINT_COMPARISON)
  const joint = new Float64Array(K * K)
  const offDiagonal: Array<number> = []
  const data = predProbs.data
  for (let i = 0; i < y.length; i++) {
    const base = i * K
    let confident = 0
    let firstConfident = -1
    let argmax = 0
    let max = data[base] as number
    for (let j = 0; j < K; j++) {
      const p = data[base + j] as number
      if (p >= (lowered[j] as number)) {
        if (confident === 0) firstConfident = j
        confident++
      }
      if (p > max) {
        max = p
        argmax = j
      }
    }
    if (confident === 0) continue
    const guess = confident > 1 ? argmax : firstConfident
    const given = y[i] as number
    joint[given * K + guess]!++
    if (guess !== given) offDiagonal.push(i)
  }
  for (let k = 0; k < K; k++) joint[k * K + k] = Math.max(joint[k * K + k] as number, 1)
  const confidentJoint = { size: K, data: joint }
  return {
    // cleanlab's joint is the transpose of sklearn's confusion matrix, so numpy sums it column by column.
    confidentJoint: options.calibrate === false ? confidentJoint : calibrateConfidentJoint(confidentJoint, y, "column-major"),
    offDiagonalIndices: Int32Array.from(offDiagonal)
  }
}

/**
 * The memory layout of the numpy array cleanlab calibrates: numpy sums a 2-D array in memory
 * order, which changes the rounding of the total. Joints computed by cleanlab are
 * column-major (a transposed confusion matrix); joints passed in by users are row-major.
 */
export type JointLayout = "row-major" | "column-major"

/**
 * cleanlab's `calibrate_confident_joint`: scales row `given` to the number of rows with that
 * label, renormalizes the total to n, and rounds each row preserving its total.
 */
export const calibrateConfidentJoint = (confidentJoint: CountMatrix, labels: Labels, layout: JointLayout = "row-major"): CountMatrix => {
  const K = confidentJoint.size
  const counts = labelCounts(Int32Array.from(labels), K)
  const cj = confidentJoint.data
  const calibrated = new Float64Array(K * K)
  let total = 0
  for (let i = 0; i < K; i++) total += counts[i] as number
  for (let i = 0; i < K; i++) {
    let rowSum = 0
    for (let j = 0; j < K; j++) rowSum += cj[i * K + j] as number
    const denominator = Math.max(rowSum, TINY_VALUE)
    for (let j = 0; j < K; j++) calibrated[i * K + j] = ((cj[i * K + j] as number) / denominator) * (counts[i] as number)
  }
  // calibrated_cj is `(cj.T / ...).T`: its memory order is the transpose of cj's.
  const total2d = layout === "row-major" ? pairwiseSum(calibrated, 0, K * K) : pairwiseSum(transposed(calibrated, K), 0, K * K)
  const sum = Math.max(total2d, TINY_VALUE)
  for (let x = 0; x < K * K; x++) calibrated[x] = ((calibrated[x] as number) / sum) * total
  return { size: K, data: roundPreservingRowTotals(calibrated, K) }
}

const transposed = (data: Float64Array, K: number): Float64Array => {
  const out = new Float64Array(K * K)
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) out[j * K + i] = data[i * K + j] as number
  return out
}

/**
 * cleanlab's `round_preserving_sum` on each row of a `rows x K` matrix: round half to even,
 * then move the largest (or smallest) rounding remainders up (or down) by one until the row
 * total equals the rounded float total. Returns numpy's `astype(int)` of the result.
 */
export const roundPreservingRowTotals = (matrix: Float64Array, K: number): Float64Array => {
  const out = new Float64Array(matrix.length)
  const ints = new Float64Array(K)
  const remainders = new Float64Array(K)
  for (let start = 0; start < matrix.length; start += K) {
    const floats = matrix.subarray(start, start + K)
    for (let j = 0; j < K; j++) ints[j] = roundHalfEven(floats[j] as number)
    const origSum = roundHalfEven(pairwiseSum(floats, 0, K))
    let intSum = roundHalfEven(pairwiseSum(ints, 0, K))
    while (Math.abs(intSum - origSum) > FLOATING_POINT_COMPARISON) {
      const diff = roundHalfEven(origSum - intSum)
      const increment = diff < 0 ? -1 : 1
      const changes = Math.min(Math.trunc(Math.abs(diff)), K)
      for (let j = 0; j < K; j++) remainders[j] = (floats[j] as number) - (ints[j] as number)
      const order = argsortKeys(remainders)
      for (let c = 0; c < changes; c++) {
        const j = (increment === 1 ? order[K - 1 - c] : order[c]) as number
        ints[j] = (ints[j] as number) + increment
      }
      intSum = roundHalfEven(pairwiseSum(ints, 0, K))
    }
    for (let j = 0; j < K; j++) out[start + j] = toNumpyInt(ints[j] as number)
  }
  return out
}

/**
 * cleanlab's `estimate_joint`: the calibrated confident joint divided by its total, an estimate
 * of `P(given label, true label)`. A supplied `confidentJoint` is calibrated first (as cleanlab).
 */
export const estimateJoint = (labels: Labels, predProbs: Matrix, confidentJoint?: CountMatrix): CountMatrix => {
  const calibrated =
    confidentJoint === undefined ? computeConfidentJoint(labels, predProbs).confidentJoint : calibrateConfidentJoint(confidentJoint, labels)
  const K = calibrated.size
  const total = Math.max(pairwiseSum(calibrated.data, 0, K * K), TINY_VALUE)
  return { size: K, data: calibrated.data.map((x) => x / total) }
}

/**
 * cleanlab's `_reduce_issues`: true for rows whose given label is the argmax once it gets a
 * 1e-6 bonus (such rows are never flagged by the confident-joint filters).
 */
export const givenLabelIsArgmax = (labels: Int32Array, predProbs: Matrix): Uint8Array => {
  const K = predProbs.cols
  const data = predProbs.data
  const out = new Uint8Array(labels.length)
  for (let i = 0; i < labels.length; i++) {
    const base = i * K
    const given = labels[i] as number
    const boosted = (data[base + given] as number) + FLOATING_POINT_COMPARISON
    let ok = 1
    for (let j = 0; j < given && ok === 1; j++) if ((data[base + j] as number) >= boosted) ok = 0
    for (let j = given + 1; j < K && ok === 1; j++) if ((data[base + j] as number) > boosted) ok = 0
    out[i] = ok
  }
  return out
}

/** How {@link numLabelIssues} estimates the count (cleanlab's `estimation_method`). */
export type EstimationMethod = "off_diagonal" | "off_diagonal_calibrated" | "off_diagonal_custom"

/**
 * cleanlab's `num_label_issues`: `off_diagonal` (default) counts the uncalibrated confident
 * joint's off-diagonal rows that are not the (bonused) argmax; the calibrated methods round
 * `(1 - trace(joint)) * n` half to even.
 */
export const numLabelIssues = (
  labels: Labels,
  predProbs: Matrix,
  options: { readonly estimationMethod?: EstimationMethod; readonly confidentJoint?: CountMatrix; readonly validated?: boolean } = {}
): number => {
  const y = options.validated === true ? Int32Array.from(labels) : validateInputs(labels, predProbs)
  const method = options.estimationMethod ?? "off_diagonal"
  if (method === "off_diagonal") {
    const { offDiagonalIndices } = computeConfidentJoint(y, predProbs, { calibrate: false, validated: true })
    const argmaxOk = givenLabelIsArgmax(y, predProbs)
    let count = 0
    for (const i of offDiagonalIndices) if (argmaxOk[i] === 0) count++
    return count
  }
  let joint: CountMatrix
  if (method === "off_diagonal_calibrated") {
    joint = estimateJoint(y, predProbs, computeConfidentJoint(y, predProbs, { validated: true }).confidentJoint)
  } else {
    if (options.confidentJoint === undefined) {
      throw new LabelCleaningError({
        reason: "InvalidOption",
        field: "confidentJoint",
        message: "estimationMethod 'off_diagonal_custom' needs a confidentJoint; pass one or use another estimation method."
      })
    }
    joint = estimateJoint(y, predProbs, options.confidentJoint)
  }
  const K = joint.size
  const trace = pairwiseSum(joint.data, 0, K, K + 1)
  return roundHalfEven((1.0 - trace) * y.length)
}
