/**
 * The shape of a declared data-quality check, as `@strata/core` declares it on an asset
 * (`CheckSpec` in core's `Check.ts`). It is restated here, structurally, so that this package
 * evaluates checks without depending on how core builds them; a core `CheckSpec` is assignable
 * to this one.
 *
 * Parameters per kind (`column` is the spec's `column` field):
 * - `not_null`, `unique`: `column`.
 * - `pattern`: `column`, `params.source` (a RegExp or its source text; `params.pattern` is accepted too),
 *   optional `params.flags`.
 * - `in_set`: `column`, `params.values` (an array of allowed values).
 * - `row_count_between`: `params.min` and/or `params.max` (inclusive).
 * - `value_between`: `column`, `params.min` and/or `params.max` (inclusive, numbers).
 * - `length_between`: `column`, `params.min` and/or `params.max` (inclusive, code points; arrays by item count).
 * - `columns_equal_schema`: optional `params.columns` (the expected names; default: the schema's).
 * - `freshness`: `column` (or `params.column`) holding timestamps, `params.maxAgeSeconds`.
 * - `custom`: `predicate(row)` must hold for every row.
 */

/** The kinds of check Strata evaluates. */
export type CheckKind =
  | "not_null"
  | "unique"
  | "pattern"
  | "in_set"
  | "row_count_between"
  | "value_between"
  | "length_between"
  | "columns_equal_schema"
  | "freshness"
  | "custom"

/** Every {@link CheckKind}, for validation. */
export const CHECK_KINDS: ReadonlyArray<CheckKind> = [
  "not_null",
  "unique",
  "pattern",
  "in_set",
  "row_count_between",
  "value_between",
  "length_between",
  "columns_equal_schema",
  "freshness",
  "custom"
]

/** `warn` reports; `error` also blocks the commit. */
export type Severity = "warn" | "error"

/** A declared check (pure data, plus a predicate for `custom`). */
export interface CheckSpec {
  /** Name shown in the sidecar, `strata status` and MLflow. */
  readonly name: string
  /** Whether a failure blocks the commit (`error`) or is only reported (`warn`). */
  readonly severity: Severity
  /** What is checked. */
  readonly kind: CheckKind
  /** The column checked, for column checks. */
  readonly column?: string | undefined
  /** Kind-specific parameters (see the module documentation). */
  readonly params: Readonly<Record<string, unknown>>
  /** For `custom`: must return true for every row. */
  readonly predicate?: ((row: never) => boolean) | undefined
}
