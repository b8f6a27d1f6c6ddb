/**
 * A text classifier as data: which model and its settings. `train` fits it on TF-IDF rows,
 * `predictProba` gives class probabilities.
 */
import type * as Matrix from "../Matrix.ts"
import * as LogisticRegression from "./LogisticRegression.ts"
import * as NaiveBayes from "./NaiveBayes.ts"
import { collect, type SparseMatrix, type SparseRows } from "./SparseMatrix.ts"

/** Which model to train, with its settings. */
export type ClassifierSpec =
  | { readonly kind: "naive_bayes"; readonly alpha?: number }
  | ({ readonly kind: "logistic_regression" } & LogisticRegression.LogisticRegressionOptions)

/** A trained model of either kind. */
export type TrainedClassifier =
  | { readonly kind: "naive_bayes"; readonly model: NaiveBayes.NaiveBayesModel }
  | { readonly kind: "logistic_regression"; readonly model: LogisticRegression.LogisticRegressionModel }

/** Fits `spec` on rows `X` with labels in `0..numClasses-1` (logistic regression stores visited rows first: it passes over them many times). */
export const train = (spec: ClassifierSpec, X: SparseMatrix | SparseRows, labels: Int32Array, numClasses: number): TrainedClassifier =>
  spec.kind === "naive_bayes"
    ? { kind: "naive_bayes", model: NaiveBayes.fit(X, labels, numClasses, spec.alpha) }
    : { kind: "logistic_regression", model: LogisticRegression.fit(collect(X), labels, numClasses, spec) }

/** Class probabilities for rows `X` (n x K, rows sum to 1). */
export const predictProba = (trained: TrainedClassifier, X: SparseMatrix | SparseRows): Matrix.Matrix =>
  trained.kind === "naive_bayes" ? NaiveBayes.predictProba(trained.model, X) : LogisticRegression.predictProba(trained.model, X)
