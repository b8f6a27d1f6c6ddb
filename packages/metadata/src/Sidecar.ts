/**
 * The metadata sidecar (`<dataset>.meta.yaml`): everything a person or a tool needs to know
 * about one committed partition, written beside its data.
 *
 * The TypeScript shape uses camelCase; the YAML file uses snake_case keys in the order of
 * {@link SidecarSchema}'s fields, so two encodings of one sidecar are byte-identical.
 *
 * @example
 * ```ts
 * const text = Sidecar.encode(sidecar)
 * const back = yield* Sidecar.decode(text, "raw/html-documents/2021-09-02/html-documents.meta.yaml")
 * ```
 */
import { Data, Effect, Result, Schema, SchemaIssue } from "effect"
import type { Document } from "yaml"
import { emit, type JsonValue } from "./internal/YamlEmitter.ts"

/** A non-negative integer count (rows, bytes, nulls, ...). */
const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** An ISO 8601 timestamp with a time zone, as written by `Date.prototype.toISOString`. */
const Timestamp = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/u, {
    message: "Expected an ISO 8601 timestamp with a time zone, e.g. 2021-09-02T10:00:00.000Z"
  })
)

/** A SHA-1 digest as 40 lowercase hexadecimal characters. */
const Sha1Hex = Schema.String.check(
  Schema.isPattern(/^[0-9a-f]{40}$/u, { message: "Expected a SHA-1 digest: 40 lowercase hexadecimal characters" })
)

/** The medallion layer of an asset (the same names as `@strata/core`'s `Layer`). */
export const LayerSchema = Schema.Literals(["source", "bronze", "silver", "gold", "model", "post-train"])

/** An upstream partition this partition was produced from. */
export const AssetSourceSchema = Schema.Struct({
  kind: Schema.Literal("asset"),
  asset: Schema.String,
  partition: Schema.String,
  uri: Schema.String,
  sha1: Sha1Hex
})

/** A source outside Strata (an API, a crawler's drop, a vendor file). */
export const ExternalSourceSchema = Schema.Struct({
  kind: Schema.Literal("external"),
  name: Schema.String,
  uri: Schema.String,
  description: Schema.optionalKey(Schema.String)
})

/** One entry of `data_source`. */
export const DataSourceSchema = Schema.Union([AssetSourceSchema, ExternalSourceSchema])

/** One processing rule, in the order it was applied. */
export const ProcessStepSchema = Schema.Struct({
  rule: Schema.String,
  params: Schema.Record(Schema.String, Schema.Json)
})

/** The stored format of the data file. */
export const FormatSchema = Schema.Struct({
  kind: Schema.Literal("jsonl"),
  compression: Schema.Literals(["none", "gzip"])
})

/** One column of the row schema, with its documentation. */
export const SchemaColumnSchema = Schema.Struct({
  name: Schema.String,
  type: Schema.String,
  nullable: Schema.Boolean,
  description: Schema.String,
  meaning: Schema.String
})

/** Minimum, maximum and mean of a column's lengths or values. */
export const RangeSchema = Schema.Struct({
  min: Schema.Finite,
  max: Schema.Finite,
  mean: Schema.Finite
})

/** A frequent value of a column with few distinct values, and how often it occurs. */
export const TopValueSchema = Schema.Struct({
  value: Schema.Union([Schema.String, Schema.Finite, Schema.Boolean]),
  count: Count
})

/** The profile of one column. */
export const ColumnStatisticsSchema = Schema.Struct({
  name: Schema.String,
  nulls: Count,
  empties: Count,
  approxDistinct: Count,
  length: Schema.optionalKey(RangeSchema),
  value: Schema.optionalKey(RangeSchema),
  topValues: Schema.optionalKey(Schema.Array(TopValueSchema))
}).pipe(Schema.encodeKeys({ approxDistinct: "approx_distinct", topValues: "top_values" }))

/** Rows, columns and per-column profiles. */
export const StatisticsSchema = Schema.Struct({
  rows: Count,
  columns: Count,
  perColumn: Schema.Array(ColumnStatisticsSchema)
}).pipe(Schema.encodeKeys({ perColumn: "per_column" }))

/** The outcome of one declared check. */
export const CheckResultSchema = Schema.Struct({
  name: Schema.String,
  kind: Schema.String,
  severity: Schema.Literals(["warn", "error"]),
  passed: Schema.Boolean,
  observed: Schema.String,
  failures: Count
})

/** When the materialization ran and how many rows went in, out, and to quarantine. */
export const ExecutionSchema = Schema.Struct({
  start: Timestamp,
  end: Timestamp,
  durationMs: Count,
  rowsIn: Count,
  rowsOut: Count,
  rowsQuarantined: Count,
  /** Named figures the asset reported (duplicates removed by reason, cache hits, cost, accuracy, ...). */
  metrics: Schema.optionalKey(Schema.Record(Schema.String, Schema.Finite))
}).pipe(
  Schema.encodeKeys({
    durationMs: "duration_ms",
    rowsIn: "rows_in",
    rowsOut: "rows_out",
    rowsQuarantined: "rows_quarantined"
  })
)

/** How many rows of one reason went to quarantine. */
export const QuarantineReasonSchema = Schema.Struct({ reason: Schema.String, count: Count })

/** The quarantine file beside the partition (absent `uri` when nothing was quarantined). */
export const QuarantineSchema = Schema.Struct({
  uri: Schema.optionalKey(Schema.String),
  count: Count,
  reasons: Schema.Array(QuarantineReasonSchema)
})

/** The whole sidecar; its field order is the YAML key order. */
export const SidecarSchema = Schema.Struct({
  description: Schema.String,
  asset: Schema.String,
  layer: LayerSchema,
  partition: Schema.String,
  uri: Schema.String,
  dataSource: Schema.Array(DataSourceSchema),
  createdAt: Timestamp,
  workflowName: Schema.String,
  runId: Schema.String,
  mlflowRunId: Schema.optionalKey(Schema.String),
  codeVersion: Schema.String,
  process: Schema.Array(ProcessStepSchema),
  sha1: Sha1Hex,
  bytes: Count,
  format: FormatSchema,
  schema: Schema.Array(SchemaColumnSchema),
  statistics: StatisticsSchema,
  sample: Schema.Array(Schema.Record(Schema.String, Schema.Json)),
  checks: Schema.Array(CheckResultSchema),
  execution: ExecutionSchema,
  quarantine: QuarantineSchema,
  dataVersion: Schema.optionalKey(Schema.String),
  inputsDigest: Schema.optionalKey(Schema.String),
  versionId: Schema.optionalKey(Schema.String)
}).pipe(
  Schema.encodeKeys({
    dataSource: "data_source",
    createdAt: "created_at",
    workflowName: "workflow_name",
    runId: "run_id",
    mlflowRunId: "mlflow_run_id",
    codeVersion: "code_version",
    dataVersion: "data_version",
    inputsDigest: "inputs_digest",
    versionId: "version_id"
  })
)

/** A decoded sidecar. */
export type Sidecar = typeof SidecarSchema.Type
/** The medallion layer of an asset. */
export type Layer = typeof LayerSchema.Type
/** One `data_source` entry. */
export type DataSource = typeof DataSourceSchema.Type
/** An upstream partition in `data_source`. */
export type AssetSource = typeof AssetSourceSchema.Type
/** An external source in `data_source`. */
export type ExternalSource = typeof ExternalSourceSchema.Type
/** One processing rule with its parameters. */
export type ProcessStep = typeof ProcessStepSchema.Type
/** One documented column of the row schema. */
export type SchemaColumn = typeof SchemaColumnSchema.Type
/** Rows, columns and per-column profiles. */
export type Statistics = typeof StatisticsSchema.Type
/** The profile of one column. */
export type ColumnStatistics = typeof ColumnStatisticsSchema.Type
/** A min / max / mean triple. */
export type Range = typeof RangeSchema.Type
/** A frequent value and its count. */
export type TopValue = typeof TopValueSchema.Type
/** The outcome of one check, as stored in the sidecar. */
export type CheckResult = typeof CheckResultSchema.Type
/** Timings and row counts of the materialization. */
export type Execution = typeof ExecutionSchema.Type
/** The quarantine summary. */
export type Quarantine = typeof QuarantineSchema.Type

/** Sidecars never carry keys the schema does not know: a typo in a hand edit is an error. */
const parseOptions = { errors: "all", onExcessProperty: "error" } as const

/** What went wrong with one field of a sidecar. */
export interface SidecarIssue {
  /** Dotted path of the field as written in the file, e.g. `execution.rows_in` or `checks[2].passed`. */
  readonly field: string
  /** 1-based line of the field in the file, when it is present. */
  readonly line?: number
  /** What is wrong with it. */
  readonly message: string
}

/**
 * A sidecar that cannot be read: `Corrupted` when the file is not YAML (or is empty, a torn
 * write), `Invalid` when it is YAML but a field is missing, unknown or of the wrong type.
 */
export class SidecarError extends Data.TaggedError("SidecarError")<{
  readonly reason: "Corrupted" | "Invalid"
  /** The file (or key) the sidecar was read from. */
  readonly file: string
  /** The first offending field, as written in the file (empty for a corrupted file). */
  readonly field: string
  /** Every offending field. */
  readonly issues: ReadonlyArray<SidecarIssue>
  readonly message: string
}> {}

/** Renders a field path the way a reader finds it in the file: `checks[2].passed`. */
const fieldPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`),
    ""
  )

/** A column profile as the file writes it. */
const columnStatisticsDocument = (column: ColumnStatistics) => ({
  name: column.name,
  nulls: column.nulls,
  empties: column.empties,
  approx_distinct: column.approxDistinct,
  length: column.length === undefined ? undefined : rangeDocument(column.length),
  value: column.value === undefined ? undefined : rangeDocument(column.value),
  top_values: column.topValues?.map((top) => ({ value: top.value, count: top.count }))
})

const rangeDocument = (range: Range) => ({ min: range.min, max: range.max, mean: range.mean })

const dataSourceDocument = (source: DataSource) =>
  source.kind === "asset"
    ? { kind: source.kind, asset: source.asset, partition: source.partition, uri: source.uri, sha1: source.sha1 }
    : { kind: source.kind, name: source.name, uri: source.uri, description: source.description }

/**
 * The sidecar as the file writes it: snake_case keys in {@link SidecarSchema}'s field order
 * (what `Schema.encodeSync(SidecarSchema)` gives, built directly: this runs once per commit).
 */
const sidecarDocument = (sidecar: Sidecar): { readonly [key: string]: JsonValue | undefined } => ({
  description: sidecar.description,
  asset: sidecar.asset,
  layer: sidecar.layer,
  partition: sidecar.partition,
  uri: sidecar.uri,
  data_source: sidecar.dataSource.map(dataSourceDocument),
  created_at: sidecar.createdAt,
  workflow_name: sidecar.workflowName,
  run_id: sidecar.runId,
  mlflow_run_id: sidecar.mlflowRunId,
  code_version: sidecar.codeVersion,
  process: sidecar.process.map((step) => ({ rule: step.rule, params: step.params as { readonly [key: string]: JsonValue } })),
  sha1: sidecar.sha1,
  bytes: sidecar.bytes,
  format: { kind: sidecar.format.kind, compression: sidecar.format.compression },
  schema: sidecar.schema.map((column) => ({
    name: column.name,
    type: column.type,
    nullable: column.nullable,
    description: column.description,
    meaning: column.meaning
  })),
  statistics: { rows: sidecar.statistics.rows, columns: sidecar.statistics.columns, per_column: sidecar.statistics.perColumn.map(columnStatisticsDocument) },
  sample: sidecar.sample as ReadonlyArray<{ readonly [key: string]: JsonValue }>,
  checks: sidecar.checks.map((check) => ({
    name: check.name,
    kind: check.kind,
    severity: check.severity,
    passed: check.passed,
    observed: check.observed,
    failures: check.failures
  })),
  execution: {
    start: sidecar.execution.start,
    end: sidecar.execution.end,
    duration_ms: sidecar.execution.durationMs,
    rows_in: sidecar.execution.rowsIn,
    rows_out: sidecar.execution.rowsOut,
    rows_quarantined: sidecar.execution.rowsQuarantined,
    metrics: sidecar.execution.metrics
  },
  quarantine: {
    uri: sidecar.quarantine.uri,
    count: sidecar.quarantine.count,
    reasons: sidecar.quarantine.reasons.map((reason) => ({ reason: reason.reason, count: reason.count }))
  },
  data_version: sidecar.dataVersion,
  inputs_digest: sidecar.inputsDigest,
  version_id: sidecar.versionId
})

/**
 * Encodes a sidecar as YAML with keys in the schema's order (snake_case). The emitter writes
 * what the `yaml` package would (see `internal/YamlEmitter.ts`), without folding long lines.
 *
 * @example
 * ```ts
 * await writeFile("html-documents.meta.yaml", Sidecar.encode(sidecar))
 * ```
 */
export const encode = (sidecar: Sidecar): string => emit(sidecarDocument(sidecar))

/** `statistics.rows` as {@link encode} writes it: the top-level key, then its first entry. */
const ENCODED_ROWS = /^statistics:\n {2}rows: (\d+)$/m

/**
 * The row count a sidecar records (`statistics.rows`). A sidecar as {@link encode} writes it is
 * read without parsing the document (a tenth of a millisecond against ten or more for a large
 * one); any other is decoded, failing as {@link decode} does.
 */
export const rowsOf = (text: string, file: string): Effect.Effect<number, SidecarError> => {
  const rows = ENCODED_ROWS.exec(text)?.[1]
  return rows === undefined ? Effect.map(decode(text, file), (sidecar) => sidecar.statistics.rows) : Effect.succeed(Number(rows))
}

/**
 * The YAML parser, loaded by the first {@link decode}: the `yaml` package is some seventy
 * modules, which a command that reads no sidecar (a backfill, `plan`, `status`) need not load.
 */
let yaml: typeof import("yaml") | undefined
const yamlParser = Effect.suspend(() =>
  yaml !== undefined ? Effect.succeed(yaml) : Effect.map(Effect.promise(() => import("yaml")), (loaded) => (yaml = loaded))
)

/**
 * Parses and validates a sidecar's YAML text. Fails with a {@link SidecarError} naming `file`,
 * the field (as written in the file) and its line, and what is wrong with it.
 */
export const decode = (text: string, file: string): Effect.Effect<Sidecar, SidecarError> =>
  Effect.flatMap(yamlParser, ({ LineCounter, parseDocument }) => {
    const failCorrupted = (message: string, line?: number) =>
      Effect.fail(
        new SidecarError({
          reason: "Corrupted",
          file,
          field: "",
          issues: [line === undefined ? { field: "", message } : { field: "", line, message }],
          message: `${file}${line === undefined ? "" : `:${line}`}: the sidecar is not valid YAML (${message}); rewrite it by materializing the partition again`
        })
      )
    if (text.trim() === "") return failCorrupted("the file is empty")
    const lineCounter = new LineCounter()
    const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false })
    const parseError = document.errors[0]
    if (parseError !== undefined) {
      return failCorrupted(parseError.message.split("\n")[0] ?? parseError.code, lineCounter.linePos(parseError.pos[0]).line)
    }
    const decoded = Schema.decodeUnknownResult(SidecarSchema, parseOptions)(document.toJS())
    if (Result.isSuccess(decoded)) return Effect.succeed(decoded.success)
    const issues = SchemaIssue.makeFormatterStandardSchemaV1()(decoded.failure.issue).issues.map((issue): SidecarIssue => {
      const path = (issue.path ?? []).map((segment) =>
        typeof segment === "object" && segment !== null ? segment.key : segment
      )
      const field = fieldPath(path)
      const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined
      const range = node?.range ?? nearestRange(document, path)
      return range === undefined
        ? { field, message: issue.message }
        : { field, line: lineCounter.linePos(range[0]).line, message: issue.message }
    })
    const first = issues[0] ?? { field: "", message: "invalid sidecar" }
    const where = (issue: SidecarIssue) => `${file}${issue.line === undefined ? "" : `:${issue.line}`}`
    return Effect.fail(
      new SidecarError({
        reason: "Invalid",
        file,
        field: first.field,
        issues,
        message:
          issues.map((issue) => `${where(issue)}: field "${issue.field || "(root)"}": ${issue.message}`).join("\n") +
          "\nFix the field by hand or materialize the partition again to rewrite the sidecar."
      })
    )
  })

/** The range of the deepest existing ancestor of `path` (a missing key points at its parent). */
const nearestRange = (
  document: Document,
  path: ReadonlyArray<PropertyKey>
): [number, number, number] | undefined => {
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined
    if (node?.range !== undefined) return node.range
  }
  return undefined
}

/**
 * The JSON Schema (draft 2020-12) of the sidecar file as written (snake_case keys), generated
 * from {@link SidecarSchema}; committed as `packages/metadata/sidecar.schema.json`.
 */
export const sidecarJsonSchema = (): Record<string, unknown> => {
  const document = Schema.toJsonSchemaDocument(SidecarSchema, { onExcessProperty: "error" })
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Strata metadata sidecar",
    description: "The <dataset>.meta.yaml file written beside every committed partition.",
    ...document.schema,
    ...(Object.keys(document.definitions).length === 0 ? {} : { $defs: document.definitions })
  }
}
