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
 * Counts a row's `columns` once each in `documentFrequency` and in its fold's frequencies (at
 * `foldBase` of `foldFrequency`); returns the position of the first column outside
 * `0..dimension-1` (counting stops there), or -1. A function of its own, with its arrays as
 * parameters, so that the compiler sees plain locals rather than a closure's captures.
 */
const countDocument = (columns: Int32Array, dimension: number, documentFrequency: Int32Array, foldFrequency: Int32Array, foldBase: number): number => {
  for (let x = 0; x < columns.length; x++) {
    const column = columns[x] as number
    if (!(column >= 0 && column < dimension)) return x
    documentFrequency[column]!++
    foldFrequency[foldBase + column]!++
  }
  return -1
}

/** Options of {@link crossValPredictProbaOfCounts}: those of {@link crossValPredictProba} but the featurizer's. */
export type CountsCrossValOptions = Omit<CrossValOptions, "hashing">

/**
 * Out-of-fold class probabilities (n x numClasses) for `texts` with `labels`, from hashed
 * TF-IDF features and the chosen classifier. Deterministic for a given seed.
 *
 * @example
 * const probs = crossValPredictProba(texts, labels, 3, { folds: 5, seed: 7 })
 * const { indices } = findLabelIssues(labels, probs)
 */
export const crossValPredictProba = (texts: ReadonlyArray<string>, labels: Labels, numClasses: number, options: CrossValOptions = {}): Matrix.Matrix => {
  if (texts.length !== labels.length) {
    throw new LabelCleaningError({ reason: "InvalidShape", field: "labels", message: `texts has ${texts.length} entries but labels has ${labels.length}; give one label per text.` })
  }
  const counts = HashedTfidf.countMatrix(texts, options.hashing)
  return crossValPredictProbaOfCounts(HashedTfidf.termCountsOf(counts), counts.cols, labels, numClasses, options)
}

/**
 * {@link crossValPredictProba} from texts already counted: `rows` holds their hashed term counts
 * in `dimension` columns, one row per text ({@link HashedTfidf.termCounter} or
 * {@link HashedTfidf.termCountsOf}), so a caller that keeps counts across calls counts each
 * text once. The same probabilities, bit for bit, as from the texts.
 */
export const crossValPredictProbaOfCounts = (
  rows: ReadonlyArray<HashedTfidf.TermCounts>,
  dimension: number,
  labels: Labels,
  numClasses: number,
  options: CountsCrossValOptions = {}
): Matrix.Matrix => {
  const folds = options.folds ?? DEFAULT_FOLDS
  if (rows.length !== labels.length) {
    throw new LabelCleaningError({ reason: "InvalidShape", field: "labels", message: `there are ${rows.length} rows of counts but labels has ${labels.length}; give one label per row.` })
  }
  if (!Number.isInteger(folds) || folds < 2 || folds > rows.length) {
    throw new LabelCleaningError({ reason: "TooFewExamples", field: "folds", message: `folds must be an integer in 2..${rows.length} (the number of texts), got ${folds}.` })
  }
  const y = Int32Array.from(labels)
  y.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= numClasses || label !== labels[i]) {
      throw new LabelCleaningError({ reason: "InvalidLabel", field: `labels[${i}]`, message: `Label ${String(labels[i])} at row ${i} is not a class index in 0..${numClasses - 1}.` })
    }
  })
  const fold = stratifiedFolds(y, numClasses, folds, options.seed ?? DEFAULT_FOLD_SEED)
  const spec = options.classifier ?? { kind: "naive_bayes" }
  // Document frequencies of every column over all rows and per fold: a fold's training
  // frequencies are their difference, so no fold copies the counts to fit its IDF.
  const documentFrequency = new Int32Array(dimension)
  const foldFrequency = new Int32Array(folds * dimension)
  rows.forEach(({ columns }, i) => {
    const outside = countDocument(columns, dimension, documentFrequency, foldFrequency, (fold[i] as number) * dimension)
    if (outside >= 0) {
      const column = columns[outside] as number
      throw new LabelCleaningError({ reason: "InvalidShape", field: `rows[${i}].columns`, message: `Column ${column} of row ${i} is outside 0..${dimension - 1}; count the texts with the dimension given here.` })
    }
  })
  const idf = new Float64Array(dimension)
  const out = Matrix.make(rows.length, numClasses)
  // Naive Bayes sums each class's rows apart: given class by class (ascending within a class, so
  // no sum changes order) they keep one class's table in cache. Logistic regression shuffles its
  // rows from ascending order.
  const trainOrder = spec.kind === "naive_bayes" ? ClassIndex.make(y, numClasses).members : Int32Array.from(y, (_, i) => i)
  for (let f = 0; f < folds; f++) {
    const trainRows = trainOrder.filter((i) => fold[i] !== f)
    const testRows = Int32Array.from(fold.keys()).filter((i) => fold[i] === f)
    for (let c = 0; c < dimension; c++) {
      idf[c] = HashedTfidf.smoothIdf(trainRows.length, (documentFrequency[c] as number) - (foldFrequency[f * dimension + c] as number))
    }
    // Training rows are weighed as the classifier reads them: no fold stores its training TF-IDF.
    const model = Classifier.train(spec, HashedTfidf.weighedCounts(rows, dimension, idf, trainRows), Int32Array.from(trainRows, (i) => y[i] as number), numClasses)
    const probs = Classifier.predictProba(model, HashedTfidf.weighedCounts(rows, dimension, idf, testRows))
    testRows.forEach((r, t) => out.data.set(Matrix.row(probs, t), r * numClasses))
  }
  return out
}
