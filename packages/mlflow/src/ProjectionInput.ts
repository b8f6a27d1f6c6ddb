/**
 * What the projection needs from one committed asset-partition: a minimal record the runner
 * fills from a sidecar (`@strata/metadata`'s `Sidecar`) and, for upstream schemas and profiles,
 * from the upstream partitions' sidecars. Kept local so this package does not depend on the
 * sidecar's exact shape.
 */
import { createHash } from "node:crypto"

/** One column of a dataset's schema. */
export interface ProjectionColumn {
  /** Column name. */
  readonly name: string
  /** Type as the sidecar writes it (`string`, `integer`, `number`, `boolean`, `datetime`, `array`, `object`, ...). */
  readonly type: string
  /** Whether nulls are allowed. */
  readonly nullable: boolean
}

/** An upstream partition (or an external source) the materialization read. */
export interface ProjectionUpstream {
  /** Upstream asset key, or the external source's name. */
  readonly asset: string
  /** Upstream partition key (`all` when unpartitioned; absent for external sources). */
  readonly partition?: string
  /** Where the data is, e.g. `s3://bucket/project/raw/html-documents/2021-09-02/html-documents.jsonl`. */
  readonly uri: string
  /** SHA-1 of the upstream data (its data version); absent for external sources. */
  readonly sha1?: string
  /** The upstream schema, shown by MLflow as the dataset's schema. */
  readonly columns?: ReadonlyArray<ProjectionColumn>
  /** The upstream profile (rows, per-column statistics), shown as the dataset's profile. */
  readonly profile?: Readonly<Record<string, unknown>>
}

/** One declared check's outcome. */
export interface ProjectionCheck {
  /** Check name. */
  readonly name: string
  /** `warn` or `error`. */
  readonly severity: "warn" | "error"
  /** Whether it passed. */
  readonly passed: boolean
}

/** What the materialization measured. */
export interface ProjectionMetrics {
  /** Rows read. */
  readonly rowsIn: number
  /** Rows written. */
  readonly rowsOut: number
  /** Rows sent to quarantine. */
  readonly rowsQuarantined: number
  /** Duplicate rows removed (assets that deduplicate). */
  readonly duplicatesRemoved?: number
  /** Wall time of the materialization. */
  readonly durationMs: number
  /** Check outcomes. */
  readonly checks: ReadonlyArray<ProjectionCheck>
  /** Further numbers (a training run's accuracy, ...), logged under their own keys. */
  readonly extra?: Readonly<Record<string, number>>
}

/** One committed asset-partition materialization, as the projection logs it. */
export interface ProjectionInput {
  /** Asset key, e.g. `preprocess/text-normalization`. */
  readonly asset: string
  /** Partition key, e.g. `v2/2021-09-02` (`all` when unpartitioned). */
  readonly partition: string
  /** Medallion layer. */
  readonly layer: string
  /** The asset's code version. */
  readonly codeVersion: string
  /** The data version (SHA-1 of the committed data). */
  readonly dataVersion: string
  /** Workflow name (the command or Argo workflow). */
  readonly workflow: string
  /** Strata run id of the command that materialized it. */
  readonly runId: string
  /** URI of the committed data. */
  readonly uri: string
  /** The asset's description (the run's note in the UI). */
  readonly description?: string
  /** Ordered processing rules with their parameters. */
  readonly process: ReadonlyArray<{ readonly rule: string; readonly params: Readonly<Record<string, unknown>> }>
  /** The asset's configuration; secret-looking keys are dropped before logging. */
  readonly config: unknown
  /** Unix ms when the materialization started. */
  readonly startTimeMs: number
  /** Unix ms when it ended. */
  readonly endTimeMs: number
  /** What it measured. */
  readonly metrics: ProjectionMetrics
  /** Upstream partitions and external sources read. */
  readonly inputs: ReadonlyArray<ProjectionUpstream>
  /** The sidecar: its file name (`html-documents.meta.yaml`) and YAML text. */
  readonly sidecar: { readonly fileName: string; readonly text: string }
  /** Sample rows, uploaded as `sample.jsonl` when given (the sidecar already carries a sample). */
  readonly sample?: ReadonlyArray<unknown>
  /** The MLflow run id already recorded in the sidecar: `sync` skips inputs that have one. */
  readonly mlflowRunId?: string
}

/**
 * The deterministic identity of a materialization: SHA-1 of asset, partition, data version and
 * Strata run id. The projection tags runs with it (`strata.materialization_id`) and looks it
 * up before creating a run, so projecting twice never makes a second run.
 */
export const materializationId = (input: Pick<ProjectionInput, "asset" | "partition" | "dataVersion" | "runId">): string =>
  createHash("sha1").update([input.asset, input.partition, input.dataVersion, input.runId].join("\u0000")).digest("hex")

/** The run name of a materialization: `<asset>@<partition>`. */
export const runName = (input: Pick<ProjectionInput, "asset" | "partition">): string => `${input.asset}@${input.partition}`
