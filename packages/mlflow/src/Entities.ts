/**
 * The MLflow objects the client sends and reads, in MLflow's REST (JSON) shape with camelCase
 * names. Only the fields Strata uses are listed; the server may send more.
 */

/** An experiment's lifecycle: deleted experiments keep their name until garbage-collected. */
export type LifecycleStage = "active" | "deleted"

/** An experiment (a Strata project). */
export interface Experiment {
  /** Server-assigned id. */
  readonly experimentId: string
  /** Unique name. */
  readonly name: string
  /** Where the runs' artifacts go, e.g. `mlflow-artifacts:/1`. */
  readonly artifactLocation: string
  /** `deleted` experiments still hold their name. */
  readonly lifecycleStage: LifecycleStage
}

/** A run's status. */
export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED"

/** A string key and value attached to a run. */
export interface RunTag {
  /** Key, at most 250 characters of MLflow's key alphabet. */
  readonly key: string
  /** Value, at most 8,000 characters. */
  readonly value: string
}

/** A run parameter: logged once, never changed. */
export interface Param {
  /** Key, at most 250 characters of MLflow's key alphabet. */
  readonly key: string
  /** Value, at most 6,000 characters. */
  readonly value: string
}

/** One metric measurement. */
export interface Metric {
  /** Key, at most 250 characters of MLflow's key alphabet. */
  readonly key: string
  /** A finite number. */
  readonly value: number
  /** Unix time in milliseconds. */
  readonly timestamp: number
  /** Step (0 for a single measurement). */
  readonly step: number
}

/** A run's identity and state. */
export interface RunInfo {
  /** Server-assigned id. */
  readonly runId: string
  /** The experiment holding the run. */
  readonly experimentId: string
  /** Display name. */
  readonly runName: string
  /** Current status. */
  readonly status: RunStatus
  /** Unix ms. */
  readonly startTime: number
  /** Unix ms, once ended. */
  readonly endTime?: number
  /** Root of the run's artifacts, e.g. `mlflow-artifacts:/1/<run id>/artifacts`. */
  readonly artifactUri: string
  /** `deleted` runs are hidden in the UI. */
  readonly lifecycleStage: LifecycleStage
}

/** A dataset as MLflow records it (`Dataset` message): every field but name and digest optional on the wire. */
export interface Dataset {
  /** Name, e.g. `raw/html-documents@2021-09-02`. */
  readonly name: string
  /** Digest identifying the content within the name, at most 36 characters. */
  readonly digest: string
  /** Kind of source: `s3`, `local`, `http`, ... */
  readonly sourceType: string
  /** Source description, JSON (e.g. `{"uri":"s3://bucket/key"}`). */
  readonly source: string
  /** Schema, JSON in MLflow's column-spec form `{"mlflow_colspec":[...]}`. */
  readonly schema?: string
  /** Profile, JSON (e.g. `{"num_rows":120}`). */
  readonly profile?: string
}

/** A dataset used by a run, with input tags (`mlflow.data.context`: `training`, `input`, ...). */
export interface DatasetInput {
  /** Input tags. */
  readonly tags: ReadonlyArray<RunTag>
  /** The dataset. */
  readonly dataset: Dataset
}

/** A run as the UI shows it: info, data (params, metrics, tags) and dataset inputs. */
export interface Run {
  /** Identity and state. */
  readonly info: RunInfo
  /** Latest value of each metric. */
  readonly metrics: ReadonlyArray<Metric>
  /** Every param. */
  readonly params: ReadonlyArray<Param>
  /** Every tag. */
  readonly tags: ReadonlyArray<RunTag>
  /** Dataset inputs. */
  readonly inputs: ReadonlyArray<DatasetInput>
}

/** An entry of an artifact listing. */
export interface FileInfo {
  /** Path relative to the listed folder. */
  readonly path: string
  /** Whether it is a folder. */
  readonly isDir: boolean
  /** Size in bytes (files only). */
  readonly fileSize?: number
}

/** The value of the tag `key` on `run`, if set. */
export const tagValue = (run: Pick<Run, "tags">, key: string): string | undefined => run.tags.find((tag) => tag.key === key)?.value
