/**
 * Plans and runs: observe storage, plan what is missing or stale, execute the plan with
 * bounded concurrency, report progress and a summary. Used by `materialize` and `backfill`.
 */
import { type AssetKey, PartitionRange, Partitions, Planner, Selection } from "@strata/core"
import type { BlobStore, BlobStoreError } from "@strata/storage"
import type { Sidecar } from "@strata/metadata"
import { Projection } from "@strata/mlflow"
import { Effect, Layer } from "effect"
import { blockedCheckKeys } from "./BlockedChecks.ts"
import { writeCards } from "./DatasetCards.ts"
import { type ExecutionTask, execute, type StopSignal, type TaskOutcome } from "./Executor.ts"
import * as HeapCollector from "./HeapCollector.ts"
import { isRetryable, keepClaims, materializeStep, runnerIdOf, type RunContext, type StepResult } from "./Materializer.ts"
import { type LineageSink, makeLineageSink, noLineage, projectionLayer } from "./MlflowLineage.ts"
import { observeProject } from "./Observations.ts"
import { readSidecar } from "./Sidecars.ts"
import { type Project, UsageError } from "./Project.ts"
import * as Roles from "./Roles.ts"
import type { Reporter } from "./Reporter.ts"

/** What to run. */
export interface RunRequest {
  /** Asset selection text (see `Selection`), `*` for every asset. */
  readonly selection: string
  /** Partition range. */
  readonly range: PartitionRange.RangeInput
  /** Re-materialize fresh partitions too. */
  readonly force: boolean
  /** Run only the selected assets against their upstream data as it is (no upstream planning). */
  readonly noUpstream: boolean
  /** Plan only. */
  readonly dryRun: boolean
}

/** How a run ended. */
export interface RunSummary {
  readonly runId: string
  readonly plan: Planner.Plan
  readonly outcomes: ReadonlyArray<TaskOutcome<StepResult>>
  readonly listCalls: number
  readonly durationMs: number
}

/** A fresh run id: time-ordered and unique enough for logs, sidecars and MLflow. */
export const makeRunId = (now: Date, random: () => number = Math.random): string =>
  `${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${Math.floor(random() * 0xffffff).toString(16).padStart(6, "0")}`

/** Resolves the selection and range of a request against the project, or explains the mistake. */
export const resolveRequest = (project: Project, request: RunRequest) =>
  Effect.gen(function* () {
    const selection = yield* Effect.fromResult(Selection.parse(request.selection)).pipe(Effect.mapError((e) => new UsageError({ message: e.message, cause: e })))
    const keys = yield* Effect.fromResult(Selection.resolve(project.graph, selection)).pipe(Effect.mapError((e) => new UsageError({ message: e.message, cause: e })))
    const range =
      request.range.from === undefined && request.range.to === undefined && request.range.keys === undefined
        ? PartitionRange.all
        : yield* Effect.fromResult(PartitionRange.parse(request.range)).pipe(Effect.mapError((e) => new UsageError({ message: e.message, cause: e })))
    return { keys, range }
  })

/** Observes storage and plans; pure planning after one observation pass. */
export const planRun = (project: Project, keys: ReadonlyArray<AssetKey.AssetKey>, range: PartitionRange.PartitionRange, request: RunRequest, now: Date) =>
  Effect.gen(function* () {
    const observed = yield* observeProject(project.config.project, project.definitions)
    const plan = Planner.plan(project.graph, keys, range, observed.observations, now, {
      force: request.force,
      noUpstream: request.noUpstream,
      dynamicKeys: observed.dynamicKeys
    })
    return { plan, observed }
  })

/** Selected assets whose partitions an unknown-key error describes; the rest are counted. */
const ASSETS_DESCRIBED = 5

/** The usage error of `--partition` keys that no selected asset has, describing the selected assets' partitions. */
export const unknownKeysError = (project: Project, selected: ReadonlyArray<AssetKey.AssetKey>, unknown: ReadonlyArray<string>): UsageError => {
  // Assets partitioned alike are named together: `a, b: daily from 2021-01-01 (UTC)`.
  const byPartitions = new Map<string, Array<string>>()
  for (const asset of selected.slice(0, ASSETS_DESCRIBED)) {
    const description = Partitions.describe(project.graph.definitions.get(asset)?.spec.partitions)
    byPartitions.set(description, [...(byPartitions.get(description) ?? []), asset])
  }
  const described = [...byPartitions].map(([description, assets]) => `${assets.join(", ")}: ${description}`)
  const more = selected.length > ASSETS_DESCRIBED ? `; ${selected.length - ASSETS_DESCRIBED} more assets` : ""
  return new UsageError({
    message: `--partition ${unknown.join(",")}: no selected asset has ${unknown.length === 1 ? "this partition" : "these partitions"} (${described.join("; ")}${more}). Check the key, or run \`strata status\` to see the partitions.`
  })
}

/** The id of a step in logs and progress: `<asset>@<partition>`. */
export const stepId = (asset: string, partition: string): string => `${asset}@${partition}`

/**
 * Runs a request to completion: never fails on a step's failure (it is an outcome); fails
 * only on usage errors and on storage that cannot be listed.
 */
export const run = (
  project: Project,
  request: RunRequest,
  reporter: Reporter,
  stop: StopSignal
): Effect.Effect<RunSummary, UsageError | BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const started = performance.now()
    const now = new Date()
    const runId = makeRunId(now)
    const { keys, range } = yield* resolveRequest(project, request)
    const { plan, observed } = yield* planRun(project, keys, range, request, now)
    if (plan.unknownKeys.length > 0) return yield* unknownKeysError(project, keys, plan.unknownKeys)
    /** Writes the cards of the assets committed to, and the missing cards of others (a card never fails the run). */
    const cards = (committed: ReadonlyArray<Sidecar.Sidecar>) =>
      writeCards(project.config.project, project.graph.definitions, committed, observed.observations, (asset, partition) =>
        readSidecar(project, asset, partition)
      ).pipe(Effect.catch((error) => Effect.sync(() => reporter.info(`dataset cards not written: ${error.message}`))))
    if (request.dryRun || plan.steps.length === 0) {
      if (!request.dryRun) yield* cards([])
      return { runId, plan, outcomes: [], listCalls: observed.listCalls, durationMs: performance.now() - started }
    }
    const roles = yield* Roles.make(project, plan.steps)
    const context: RunContext = {
      project: project.config.project,
      root: project.config.storage.root,
      workflow: project.config.workflow,
      runId,
      settings: project.config.settings,
      definitions: project.graph.definitions,
      sourceVersions: observed.sourceVersions,
      log: (message, fields) => reporter.info(message, fields),
      claims: project.config.claims ? yield* keepClaims : undefined,
      runnerId: runnerIdOf(runId),
      // Unlisted (storage refused the listing), every commit removes its record as before.
      ...(yield* blockedCheckKeys(project.config.project).pipe(
        Effect.map((blockedChecks) => ({ blockedChecks })),
        Effect.orElseSucceed(() => ({}))
      ))
    }
    const ids = plan.steps.map((step) => stepId(step.asset, step.partition))
    const tasks: Array<ExecutionTask<Planner.PlanStep>> = plan.steps.map((step, i) => ({
      id: ids[i]!,
      dependsOn: step.waitsFor.map((position) => ids[position]!),
      retry: project.graph.definitions.get(step.asset)!.spec.retry,
      payload: step
    }))
    const heap = HeapCollector.make(project.config.heapCollectionMb)
    reporter.begin(plan.steps.map((step, i) => ({ id: ids[i]!, asset: step.asset, partition: step.partition })))
    const outcomes = yield* withLineage(project, runId, (message) => reporter.info(message), (lineage) =>
      Effect.gen(function* () {
        yield* lineage.start(`strata ${request.selection} ${runId}`)
        const outcomes = yield* execute(
          tasks,
          (task) => {
            const definition = project.graph.definitions.get(task.payload.asset)
            if (definition === undefined || definition._tag !== "Materialized") {
              return Effect.die(new Error(`planned step for non-materialized asset ${task.payload.asset}`))
            }
            return roles.asWriter(task.payload, materializeStep(context, definition, task.payload.partition, task.payload.upstream, { force: task.payload.reason === "forced" })).pipe(
              Effect.tap((result) => lineage.record(result.sidecar, result.sidecarKey, result.metrics))
            )
          },
          {
            concurrency: project.config.concurrency,
            onEvent: (event) => {
              reporter.event(event)
              if (event._tag === "Finished") heap.afterStep()
            },
            stop,
            isRetryable
          }
        )
        yield* lineage.finish(outcomes.some((outcome) => outcome._tag !== "Succeeded"))
        const committed = outcomes.flatMap((outcome) => (outcome._tag === "Succeeded" && outcome.value.alreadyCommitted !== true ? [outcome.value.sidecar] : []))
        yield* cards(committed)
        return outcomes
      })
    )
    reporter.end()
    return { runId, plan, outcomes, listCalls: observed.listCalls, durationMs: performance.now() - started }
  }).pipe(Effect.scoped)

/** Runs `body` with the project's lineage sink: MLflow when configured, nothing otherwise. */
export const withLineage = <A, E, R>(
  project: Project,
  runId: string,
  warn: (message: string) => void,
  body: (sink: LineageSink) => Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> => {
  const layer = projectionLayer(project)
  if (layer === undefined) return body(noLineage)
  return Effect.gen(function* () {
    const projection = yield* Projection
    return yield* body(makeLineageSink(project, projection, runId, warn))
  }).pipe(Effect.provide(Layer.orDie(layer)))
}

/** Counts of a run's outcomes by kind. */
export const countOutcomes = (outcomes: ReadonlyArray<TaskOutcome<unknown>>) => {
  const counts = { succeeded: 0, failed: 0, skipped: 0, cancelled: 0 }
  for (const outcome of outcomes) {
    if (outcome._tag === "Succeeded") counts.succeeded++
    else if (outcome._tag === "Failed") counts.failed++
    else if (outcome._tag === "Skipped") counts.skipped++
    else counts.cancelled++
  }
  return counts
}
