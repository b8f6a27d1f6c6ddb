import { Data } from "effect"

/**
 * Why projecting a materialization onto MLflow failed for a reason MLflow's availability
 * does not explain (those stay `MlflowError`s and are replayed by `strata lineage sync`).
 *
 * - `ParamConflict`: the materialization's run already holds a param with another value; MLflow
 *   never changes a param, so the projection stops instead of retrying.
 * - `Invalid`: a key or value is over MLflow's limits or malformed; the message names it.
 */
export type ProjectionErrorReason = "ParamConflict" | "Invalid"

/** A materialization that cannot be projected as it is. */
export class ProjectionError extends Data.TaggedError("ProjectionError")<{
  /** The closed reason to branch on. */
  readonly reason: ProjectionErrorReason
  /** The asset key. */
  readonly asset: string
  /** The partition key. */
  readonly partition: string
  /** The offending param, metric or tag key, when one is to blame. */
  readonly key?: string
  /** The MLflow run concerned, when one exists. */
  readonly mlflowRunId?: string
  /** What happened and what to do. */
  readonly message: string
}> {}
