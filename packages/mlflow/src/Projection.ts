/**
 * The projection of committed materializations onto MLflow (DESIGN.md, "Lineage in MLflow"):
 * experiment = project; one run per asset-partition materialization named `<asset>@<partition>`,
 * nested under the run of the command that launched it; tags, params (secrets removed),
 * metrics, upstream partitions as dataset inputs, the sidecar (and sample) as artifacts.
 *
 * Idempotent: each run carries `strata.materialization_id` (see `materializationId`); the
 * projection looks it up before creating, resumes a run left half-logged, and never creates a
 * second one. One `runs/search` per Strata run id finds every run of that command, so the
 * lookup costs one request per command, not one per partition.
 *
 * Requests per projected partition: `runs/create` (with every tag), one `runs/log-batch`
 * (params and metrics), one `runs/log-inputs`, one artifact upload (the sidecar, which carries
 * the sample) and one `runs/update` (status FINISHED): five, MLflow's minimum for a finished
 * run with inputs and an artifact.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const projection = yield* Projection
 *   const parent = yield* projection.startCommandRun({ experiment: "html-classification", strataRunId, workflow: "backfill", startTimeMs })
 *   const run = yield* projection.project(input, { experiment: "html-classification", parentRunId: parent })
 *   // record run.mlflowRunId in the sidecar
 * }).pipe(Effect.provide(Projection.layer), Effect.provide(MlflowClient.layerFromEnv()))
 * ```
 */
import { createHash } from "node:crypto"
import { Context, Effect, Layer } from "effect"
import { colSpec } from "./ColSpec.ts"
import { tagValue, type DatasetInput, type Experiment, type Metric, type Param, type Run, type RunStatus, type RunTag } from "./Entities.ts"
import * as Limits from "./Limits.ts"
import { MlflowClient, filterEquals, type MlflowClientShape } from "./MlflowClient.ts"
import { isServerUnusable, MlflowError } from "./MlflowError.ts"
import { ProjectionError } from "./ProjectionError.ts"
import { materializationId, runName, type ProjectionInput, type ProjectionUpstream } from "./ProjectionInput.ts"
import { configParams, redact, stripUrlCredentials } from "./Secrets.ts"

/** Tag keys the projection writes. */
export const TAGS = {
  asset: "strata.asset",
  partition: "strata.partition",
  layer: "strata.layer",
  codeVersion: "strata.code_version",
  dataVersion: "strata.data_version",
  workflow: "strata.workflow",
  runId: "strata.run_id",
  materializationId: "strata.materialization_id",
  commandRunId: "strata.command_run_id",
  kind: "strata.kind",
  uri: "strata.uri",
  redactedConfigKeys: "strata.redacted_config_keys",
  parentRunId: "mlflow.parentRunId",
  note: "mlflow.note.content",
  datasetContext: "mlflow.data.context"
} as const

/** Name of the sample artifact, uploaded when an input carries sample rows. */
export const SAMPLE_ARTIFACT = "sample.jsonl"

/** Folder of a training run's model artifact. */
export const MODEL_ARTIFACT_FOLDER = "model"

/** Digits of the position prefix of process-rule params (`process.01.remove_punctuation`), so the UI lists them in order. */
const PROCESS_INDEX_DIGITS = 2

/** Options of `project`. */
export interface ProjectOptions {
  /** The experiment (the Strata project name); created if missing. */
  readonly experiment: string
  /** The command's run (from `startCommandRun`) to nest the run under. */
  readonly parentRunId?: string
}

/** Options of `startCommandRun`. */
export interface CommandRunOptions {
  /** The experiment (the Strata project name). */
  readonly experiment: string
  /** The Strata run id of the command. */
  readonly strataRunId: string
  /** Workflow name. */
  readonly workflow: string
  /** Display name, e.g. `strata materialize --all`; `<workflow> <run id>` when absent. */
  readonly name?: string
  /** Unix ms. */
  readonly startTimeMs: number
}

/** How a materialization's run was reached. */
export type ProjectionOutcome = "created" | "resumed" | "existing" | "recorded"

/** A projected materialization. */
export interface ProjectedRun {
  /** Asset key. */
  readonly asset: string
  /** Partition key. */
  readonly partition: string
  /** The MLflow run id to record in the sidecar. */
  readonly mlflowRunId: string
  /** `created`: new run; `resumed`: a half-logged run completed; `existing`: already complete; `recorded`: the sidecar already named it. */
  readonly outcome: ProjectionOutcome
}

/** One input `sync` could not project (other inputs went on). */
export interface SyncFailure {
  /** Asset key. */
  readonly asset: string
  /** Partition key. */
  readonly partition: string
  /** Why. */
  readonly error: ProjectionError | MlflowError
}

/** What `sync` did. */
export interface SyncResult {
  /** Every input projected or already recorded, in input order. */
  readonly runs: ReadonlyArray<ProjectedRun>
  /** Inputs that cannot be projected as they are. */
  readonly failures: ReadonlyArray<SyncFailure>
}

/** A training run: a model materialization whose inputs are the gold partitions it read. */
export interface TrainingRunInput extends ProjectionInput {
  /** The model file, uploaded under `model/`. */
  readonly model: { readonly fileName: string; readonly body: Uint8Array; readonly contentType?: string }
}

/** The operations of the projection. */
export interface ProjectionShape {
  /** Finds or creates the run of a command (by its Strata run id) and returns its MLflow run id, to nest materializations under. */
  readonly startCommandRun: (options: CommandRunOptions) => Effect.Effect<string, MlflowError>
  /** Ends a command's run with its status. */
  readonly finishCommandRun: (mlflowRunId: string, status: Extract<RunStatus, "FINISHED" | "FAILED" | "KILLED">, endTimeMs: number) => Effect.Effect<void, MlflowError>
  /** Projects one materialization; projecting it again returns the same run. */
  readonly project: (input: ProjectionInput, options: ProjectOptions) => Effect.Effect<ProjectedRun, ProjectionError | MlflowError>
  /** Logs a training run: inputs as `training` datasets, params, metrics, the sidecar and the model. */
  readonly logTrainingRun: (input: TrainingRunInput, options: ProjectOptions) => Effect.Effect<ProjectedRun, ProjectionError | MlflowError>
  /** Projects every input that lacks its run (`strata lineage sync`), nested under its command's run; fails only when the server is unusable. */
  readonly sync: (inputs: ReadonlyArray<ProjectionInput>, options: { readonly experiment: string }) => Effect.Effect<SyncResult, MlflowError>
}

/** The projection service. */
export class Projection extends Context.Service<Projection, ProjectionShape>()("strata/Projection") {
  /** The projection over the `MlflowClient` in context. */
  static readonly layer: Layer.Layer<Projection, never, MlflowClient> = Layer.effect(
    Projection,
    Effect.gen(function* () {
      return make(yield* MlflowClient)
    })
  )
}

const sha1 = (text: string): string => createHash("sha1").update(text).digest("hex")

/** The kind of source MLflow shows for a URI: `s3`, `local`, `http`, or the scheme. */
export const sourceType = (uri: string): string => {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase()
  if (scheme === undefined || scheme === "file") return "local"
  if (scheme === "s3" || scheme === "s3a") return "s3"
  if (scheme === "https") return "http"
  return scheme
}

/** An upstream partition as an MLflow dataset input (digest: its SHA-1 cut to 36 characters). */
export const datasetInput = (upstream: ProjectionUpstream, context: string): DatasetInput => {
  const uri = stripUrlCredentials(upstream.uri)
  return {
    tags: [{ key: TAGS.datasetContext, value: context }],
    dataset: {
      name: upstream.partition === undefined ? upstream.asset : runName({ asset: upstream.asset, partition: upstream.partition }),
      digest: (upstream.sha1 ?? sha1(uri)).slice(0, Limits.MAX_DATASET_DIGEST_LENGTH),
      sourceType: sourceType(uri),
      source: JSON.stringify({ uri }),
      ...(upstream.columns === undefined ? {} : { schema: colSpec(upstream.columns) }),
      ...(upstream.profile === undefined ? {} : { profile: JSON.stringify(redact(upstream.profile)) })
    }
  }
}

/** What a materialization's run holds. */
export interface RunContent {
  /** Tags set when the run is created. */
  readonly tags: ReadonlyArray<RunTag>
  /** Params. */
  readonly params: ReadonlyArray<Param>
  /** Metrics. */
  readonly metrics: ReadonlyArray<Metric>
  /** Dataset inputs. */
  readonly datasets: ReadonlyArray<DatasetInput>
}

/** The run kind written in `strata.kind`. */
type RunKind = "materialization" | "training"

/**
 * The tags, params, metrics and datasets of a materialization's run: pure, so what is logged
 * can be checked without a server.
 */
export const runContent = (input: ProjectionInput, options: { readonly parentRunId?: string; readonly kind: RunKind }): RunContent => {
  const config = configParams(input.config, "config")
  const tags: Array<RunTag> = [
    { key: TAGS.asset, value: input.asset },
    { key: TAGS.partition, value: input.partition },
    { key: TAGS.layer, value: input.layer },
    { key: TAGS.codeVersion, value: input.codeVersion },
    { key: TAGS.dataVersion, value: input.dataVersion },
    { key: TAGS.workflow, value: input.workflow },
    { key: TAGS.runId, value: input.runId },
    { key: TAGS.materializationId, value: materializationId(input) },
    { key: TAGS.kind, value: options.kind },
    { key: TAGS.uri, value: stripUrlCredentials(input.uri) }
  ]
  if (options.parentRunId !== undefined) tags.push({ key: TAGS.parentRunId, value: options.parentRunId })
  if (input.description !== undefined && input.description !== "")
    tags.push({ key: TAGS.note, value: input.description.slice(0, Limits.MAX_TAG_VALUE_LENGTH) })
  if (config.dropped.length > 0) tags.push({ key: TAGS.redactedConfigKeys, value: config.dropped.join(", ").slice(0, Limits.MAX_TAG_VALUE_LENGTH) })
  const params: Array<Param> = [
    { key: "code_version", value: input.codeVersion },
    ...input.process.map((step, index) => ({
      key: `process.${String(index + 1).padStart(PROCESS_INDEX_DIGITS, "0")}.${Limits.keyPart(step.rule)}`,
      value: JSON.stringify(redact(step.params))
    })),
    ...config.params
  ]
  const at = (key: string, value: number): Metric => ({ key, value, timestamp: input.endTimeMs, step: 0 })
  const { metrics: measured } = input
  const metrics: Array<Metric> = [
    at("rows_in", measured.rowsIn),
    at("rows_out", measured.rowsOut),
    at("rows_quarantined", measured.rowsQuarantined),
    at("duration_seconds", measured.durationMs / 1000),
    at("checks_passed", measured.checks.filter((check) => check.passed).length),
    at("checks_failed", measured.checks.filter((check) => !check.passed).length),
    ...measured.checks.map((check) => at(`check.${Limits.keyPart(check.name)}`, check.passed ? 1 : 0))
  ]
  if (measured.duplicatesRemoved !== undefined) metrics.push(at("duplicates_removed", measured.duplicatesRemoved))
  for (const [key, value] of Object.entries(measured.extra ?? {})) metrics.push(at(key, value))
  const context = options.kind === "training" ? "training" : "input"
  return { tags, params, metrics, datasets: input.inputs.map((upstream) => datasetInput(upstream, context)) }
}

/** A param the run already holds with another value, if any. */
const paramConflict = (run: Run, params: ReadonlyArray<Param>): { key: string; was: string; now: string } | undefined => {
  const held = new Map(run.params.map((param) => [param.key, param.value]))
  for (const param of params) {
    const was = held.get(param.key)
    if (was !== undefined && was !== param.value) return { key: param.key, was, now: param.value }
  }
  return undefined
}

/** The projection over a client. Caches experiments and, per Strata run id, the runs already projected. */
export const make = (client: MlflowClientShape): ProjectionShape => {
  const experiments = new Map<string, Experiment>()
  /** Runs by materialization id (and command runs by `command:<run id>`), per experiment and Strata run id. */
  const indexes = new Map<string, Map<string, Run>>()

  const experimentOf = (name: string) =>
    Effect.gen(function* () {
      const cached = experiments.get(name)
      if (cached !== undefined) return cached
      const experiment = yield* client.ensureExperiment(name)
      experiments.set(name, experiment)
      return experiment
    })

  const commandKey = (strataRunId: string) => `command:${strataRunId}`

  const indexOf = (experiment: Experiment, strataRunId: string) =>
    Effect.gen(function* () {
      const key = `${experiment.experimentId}\u0000${strataRunId}`
      const cached = indexes.get(key)
      if (cached !== undefined) return cached
      const runs = yield* client.searchRuns({ experimentIds: [experiment.experimentId], filter: filterEquals(TAGS.runId, strataRunId) })
      const index = new Map<string, Run>()
      for (const run of runs) {
        const id = tagValue(run, TAGS.materializationId)
        if (id !== undefined) index.set(id, run)
        if (tagValue(run, TAGS.commandRunId) === strataRunId) index.set(commandKey(strataRunId), run)
      }
      indexes.set(key, index)
      return index
    })

  const startCommandRun = (options: CommandRunOptions) =>
    Effect.gen(function* () {
      const experiment = yield* experimentOf(options.experiment)
      const index = yield* indexOf(experiment, options.strataRunId)
      const existing = index.get(commandKey(options.strataRunId))
      if (existing !== undefined) return existing.info.runId
      const run = yield* client.createRun({
        experimentId: experiment.experimentId,
        runName: options.name ?? `${options.workflow} ${options.strataRunId}`,
        startTime: options.startTimeMs,
        tags: [
          { key: TAGS.commandRunId, value: options.strataRunId },
          { key: TAGS.runId, value: options.strataRunId },
          { key: TAGS.workflow, value: options.workflow },
          { key: TAGS.kind, value: "command" }
        ]
      })
      index.set(commandKey(options.strataRunId), run)
      return run.info.runId
    })

  const finishCommandRun = (mlflowRunId: string, status: "FINISHED" | "FAILED" | "KILLED", endTimeMs: number) =>
    Effect.asVoid(client.updateRun({ runId: mlflowRunId, status, endTime: endTimeMs }))

  const invalid = (input: ProjectionInput, error: MlflowError, mlflowRunId?: string): ProjectionError | MlflowError => {
    if (error.reason === "ParamConflict")
      return new ProjectionError({
        reason: "ParamConflict",
        asset: input.asset,
        partition: input.partition,
        ...(mlflowRunId === undefined ? {} : { mlflowRunId }),
        message: `MLflow run ${mlflowRunId ?? "?"} of ${runName(input)} already holds a param with another value (${error.message}). Params never change; materialize again under a new run id to log the new values.`
      })
    if (error.reason === "LimitExceeded" || (error.reason === "InvalidParameter" && error.status === undefined))
      return new ProjectionError({
        reason: "Invalid",
        asset: input.asset,
        partition: input.partition,
        ...(error.key === undefined ? {} : { key: error.key }),
        message: `Cannot project ${runName(input)} onto MLflow: ${error.message}`
      })
    return error
  }

  const projectAs = (
    input: ProjectionInput,
    options: ProjectOptions,
    kind: RunKind,
    extraArtifacts: ReadonlyArray<{ readonly path: string; readonly body: Uint8Array; readonly contentType?: string }>
  ): Effect.Effect<ProjectedRun, ProjectionError | MlflowError> =>
    Effect.gen(function* () {
      const experiment = yield* experimentOf(options.experiment)
      const index = yield* indexOf(experiment, input.runId)
      const id = materializationId(input)
      const content = runContent(input, { kind, ...(options.parentRunId === undefined ? {} : { parentRunId: options.parentRunId }) })
      const existing = index.get(id)
      if (existing !== undefined) {
        const conflict = paramConflict(existing, content.params)
        if (conflict !== undefined)
          return yield* Effect.fail(
            new ProjectionError({
              reason: "ParamConflict",
              asset: input.asset,
              partition: input.partition,
              key: conflict.key,
              mlflowRunId: existing.info.runId,
              message: `MLflow run ${existing.info.runId} of ${runName(input)} already holds param '${conflict.key}' = '${conflict.was.slice(0, 200)}'; this projection has '${conflict.now.slice(0, 200)}'. Params never change; materialize again under a new run id to log the new values.`
            })
          )
        if (existing.info.status === "FINISHED")
          return { asset: input.asset, partition: input.partition, mlflowRunId: existing.info.runId, outcome: "existing" as const }
      }
      const run =
        existing ??
        (yield* client
          .createRun({ experimentId: experiment.experimentId, runName: runName(input), startTime: input.startTimeMs, tags: content.tags })
          .pipe(Effect.mapError((error) => invalid(input, error))))
      index.set(id, run)
      const runId = run.info.runId
      const logged = Effect.gen(function* () {
        yield* client.logBatch(runId, { params: content.params, metrics: content.metrics, tags: [] })
        if (content.datasets.length > 0) yield* client.logInputs(runId, content.datasets)
        yield* client.uploadArtifact(run.info.artifactUri, input.sidecar.fileName, new TextEncoder().encode(input.sidecar.text), "application/x-yaml")
        if (input.sample !== undefined)
          yield* client.uploadArtifact(
            run.info.artifactUri,
            SAMPLE_ARTIFACT,
            new TextEncoder().encode(input.sample.map((row) => JSON.stringify(redact(row))).join("\n") + "\n"),
            "application/x-ndjson"
          )
        for (const artifact of extraArtifacts) yield* client.uploadArtifact(run.info.artifactUri, artifact.path, artifact.body, artifact.contentType)
        return yield* client.updateRun({ runId, status: "FINISHED", endTime: input.endTimeMs })
      })
      const info = yield* logged.pipe(Effect.mapError((error) => invalid(input, error, runId)))
      index.set(id, { ...run, info, params: content.params })
      return { asset: input.asset, partition: input.partition, mlflowRunId: runId, outcome: existing === undefined ? ("created" as const) : ("resumed" as const) }
    })

  const project = (input: ProjectionInput, options: ProjectOptions) => projectAs(input, options, "materialization", [])

  const logTrainingRun = (input: TrainingRunInput, options: ProjectOptions) =>
    projectAs(input, options, "training", [
      {
        path: `${MODEL_ARTIFACT_FOLDER}/${input.model.fileName}`,
        body: input.model.body,
        ...(input.model.contentType === undefined ? {} : { contentType: input.model.contentType })
      }
    ])

  const sync = (inputs: ReadonlyArray<ProjectionInput>, options: { readonly experiment: string }) =>
    Effect.gen(function* () {
      const results = new Map<ProjectionInput, ProjectedRun>()
      const failures: Array<SyncFailure> = []
      const byCommand = new Map<string, Array<ProjectionInput>>()
      for (const input of inputs) {
        if (input.mlflowRunId !== undefined)
          results.set(input, { asset: input.asset, partition: input.partition, mlflowRunId: input.mlflowRunId, outcome: "recorded" })
        else byCommand.set(input.runId, [...(byCommand.get(input.runId) ?? []), input])
      }
      for (const [strataRunId, group] of byCommand) {
        const first = group[0]
        if (first === undefined) continue
        const experiment = yield* experimentOf(options.experiment)
        const index = yield* indexOf(experiment, strataRunId)
        const hadCommandRun = index.has(commandKey(strataRunId))
        const parentRunId = yield* startCommandRun({
          experiment: options.experiment,
          strataRunId,
          workflow: first.workflow,
          startTimeMs: Math.min(...group.map((input) => input.startTimeMs))
        })
        for (const input of group) {
          const outcome = yield* Effect.result(project(input, { experiment: options.experiment, parentRunId }))
          if (outcome._tag === "Success") results.set(input, outcome.success)
          else if (isServerUnusable(outcome.failure)) return yield* Effect.fail(outcome.failure)
          else failures.push({ asset: input.asset, partition: input.partition, error: outcome.failure })
        }
        // A command run made by the sync itself is over as soon as its materializations are logged.
        if (!hadCommandRun) yield* finishCommandRun(parentRunId, "FINISHED", Math.max(...group.map((input) => input.endTimeMs)))
      }
      return { runs: inputs.flatMap((input) => results.get(input) ?? []), failures }
    })

  return { startCommandRun, finishCommandRun, project, logTrainingRun, sync }
}
