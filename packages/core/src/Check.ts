/**
 * Data checks as pure data (`CheckSpec`) and their constructors. The metadata package
 * evaluates them; a check of severity `error` blocks the commit, `warn` only reports.
 *
 * @example
 * checks: [Check.notNull("url"), Check.unique("url"), Check.rowCountBetween(1, undefined, { severity: "warn" })]
 */

/** How much a failed check matters: `error` blocks the commit, `warn` is reported only. */
export type Severity = "warn" | "error"

/** The default severity of a check. */
export const DEFAULT_SEVERITY: Severity = "error"

interface Base<Kind extends string, Params> {
  /** Unique name of the check within the asset (defaults to `<kind>(<column>)`). */
  readonly name: string
  /** What a failure does. */
  readonly severity: Severity
  /** The kind of check. */
  readonly kind: Kind
  /** The column checked, for column checks. */
  readonly column?: string
  /** The kind's parameters. */
  readonly params: Params
}

/** Every value of `column` is present (not null nor undefined). */
export interface NotNull extends Base<"not_null", {}> {
  readonly column: string
}
/** No two rows share a value of `column`. */
export interface Unique extends Base<"unique", {}> {
  readonly column: string
}
/** Every non-null string of `column` matches a regular expression (`source`, `flags`). */
export interface Pattern extends Base<"pattern", { readonly source: string; readonly flags: string }> {
  readonly column: string
}
/** Every non-null value of `column` is one of `values`. */
export interface InSet extends Base<"in_set", { readonly values: ReadonlyArray<string | number | boolean> }> {
  readonly column: string
}
/** The partition's row count lies in `[min, max]` (either bound optional). */
export interface RowCountBetween extends Base<"row_count_between", { readonly min?: number; readonly max?: number }> {}
/** Every non-null number of `column` lies in `[min, max]`. */
export interface ValueBetween extends Base<"value_between", { readonly min?: number; readonly max?: number }> {
  readonly column: string
}
/** Every non-null string (or array) of `column` has a length in `[min, max]`. */
export interface LengthBetween extends Base<"length_between", { readonly min?: number; readonly max?: number }> {
  readonly column: string
}
/** The rows' columns are exactly the schema's columns. */
export interface ColumnsEqualSchema extends Base<"columns_equal_schema", {}> {}
/** The newest timestamp of `column` is at most `maxAgeSeconds` older than `now`. */
export interface Freshness extends Base<"freshness", { readonly column: string; readonly maxAgeSeconds: number }> {
  readonly column: string
}
/** Every row satisfies `predicate`. */
export interface Custom extends Base<"custom", { readonly description: string }> {
  readonly predicate: (row: unknown) => boolean
}

/** A check, as data. Branch on `kind`. */
export type CheckSpec =
  | NotNull
  | Unique
  | Pattern
  | InSet
  | RowCountBetween
  | ValueBetween
  | LengthBetween
  | ColumnsEqualSchema
  | Freshness
  | Custom

/** The kinds of check. */
export type CheckKind = CheckSpec["kind"]

/** Options every constructor takes. */
export interface Options {
  /** Name of the check (defaults to `<kind>(<column>)`). */
  readonly name?: string
  /** Severity (defaults to {@link DEFAULT_SEVERITY}). */
  readonly severity?: Severity
}

const common = (kind: string, column: string | undefined, options: Options | undefined) => ({
  name: options?.name ?? (column === undefined ? kind : `${kind}(${column})`),
  severity: options?.severity ?? DEFAULT_SEVERITY
})

const bounds = (min: number | undefined, max: number | undefined): { readonly min?: number; readonly max?: number } => ({
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max })
})

/** `column` is never null. */
export const notNull = (column: string, options?: Options): NotNull => ({
  ...common("not_null", column, options),
  kind: "not_null",
  column,
  params: {}
})

/** `column` has no duplicate value. */
export const unique = (column: string, options?: Options): Unique => ({
  ...common("unique", column, options),
  kind: "unique",
  column,
  params: {}
})

/** `column` matches `pattern` (kept as source and flags, so the spec stays serializable). */
export const pattern = (column: string, regex: RegExp | string, options?: Options): Pattern => ({
  ...common("pattern", column, options),
  kind: "pattern",
  column,
  params: typeof regex === "string" ? { source: regex, flags: "" } : { source: regex.source, flags: regex.flags }
})

/** `column` takes only the given values. */
export const inSet = (column: string, values: ReadonlyArray<string | number | boolean>, options?: Options): InSet => ({
  ...common("in_set", column, options),
  kind: "in_set",
  column,
  params: { values }
})

/** The row count lies in `[min, max]`. */
export const rowCountBetween = (min: number | undefined, max: number | undefined, options?: Options): RowCountBetween => ({
  ...common("row_count_between", undefined, options),
  kind: "row_count_between",
  params: bounds(min, max)
})

/** Numbers of `column` lie in `[min, max]`. */
export const valueBetween = (column: string, min: number | undefined, max: number | undefined, options?: Options): ValueBetween => ({
  ...common("value_between", column, options),
  kind: "value_between",
  column,
  params: bounds(min, max)
})

/** Lengths of `column` lie in `[min, max]`. */
export const lengthBetween = (column: string, min: number | undefined, max: number | undefined, options?: Options): LengthBetween => ({
  ...common("length_between", column, options),
  kind: "length_between",
  column,
  params: bounds(min, max)
})

/** The rows have exactly the schema's columns. */
export const columnsEqualSchema = (options?: Options): ColumnsEqualSchema => ({
  ...common("columns_equal_schema", undefined, options),
  kind: "columns_equal_schema",
  params: {}
})

/** The newest value of timestamp `column` is at most `maxAgeSeconds` old. */
export const freshness = (column: string, maxAgeSeconds: number, options?: Options): Freshness => ({
  ...common("freshness", column, options),
  kind: "freshness",
  column,
  params: { column, maxAgeSeconds }
})

/** Every row satisfies `predicate`; `name` is required because a function has no readable name. */
export const custom = (
  name: string,
  predicate: (row: unknown) => boolean,
  options?: { readonly severity?: Severity; readonly description?: string }
): Custom => ({
  name,
  severity: options?.severity ?? DEFAULT_SEVERITY,
  kind: "custom",
  params: { description: options?.description ?? name },
  predicate
})
