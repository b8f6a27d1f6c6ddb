import { Data } from "effect"

/**
 * Why an annotation call failed (the run stops; what was paid for is already cached):
 * - `InvalidConfig`: a provider option is missing or out of range;
 * - `InvalidLabelSet`: the label set is empty, has blanks, or no labeling function covers it;
 * - `MissingApiKey`: the environment variable named in the configuration is not set;
 * - `Unauthorized`: the API refused the key (401/403);
 * - `Rejected`: the API refused the request (another 4xx);
 * - `Unavailable`: retries ran out on 5xx answers, 429s or connection errors;
 * - `RateLimited`: the API asked to wait longer than the configured maximum;
 * - `Timeout`: retries ran out on requests that did not answer in time;
 * - `CircuitOpen`: too many consecutive failures; calls are suspended until the cool-down ends.
 */
export type AnnotationErrorReason =
  | "InvalidConfig"
  | "InvalidLabelSet"
  | "MissingApiKey"
  | "Unauthorized"
  | "Rejected"
  | "Unavailable"
  | "RateLimited"
  | "Timeout"
  | "CircuitOpen"

/** A provider or configuration failure. The message names the provider and the fix, never a secret. */
export class AnnotationError extends Data.TaggedError("AnnotationError")<{
  /** Closed reason, to branch on. */
  readonly reason: AnnotationErrorReason
  /** The provider concerned (`http-json`, `openai`, `weak-supervision`). */
  readonly provider: string
  /** What happened and what to do. */
  readonly message: string
}> {}
