/**
 * Lineage in MLflow: the projection of committed sidecars onto MLflow runs. Sidecars stay the
 * source of truth; when MLflow is unreachable the materialization still commits, and
 * `strata lineage sync` later projects every sidecar that lacks its run.
 */
import { type Observation, type AssetKey } from "@strata/core"
import { Sidecar } from "@strata/metadata"
import { isServerUnusable, MlflowClient, MlflowConfig, Projection, type ProjectionInput } from "@strata/mlflow"
import { BlobStore, type BlobStoreError, CommitProtocol, DatasetLayout } from "@strata/storage"
import { Effect, Layer, Option } from "effect"
import type { Project } from "./Project.ts"
import { layoutFor, readSidecar } from "./Sidecars.ts"

/** The metric an asset reports its removed duplicates under (per-reason counts use it as a prefix). */
const DUPLICATES_METRIC = "duplicates_removed"

/** The projection layer of a project, or `undefined` when MLflow is not configured. */
export const projectionLayer = (project: Project): Layer.Layer<Projection, unknown> | undefined => {
  const trackingUri = project.config.mlflow?.trackingUri
  if (trackingUri === undefined) return undefined
  const config = MlflowConfig.fromEnv({ ...process.env, MLFLOW_TRACKING_URI: trackingUri })
  if (config === undefined) return undefined
  return Projection.layer.pipe(Layer.provide(MlflowClient.layer(config)))
}

/** What MLflow shows of upstream partitions: their schema and profile, from their sidecars. */
export interface UpstreamDetails {
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string; readonly nullable: boolean }>
  readonly profile: Readonly<Record<string, unknown>>
}

/** A sidecar as the projection's input. */
export const projectionInputOf = (
  sidecar: Sidecar.Sidecar,
  sidecarFile: string,
  settings: unknown,
  metrics: Readonly<Record<string, number>>,
  upstream: ReadonlyMap<string, UpstreamDetails>
): ProjectionInput => {
  const duplicates = metrics[DUPLICATES_METRIC] ?? 0
  return {
    asset: sidecar.asset,
    partition: sidecar.partition,
    layer: sidecar.layer,
    codeVersion: sidecar.codeVersion,
    dataVersion: sidecar.sha1,
    workflow: sidecar.workflowName,
    runId: sidecar.runId,
    uri: sidecar.uri,
    description: sidecar.description,
    process: sidecar.process,
    config: settings,
    startTimeMs: Date.parse(sidecar.execution.start),
    endTimeMs: Date.parse(sidecar.execution.end),
    metrics: {
      rowsIn: sidecar.execution.rowsIn,
      rowsOut: sidecar.execution.rowsOut,
      rowsQuarantined: sidecar.execution.rowsQuarantined,
      ...(duplicates > 0 ? { duplicatesRemoved: duplicates } : {}),
      durationMs: sidecar.execution.durationMs,
      checks: sidecar.checks.map((check) => ({ name: check.name, severity: check.severity, passed: check.passed })),
      extra: metrics
    },
    inputs: sidecar.dataSource.map((source) => {
      if (source.kind === "external") return { asset: source.name, uri: source.uri }
      const details = upstream.get(`${source.asset}@${source.partition}`)
      return {
        asset: source.asset,
        partition: source.partition,
        uri: source.uri,
        sha1: source.sha1,
        ...(details === undefined ? {} : { columns: details.columns, profile: details.profile })
      }
    }),
    sidecar: { fileName: sidecarFile.slice(sidecarFile.lastIndexOf("/") + 1), text: Sidecar.encode(sidecar) },
    ...(sidecar.mlflowRunId === undefined ? {} : { mlflowRunId: sidecar.mlflowRunId })
  }
}

/** Schema and profile of a sidecar, for the dataset inputs of its readers. */
export const upstreamDetailsOf = (sidecar: Sidecar.Sidecar): UpstreamDetails => ({
  columns: sidecar.schema.map((column) => ({ name: column.name, type: column.type, nullable: column.nullable })),
  profile: { rows: sidecar.statistics.rows, columns: sidecar.statistics.columns, bytes: sidecar.bytes }
})

/**
 * Records the MLflow run id in a committed sidecar: inserts `mlflow_run_id` after `run_id`,
 * leaving every other byte of the body as it was (the commit record re-hashes it).
 */
export const recordMlflowRunId = (sidecarKey: string, mlflowRunId: string): Effect.Effect<void, BlobStoreError, BlobStore> =>
  CommitProtocol.amendSidecar(sidecarKey, (body) => (/^mlflow_run_id:/m.test(body) ? body : body.replace(/^(run_id: .*)$/m, `$1\nmlflow_run_id: ${mlflowRunId}`))).pipe(
    Effect.asVoid
  )

/** Upstream details read from the upstream partitions' sidecars (missing ones are left out). */
export const readUpstreamDetails = (project: Project, sidecar: Sidecar.Sidecar) =>
  Effect.gen(function* () {
    const details = new Map<string, UpstreamDetails>()
    for (const source of sidecar.dataSource) {
      if (source.kind !== "asset") continue
      const definition = project.graph.definitions.get(source.asset as AssetKey.AssetKey)
      if (definition === undefined || definition._tag === "Source") continue
      const upstream = yield* readSidecar(project, source.asset, source.partition).pipe(Effect.orElseSucceed(() => Option.none()))
      if (Option.isSome(upstream)) details.set(`${source.asset}@${source.partition}`, upstreamDetailsOf(upstream.value))
    }
    return details
  })

/** Committed sidecars that name no MLflow run, with their keys. */
export const sidecarsWithoutRun = (project: Project, observations: ReadonlyArray<Observation.Observation>) =>
  Effect.gen(function* () {
    const found: Array<{ readonly sidecar: Sidecar.Sidecar; readonly key: string }> = []
    for (const observation of observations) {
      const definition = project.graph.definitions.get(observation.asset as AssetKey.AssetKey)
      if (definition === undefined || definition._tag === "Source") continue
      const sidecar = yield* readSidecar(project, observation.asset, observation.partition)
      if (Option.isNone(sidecar) || sidecar.value.mlflowRunId !== undefined) continue
      const layout = yield* layoutFor(project, definition, observation.partition)
      found.push({ sidecar: sidecar.value, key: DatasetLayout.sidecarKey(layout) })
    }
    return found
  })

/** Where a run sends lineage: MLflow when configured and reachable, nowhere otherwise. */
export interface LineageSink {
  /** Opens the command's run (a failure turns the sink off: lineage stays in sidecars). */
  readonly start: (name: string) => Effect.Effect<void, never, BlobStore>
  /** Projects one committed materialization and records its MLflow run id in its sidecar. */
  readonly record: (sidecar: Sidecar.Sidecar, sidecarKey: string, metrics: Readonly<Record<string, number>>) => Effect.Effect<void, never, BlobStore>
  /** Closes the command's run. */
  readonly finish: (failed: boolean) => Effect.Effect<void>
}

/** A sink that projects nothing. */
export const noLineage: LineageSink = { start: () => Effect.void, record: () => Effect.void, finish: () => Effect.void }

const messageOf = (error: unknown): string =>
  typeof error === "object" && error !== null && "message" in error ? String((error as { message: unknown }).message) : String(error)

/**
 * The MLflow sink of a run. The first failure to reach MLflow turns it off for the rest of the
 * run, with one warning: the commits go on and `strata lineage sync` replays the projection.
 */
export const makeLineageSink = (
  project: Project,
  projection: Projection["Service"],
  runId: string,
  warn: (message: string) => void
): LineageSink => {
  let parentRunId: string | undefined
  let down = false
  const experiment = project.config.project
  const turnOff = (error: unknown) =>
    Effect.sync(() => {
      if (down) return
      down = true
      warn(`MLflow lineage is off for this run (${messageOf(error)}); sidecars keep the lineage: run \`strata lineage sync\` when MLflow is back`)
    })
  // A server that cannot be used turns the sink off; a refusal of one run (a param conflict,
  // an invalid value) is that partition's problem only.
  const onRecordError = (sidecar: Sidecar.Sidecar) => (error: unknown) =>
    isServerUnusable(error)
      ? turnOff(error)
      : Effect.sync(() => warn(`MLflow did not take ${sidecar.asset}@${sidecar.partition}: ${messageOf(error)}`))
  return {
    start: (name) =>
      projection.startCommandRun({ experiment, strataRunId: runId, workflow: project.config.workflow, name, startTimeMs: Date.now() }).pipe(
        Effect.map((id) => void (parentRunId = id)),
        Effect.catch(turnOff)
      ),
    record: (sidecar, sidecarKey, metrics) =>
      down
        ? Effect.void
        : Effect.gen(function* () {
            const upstream = yield* readUpstreamDetails(project, sidecar)
            const input = projectionInputOf(sidecar, sidecarKey, project.config.settings, metrics, upstream)
            const projected = yield* projection.project(input, { experiment, ...(parentRunId === undefined ? {} : { parentRunId }) })
            yield* recordMlflowRunId(sidecarKey, projected.mlflowRunId)
          }).pipe(Effect.catch(onRecordError(sidecar))),
    finish: (failed) =>
      parentRunId === undefined || down
        ? Effect.void
        : projection.finishCommandRun(parentRunId, failed ? "FAILED" : "FINISHED", Date.now()).pipe(Effect.catch(turnOff))
  }
}
