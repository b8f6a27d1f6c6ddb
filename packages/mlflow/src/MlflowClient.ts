/**
 * A typed client of MLflow's REST API (2.0 endpoints) on undici: experiments, runs, batched
 * logging, dataset inputs and artifacts through the server's artifact proxy.
 *
 * Limits are checked before sending (see `Limits.ts`): over-long keys or values are refused
 * with a `LimitExceeded` error, never truncated, and batches are split automatically.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const mlflow = yield* MlflowClient
 *   const experiment = yield* mlflow.ensureExperiment("html-classification")
 *   const run = yield* mlflow.createRun({ experimentId: experiment.experimentId, runName: "raw@2021-09-02", startTime: Date.now(), tags: [] })
 *   yield* mlflow.logBatch(run.info.runId, { params: [{ key: "code_version", value: "3" }], metrics: [], tags: [] })
 * }).pipe(Effect.provide(MlflowClient.layer({ trackingUri: "http://127.0.0.1:5000" })))
 * ```
 */
import { Context, Effect, Layer, Option, type Scope } from "effect"
import type { Dispatcher } from "undici"
import type { Dataset, DatasetInput, Experiment, FileInfo, LifecycleStage, Metric, Param, Run, RunInfo, RunStatus, RunTag } from "./Entities.ts"
import * as Limits from "./Limits.ts"
import { DEFAULT_CONNECTIONS, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, fromEnv, parseTrackingUri, type MlflowConfig } from "./MlflowConfig.ts"
import { MlflowError } from "./MlflowError.ts"
import { send, sendJson, type HttpContext } from "./internal/Http.ts"

/** Runs per `runs/search` page (MLflow's maximum is 50,000; smaller pages keep answers short). */
const SEARCH_PAGE_SIZE = 1000

/** How long an idle keep-alive connection is kept open. */
const KEEP_ALIVE_MS = 30_000

/** The scheme of run artifact roots served by the tracking server's artifact proxy. */
const PROXY_SCHEME = "mlflow-artifacts:"

/** What to do when the experiment's name is held by a deleted experiment. */
export type OnDeletedExperiment = "restore" | "fail"

/** Options of `createRun`. */
export interface CreateRunOptions {
  /** The experiment to create the run in. */
  readonly experimentId: string
  /** Display name. */
  readonly runName: string
  /** Unix ms. */
  readonly startTime: number
  /** Tags set at creation (`mlflow.parentRunId` nests the run). */
  readonly tags: ReadonlyArray<RunTag>
}

/** Options of `updateRun`. */
export interface UpdateRunOptions {
  /** The run. */
  readonly runId: string
  /** New status. */
  readonly status: RunStatus
  /** Unix ms, for terminal statuses. */
  readonly endTime?: number
}

/** Options of `searchRuns`. */
export interface SearchRunsOptions {
  /** Experiments to search. */
  readonly experimentIds: ReadonlyArray<string>
  /** MLflow filter, e.g. ``tags.`strata.run_id` = 'r1'`` (see `filterEquals`). */
  readonly filter?: string
  /** `active` (default), `deleted` or `all` runs. */
  readonly viewType?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL"
  /** Order, e.g. `["attributes.start_time DESC"]`. */
  readonly orderBy?: ReadonlyArray<string>
}

/** A batch of metrics, params and tags for one run (any size: it is split into requests). */
export interface LogBatchInput {
  /** Metrics. */
  readonly metrics: ReadonlyArray<Metric>
  /** Params. */
  readonly params: ReadonlyArray<Param>
  /** Tags. */
  readonly tags: ReadonlyArray<RunTag>
}

/** The operations of the MLflow client. */
export interface MlflowClientShape {
  /** The server, for messages (no credentials). */
  readonly trackingUri: string
  /** The experiment holding `name`, deleted or not, or `None`. */
  readonly getExperimentByName: (name: string) => Effect.Effect<Option.Option<Experiment>, MlflowError>
  /** Creates an experiment and returns its id; `AlreadyExists` when the name is taken. */
  readonly createExperiment: (name: string, tags?: ReadonlyArray<RunTag>) => Effect.Effect<string, MlflowError>
  /** Restores a deleted experiment. */
  readonly restoreExperiment: (experimentId: string) => Effect.Effect<void, MlflowError>
  /** The active experiment named `name`, created if missing; a deleted one is restored or reported per `onDeleted`. */
  readonly ensureExperiment: (name: string, onDeleted?: OnDeletedExperiment) => Effect.Effect<Experiment, MlflowError>
  /** Creates a run (never retried after an unclear failure: that could create two). */
  readonly createRun: (options: CreateRunOptions) => Effect.Effect<Run, MlflowError>
  /** Sets a run's status and end time. */
  readonly updateRun: (options: UpdateRunOptions) => Effect.Effect<RunInfo, MlflowError>
  /** A run with its params, metrics, tags and inputs. */
  readonly getRun: (runId: string) => Effect.Effect<Run, MlflowError>
  /** Every run matching the filter, all pages fetched. */
  readonly searchRuns: (options: SearchRunsOptions) => Effect.Effect<ReadonlyArray<Run>, MlflowError>
  /** Logs metrics, params and tags in as few requests as the limits allow; returns the number of requests sent. */
  readonly logBatch: (runId: string, batch: LogBatchInput) => Effect.Effect<number, MlflowError>
  /** Sets one tag. */
  readonly setTag: (runId: string, key: string, value: string) => Effect.Effect<void, MlflowError>
  /** Logs dataset inputs (deduplicated by the server: logging the same dataset twice records it once). */
  readonly logInputs: (runId: string, datasets: ReadonlyArray<DatasetInput>) => Effect.Effect<void, MlflowError>
  /** Uploads a file under a run's artifact root (`artifactUri` of the run) through the artifact proxy. */
  readonly uploadArtifact: (artifactUri: string, path: string, body: Uint8Array, contentType?: string) => Effect.Effect<void, MlflowError>
  /** Lists a folder of a run's artifacts (`""` for the root). */
  readonly listArtifacts: (artifactUri: string, path?: string) => Effect.Effect<ReadonlyArray<FileInfo>, MlflowError>
  /** Downloads one artifact. */
  readonly downloadArtifact: (artifactUri: string, path: string) => Effect.Effect<Uint8Array, MlflowError>
}

/** The MLflow REST client service. */
export class MlflowClient extends Context.Service<MlflowClient, MlflowClientShape>()("strata/MlflowClient") {
  /** A client for `config`; its connection pool closes with the layer. */
  static readonly layer = (config: MlflowConfig, options?: MakeOptions): Layer.Layer<MlflowClient, MlflowError> =>
    Layer.effect(MlflowClient, make(config, options))
  /** A client configured from `MLFLOW_TRACKING_URI` and MLflow's credential variables. */
  static readonly layerFromEnv = (env?: Readonly<Record<string, string | undefined>>): Layer.Layer<MlflowClient, MlflowError> =>
    Layer.effect(
      MlflowClient,
      Effect.suspend(() => {
        const config = fromEnv(env)
        return config === undefined
          ? Effect.fail(
              new MlflowError({
                reason: "InvalidParameter",
                endpoint: "MLFLOW_TRACKING_URI",
                message: "MLFLOW_TRACKING_URI is not set; set it to the tracking server, e.g. http://127.0.0.1:5000."
              })
            )
          : make(config)
      })
    )
}

/** An undici interceptor: sees (and may wrap) every HTTP request the client sends, retries included. */
export type RequestInterceptor = Dispatcher.DispatcherComposeInterceptor

/** Options of `make` beyond the configuration. */
export interface MakeOptions {
  /** undici interceptors composed onto the pool (request counting in benchmarks, tracing). */
  readonly interceptors?: ReadonlyArray<RequestInterceptor>
}

// ---- JSON shapes of MLflow's answers --------------------------------------------------------

interface WireTag {
  readonly key?: string
  readonly value?: string
}
interface WireExperiment {
  readonly experiment_id: string
  readonly name: string
  readonly artifact_location?: string
  readonly lifecycle_stage?: string
}
interface WireRunInfo {
  readonly run_id?: string
  readonly run_uuid?: string
  readonly experiment_id: string
  readonly run_name?: string
  readonly status?: string
  readonly start_time?: number | string
  readonly end_time?: number | string
  readonly artifact_uri?: string
  readonly lifecycle_stage?: string
}
interface WireDataset {
  readonly name?: string
  readonly digest?: string
  readonly source_type?: string
  readonly source?: string
  readonly schema?: string
  readonly profile?: string
}
interface WireRun {
  readonly info: WireRunInfo
  readonly data?: {
    readonly metrics?: ReadonlyArray<{ key: string; value: number | string; timestamp?: number | string; step?: number | string }>
    readonly params?: ReadonlyArray<WireTag>
    readonly tags?: ReadonlyArray<WireTag>
  }
  readonly inputs?: { readonly dataset_inputs?: ReadonlyArray<{ tags?: ReadonlyArray<WireTag>; dataset?: WireDataset }> }
}

const toTags = (tags: ReadonlyArray<WireTag> | undefined): ReadonlyArray<RunTag> =>
  (tags ?? []).map((tag) => ({ key: tag.key ?? "", value: tag.value ?? "" }))

const stage = (value: string | undefined): LifecycleStage => (value === "deleted" ? "deleted" : "active")

const toExperiment = (wire: WireExperiment): Experiment => ({
  experimentId: wire.experiment_id,
  name: wire.name,
  artifactLocation: wire.artifact_location ?? "",
  lifecycleStage: stage(wire.lifecycle_stage)
})

const toRunInfo = (wire: WireRunInfo): RunInfo => ({
  runId: wire.run_id ?? wire.run_uuid ?? "",
  experimentId: wire.experiment_id,
  runName: wire.run_name ?? "",
  status: (wire.status ?? "RUNNING") as RunStatus,
  startTime: Number(wire.start_time ?? 0),
  ...(wire.end_time === undefined ? {} : { endTime: Number(wire.end_time) }),
  artifactUri: wire.artifact_uri ?? "",
  lifecycleStage: stage(wire.lifecycle_stage)
})

const toDataset = (wire: WireDataset): Dataset => ({
  name: wire.name ?? "",
  digest: wire.digest ?? "",
  sourceType: wire.source_type ?? "",
  source: wire.source ?? "",
  ...(wire.schema === undefined ? {} : { schema: wire.schema }),
  ...(wire.profile === undefined ? {} : { profile: wire.profile })
})

const toRun = (wire: WireRun): Run => ({
  info: toRunInfo(wire.info),
  metrics: (wire.data?.metrics ?? []).map((metric) => ({
    key: metric.key,
    value: Number(metric.value),
    timestamp: Number(metric.timestamp ?? 0),
    step: Number(metric.step ?? 0)
  })),
  params: toTags(wire.data?.params),
  tags: toTags(wire.data?.tags),
  inputs: (wire.inputs?.dataset_inputs ?? []).map((input) => ({ tags: toTags(input.tags), dataset: toDataset(input.dataset ?? {}) }))
})

const wireDataset = (dataset: Dataset) => ({
  name: dataset.name,
  digest: dataset.digest,
  source_type: dataset.sourceType,
  source: dataset.source,
  ...(dataset.schema === undefined ? {} : { schema: dataset.schema }),
  ...(dataset.profile === undefined ? {} : { profile: dataset.profile })
})

/**
 * A filter clause matching runs whose `tags.<key>` equals `value`, quoted for MLflow's search
 * grammar (backticks around the key, single quotes around the value).
 */
export const filterEquals = (key: string, value: string): string => `tags.\`${key.replaceAll("`", "")}\` = '${value.replaceAll("'", "\\'")}'`

/** The artifact proxy path (`<experiment>/<run>/artifacts`) of a run's artifact root. */
export const proxyPath = (artifactUri: string): string | MlflowError => {
  if (!artifactUri.startsWith(PROXY_SCHEME))
    return new MlflowError({
      reason: "InvalidParameter",
      endpoint: "artifacts",
      message: `The run's artifact root '${artifactUri.replace(/\/\/[^/@]*@/, "//")}' is not served by the tracking server's artifact proxy; start the server with --serve-artifacts (the default) and a fresh experiment.`
    })
  const rest = artifactUri.slice(PROXY_SCHEME.length)
  // `mlflow-artifacts://host:port/1/run/artifacts` names a host; `mlflow-artifacts:/1/run/artifacts` does not.
  const path = rest.startsWith("//") ? rest.slice(2).split("/").slice(1).join("/") : rest
  return path.replace(/^\/+/, "").replace(/\/+$/, "")
}

const encodePath = (path: string): string => path.split("/").filter((part) => part !== "").map(encodeURIComponent).join("/")

/**
 * Builds a client: a keep-alive undici pool to the server, closed when the scope ends. undici
 * is loaded here, on first use, so that programs which never reach MLflow (a CLI run with
 * lineage in sidecars only) do not pay for loading it.
 */
export const make = (config: MlflowConfig, options?: MakeOptions): Effect.Effect<MlflowClientShape, MlflowError, Scope.Scope> =>
  Effect.gen(function* () {
    const parsed = parseTrackingUri(config.trackingUri)
    if (parsed instanceof MlflowError) return yield* Effect.fail(parsed)
    const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const { Pool } = yield* Effect.promise(() => import("undici"))
    const pool = yield* Effect.acquireRelease(
      Effect.sync(
        () =>
          new Pool(parsed.origin, {
            connections: config.connections ?? DEFAULT_CONNECTIONS,
            keepAliveTimeout: KEEP_ALIVE_MS,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
            connectTimeout: timeoutMs
          })
      ),
      (pool) => Effect.promise(() => pool.close())
    )
    const http: HttpContext = {
      dispatcher: options?.interceptors === undefined ? pool : pool.compose(...options.interceptors),
      origin: parsed.origin,
      basePath: parsed.basePath,
      display: parsed.display,
      auth: config.auth ?? parsed.auth,
      retry: config.retry ?? DEFAULT_RETRY
    }
    return makeWith(http)
  })

const failWith = (error: MlflowError | undefined): Effect.Effect<void, MlflowError> => (error === undefined ? Effect.void : Effect.fail(error))

/** The client's operations over an HTTP context. */
const makeWith = (http: HttpContext): MlflowClientShape => {
  const getExperimentByName = (name: string) =>
    sendJson<{ experiment: WireExperiment }>(http, {
      method: "GET",
      path: "/api/2.0/mlflow/experiments/get-by-name",
      query: { experiment_name: name },
      retry: "idempotent"
    }).pipe(
      Effect.map((answer) => Option.some(toExperiment(answer.experiment))),
      Effect.catchIf(
        (error) => error.reason === "NotFound",
        () => Effect.succeed(Option.none<Experiment>())
      )
    )

  const createExperiment = (name: string, tags: ReadonlyArray<RunTag> = []) =>
    Effect.map(
      sendJson<{ experiment_id: string }>(http, {
        method: "POST",
        path: "/api/2.0/mlflow/experiments/create",
        json: { name, tags },
        retry: "once"
      }),
      (answer) => answer.experiment_id
    )

  const restoreExperiment = (experimentId: string) =>
    Effect.asVoid(
      sendJson(http, { method: "POST", path: "/api/2.0/mlflow/experiments/restore", json: { experiment_id: experimentId }, retry: "idempotent" })
    )

  const ensureExperiment = (name: string, onDeleted: "restore" | "fail" = "restore"): Effect.Effect<Experiment, MlflowError> =>
    Effect.gen(function* () {
      const found = yield* getExperimentByName(name)
      if (Option.isSome(found)) {
        const experiment = found.value
        if (experiment.lifecycleStage === "active") return experiment
        if (onDeleted === "fail")
          return yield* Effect.fail(
            new MlflowError({
              reason: "AlreadyExists",
              endpoint: "experiments/get-by-name",
              key: name,
              message: `MLflow experiment '${name}' (id ${experiment.experimentId}) is deleted but still holds the name. Restore it in the MLflow UI, or remove it for good with 'mlflow gc', then run again.`
            })
          )
        yield* restoreExperiment(experiment.experimentId)
        return { ...experiment, lifecycleStage: "active" as const }
      }
      const created = yield* Effect.result(createExperiment(name))
      if (created._tag === "Success") {
        const experiment = yield* getExperimentByName(name)
        if (Option.isSome(experiment)) return experiment.value
        return { experimentId: created.success, name, artifactLocation: "", lifecycleStage: "active" as const }
      }
      // Another process created it meanwhile: read it back.
      if (created.failure.reason !== "AlreadyExists") return yield* Effect.fail(created.failure)
      return yield* ensureExperiment(name, onDeleted)
    })

  const createRun = (options: CreateRunOptions) =>
    Effect.gen(function* () {
      for (const tag of options.tags) yield* failWith(Limits.checkTag(tag))
      const answer = yield* sendJson<{ run: WireRun }>(http, {
        method: "POST",
        path: "/api/2.0/mlflow/runs/create",
        json: { experiment_id: options.experimentId, run_name: options.runName, start_time: options.startTime, tags: options.tags },
        retry: "once"
      })
      return toRun(answer.run)
    })

  const updateRun = (options: UpdateRunOptions) =>
    Effect.map(
      sendJson<{ run_info: WireRunInfo }>(http, {
        method: "POST",
        path: "/api/2.0/mlflow/runs/update",
        json: { run_id: options.runId, status: options.status, ...(options.endTime === undefined ? {} : { end_time: options.endTime }) },
        retry: "idempotent"
      }),
      (answer) => toRunInfo(answer.run_info)
    )

  const getRun = (runId: string) =>
    Effect.map(
      sendJson<{ run: WireRun }>(http, { method: "GET", path: "/api/2.0/mlflow/runs/get", query: { run_id: runId }, retry: "idempotent" }),
      (answer) => toRun(answer.run)
    )

  const searchRuns = (options: SearchRunsOptions) =>
    Effect.gen(function* () {
      const runs: Array<Run> = []
      let pageToken: string | undefined
      do {
        const answer = yield* sendJson<{ runs?: ReadonlyArray<WireRun>; next_page_token?: string }>(http, {
          method: "POST",
          path: "/api/2.0/mlflow/runs/search",
          json: {
            experiment_ids: options.experimentIds,
            filter: options.filter ?? "",
            run_view_type: options.viewType ?? "ACTIVE_ONLY",
            max_results: SEARCH_PAGE_SIZE,
            order_by: options.orderBy ?? [],
            ...(pageToken === undefined ? {} : { page_token: pageToken })
          },
          retry: "idempotent"
        })
        for (const run of answer.runs ?? []) runs.push(toRun(run))
        pageToken = answer.next_page_token === "" ? undefined : answer.next_page_token
      } while (pageToken !== undefined)
      return runs as ReadonlyArray<Run>
    })

  const logBatch = (runId: string, batch: LogBatchInput) =>
    Effect.gen(function* () {
      yield* failWith(Limits.checkBatch(batch))
      const requests = Limits.splitBatch(batch)
      for (const request of requests)
        yield* sendJson(http, {
          method: "POST",
          path: "/api/2.0/mlflow/runs/log-batch",
          json: { run_id: runId, metrics: request.metrics, params: request.params, tags: request.tags },
          retry: "idempotent"
        })
      return requests.length
    })

  const setTag = (runId: string, key: string, value: string) =>
    Effect.gen(function* () {
      yield* failWith(Limits.checkTag({ key, value }))
      yield* sendJson(http, { method: "POST", path: "/api/2.0/mlflow/runs/set-tag", json: { run_id: runId, key, value }, retry: "idempotent" })
    })

  const logInputs = (runId: string, datasets: ReadonlyArray<DatasetInput>) =>
    Effect.gen(function* () {
      for (const input of datasets) yield* failWith(Limits.checkDataset(input.dataset))
      for (let start = 0; start < datasets.length; start += Limits.MAX_DATASETS_PER_REQUEST)
        yield* sendJson(http, {
          method: "POST",
          path: "/api/2.0/mlflow/runs/log-inputs",
          json: {
            run_id: runId,
            datasets: datasets.slice(start, start + Limits.MAX_DATASETS_PER_REQUEST).map((input) => ({ tags: input.tags, dataset: wireDataset(input.dataset) }))
          },
          retry: "idempotent"
        })
    })

  const artifactPath = (artifactUri: string, path: string) => {
    const root = proxyPath(artifactUri)
    return root instanceof MlflowError ? Effect.fail(root) : Effect.succeed([root, encodePath(path)].filter((part) => part !== "").join("/"))
  }

  const uploadArtifact = (artifactUri: string, path: string, body: Uint8Array, contentType?: string) =>
    Effect.gen(function* () {
      const full = yield* artifactPath(artifactUri, path)
      yield* send(http, {
        method: "PUT",
        path: `/api/2.0/mlflow-artifacts/artifacts/${full}`,
        bytes: body,
        ...(contentType === undefined ? {} : { contentType }),
        retry: "idempotent"
      })
    })

  const listArtifacts = (artifactUri: string, path = "") =>
    Effect.gen(function* () {
      const full = yield* artifactPath(artifactUri, path)
      const answer = yield* sendJson<{ files?: ReadonlyArray<{ path: string; is_dir?: boolean; file_size?: number | string }> }>(http, {
        method: "GET",
        path: "/api/2.0/mlflow-artifacts/artifacts",
        query: { path: decodeURIComponent(full) },
        retry: "idempotent"
      })
      return (answer.files ?? []).map(
        (file): FileInfo => ({
          path: file.path,
          isDir: file.is_dir === true,
          ...(file.file_size === undefined ? {} : { fileSize: Number(file.file_size) })
        })
      )
    })

  const downloadArtifact = (artifactUri: string, path: string) =>
    Effect.gen(function* () {
      const full = yield* artifactPath(artifactUri, path)
      const response = yield* send(http, { method: "GET", path: `/api/2.0/mlflow-artifacts/artifacts/${full}`, retry: "idempotent" })
      return response.body
    })

  return {
    trackingUri: http.display,
    getExperimentByName,
    createExperiment,
    restoreExperiment,
    ensureExperiment,
    createRun,
    updateRun,
    getRun,
    searchRuns,
    logBatch,
    setTag,
    logInputs,
    uploadArtifact,
    listArtifacts,
    downloadArtifact
  }
}
