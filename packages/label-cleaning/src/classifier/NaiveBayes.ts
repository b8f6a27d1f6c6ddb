/**
 * Multinomial naive Bayes over non-negative sparse features (TF-IDF or counts), with additive
 * (Laplace/Lidstone) smoothing. Fast to train: one pass over the non-zeros.
 */
import * as Matrix from "../Matrix.ts"
import type { SparseMatrix } from "./SparseMatrix.ts"
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
  /** `log P(feature | class)`, feature-major `dimension x numClasses` (a feature's classes share a cache line). */
  readonly logLikelihood: Float64Array
}

/**
 * Fits the model to rows `X` with labels in `0..numClasses-1`: work in the non-zeros, not in the
 * hashed space. Masses are summed class-major (a row's updates stay in its class's stripe of the
 * table), then only the features some row has take a logarithm.
 */
export const fit = (X: SparseMatrix, labels: Int32Array, numClasses: number, alpha = DEFAULT_ALPHA): NaiveBayesModel => {
  const D = X.cols
  const K = numClasses
  const featureMass = new Float64Array(K * D)
  const classMass = new Float64Array(K)
  const classRows = new Float64Array(K)
  const seen = new Uint8Array(D)
  for (let i = 0; i < X.rows; i++) {
    const k = labels[i] as number
    const stripe = k * D
    classRows[k]!++
    let mass = 0
    for (let x = X.indptr[i] as number; x < (X.indptr[i + 1] as number); x++) {
      const f = X.indices[x] as number
      const value = X.values[x] as number
      seen[f] = 1
      featureMass[stripe + f]! += value
      mass += value
    }
    classMass[k]! += mass
  }
  const logPrior = classRows.map((rows) => Math.log(rows / X.rows))
  const denominators = Float64Array.from(classMass, (mass) => Math.log(mass + alpha * D))
  // A feature no training row has (most of a hashed space) gets each class's smoothed constant:
  // tiled over the whole table by doubling copies, then only seen features take a logarithm.
  const logLikelihood = new Float64Array(D * K)
  for (let k = 0; k < K; k++) logLikelihood[k] = Math.log(alpha) - (denominators[k] as number)
  for (let filled = K; filled < D * K; filled *= 2) logLikelihood.copyWithin(filled, 0, Math.min(filled, D * K - filled))
  for (let f = 0; f < D; f++) {
    if (seen[f] === 0) continue
    for (let k = 0; k < K; k++) logLikelihood[f * K + k] = Math.log((featureMass[k * D + f] as number) + alpha) - (denominators[k] as number)
  }
  return { numClasses, dimension: D, logPrior, logLikelihood }
}

/** Posterior class probabilities, one row per row of `X`. */
export const predictProba = (model: NaiveBayesModel, X: SparseMatrix): Matrix.Matrix => {
  const K = model.numClasses
  const out = Matrix.make(X.rows, K)
  for (let i = 0; i < X.rows; i++) {
    const row = Matrix.row(out, i)
    row.set(model.logPrior)
    for (let x = X.indptr[i] as number; x < (X.indptr[i + 1] as number); x++) {
      const value = X.values[x] as number
      const base = (X.indices[x] as number) * K
      for (let k = 0; k < K; k++) row[k] = (row[k] as number) + value * (model.logLikelihood[base + k] as number)
    }
    softmaxRow(row)
  }
  return out
}
