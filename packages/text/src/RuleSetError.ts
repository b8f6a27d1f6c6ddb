/** The error of a rule-set configuration that cannot be used. */
import { Data } from "effect"

/** Why a rule-set configuration was rejected. */
export type RuleSetErrorReason =
  /** The configuration is not a map of versions to lists of rules. */
  | "InvalidConfig"
  /** A step names a rule the catalogue does not have. */
  | "UnknownRule"
  /** A step's parameters do not fit its rule. */
  | "InvalidParams"

/**
 * A rule-set configuration error, naming the version and step (`v2[1]`) and what to change.
 * An unknown rule's message lists the known rules.
 */
export class RuleSetError extends Data.TaggedError("RuleSetError")<{
  /** Why the configuration was rejected. */
  readonly reason: RuleSetErrorReason
  /** Where in the configuration: `v2`, `v2[1]`, `v2[1].params`, or `""` for the whole. */
  readonly path: string
  /** The offending rule name, when there is one. */
  readonly rule?: string
  /** What happened and what to do. */
  readonly message: string
}> {}
