/**
 * What changed between two commits of one partition, read from their sidecars alone: the
 * answer to "why is this partition different?" (`dvc diff`, `dvc metrics diff`, MLflow's run
 * comparison). Pure: the caller reads the sidecars.
 *
 * Compared, in this order: the data (SHA-1, bytes, format), the code version, the inputs (each
 * upstream partition's SHA-1, external sources by name), the process rules and their
 * parameters, the schema (columns added, removed, retyped), the statistics (rows, and per column
 * nulls, empties, approximate distinct count, length and value ranges, top values), the checks,
 * the rows in, out and quarantined with the asset's own metrics, and the quarantine's reasons.
 * Left out on purpose: what differs between any two runs (created at, run ids, durations,
 * the sample, which is a few rows of the data already compared by its SHA-1).
 *
 * @example
 * ```ts
 * const changes = SidecarDiff.diff(previous, current)
 * // [{ section: "code", field: "code_version", before: "3", after: "4" }, ...]
 * ```
 */
import type { ColumnStatistics, DataSource, Range, Sidecar } from "./Sidecar.ts"

/** The part of the sidecar a change belongs to. */
export type Section = "data" | "code" | "inputs" | "process" | "schema" | "statistics" | "checks" | "execution" | "quarantine"

/** A value as the sidecar holds it, or `undefined` where one side has none. */
export type Value = string | number | boolean | undefined

/** One difference: a field's value before and after (`undefined` when added or removed). */
export interface Change {
  /** The part of the sidecar it belongs to. */
  readonly section: Section
  /** The field, named as in the YAML (`statistics.per_column.url.nulls`, `inputs.raw/x@2021-09-02`). */
  readonly field: string
  /** Its value in the older sidecar; `undefined` when the field is new. */
  readonly before: Value
  /** Its value in the newer sidecar; `undefined` when the field is gone. */
  readonly after: Value
}

/** A change, when the two values differ. */
const changed = (section: Section, field: string, before: Value, after: Value): ReadonlyArray<Change> =>
  before === after ? [] : [{ section, field, before, after }]

/**
 * Differences between two keyed collections: each key of either side compared by `compare`,
 * keys of the older side first (in its order), then the new ones.
 */
const byKey = <A>(
  before: ReadonlyArray<A>,
  after: ReadonlyArray<A>,
  keyOf: (item: A) => string,
  compare: (key: string, before: A | undefined, after: A | undefined) => ReadonlyArray<Change>
): Array<Change> => {
  const afterByKey = new Map(after.map((item) => [keyOf(item), item]))
  const beforeKeys = new Set<string>()
  const changes: Array<Change> = []
  for (const item of before) {
    const key = keyOf(item)
    beforeKeys.add(key)
    changes.push(...compare(key, item, afterByKey.get(key)))
  }
  for (const item of after) {
    const key = keyOf(item)
    if (!beforeKeys.has(key)) changes.push(...compare(key, undefined, item))
  }
  return changes
}

/** A data source's key: the upstream partition (`asset@partition`), or the external source's name. */
const sourceKey = (source: DataSource): string => (source.kind === "asset" ? `${source.asset}@${source.partition}` : `external ${source.name}`)

/** What identifies a source's content: an upstream partition's SHA-1, an external source's URI. */
const sourceVersion = (source: DataSource | undefined): Value => (source === undefined ? undefined : source.kind === "asset" ? source.sha1 : source.uri)

/** JSON text of a rule's parameters (keys in their written order, as the sidecar keeps them). */
const paramsText = (params: Readonly<Record<string, unknown>> | undefined): Value => (params === undefined ? undefined : JSON.stringify(params))

/** A range as one readable value: `min..max (mean m)`. */
const rangeText = (range: Range | undefined): Value => (range === undefined ? undefined : `${range.min}..${range.max} (mean ${Number(range.mean.toFixed(3))})`)

/** Top values as one readable value: `a 12, b 3`. */
const topValuesText = (column: ColumnStatistics | undefined): Value =>
  column?.topValues === undefined ? undefined : column.topValues.map((top) => `${String(top.value)} ${top.count}`).join(", ")

const columnStatistics = (name: string, before: ColumnStatistics | undefined, after: ColumnStatistics | undefined): ReadonlyArray<Change> => {
  const field = `statistics.per_column.${name}`
  if (before === undefined || after === undefined) return changed("statistics", field, before === undefined ? undefined : "profiled", after === undefined ? undefined : "profiled")
  return [
    ...changed("statistics", `${field}.nulls`, before.nulls, after.nulls),
    ...changed("statistics", `${field}.empties`, before.empties, after.empties),
    ...changed("statistics", `${field}.approx_distinct`, before.approxDistinct, after.approxDistinct),
    ...changed("statistics", `${field}.length`, rangeText(before.length), rangeText(after.length)),
    ...changed("statistics", `${field}.value`, rangeText(before.value), rangeText(after.value)),
    ...changed("statistics", `${field}.top_values`, topValuesText(before), topValuesText(after))
  ]
}

/** The metrics of both sides, compared name by name (names of the older side first). */
const metricChanges = (before: Readonly<Record<string, number>> | undefined, after: Readonly<Record<string, number>> | undefined): Array<Change> => {
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
  return names.flatMap((name) => changed("execution", `execution.metrics.${name}`, before?.[name], after?.[name]))
}

/**
 * Every difference between an older and a newer sidecar of one partition, section by section
 * (see the module's comment for what is compared). Two commits of the same data, code and
 * inputs give no change.
 */
export const diff = (before: Sidecar, after: Sidecar): ReadonlyArray<Change> => [
  ...changed("data", "sha1", before.sha1, after.sha1),
  ...changed("data", "bytes", before.bytes, after.bytes),
  ...changed("data", "format", `${before.format.kind}/${before.format.compression}`, `${after.format.kind}/${after.format.compression}`),
  ...changed("code", "code_version", before.codeVersion, after.codeVersion),
  ...byKey(before.dataSource, after.dataSource, sourceKey, (key, old, now) => changed("inputs", `data_source.${key}`, sourceVersion(old), sourceVersion(now))),
  ...byKey(before.process, after.process, (step) => step.rule, (rule, old, now) => changed("process", `process.${rule}`, paramsText(old?.params), paramsText(now?.params))),
  ...byKey(before.schema, after.schema, (column) => column.name, (name, old, now) =>
    changed("schema", `schema.${name}`, old === undefined ? undefined : `${old.type}${old.nullable ? " (nullable)" : ""}`, now === undefined ? undefined : `${now.type}${now.nullable ? " (nullable)" : ""}`)
  ),
  ...changed("statistics", "statistics.rows", before.statistics.rows, after.statistics.rows),
  ...changed("statistics", "statistics.columns", before.statistics.columns, after.statistics.columns),
  ...byKey(before.statistics.perColumn, after.statistics.perColumn, (column) => column.name, columnStatistics),
  ...byKey(before.checks, after.checks, (check) => check.name, (name, old, now) => [
    ...changed("checks", `checks.${name}.passed`, old?.passed, now?.passed),
    ...changed("checks", `checks.${name}.observed`, old?.observed, now?.observed)
  ]),
  ...changed("execution", "execution.rows_in", before.execution.rowsIn, after.execution.rowsIn),
  ...changed("execution", "execution.rows_out", before.execution.rowsOut, after.execution.rowsOut),
  ...changed("execution", "execution.rows_quarantined", before.execution.rowsQuarantined, after.execution.rowsQuarantined),
  ...metricChanges(before.execution.metrics, after.execution.metrics),
  ...byKey(before.quarantine.reasons, after.quarantine.reasons, (entry) => entry.reason, (reason, old, now) => changed("quarantine", `quarantine.reasons.${reason}`, old?.count, now?.count))
]

/** Writes a value for people: text as it is, absent as `(none)`. */
const valueText = (value: Value): string => (value === undefined ? "(none)" : String(value))

/**
 * The changes as lines for a terminal, grouped by section: `  field: before -> after`. No
 * change gives one line saying so.
 */
export const toText = (changes: ReadonlyArray<Change>): Array<string> => {
  if (changes.length === 0) return ["no change: same data, code, inputs, schema, statistics and checks"]
  const lines: Array<string> = []
  let section: Section | undefined
  for (const change of changes) {
    if (change.section !== section) {
      section = change.section
      lines.push(`${section}:`)
    }
    lines.push(`  ${change.field}: ${valueText(change.before)} -> ${valueText(change.after)}`)
  }
  return lines
}
