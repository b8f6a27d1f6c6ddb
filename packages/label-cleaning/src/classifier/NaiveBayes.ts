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
  /** `log P(feature | class)`, row-major `numClasses x dimension`. */
  readonly logLikelihood: Float64Array
}

/** Fits the model to rows `X` with labels in `0..numClasses-1`. */
export const fit = (X: SparseMatrix, labels: Int32Array, numClasses: number, alpha = DEFAULT_ALPHA): NaiveBayesModel => {
  const D = X.cols
  const featureMass = new Float64Array(numClasses * D)
  const classMass = new Float64Array(numClasses)
  const classRows = new Float64Array(numClasses)
  for (let i = 0; i < X.rows; i++) {
    const k = labels[i] as number
    classRows[k]!++
    for (let x = X.indptr[i] as number; x < (X.indptr[i + 1] as number); x++) {
      featureMass[k * D + (X.indices[x] as number)]! += X.values[x] as number
      classMass[k]! += X.values[x] as number
    }
  }
  const logPrior = classRows.map((rows) => Math.log(rows / X.rows))
  const logLikelihood = new Float64Array(numClasses * D)
  for (let k = 0; k < numClasses; k++) {
    const denominator = Math.log((classMass[k] as number) + alpha * D)
    for (let f = 0; f < D; f++) logLikelihood[k * D + f] = Math.log((featureMass[k * D + f] as number) + alpha) - denominator
  }
  return { numClasses, dimension: D, logPrior, logLikelihood }
}

/** Posterior class probabilities, one row per row of `X`. */
export const predictProba = (model: NaiveBayesModel, X: SparseMatrix): Matrix.Matrix => {
  const K = model.numClasses
  const D = model.dimension
  const out = Matrix.make(X.rows, K)
  for (let i = 0; i < X.rows; i++) {
    const row = Matrix.row(out, i)
    for (let k = 0; k < K; k++) {
      let score = model.logPrior[k] as number
      for (let x = X.indptr[i] as number; x < (X.indptr[i + 1] as number); x++) {
        score += (X.values[x] as number) * (model.logLikelihood[k * D + (X.indices[x] as number)] as number)
      }
      row[k] = score
    }
    softmaxRow(row)
  }
  return out
}
