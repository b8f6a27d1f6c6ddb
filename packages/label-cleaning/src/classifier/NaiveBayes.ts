/**
 * Multinomial naive Bayes over non-negative sparse features (TF-IDF or counts), with additive
 * (Laplace/Lidstone) smoothing. Fast to train: one pass over the non-zeros.
 *
 * The model's tables are class-major (one stripe of `dimension` values per class): training adds
 * each row to its class's stripe, which stays in cache while a whole table
 * (`numClasses x dimension`) may not. Prediction reads them feature-major (the classes of one
 * feature side by side), so each non-zero of a row reads one short run of the table.
 */
import * as Matrix from "../Matrix.ts"
import { asRows, type SparseMatrix, type SparseRows } from "./SparseMatrix.ts"
import { softmaxRow } from "./Softmax.ts"

/** Default additive smoothing (Laplace). */
export const DEFAULT_ALPHA = 1

/** A trained model. */
export interface NaiveBayesModel {
  /** Number of classes. */
  readonly numClasses: number
  /** Number of feature columns. */
  readonly dimension: number
  /** `log P(class)`, `-Infinity` for classes absent from training. */
  readonly logPrior: Float64Array
  /** `log P(feature | class)`, class-major `numClasses x dimension`. */
  readonly logLikelihood: Float64Array
}

/**
 * Adds a row's values to its class's stripe (at `stripe`) of the mass table; returns their sum,
 * in the row's order. Hot loops live in functions of their own, with their arrays as parameters,
 * so that the compiler sees plain locals and not a new closure's captures at each call.
 */
const addRow = (featureMass: Float64Array, stripe: number, columns: Int32Array, values: Float64Array): number => {
  let mass = 0
  for (let x = 0; x < columns.length; x++) {
    const value = values[x] as number
    featureMass[stripe + (columns[x] as number)]! += value
    mass += value
  }
  return mass
}

/**
 * The likelihood table from the mass table, in place: `ln(mass + alpha) - ln(classMass + alpha D)`.
 * A feature without mass in a class (most of a hashed space) gets the class's smoothed constant
 * `ln(alpha) - ...`, the very value `ln(0 + alpha)` would give, without a logarithm.
 */
const likelihoods = (featureMass: Float64Array, classMass: Float64Array, D: number, alpha: number): Float64Array => {
  for (let k = 0; k < classMass.length; k++) {
    const denominator = Math.log((classMass[k] as number) + alpha * D)
    const unseen = Math.log(alpha) - denominator
    const stripe = k * D
    for (let f = stripe; f < stripe + D; f++) {
      const mass = featureMass[f] as number
      featureMass[f] = mass === 0 ? unseen : Math.log(mass + alpha) - denominator
    }
  }
  return featureMass
}

/**
 * Fits the model to rows `X` with labels in `0..numClasses-1`: work in the non-zeros, not in the
 * hashed space. A row adds to its class's stripe of the mass table, so rows visited class by
 * class keep one stripe in cache at a time; the model does not depend on the order of the rows
 * beyond the order of each class's own rows (the order of its sums). Then only the features of
 * a class with some mass take a logarithm (see `likelihoods`).
 */
export const fit = (X: SparseMatrix | SparseRows, labels: Int32Array, numClasses: number, alpha = DEFAULT_ALPHA): NaiveBayesModel => {
  const D = X.cols
  const K = numClasses
  const featureMass = new Float64Array(K * D)
  const classMass = new Float64Array(K)
  const classRows = new Float64Array(K)
  asRows(X).forEachRow((i, columns, values) => {
    const k = labels[i] as number
    classRows[k]!++
    classMass[k]! += addRow(featureMass, k * D, columns, values)
  })
  const logPrior = classRows.map((rows) => Math.log(rows / X.rows))
  const logLikelihood = likelihoods(featureMass, classMass, D, alpha)
  return { numClasses, dimension: D, logPrior, logLikelihood }
}

/**
 * Classes scored together in one pass over a row's non-zeros: their sums stay in registers and
 * a non-zero reads them from one run of the feature-major table.
 */
const CLASSES_PER_PASS = 5

/**
 * The class-major likelihood table of `model` laid out feature-major, each feature's run padded
 * with zeros to `stride` (a multiple of {@link CLASSES_PER_PASS}) entries.
 */
const byFeature = (model: NaiveBayesModel, stride: number): Float64Array => {
  const D = model.dimension
  const K = model.numClasses
  const logLikelihood = model.logLikelihood
  const out = new Float64Array(stride * D)
  for (let f = 0; f < D; f++) {
    const run = f * stride
    for (let k = 0; k < K; k++) out[run + k] = logLikelihood[k * D + f] as number
  }
  return out
}

/**
 * The scores of one row into `sums`: for each class, its prior plus, in the row's order, each
 * non-zero's value times the feature's likelihood in `table` (feature-major, runs of `stride`).
 */
const scoreRow = (table: Float64Array, stride: number, prior: Float64Array, columns: Int32Array, values: Float64Array, sums: Float64Array): void => {
  for (let k = 0; k < stride; k += CLASSES_PER_PASS) {
    let s0 = prior[k] as number
    let s1 = prior[k + 1] as number
    let s2 = prior[k + 2] as number
    let s3 = prior[k + 3] as number
    let s4 = prior[k + 4] as number
    for (let x = 0; x < columns.length; x++) {
      const value = values[x] as number
      const run = (columns[x] as number) * stride + k
      s0 += value * (table[run] as number)
      s1 += value * (table[run + 1] as number)
      s2 += value * (table[run + 2] as number)
      s3 += value * (table[run + 3] as number)
      s4 += value * (table[run + 4] as number)
    }
    sums[k] = s0
    sums[k + 1] = s1
    sums[k + 2] = s2
    sums[k + 3] = s3
    sums[k + 4] = s4
  }
}

/**
 * Posterior class probabilities, one row per row of `X`, as rows are visited (none is stored).
 * Each class's score is its prior plus, in the row's order, each non-zero's value times the
 * feature's likelihood under the class; {@link CLASSES_PER_PASS} classes are summed per pass
 * over the row, from the feature-major table (padding classes are scored and dropped).
 */
export const predictProba = (model: NaiveBayesModel, X: SparseMatrix | SparseRows): Matrix.Matrix => {
  const K = model.numClasses
  const stride = Math.ceil(K / CLASSES_PER_PASS) * CLASSES_PER_PASS
  const table = byFeature(model, stride)
  const prior = new Float64Array(stride)
  prior.set(model.logPrior)
  const sums = new Float64Array(stride)
  const out = Matrix.make(X.rows, K)
  asRows(X).forEachRow((i, columns, values) => {
    scoreRow(table, stride, prior, columns, values, sums)
    const row = Matrix.row(out, i)
    row.set(sums.subarray(0, K))
    softmaxRow(row)
  })
  return out
}
