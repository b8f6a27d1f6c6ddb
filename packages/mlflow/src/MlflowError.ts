import { Data } from "effect"

/**
 * Why an MLflow call failed. Callers branch on this, never on the message.
 *
 * - `AlreadyExists`: MLflow's `RESOURCE_ALREADY_EXISTS` (an experiment name is taken).
 * - `NotFound`: `RESOURCE_DOES_NOT_EXIST` or HTTP 404 (experiment, run or artifact).
 * - `InvalidParameter`: `INVALID_PARAMETER_VALUE` and the other 400 codes the server sends back.
 * - `ParamConflict`: a param already logged on the run with another value (MLflow refuses to change it).
 * - `WriteConflict`: two requests raced to insert the same row (a dataset logged by concurrent runs)
 *   and the server's database refused the loser; idempotent calls are retried, so this surfaces only
 *   after the bounded retries.
 * - `LimitExceeded`: the client refused to send a key or value over MLflow's limits (never truncated).
 * - `Unauthenticated`: HTTP 401, no or wrong credentials.
 * - `PermissionDenied`: HTTP 403, the user may not do this.
 * - `RateLimited`: HTTP 429 after the bounded retries.
 * - `Unavailable`: the server refused the connection or answered 5xx after the bounded retries.
 * - `Timeout`: no answer in time.
 * - `Unknown`: anything else; the message says what the server said.
 */
export type MlflowErrorReason =
  | "AlreadyExists"
  | "NotFound"
  | "InvalidParameter"
  | "ParamConflict"
  | "WriteConflict"
  | "LimitExceeded"
  | "Unauthenticated"
  | "PermissionDenied"
  | "RateLimited"
  | "Unavailable"
  | "Timeout"
  | "Unknown"

/**
 * A failed MLflow call. The message names the endpoint (or the offending key) and what to do;
 * it never carries credentials: URLs are shown without user info and headers are never shown.
 */
export class MlflowError extends Data.TaggedError("MlflowError")<{
  /** The closed reason to branch on. */
  readonly reason: MlflowErrorReason
  /** The REST endpoint, e.g. `POST /api/2.0/mlflow/runs/log-batch`, or the client-side check. */
  readonly endpoint: string
  /** What happened and what to do. */
  readonly message: string
  /** MLflow's `error_code` when the server sent one (`INVALID_PARAMETER_VALUE`, ...). */
  readonly errorCode?: string
  /** The HTTP status, when an answer arrived. */
  readonly status?: number
  /** The offending param, metric or tag key, or dataset name, for client-side refusals. */
  readonly key?: string
}> {}

/** True when `error` is an `MlflowError` of one of the given reasons (for `Effect.catchIf`). */
export const isReason =
  (...reasons: ReadonlyArray<MlflowErrorReason>) =>
  (error: unknown): error is MlflowError =>
    error instanceof MlflowError && reasons.includes(error.reason)

/** Reasons that mean the server cannot be used now (as opposed to refusing one request). */
const SERVER_UNUSABLE: ReadonlySet<MlflowErrorReason> = new Set(["Unavailable", "Timeout", "Unauthenticated", "PermissionDenied", "RateLimited"])

/** Whether an error says MLflow cannot be used now: callers stop instead of trying every item. */
export const isServerUnusable = (error: unknown): error is MlflowError =>
  error instanceof MlflowError && SERVER_UNUSABLE.has(error.reason)
