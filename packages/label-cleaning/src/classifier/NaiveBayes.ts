/**
 * Multinomial naive Bayes over non-negative sparse features (TF-IDF or counts), with additive
 * (Laplace/Lidstone) smoothing. Fast to train: one pass over the non-zeros.
 *
 * The tables are class-major (one stripe of `dimension` values per class) and both passes work
 * one class's stripe at a time where they can: a stripe stays in cache while a whole table
 * (`numClasses x dimension`) may not, and the features of a row are scattered over it.
 */
import * as Matrix from "../Matrix.ts"
import { asRows, collect, type SparseMatrix, type SparseRows } from "./SparseMatrix.ts"
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
 * Fits the model to rows `X` with labels in `0..numClasses-1`: work in the non-zeros, not in the
 * hashed space. A row adds to its class's stripe of the mass table, so rows visited class by
 * class keep one stripe in cache at a time; the model does not depend on the order of the rows
 * beyond the order of each class's own rows (the order of its sums). Then only the features some
 * row has take a logarithm.
 */
export const fit = (X: SparseMatrix | SparseRows, labels: Int32Array, numClasses: number, alpha = DEFAULT_ALPHA): NaiveBayesModel => {
  const D = X.cols
  const K = numClasses
  const featureMass = new Float64Array(K * D)
  const classMass = new Float64Array(K)
  const classRows = new Float64Array(K)
  const seen = new Uint8Array(D)
  asRows(X).forEachRow((i, columns, values) => {
    const k = labels[i] as number
    const stripe = k * D
    classRows[k]!++
    let mass = 0
    for (let x = 0; x < columns.length; x++) {
      const f = columns[x] as number
      const value = values[x] as number
      seen[f] = 1
      featureMass[stripe + f]! += value
      mass += value
    }
    classMass[k]! += mass
  })
  const logPrior = classRows.map((rows) => Math.log(rows / X.rows))
  // A feature no training row has (most of a hashed space) gets its class's smoothed constant;
  // only seen features take a logarithm. The mass table becomes the likelihood table in place.
  const logLikelihood = featureMass
  for (let k = 0; k < K; k++) {
    const denominator = Math.log((classMass[k] as number) + alpha * D)
    const unseen = Math.log(alpha) - denominator
    const stripe = k * D
    for (let f = 0; f < D; f++) {
      logLikelihood[stripe + f] = seen[f] === 0 ? unseen : Math.log((featureMass[stripe + f] as number) + alpha) - denominator
    }
  }
  return { numClasses, dimension: D, logPrior, logLikelihood }
}

/**
 * Posterior class probabilities, one row per row of `X`. Rows are stored first (visited rows
 * are collected) and scored one class at a time, so a single stripe of the table is read at once.
 */
export const predictProba = (model: NaiveBayesModel, X: SparseMatrix | SparseRows): Matrix.Matrix => {
  const K = model.numClasses
  const D = model.dimension
  const { rows, indptr, indices, values } = collect(X)
  const out = Matrix.make(rows, K)
  const scores = out.data
  const logLikelihood = model.logLikelihood
  for (let k = 0; k < K; k++) {
    const prior = model.logPrior[k] as number
    const stripe = k * D
    for (let i = 0; i < rows; i++) {
      let score = prior
      for (let x = indptr[i] as number; x < (indptr[i + 1] as number); x++) score += (values[x] as number) * (logLikelihood[stripe + (indices[x] as number)] as number)
      scores[i * K + k] = score
    }
  }
  for (let i = 0; i < rows; i++) softmaxRow(Matrix.row(out, i))
  return out
}
