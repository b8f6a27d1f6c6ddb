import { LabelCleaningError } from "./LabelCleaningError.ts"
import type { Matrix } from "./Matrix.ts"

/** Given labels: one integer class index per row. */
export type Labels = Int32Array | ReadonlyArray<number>

/** cleanlab's slack on the `[0, 1]` range of a probability (`FLOATING_POINT_COMPARISON`). */
export const PROBABILITY_RANGE_SLACK = 1e-6

/**
 * How far a row of predicted probabilities may sum from 1. cleanlab does not check row sums; we
 * do (a stricter rule), loose enough for float32 softmax outputs.
 */
export const ROW_SUM_TOLERANCE = 1e-4

/** Options of {@link validateInputs}. */
export interface ValidateOptions {
  /** Accept labels with a single class (cleanlab allows it when every label is 0). */
  readonly allowOneClass?: boolean
  /** Check that each row sums to 1 within {@link ROW_SUM_TOLERANCE} (default true). */
  readonly checkRowSums?: boolean
}

/**
 * cleanlab's `assert_valid_inputs` for single-label classification, plus NaN and row-sum
 * checks: labels are integers `>= 0`, at least two classes appear (unless `allowOneClass`),
 * `predProbs` has one row per label and at least `max(label) + 1` columns, and every value
 * is in `[-1e-6, 1 + 1e-6]`. Returns the labels as an Int32Array.
 */
export const validateInputs = (labels: Labels, predProbs: Matrix, options: ValidateOptions = {}): Int32Array => {
  const out = validateLabels(labels, options.allowOneClass ?? false)
  if (predProbs.rows !== out.length) {
    throw new LabelCleaningError({
      reason: "InvalidShape",
      field: "predProbs",
      message: `predProbs has ${predProbs.rows} rows but labels has ${out.length} entries; give one row of probabilities per label.`
    })
  }
  let highest = 0
  for (let i = 0; i < out.length; i++) highest = Math.max(highest, out[i] as number)
  if (predProbs.cols < highest + 1) {
    throw new LabelCleaningError({
      reason: "InvalidShape",
      field: "predProbs",
      message: `predProbs must have at least ${highest + 1} columns, based on the largest class index in labels, but has ${predProbs.cols}.`
    })
  }
  validateProbabilities(predProbs, options.checkRowSums ?? true)
  return out
}

const validateLabels = (labels: Labels, allowOneClass: boolean): Int32Array => {
  if (labels.length === 0) {
    throw new LabelCleaningError({ reason: "InvalidShape", field: "labels", message: "labels is empty; pass at least one labelled row." })
  }
  const out = new Int32Array(labels.length)
  const seen = new Set<number>()
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number
    if (!Number.isInteger(label)) {
      throw new LabelCleaningError({ reason: "InvalidLabel", field: `labels[${i}]`, message: `Label ${label} at row ${i} is not an integer; labels must be zero-indexed class indices.` })
    }
    if (label < 0) {
      throw new LabelCleaningError({ reason: "InvalidLabel", field: `labels[${i}]`, message: `Label ${label} at row ${i} is negative; labels must be zero-indexed class indices.` })
    }
    out[i] = label
    if (seen.size < 2) seen.add(label)
  }
  if (!allowOneClass && seen.size < 2) {
    throw new LabelCleaningError({ reason: "InvalidLabel", field: "labels", message: "Labels must contain at least 2 classes; every row has the same label." })
  }
  return out
}

const validateProbabilities = (predProbs: Matrix, checkRowSums: boolean): void => {
  const { rows, cols, data } = predProbs
  for (let i = 0; i < rows; i++) {
    let sum = 0
    for (let j = 0; j < cols; j++) {
      const p = data[i * cols + j] as number
      if (!(p >= -PROBABILITY_RANGE_SLACK && p <= 1 + PROBABILITY_RANGE_SLACK)) {
        throw new LabelCleaningError({
          reason: "InvalidProbability",
          field: `predProbs[${i}][${j}]`,
          message: `Values in predProbs must be between 0 and 1, found ${p} at row ${i}, column ${j}.`
        })
      }
      sum += p
    }
    if (checkRowSums && Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new LabelCleaningError({
        reason: "InvalidProbability",
        field: `predProbs[${i}]`,
        message: `Row ${i} of predProbs sums to ${sum}, not 1; pass normalized probabilities (e.g. a softmax output).`
      })
    }
  }
}

/** True when every label is 0: cleanlab then allows a single class. */
export const allLabelsZero = (labels: Labels): boolean => {
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0) return false
  return labels.length > 0
}
