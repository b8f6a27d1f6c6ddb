/**
 * Text classifier, out-of-fold probabilities, cleanlab-compatible confident learning and
 * outliers. Pure: arrays in, arrays out.
 */
export * from "./LabelCleaningError.ts"
export * as Matrix from "./Matrix.ts"
export type { Matrix as ProbabilityMatrix } from "./Matrix.ts"
export * from "./Validation.ts"
export * from "./ConfidentJoint.ts"
export * from "./Rank.ts"
export * from "./Filter.ts"
export * from "./Outlier.ts"
export * from "./CleaningPolicy.ts"
export * from "./CrossValidation.ts"
export * as Prng from "./Prng.ts"
export * as HashedTfidf from "./classifier/HashedTfidf.ts"
export * as NaiveBayes from "./classifier/NaiveBayes.ts"
export * as LogisticRegression from "./classifier/LogisticRegression.ts"
export * as Classifier from "./classifier/Classifier.ts"
export * from "./classifier/SparseMatrix.ts"
