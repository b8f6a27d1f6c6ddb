/** The error of a row that cannot be normalized. */
import { Data } from "effect"

/** A row whose text field is not a string, met by {@link normalizeRows}. */
export class NormalizeError extends Data.TaggedError("NormalizeError")<{
  /** Why the row could not be normalized. */
  readonly reason: "NotAString"
  /** The field that should hold the text. */
  readonly field: string
  /** The row's position in the stream (0-based). */
  readonly row: number
  /** What happened and what to do. */
  readonly message: string
}> {}
