/**
 * The error of a bad asset definition: an invalid key or partitions, a duplicate key, an
 * unknown dependency, a cycle, or a partition mapping that does not fit. Callers branch on
 * `reason`, never on the message; the runner exits with code 2 on it.
 */
import { Data } from "effect"

/** Why a definition was rejected (closed set). */
export type DefinitionErrorReason =
  | "InvalidKey"
  | "InvalidSpec"
  | "InvalidPartitions"
  | "DuplicateKey"
  | "UnknownDependency"
  | "Cycle"
  | "MappingMismatch"

/**
 * A rejected definition. `asset` names the offending asset (or the rejected key text);
 * `path` holds the cycle for `Cycle` (first asset repeated at the end) and the dependency for
 * `UnknownDependency` / `MappingMismatch`.
 */
export class DefinitionError extends Data.TaggedError("DefinitionError")<{
  readonly reason: DefinitionErrorReason
  readonly asset: string
  readonly message: string
  readonly path?: ReadonlyArray<string>
}> {}
