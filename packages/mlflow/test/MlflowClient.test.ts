import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { inject } from "vitest"
import { MlflowClient } from "../src/MlflowClient.ts"
import { MlflowError } from "../src/MlflowError.ts"
import { colSpec } from "../src/ColSpec.ts"
import { FAST_RETRY, clientLayer, closedUri, requestLog, stubServer, trackingUri, unique } from "./support.ts"

const failureOf = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.flip(effect)

const newRun = (experiment: string) =>
  Effect.gen(function* () {
    const mlflow = yield* MlflowClient
    const { experimentId } = yield* mlflow.ensureExperiment(experiment)
    return yield* mlflow.createRun({ experimentId, runName: "raw@2021-09-02", startTime: 1_700_000_000_000, tags: [{ key: "strata.asset", value: "raw" }] })
  })

describe("MlflowClient: experiments", () => {
  it.live("creates an experiment once and finds it by name", () =>
    Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      const name = unique("exp")
      expect(Option.isNone(yield* mlflow.getExperimentByName(name))).toBe(true)
      const first = yield* mlflow.ensureExperiment(name)
      const second = yield* mlflow.ensureExperiment(name)
      expect(second.experimentId).toBe(first.experimentId)
      expect(first.artifactLocation.startsWith("mlflow-artifacts:")).toBe(true)
      const taken = yield* failureOf(mlflow.createExperiment(name))
      expect(taken.reason).toBe("AlreadyExists")
      expect(taken.errorCode).toBe("RESOURCE_ALREADY_EXISTS")
    }).pipe(Effect.provide(clientLayer()))
  )

  it.live("restores a deleted experiment that still holds the name, or reports it", () =>
    Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      const name = unique("deleted")
      const { experimentId } = yield* mlflow.ensureExperiment(name)
      yield* deleteExperiment(experimentId)
      const refused = yield* failureOf(mlflow.ensureExperiment(name, "fail"))
      expect(refused.reason).toBe("AlreadyExists")
      expect(refused.message).toContain("deleted but still holds the name")
      const restored = yield* mlflow.ensureExperiment(name)
      expect(restored.experimentId).toBe(experimentId)
      const seen = yield* mlflow.getExperimentByName(name)
      expect(Option.getOrThrow(seen).lifecycleStage).toBe("active")
    }).pipe(Effect.provide(clientLayer()))
  )
})

/** Deletes an experiment through the REST API (the client has no delete: Strata never deletes). */
const deleteExperiment = (experimentId: string) =>
  Effect.promise(() =>
    fetch(`${trackingUri()}/api/2.0/mlflow/experiments/delete`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ experiment_id: experimentId })
    })
  )

describe("MlflowClient: runs", () => {
  it.live("creates, searches by tag, updates and reads a run", () =>
    Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      const name = unique("runs")
      const run = yield* newRun(name)
      expect(run.info.status).toBe("RUNNING")
      const experiment = Option.getOrThrow(yield* mlflow.getExperimentByName(name))
      const found = yield* mlflow.searchRuns({ experimentIds: [experiment.experimentId], filter: "tags.`strata.asset` = 'raw'" })
      expect(found.map((r) => r.info.runId)).toEqual([run.info.runId])
      const none = yield* mlflow.searchRuns({ experimentIds: [experiment.experimentId], filter: "tags.`strata.asset` = 'gold'" })
      expect(none).toEqual([])
      yield* mlflow.updateRun({ runId: run.info.runId, status: "FINISHED", endTime: 1_700_000_001_000 })
      yield* mlflow.setTag(run.info.runId, "strata.layer", "bronze")
      const back = yield* mlflow.getRun(run.info.runId)
      expect(back.info.status).toBe("FINISHED")
      expect(back.info.endTime).toBe(1_700_000_001_000)
      expect(back.tags).toContainEqual({ key: "strata.layer", value: "bronze" })
      const missing = yield* failureOf(mlflow.getRun("0123456789abcdef0123456789abcdef"))
      expect(missing.reason).toBe("NotFound")
    }).pipe(Effect.provide(clientLayer()))
  )

  it.live("splits 250 params into three log-batch requests and the run holds all 250", () => {
    const log = requestLog()
    return Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      const run = yield* newRun(unique("limits"))
      const params = Array.from({ length: 250 }, (_, i) => ({ key: `p.${String(i).padStart(3, "0")}`, value: `value ${i}` }))
      const before = log.requests.length
      const sent = yield* mlflow.logBatch(run.info.runId, { params, metrics: [{ key: "rows", value: 3, timestamp: 1, step: 0 }], tags: [] })
      const batches = log.requests.slice(before).filter((request) => request.endsWith("/runs/log-batch"))
      expect(batches.length).toBe(3)
      expect(sent).toBe(3)
      const back = yield* mlflow.getRun(run.info.runId)
      expect(back.params.length).toBe(250)
      expect(new Map(back.params.map((p) => [p.key, p.value])).get("p.249")).toBe("value 249")
      expect(back.metrics).toContainEqual({ key: "rows", value: 3, timestamp: 1, step: 0 })
    }).pipe(Effect.provide(clientLayer({}, log.options)))
  })

  it.live("refuses an over-long param value before sending anything", () => {
    const log = requestLog()
    return Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      const run = yield* newRun(unique("toolong"))
      const before = log.requests.length
      const error = yield* failureOf(
        mlflow.logBatch(run.info.runId, { params: [{ key: "config.prompt", value: "x".repeat(6001) }], metrics: [], tags: [] })
      )
      expect(error).toBeInstanceOf(MlflowError)
      expect(error.reason).toBe("LimitExceeded")
      expect(error.key).toBe("config.prompt")
      expect(error.message).toContain("6000")
      expect(log.requests.length).toBe(before)
      expect((yield* mlflow.getRun(run.info.runId)).params).toEqual([])
    }).pipe(Effect.provide(clientLayer({}, log.options)))
  })

  it.live("reports a changed param as ParamConflict after one request, without retrying", () => {
    const log = requestLog()
    return Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      const run = yield* newRun(unique("conflict"))
      yield* mlflow.logBatch(run.info.runId, { params: [{ key: "threshold", value: "0.5" }], metrics: [], tags: [] })
      const before = log.requests.length
      const error = yield* failureOf(mlflow.logBatch(run.info.runId, { params: [{ key: "threshold", value: "0.7" }], metrics: [], tags: [] }))
      expect(error.reason).toBe("ParamConflict")
      expect(log.requests.length - before).toBe(1)
    }).pipe(Effect.provide(clientLayer({}, log.options)))
  })
})

describe("MlflowClient: inputs and artifacts", () => {
  it.live("logs a dataset input with its column-spec schema and digest, once even when logged twice", () =>
    Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      const run = yield* newRun(unique("inputs"))
      const schema = colSpec([
        { name: "url", type: "string", nullable: false },
        { name: "score", type: "number", nullable: true }
      ])
      const input = {
        tags: [{ key: "mlflow.data.context", value: "input" }],
        dataset: { name: "raw@2021-09-02", digest: "0123456789abcdef0123456789abcdef0123", sourceType: "s3", source: '{"uri":"s3://b/k"}', schema, profile: '{"rows":3}' }
      }
      yield* mlflow.logInputs(run.info.runId, [input])
      yield* mlflow.logInputs(run.info.runId, [input])
      const back = yield* mlflow.getRun(run.info.runId)
      expect(back.inputs).toEqual([input])
      expect(JSON.parse(back.inputs[0]?.dataset.schema ?? "{}")).toEqual({
        mlflow_colspec: [
          { type: "string", name: "url", required: true },
          { type: "double", name: "score", required: false }
        ]
      })
      const long = yield* failureOf(mlflow.logInputs(run.info.runId, [{ ...input, dataset: { ...input.dataset, digest: "f".repeat(40) } }]))
      expect(long.reason).toBe("LimitExceeded")
    }).pipe(Effect.provide(clientLayer()))
  )

  it.live("logs one new dataset from many runs at once: every run gets its input", () =>
    Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      const experiment = unique("race")
      const runs = yield* Effect.forEach(Array.from({ length: 8 }), () => newRun(experiment), { concurrency: 8 })
      const input = { tags: [], dataset: { name: "shared@2021-09-02", digest: "0123456789abcdef", sourceType: "local", source: '{"uri":"file:///x"}' } }
      yield* Effect.forEach(runs, (run) => mlflow.logInputs(run.info.runId, [input]), { concurrency: 8 })
      const back = yield* Effect.forEach(runs, (run) => mlflow.getRun(run.info.runId), { concurrency: 8 })
      expect(back.map((run) => run.inputs.map((logged) => logged.dataset.name))).toEqual(runs.map(() => ["shared@2021-09-02"]))
    }).pipe(Effect.provide(clientLayer()))
  )

  it.live("uploads artifacts through the proxy, lists and downloads them", () =>
    Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      const run = yield* newRun(unique("artifacts"))
      const text = "asset: raw\npartition: 2021-09-02\n"
      yield* mlflow.uploadArtifact(run.info.artifactUri, "html-documents.meta.yaml", new TextEncoder().encode(text), "application/x-yaml")
      yield* mlflow.uploadArtifact(run.info.artifactUri, "model/model.json", new TextEncoder().encode("{}"))
      const root = yield* mlflow.listArtifacts(run.info.artifactUri)
      expect(root.map((file) => [file.path, file.isDir]).sort()).toEqual([
        ["html-documents.meta.yaml", false],
        ["model", true]
      ])
      expect((yield* mlflow.listArtifacts(run.info.artifactUri, "model")).map((file) => file.fileSize)).toEqual([2])
      expect(new TextDecoder().decode(yield* mlflow.downloadArtifact(run.info.artifactUri, "html-documents.meta.yaml"))).toBe(text)
    }).pipe(Effect.provide(clientLayer()))
  )
})

describe("MlflowClient: authentication", () => {
  const target = () => inject("strataMlflow")

  it.live("is accepted with the basic-auth admin's credentials", () =>
    Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      const experiment = yield* mlflow.ensureExperiment(unique("auth"))
      expect(experiment.lifecycleStage).toBe("active")
    }).pipe(Effect.provide(Layer.suspend(() => clientLayer({ trackingUri: target().authUri, auth: { kind: "basic", ...target().admin } }))))
  )

  it.live("is accepted with credentials read from MLFLOW_TRACKING_USERNAME / PASSWORD", () =>
    Effect.gen(function* () {
      const mlflow = yield* MlflowClient
      expect(Option.isNone(yield* mlflow.getExperimentByName(unique("env")))).toBe(true)
    }).pipe(
      Effect.provide(
        Layer.suspend(() =>
          Layer.orDie(
            MlflowClient.layerFromEnv({
              MLFLOW_TRACKING_URI: target().authUri,
              MLFLOW_TRACKING_USERNAME: target().admin.username,
              MLFLOW_TRACKING_PASSWORD: target().admin.password
            })
          )
        )
      )
    )
  )

  it.live("is refused without, or with wrong, credentials: Unauthenticated, plain-text body, no secret in the message", () =>
    Effect.gen(function* () {
      const none = yield* failureOf(
        MlflowClient.use((mlflow) => mlflow.ensureExperiment("x")).pipe(
          Effect.provide(clientLayer({ trackingUri: target().authUri }))
        )
      )
      expect(none.reason).toBe("Unauthenticated")
      expect(none.status).toBe(401)
      expect(none.message).toContain("MLFLOW_TRACKING_USERNAME")
      const wrongPassword = "wrong-password-Zq81"
      const wrong = yield* failureOf(
        MlflowClient.use((mlflow) => mlflow.ensureExperiment("x")).pipe(
          Effect.provide(clientLayer({ trackingUri: target().authUri, auth: { kind: "basic", username: "admin", password: wrongPassword } }))
        )
      )
      expect(wrong.reason).toBe("Unauthenticated")
      expect(wrong.message).not.toContain(wrongPassword)
      const token = "tok-Bearer-Secret-77"
      const bearer = yield* failureOf(
        MlflowClient.use((mlflow) => mlflow.ensureExperiment("x")).pipe(
          Effect.provide(Layer.orDie(MlflowClient.layerFromEnv({ MLFLOW_TRACKING_URI: target().authUri, MLFLOW_TRACKING_TOKEN: token })))
        )
      )
      expect(bearer.reason).toBe("Unauthenticated")
      expect(bearer.message).not.toContain(token)
    })
  )
})

describe("MlflowClient: failures and retries", () => {
  it.live("retries a 503 honouring Retry-After, then succeeds", () =>
    Effect.gen(function* () {
      const stub = yield* Effect.promise(() =>
        stubServer((_, n) =>
          n <= 2
            ? { status: 503, body: "busy", headers: { "retry-after": "0" } }
            : { status: 200, body: JSON.stringify({ experiment: { experiment_id: "7", name: "e", lifecycle_stage: "active" } }) }
        )
      )
      const experiment = yield* MlflowClient.use((mlflow) => mlflow.getExperimentByName("e")).pipe(
        Effect.provide(clientLayer({ trackingUri: stub.uri }))
      )
      expect(Option.getOrThrow(experiment).experimentId).toBe("7")
      expect(stub.hits()).toBe(3)
      yield* Effect.promise(stub.close)
    })
  )

  it.live("gives up after the policy's attempts on a persistent 500, and never retries a 400", () =>
    Effect.gen(function* () {
      const stub = yield* Effect.promise(() =>
        stubServer((request) =>
          request.url.includes("get-by-name")
            ? { status: 500, body: JSON.stringify({ error_code: "INTERNAL_ERROR", message: "db locked" }) }
            : { status: 400, body: JSON.stringify({ error_code: "INVALID_PARAMETER_VALUE", message: "bad" }) }
        )
      )
      const layer = clientLayer({ trackingUri: stub.uri })
      const down = yield* failureOf(MlflowClient.use((mlflow) => mlflow.getExperimentByName("e")).pipe(Effect.provide(layer)))
      expect(down.reason).toBe("Unavailable")
      expect(down.errorCode).toBe("INTERNAL_ERROR")
      expect(stub.hits()).toBe(FAST_RETRY.maxAttempts)
      const bad = yield* failureOf(MlflowClient.use((mlflow) => mlflow.setTag("r", "k", "v")).pipe(Effect.provide(layer)))
      expect(bad.reason).toBe("InvalidParameter")
      expect(stub.hits()).toBe(FAST_RETRY.maxAttempts + 1)
      yield* Effect.promise(stub.close)
    })
  )

  it.live("replays a lost insert race (the database's unique constraint), which a plain 400 never is", () =>
    Effect.gen(function* () {
      const race = JSON.stringify({
        error_code: "BAD_REQUEST",
        message: "(sqlite3.IntegrityError) UNIQUE constraint failed: datasets.experiment_id, datasets.name, datasets.digest"
      })
      const stub = yield* Effect.promise(() => stubServer((_, n) => (n === 1 ? { status: 400, body: race } : { status: 200, body: "{}" })))
      const input = { tags: [], dataset: { name: "raw@2021-09-02", digest: "abc", sourceType: "local", source: "{}" } }
      yield* MlflowClient.use((mlflow) => mlflow.logInputs("r", [input])).pipe(Effect.provide(clientLayer({ trackingUri: stub.uri })))
      expect(stub.hits()).toBe(2)
      yield* Effect.promise(stub.close)
      const always = yield* Effect.promise(() => stubServer(() => ({ status: 400, body: race })))
      const lost = yield* failureOf(MlflowClient.use((mlflow) => mlflow.logInputs("r", [input])).pipe(Effect.provide(clientLayer({ trackingUri: always.uri }))))
      expect(lost.reason).toBe("WriteConflict")
      expect(lost.message).toContain("Replay the call")
      expect(always.hits()).toBe(FAST_RETRY.maxAttempts)
      yield* Effect.promise(always.close)
    })
  )

  it.live("reports a closed port as Unavailable without the URI's credentials", () =>
    Effect.gen(function* () {
      const uri = yield* Effect.promise(closedUri)
      const withCredentials = uri.replace("http://", "http://admin:pa55word-XY@")
      const error = yield* failureOf(
        MlflowClient.use((mlflow) => mlflow.getExperimentByName("e")).pipe(Effect.provide(clientLayer({ trackingUri: withCredentials })))
      )
      expect(error.reason).toBe("Unavailable")
      expect(error.message).toContain("ECONNREFUSED")
      expect(error.message).not.toContain("pa55word-XY")
    })
  )
})
