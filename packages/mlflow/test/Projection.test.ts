import { createHash } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { MlflowClient } from "../src/MlflowClient.ts"
import { Projection, TAGS, runContent } from "../src/Projection.ts"
import { ProjectionError } from "../src/ProjectionError.ts"
import { materializationId } from "../src/ProjectionInput.ts"
import { tagValue, type Run } from "../src/Entities.ts"
import { clientLayer, closedUri, failingProxy, inputFor, requestLog, unique } from "./support.ts"

/** The projection over a client layer. */
const projectionOn = (client: Layer.Layer<MlflowClient>) => Layer.provideMerge(Projection.layer, client)

/** What a person sees in the UI: every run of the experiment, read through a separate client. */
const runsOf = (experiment: string) =>
  MlflowClient.use((mlflow) =>
    Effect.gen(function* () {
      const found = yield* mlflow.getExperimentByName(experiment)
      if (Option.isNone(found)) return [] as ReadonlyArray<Run>
      return yield* mlflow.searchRuns({ experimentIds: [found.value.experimentId] })
    })
  ).pipe(Effect.provide(clientLayer()))

const PARTITIONS = ["2021-09-01", "2021-09-02", "2021-09-03", "2021-09-04"]

describe("Projection.project", () => {
  it.live("logs each partition as a run nested under the command run, as the UI shows it", () => {
    const log = requestLog()
    const experiment = unique("project")
    const strataRunId = unique("run")
    const inputs = PARTITIONS.slice(0, 3).map((partition) => inputFor("preprocess/url-normalization", partition, strataRunId))
    return Effect.gen(function* () {
      const projection = yield* Projection
      const parent = yield* projection.startCommandRun({ experiment, strataRunId, workflow: "backfill", name: "strata materialize --all", startTimeMs: 1_700_000_000_000 })
      const perPartition: Array<number> = []
      for (const input of inputs) {
        const before = log.requests.length
        const projected = yield* projection.project(input, { experiment, parentRunId: parent })
        expect(projected.outcome).toBe("created")
        perPartition.push(log.requests.length - before)
      }
      yield* projection.finishCommandRun(parent, "FINISHED", 1_700_000_010_000)
      // After the command's lookup, each partition costs create + log-batch + log-inputs + sidecar upload + update.
      expect(perPartition.slice(1)).toEqual([5, 5])

      const runs = yield* runsOf(experiment)
      const children = runs.filter((run) => tagValue(run, TAGS.parentRunId) === parent)
      expect(children.map((run) => run.info.runName).sort()).toEqual(inputs.map((input) => `${input.asset}@${input.partition}`).sort())
      expect(runs.find((run) => run.info.runId === parent)?.info.status).toBe("FINISHED")
      for (const input of inputs) {
        const run = children.find((candidate) => candidate.info.runName.endsWith(input.partition))!
        expect(run.info.status).toBe("FINISHED")
        expect(run.info.startTime).toBe(input.startTimeMs)
        expect(run.info.endTime).toBe(input.endTimeMs)
        expect(tagValue(run, TAGS.asset)).toBe(input.asset)
        expect(tagValue(run, TAGS.layer)).toBe("silver")
        expect(tagValue(run, TAGS.codeVersion)).toBe("3")
        expect(tagValue(run, TAGS.workflow)).toBe("backfill")
        expect(tagValue(run, TAGS.runId)).toBe(strataRunId)
        expect(tagValue(run, TAGS.materializationId)).toBe(materializationId(input))
        expect(tagValue(run, TAGS.note)).toBe(input.description)
        const params = new Map(run.params.map((param) => [param.key, param.value]))
        expect(params.get("code_version")).toBe("3")
        expect(params.get("process.01.normalize_url")).toBe('{"lowercaseHost":true}')
        expect(params.get("process.02.dedup")).toBe('{"keep":"freshest"}')
        expect(params.get("config.dedup.mode")).toBe("exact")
        expect(params.get("config.annotation.model")).toBe("small")
        expect(JSON.stringify(run)).not.toContain("tok-SECRET-42")
        expect(tagValue(run, TAGS.redactedConfigKeys)).toBe("config.annotation.apiToken")
        const metrics = new Map(run.metrics.map((metric) => [metric.key, metric.value]))
        expect(Object.fromEntries(["rows_in", "rows_out", "rows_quarantined", "duplicates_removed", "duration_seconds", "checks_passed", "checks_failed"].map((k) => [k, metrics.get(k)]))).toEqual({
          rows_in: 120,
          rows_out: 100,
          rows_quarantined: 5,
          duplicates_removed: 15,
          duration_seconds: 4.5,
          checks_passed: 1,
          checks_failed: 1
        })
        expect(metrics.get("check.rows_between")).toBe(0)
        const upstream = input.inputs[0]!
        expect(run.inputs).toHaveLength(1)
        expect(run.inputs[0]?.tags).toEqual([{ key: "mlflow.data.context", value: "input" }])
        expect(run.inputs[0]?.dataset).toMatchObject({ name: `raw/html-documents@${input.partition}`, digest: upstream.sha1!.slice(0, 36), sourceType: "s3" })
        expect(JSON.parse(run.inputs[0]!.dataset.source)).toEqual({ uri: upstream.uri })
        expect(JSON.parse(run.inputs[0]!.dataset.schema!).mlflow_colspec.map((column: { name: string; type: string }) => `${column.name}:${column.type}`)).toEqual([
          "url:string",
          "fetched_at:datetime",
          "bytes:long"
        ])
        const mlflow = yield* MlflowClient
        expect((yield* mlflow.listArtifacts(run.info.artifactUri)).map((file) => file.path)).toEqual(["html-documents.meta.yaml"])
        expect(new TextDecoder().decode(yield* mlflow.downloadArtifact(run.info.artifactUri, "html-documents.meta.yaml"))).toBe(input.sidecar.text)
      }
    }).pipe(Effect.provide(projectionOn(clientLayer({}, log.options))))
  })

  it.live("projecting the same materialization twice, even from another process, returns the one run", () => {
    const experiment = unique("twice")
    const input = inputFor("raw/html-documents", "2021-09-02", unique("run"), { sample: [{ url: "https://example.com/", token: "t-1" }] })
    return Effect.gen(function* () {
      const first = yield* Projection.use((projection) => projection.project(input, { experiment })).pipe(Effect.provide(projectionOn(clientLayer())))
      const again = yield* Projection.use((projection) => projection.project(input, { experiment })).pipe(Effect.provide(projectionOn(clientLayer())))
      expect(first.outcome).toBe("created")
      expect(again).toEqual({ ...first, outcome: "existing" })
      const runs = yield* runsOf(experiment)
      expect(runs.map((run) => run.info.runId)).toEqual([first.mlflowRunId])
      const sample = yield* MlflowClient.use((mlflow) => mlflow.downloadArtifact(runs[0]!.info.artifactUri, "sample.jsonl")).pipe(Effect.provide(clientLayer()))
      expect(new TextDecoder().decode(sample)).toBe('{"url":"https://example.com/"}\n')
    })
  })

  it.live("reports a changed param on an existing run as ParamConflict, without retrying", () => {
    const experiment = unique("conflict")
    const input = inputFor("preprocess/url-normalization", "2021-09-02", unique("run"))
    const changed = { ...input, config: { dedup: { mode: "near-duplicate" } } }
    const log = requestLog()
    return Effect.gen(function* () {
      const created = yield* Projection.use((projection) => projection.project(input, { experiment })).pipe(Effect.provide(projectionOn(clientLayer())))
      const error = yield* Effect.flip(Projection.use((projection) => projection.project(changed, { experiment }))).pipe(
        Effect.provide(projectionOn(clientLayer({}, log.options)))
      )
      expect(error).toBeInstanceOf(ProjectionError)
      expect(error._tag === "ProjectionError" && error.reason).toBe("ParamConflict")
      expect(error._tag === "ProjectionError" && error.key).toBe("config.dedup.mode")
      expect(error.message).toContain(created.mlflowRunId)
      // The experiment and the command's runs are looked up; nothing is written, nothing retried.
      expect(log.requests.filter((request) => !request.startsWith("GET") && !request.endsWith("/runs/search"))).toEqual([])
      const run = (yield* runsOf(experiment))[0]!
      expect(run.params).toContainEqual({ key: "config.dedup.mode", value: "exact" })
    })
  })

  it.live("logs a training run with the gold partitions it read as training inputs and its model", () => {
    const experiment = unique("training")
    const gold = PARTITIONS.map((partition) => ({
      asset: "annotated",
      partition,
      uri: `file:///data/annotated/${partition}/html-documents.jsonl`,
      sha1: `${"b".repeat(30)}${partition.replace(/\D/g, "").padStart(10, "0")}`,
      columns: [{ name: "category", type: "string", nullable: false }]
    }))
    const input = {
      ...inputFor("model", "2021-09-04", unique("run"), { layer: "model", inputs: gold }),
      metrics: { rowsIn: 400, rowsOut: 0, rowsQuarantined: 0, durationMs: 9000, checks: [], extra: { accuracy: 0.91, f1_macro: 0.88 } },
      model: { fileName: "model.json", body: new TextEncoder().encode('{"weights":[1,2]}'), contentType: "application/json" }
    }
    return Effect.gen(function* () {
      const projected = yield* Projection.use((projection) => projection.logTrainingRun(input, { experiment })).pipe(Effect.provide(projectionOn(clientLayer())))
      const run = (yield* runsOf(experiment)).find((candidate) => candidate.info.runId === projected.mlflowRunId)!
      expect(tagValue(run, TAGS.kind)).toBe("training")
      expect(run.inputs.map((used) => [used.dataset.name, used.dataset.digest, used.dataset.sourceType, used.tags[0]?.value]).sort()).toEqual(
        gold.map((partition) => [`annotated@${partition.partition}`, partition.sha1.slice(0, 36), "local", "training"]).sort()
      )
      expect(new Map(run.metrics.map((metric) => [metric.key, metric.value])).get("accuracy")).toBe(0.91)
      const model = yield* MlflowClient.use((mlflow) => mlflow.downloadArtifact(run.info.artifactUri, "model/model.json")).pipe(Effect.provide(clientLayer()))
      expect(new TextDecoder().decode(model)).toBe('{"weights":[1,2]}')
    })
  })
})

describe("runContent", () => {
  it("describes an external source by its URI, without credentials, and makes rule names valid keys", () => {
    const input = inputFor("raw/html-documents", "2021-09-02", "r1", {
      inputs: [{ asset: "crawler-landing", uri: "https://crawler:pw@landing.example.com/drop/2021-09-02" }],
      process: [{ rule: "strip@html", params: { password: "x", depth: 3 } }]
    })
    const content = runContent(input, { kind: "materialization" })
    const uri = "https://landing.example.com/drop/2021-09-02"
    expect(content.datasets).toEqual([
      {
        tags: [{ key: "mlflow.data.context", value: "input" }],
        dataset: { name: "crawler-landing", digest: createHash("sha1").update(uri).digest("hex").slice(0, 36), sourceType: "http", source: JSON.stringify({ uri }) }
      }
    ])
    expect(content.params).toContainEqual({ key: "process.01.strip_html", value: '{"depth":3}' })
    expect(content.tags.find((tag) => tag.key === TAGS.parentRunId)).toBeUndefined()
  })
})

describe("Projection.sync", () => {
  it.live("after MLflow went down during a backfill, sync restores every run exactly once", () => {
    const experiment = unique("down")
    const strataRunId = unique("run")
    const inputs = PARTITIONS.map((partition) => inputFor("preprocess/url-normalization", partition, strataRunId))
    // get-by-name, create experiment, get-by-name, search, create command run, 5 for the first partition, then create + log-batch of the second.
    const budget = 12
    return Effect.gen(function* () {
      const proxy = yield* Effect.promise(() => failingProxy(budget))
      const outcomes = yield* Effect.gen(function* () {
        const projection = yield* Projection
        const parent = yield* projection.startCommandRun({ experiment, strataRunId, workflow: "backfill", startTimeMs: 1_700_000_000_000 })
        return yield* Effect.forEach(inputs, (input) => Effect.result(projection.project(input, { experiment, parentRunId: parent })))
      }).pipe(Effect.provide(projectionOn(clientLayer({ trackingUri: proxy.uri }))))
      yield* Effect.promise(proxy.close)
      expect(outcomes.map((outcome) => outcome._tag)).toEqual(["Success", "Failure", "Failure", "Failure"])
      for (const outcome of outcomes)
        if (outcome._tag === "Failure") expect(outcome.failure._tag === "MlflowError" && outcome.failure.reason).toBe("Unavailable")
      const halfway = yield* runsOf(experiment)
      expect(halfway.filter((run) => tagValue(run, TAGS.materializationId) !== undefined).map((run) => run.info.status).sort()).toEqual(["FINISHED", "RUNNING"])

      // MLflow still down (a closed port): sync fails at once, saying so, and creates nothing.
      const unreachable = yield* Effect.promise(closedUri)
      const refused = yield* Effect.flip(Projection.use((projection) => projection.sync(inputs, { experiment }))).pipe(
        Effect.provide(projectionOn(clientLayer({ trackingUri: unreachable })))
      )
      expect(refused.reason).toBe("Unavailable")

      // MLflow back: every partition gets its run, the half-logged one completed, none twice.
      const synced = yield* Projection.use((projection) => projection.sync(inputs, { experiment })).pipe(Effect.provide(projectionOn(clientLayer())))
      expect(synced.failures).toEqual([])
      expect(synced.runs.map((run) => run.outcome)).toEqual(["existing", "resumed", "created", "created"])
      const again = yield* Projection.use((projection) => projection.sync(inputs, { experiment })).pipe(Effect.provide(projectionOn(clientLayer())))
      expect(again.runs.map((run) => run.outcome)).toEqual(["existing", "existing", "existing", "existing"])
      expect(again.runs.map((run) => run.mlflowRunId)).toEqual(synced.runs.map((run) => run.mlflowRunId))

      const runs = yield* runsOf(experiment)
      const materializations = runs.filter((run) => tagValue(run, TAGS.materializationId) !== undefined)
      expect(materializations.map((run) => tagValue(run, TAGS.materializationId)).sort()).toEqual(inputs.map(materializationId).sort())
      expect(materializations.every((run) => run.info.status === "FINISHED")).toBe(true)
      const commandRuns = runs.filter((run) => tagValue(run, TAGS.commandRunId) === strataRunId)
      expect(commandRuns).toHaveLength(1)
      expect(materializations.every((run) => tagValue(run, TAGS.parentRunId) === commandRuns[0]!.info.runId)).toBe(true)
    })
  })

  it.live("skips inputs whose sidecar already records a run, without a request", () => {
    const log = requestLog()
    const input = inputFor("raw/html-documents", "2021-09-02", unique("run"), { mlflowRunId: "0123456789abcdef0123456789abcdef" })
    return Effect.gen(function* () {
      const result = yield* Projection.use((projection) => projection.sync([input], { experiment: unique("recorded") }))
      expect(result.runs).toEqual([{ asset: input.asset, partition: input.partition, mlflowRunId: input.mlflowRunId, outcome: "recorded" }])
      expect(log.requests).toEqual([])
    }).pipe(Effect.provide(projectionOn(clientLayer({}, log.options))))
  })
})
