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

/** Fits the model to rows `X` with labels in `0..numClasses-1`: work in the non-zeros, not in the hashed space. */
export const fit = (X: SparseMatrix, labels: Int32Array, numClasses: number, alpha = DEFAULT_ALPHA): NaiveBayesModel => {
  const D = X.cols
  const K = numClasses
  const featureMass = new Float64Array(D * K)
  const classMass = new Float64Array(K)
  const classRows = new Float64Array(K)
  const seen = new Uint8Array(D)
  const seenFeatures: Array<number> = []
  for (let i = 0; i < X.rows; i++) {
    const k = labels[i] as number
    classRows[k]!++
    for (let x = X.indptr[i] as number; x < (X.indptr[i + 1] as number); x++) {
      const f = X.indices[x] as number
      if (seen[f] === 0) {
        seen[f] = 1
        seenFeatures.push(f)
      }
      featureMass[f * K + k]! += X.values[x] as number
      classMass[k]! += X.values[x] as number
    }
  }
  const logPrior = classRows.map((rows) => Math.log(rows / X.rows))
  const denominators = Float64Array.from(classMass, (mass) => Math.log(mass + alpha * D))
  // A feature no training row has (most of a hashed space) gets each class's smoothed constant:
  // tiled over the whole table by doubling copies, then only seen features take a logarithm.
  const logLikelihood = new Float64Array(D * K)
  for (let k = 0; k < K; k++) logLikelihood[k] = Math.log(alpha) - (denominators[k] as number)
  for (let filled = K; filled < D * K; filled *= 2) logLikelihood.copyWithin(filled, 0, Math.min(filled, D * K - filled))
  for (const f of seenFeatures) {
    for (let k = 0; k < K; k++) logLikelihood[f * K + k] = Math.log((featureMass[f * K + k] as number) + alpha) - (denominators[k] as number)
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
