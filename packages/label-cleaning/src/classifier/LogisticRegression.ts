/**
 * Multinomial (softmax) logistic regression over sparse features, trained by deterministic
 * stochastic gradient descent: a seeded shuffle per epoch, a decaying step
 * `eta / (1 + eta * l2 * t)`, and L2 weight decay applied lazily through a global scale so each
 * step only touches the row's non-zeros.
 */
import * as Matrix from "../Matrix.ts"
import * as Prng from "../Prng.ts"
import { asRows, type SparseMatrix, type SparseRows } from "./SparseMatrix.ts"
import { softmaxRow } from "./Softmax.ts"

/** Default passes over the training rows. */
export const DEFAULT_EPOCHS = 8

/** Default initial step size. */
export const DEFAULT_LEARNING_RATE = 0.5

/** Default L2 penalty per row. */
export const DEFAULT_L2 = 1e-5

/** Default shuffle seed. */
export const DEFAULT_SEED = 1

/** When the lazy weight scale falls below this, it is folded into the weights. */
const RESCALE_BELOW = 1e-9

/** Training options. */
export interface LogisticRegressionOptions {
  /** Passes over the data (default {@link DEFAULT_EPOCHS}). */
  readonly epochs?: number
  /** Initial step size (default {@link DEFAULT_LEARNING_RATE}). */
  readonly learningRate?: number
  /** L2 penalty (default {@link DEFAULT_L2}). */
  readonly l2?: number
  /** Shuffle seed (default {@link DEFAULT_SEED}). */
  readonly seed?: number
}

/** A trained model. */
export interface LogisticRegressionModel {
  /** Number of classes. */
  readonly numClasses: number
  /** Number of feature columns. */
  readonly dimension: number
  /** Weights, row-major `numClasses x dimension`. */
  readonly weights: Float64Array
  /** Per-class intercepts. */
  readonly bias: Float64Array
}

/** Fits the model to rows `X` with labels in `0..numClasses-1`. */
export const fit = (X: SparseMatrix, labels: Int32Array, numClasses: number, options: LogisticRegressionOptions = {}): LogisticRegressionModel => {
  const K = numClasses
  const D = X.cols
  const epochs = options.epochs ?? DEFAULT_EPOCHS
  const eta0 = options.learningRate ?? DEFAULT_LEARNING_RATE
  const l2 = options.l2 ?? DEFAULT_L2
  const rng = Prng.make(options.seed ?? DEFAULT_SEED)
  const weights = new Float64Array(K * D)
  const bias = new Float64Array(K)
  const scores = new Float64Array(K)
  const order = new Int32Array(X.rows)
  for (let i = 0; i < X.rows; i++) order[i] = i
  let scale = 1
  let step = 0
  for (let epoch = 0; epoch < epochs; epoch++) {
    Prng.shuffle(order, rng)
    for (const i of order) {
      const eta = eta0 / (1 + eta0 * l2 * step++)
      const start = X.indptr[i] as number
      const end = X.indptr[i + 1] as number
      for (let k = 0; k < K; k++) {
        let s = 0
        for (let x = start; x < end; x++) s += (X.values[x] as number) * (weights[k * D + (X.indices[x] as number)] as number)
        scores[k] = s * scale + (bias[k] as number)
      }
      softmaxRow(scores)
      scale *= 1 - eta * l2
      const given = labels[i] as number
      for (let k = 0; k < K; k++) {
        const gradient = (scores[k] as number) - (k === given ? 1 : 0)
        if (gradient === 0) continue
        const delta = (eta * gradient) / scale
        for (let x = start; x < end; x++) weights[k * D + (X.indices[x] as number)]! -= delta * (X.values[x] as number)
        bias[k]! -= eta * gradient
      }
      if (scale < RESCALE_BELOW) {
        for (let w = 0; w < weights.length; w++) weights[w] = (weights[w] as number) * scale
        scale = 1
      }
    }
  }
  for (let w = 0; w < weights.length; w++) weights[w] = (weights[w] as number) * scale
  return { numClasses: K, dimension: D, weights, bias }
}

/** Class probabilities (softmax of the linear scores), one row per row of `X`. */
export const predictProba = (model: LogisticRegressionModel, X: SparseMatrix | SparseRows): Matrix.Matrix => {
  const K = model.numClasses
  const D = model.dimension
  const out = Matrix.make(X.rows, K)
  asRows(X).forEachRow((i, columns, values) => {
    const row = Matrix.row(out, i)
    for (let k = 0; k < K; k++) {
      let s = model.bias[k] as number
      for (let x = 0; x < columns.length; x++) s += (values[x] as number) * (model.weights[k * D + (columns[x] as number)] as number)
      row[k] = s
    }
    softmaxRow(row)
  })
  return out
}
