/**
 * Out-of-fold predicted probabilities: every row is predicted by a model that never saw it, as
 * cleanlab requires. Folds are stratified (each class spread evenly) from a seeded shuffle; the
 * IDF and the model are fitted on the training folds only.
 */
import * as Classifier from "./classifier/Classifier.ts"
import * as HashedTfidf from "./classifier/HashedTfidf.ts"
import * as ClassIndex from "./internal/ClassIndex.ts"
import { LabelCleaningError } from "./LabelCleaningError.ts"
import * as Matrix from "./Matrix.ts"
import * as Prng from "./Prng.ts"
import type { Labels } from "./Validation.ts"

/** Default number of folds (cleanlab's `cv_n_folds`). */
export const DEFAULT_FOLDS = 5

/** Default fold seed. */
export const DEFAULT_FOLD_SEED = 0

/** Options of {@link crossValPredictProba}. */
export interface CrossValOptions {
  /** Number of folds, at least 2 (default {@link DEFAULT_FOLDS}). */
  readonly folds?: number
  /** Seed of the fold shuffle (default {@link DEFAULT_FOLD_SEED}). */
  readonly seed?: number
  /** The model (default multinomial naive Bayes). */
  readonly classifier?: Classifier.ClassifierSpec
  /** Featurizer settings. */
  readonly hashing?: HashedTfidf.HashingOptions
}

/**
 * Assigns each row a fold in `0..folds-1`: the rows of each class are shuffled with the seeded
 * generator and dealt round-robin, continuing where the previous class stopped, so fold sizes
 * differ by at most one and each class is spread evenly.
 */
export const stratifiedFolds = (labels: Int32Array, numClasses: number, folds: number, seed: number): Int32Array => {
  const rng = Prng.make(seed)
  const index = ClassIndex.make(labels, numClasses)
  const fold = new Int32Array(labels.length)
  let next = 0
  for (let k = 0; k < numClasses; k++) {
    const rows = Prng.shuffle(ClassIndex.rowsOf(index, k).slice(), rng)
    for (const r of rows) {
      fold[r] = next
      next = (next + 1) % folds
    }
  }
  return fold
}

/**
 * Out-of-fold class probabilities (n x numClasses) for `texts` with `labels`, from hashed
 * TF-IDF features and the chosen classifier. Deterministic for a given seed.
 *
 * @example
 * const probs = crossValPredictProba(texts, labels, 3, { folds: 5, seed: 7 })
 * const { indices } = findLabelIssues(labels, probs)
 */
export const crossValPredictProba = (texts: ReadonlyArray<string>, labels: Labels, numClasses: number, options: CrossValOptions = {}): Matrix.Matrix => {
  const folds = options.folds ?? DEFAULT_FOLDS
  if (texts.length !== labels.length) {
    throw new LabelCleaningError({ reason: "InvalidShape", field: "labels", message: `texts has ${texts.length} entries but labels has ${labels.length}; give one label per text.` })
  }
  if (!Number.isInteger(folds) || folds < 2 || folds > texts.length) {
    throw new LabelCleaningError({ reason: "TooFewExamples", field: "folds", message: `folds must be an integer in 2..${texts.length} (the number of texts), got ${folds}.` })
  }
  const y = Int32Array.from(labels)
  y.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= numClasses || label !== labels[i]) {
      throw new LabelCleaningError({ reason: "InvalidLabel", field: `labels[${i}]`, message: `Label ${String(labels[i])} at row ${i} is not a class index in 0..${numClasses - 1}.` })
    }
  })
  // The raw counts are only needed for their logarithms: no reference to them outlives this line.
  const tf = HashedTfidf.sublinearTf(HashedTfidf.countMatrix(texts, options.hashing))
  const fold = stratifiedFolds(y, numClasses, folds, options.seed ?? DEFAULT_FOLD_SEED)
  const spec = options.classifier ?? { kind: "naive_bayes" }
  // Document frequencies of every column over all rows and per fold: a fold's training
  // frequencies are their difference, so no fold copies the counts to fit its IDF.
  const columns = tf.cols
  const documentFrequency = new Float64Array(columns)
  const foldFrequency = new Float64Array(folds * columns)
  const foldRows = new Int32Array(folds)
  const foldEntries = new Float64Array(folds)
  for (let i = 0; i < tf.rows; i++) {
    const base = (fold[i] as number) * columns
    foldRows[fold[i] as number]!++
    foldEntries[fold[i] as number]! += (tf.indptr[i + 1] as number) - (tf.indptr[i] as number)
    for (let x = tf.indptr[i] as number; x < (tf.indptr[i + 1] as number); x++) {
      const column = tf.indices[x] as number
      documentFrequency[column]!++
      foldFrequency[base + column]!++
    }
  }
  const idf = new Float64Array(columns)
  const out = Matrix.make(texts.length, numClasses)
  // One set of arrays for every fold's training rows and one for its test rows, sized for the largest.
  const trainBuffers = HashedTfidf.weighBuffers(tf.rows - Math.min(...foldRows), tf.indices.length - Math.min(...foldEntries))
  const testBuffers = HashedTfidf.weighBuffers(Math.max(...foldRows), Math.max(...foldEntries))
  for (let f = 0; f < folds; f++) {
    const train: Array<number> = []
    const test: Array<number> = []
    fold.forEach((g, i) => (g === f ? test : train).push(i))
    const trainRows = Int32Array.from(train)
    const testRows = Int32Array.from(test)
    for (let c = 0; c < columns; c++) {
      idf[c] = HashedTfidf.smoothIdf(trainRows.length, (documentFrequency[c] as number) - (foldFrequency[f * columns + c] as number))
    }
    const model = Classifier.train(spec, HashedTfidf.weigh(tf, idf, trainRows, trainBuffers), y.filter((_, i) => fold[i] !== f), numClasses)
    const probs = Classifier.predictProba(model, HashedTfidf.weigh(tf, idf, testRows, testBuffers))
    testRows.forEach((r, t) => out.data.set(Matrix.row(probs, t), r * numClasses))
  }
  return out
}
