import { Data } from "effect"

/**
 * Why a label-cleaning call refused its input. Callers branch on this, never on the message.
 *
 * - `InvalidShape`: array lengths or matrix dimensions disagree (labels vs rows, K columns).
 * - `InvalidLabel`: a label is not an integer in `0..K-1`, or fewer than two classes appear.
 * - `InvalidProbability`: a probability is outside `[0, 1]` (cleanlab's 1e-6 slack), NaN, or a row does not sum to 1.
 * - `InvalidOption`: an option is out of range or not supported with the chosen `filterBy`.
 * - `TooFewExamples`: there are not enough rows for the requested computation (kNN `k >= n`, a fold without rows).
 */
export type LabelCleaningErrorReason = "InvalidShape" | "InvalidLabel" | "InvalidProbability" | "InvalidOption" | "TooFewExamples"

/**
 * Bad input to a label-cleaning function. `field` names the offending argument (and index when
 * there is one, e.g. `predProbs[12]`); the message says what was found and what to do.
 */
export class LabelCleaningError extends Data.TaggedError("LabelCleaningError")<{
  /** The closed reason to branch on. */
  readonly reason: LabelCleaningErrorReason
  /** The offending argument, with the row or class index when there is one. */
  readonly field: string
  /** What was wrong and how to fix it. */
  readonly message: string
}> {}
