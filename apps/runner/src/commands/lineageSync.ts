/** `strata lineage sync`: project onto MLflow every committed sidecar that names no MLflow run. */
import { Projection } from "@strata/mlflow"
import { Effect, Layer } from "effect"
import { Command } from "effect/cli"
import { projectionInputOf, projectionLayer, readUpstreamDetails, recordMlflowRunId, sidecarsWithoutRun } from "../MlflowLineage.ts"
import { observeProject } from "../Observations.ts"
import { UsageError } from "../Project.ts"
import { configFlag, isInteractive, jsonFlag, print, projectOf, RunFailed, withStorage } from "./shared.ts"

/** `strata lineage sync` */
export const lineageSync = Command.make("sync", { config: configFlag, json: jsonFlag }, (input) =>
  Effect.gen(function* () {
    const project = yield* projectOf(input.config)
    const layer = projectionLayer(project)
    if (layer === undefined) return yield* new UsageError({ message: "MLflow is not configured: set MLFLOW_TRACKING_URI (or `mlflow.trackingUri` in the configuration)" })
    const result = yield* withStorage(
      project,
      Effect.gen(function* () {
        const projection = yield* Projection
        const observed = yield* observeProject(project.config.project, project.definitions)
        const pending = yield* sidecarsWithoutRun(project, observed.observations)
        const inputs = yield* Effect.forEach(pending, ({ sidecar, key }) =>
          Effect.map(readUpstreamDetails(project, sidecar), (details) => projectionInputOf(sidecar, key, project.config.settings, sidecar.execution.metrics ?? {}, details))
        )
        const synced = yield* projection.sync(inputs, { experiment: project.config.project })
        const keyOf = new Map(pending.map(({ sidecar, key }) => [`${sidecar.asset}@${sidecar.partition}`, key]))
        for (const run of synced.runs) {
          const key = keyOf.get(`${run.asset}@${run.partition}`)
          if (key !== undefined) yield* recordMlflowRunId(key, run.mlflowRunId)
        }
        return synced
      }).pipe(Effect.provide(Layer.orDie(layer)))
    )
    const counts = new Map<string, number>()
    for (const run of result.runs) counts.set(run.outcome, (counts.get(run.outcome) ?? 0) + 1)
    const summary = { projected: result.runs.length, ...Object.fromEntries(counts), failures: result.failures.length }
    yield* print(isInteractive(input.json) ? `Lineage sync: ${JSON.stringify(summary)}` : JSON.stringify(summary))
    for (const failure of result.failures) yield* print(`  ${failure.asset}@${failure.partition}: ${failure.error.message}`)
    if (result.failures.length > 0) return yield* new RunFailed({ message: `${result.failures.length} sidecar(s) could not be projected` })
  })
).pipe(Command.withDescription("Project onto MLflow every committed sidecar that names no MLflow run (after MLflow was down)"))
