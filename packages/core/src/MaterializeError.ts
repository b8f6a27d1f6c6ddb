/** The error an asset's `materialize` or `observe` fails with. */
import { Data } from "effect"

/**
 * Why producing a partition failed (closed set): `InvalidInput` (upstream rows unusable),
 * `InvalidConfig` (configuration wrong), `Unavailable` (a transient outage: worth a retry),
 * `Failed` (anything else).
 */
export type MaterializeErrorReason = "InvalidInput" | "InvalidConfig" | "Unavailable" | "Failed"

/** A failed materialization of `asset` at `partition`, with what to do in the message. */
export class MaterializeError extends Data.TaggedError("MaterializeError")<{
  readonly reason: MaterializeErrorReason
  readonly asset: string
  readonly partition: string
  readonly message: string
  readonly cause?: unknown
}> {}

/** Whether a failure is worth retrying under the asset's retry policy. */
export const isRetryable = (error: MaterializeError): boolean => error.reason === "Unavailable" || error.reason === "Failed"
