/**
 * The whole pipeline end to end against a real S3-compatible server (moto) and a real MLflow
 * tracking server: every layer's sidecar carries the article's fields, MLflow shows the nested
 * runs with their dataset inputs, a re-run is a no-op, and deleting one partition rebuilds only
 * it (what reads it is re-checked and found unchanged).
 */
import { resolve } from "node:path"
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from "@aws-sdk/client-s3"
import { MlflowClient, MlflowConfig } from "@strata/mlflow"
import { countOutcomes, loadProject, type Project, readSidecar, run, type RunSummary, jsonReporter } from "@strata/runner"
import { BlobStore } from "@strata/storage"
import { Effect, Option, Stream } from "effect"
import { beforeAll, describe, expect, inject, it } from "vitest"
import type {} from "@strata/testkit"
import { demoDates, ensureLanding } from "../src/Demo.ts"

/** The sidecar keys the medallion article's metadata examples show (and lineage needs). */
const ARTICLE_FIELDS = [
  "description", "asset", "layer", "partition", "uri", "data_source", "created_at", "workflow_name", "run_id", "mlflow_run_id",
  "code_version", "process", "sha1", "bytes", "format", "schema", "statistics", "sample", "checks", "execution", "quarantine"
]

const DAYS = demoDates("2021-09-01", 2)
/** Documents a generated day holds: enough for every layer to have rows, small enough for CI. */
const DOCUMENTS = 60

const configFile = resolve(import.meta.dirname, "..", "strata.config.ts")
/** The runs' messages and warnings (an MLflow projection refused, MLflow off), to explain a failure. */
const warnings: Array<string> = []
const silent = jsonReporter((line) => {
  if (line.includes('"level":"warn"') || line.includes('"event":"message"')) warnings.push(line.trim())
})

let project: Project
let first: RunSummary

const runAll = () =>
  Effect.runPromise(
    run(project, { selection: "*", range: { from: DAYS[0]!, to: DAYS.at(-1)! }, force: false, noUpstream: false, dryRun: false }, silent, { stopped: false }).pipe(
      Effect.provide(project.storage)
    )
  )

beforeAll(async () => {
  const s3 = inject("strataS3")
  const mlflow = inject("strataMlflow")
  const bucket = s3.bucket ?? `e2e-${Date.now()}`
  const prefix = s3.bucket === undefined ? "lake" : `strata-tests/e2e-${Date.now()}`
  if (s3.ephemeral) {
    const client = new S3Client({ region: s3.region, forcePathStyle: s3.forcePathStyle, ...(s3.endpoint ? { endpoint: s3.endpoint } : {}), ...(s3.credentials ? { credentials: s3.credentials } : {}) })
    await client.send(new CreateBucketCommand({ Bucket: bucket }))
    await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }))
  }
  if (s3.credentials !== undefined) {
    process.env["AWS_ACCESS_KEY_ID"] = s3.credentials.accessKeyId
    process.env["AWS_SECRET_ACCESS_KEY"] = s3.credentials.secretAccessKey
  }
  const env = {
    ...process.env,
    STRATA_STORAGE_ROOT: `s3://${bucket}/${prefix}`,
    STRATA_S3_REGION: s3.region,
    STRATA_S3_FORCE_PATH_STYLE: String(s3.forcePathStyle),
    ...(s3.endpoint ? { STRATA_S3_ENDPOINT: s3.endpoint } : {}),
    MLFLOW_TRACKING_URI: mlflow.uri,
    STRATA_CONCURRENCY: "2"
  }
  project = await Effect.runPromise(loadProject(process.cwd(), configFile, env))
  await Effect.runPromise(ensureLanding(project.config.project, DAYS, DOCUMENTS).pipe(Effect.provide(project.storage)))
  first = await runAll()
}, 600_000)

const mlflowClient = () => MlflowClient.layer(MlflowConfig.fromEnv({ MLFLOW_TRACKING_URI: inject("strataMlflow").uri })!)

describe("html-classification end to end (S3 + MLflow)", () => {
  it("materializes every layer, and every sidecar carries the article's fields", async () => {
    expect(countOutcomes(first.outcomes)).toEqual({ succeeded: first.plan.steps.length, failed: 0, skipped: 0, cancelled: 0 })
    const assets = new Set(first.plan.steps.map((step) => step.asset))
    expect([...assets].sort()).toEqual(
      ["annotated", "model", "post-train", "preprocess/html-parsing", "preprocess/text-normalization", "preprocess/url-normalization", "raw/html-documents"].sort()
    )
    for (const step of first.plan.steps) {
      const text = await Effect.runPromise(
        Effect.gen(function* () {
          const sidecar = yield* readSidecar(project, step.asset, step.partition)
          expect(Option.isSome(sidecar)).toBe(true)
          const store = yield* BlobStore
          const key = `${project.config.project}/${step.asset}/${step.partition}/${project.graph.definitions.get(step.asset)!.spec.dataset}.meta.yaml`
          return new TextDecoder().decode(yield* store.getBytes(key))
        }).pipe(Effect.provide(project.storage))
      )
      const keys = text.split("\n").filter((line) => /^[a-z0-9_]+:/.test(line)).map((line) => line.slice(0, line.indexOf(":")))
      for (const field of ARTICLE_FIELDS) expect(keys, `${step.asset}@${step.partition} lacks ${field}; the run warned: ${warnings.join(" | ") || "nothing"}`).toContain(field)
      expect(text).toContain(`uri: s3://`)
    }
  })

  it("MLflow shows one run per materialization, nested under the command's run, with dataset inputs", async () => {
    const program = Effect.gen(function* () {
      const client = yield* MlflowClient
      const experiment = yield* client.getExperimentByName(project.config.project)
      expect(Option.isSome(experiment)).toBe(true)
      const runs = yield* client.searchRuns({ experimentIds: [Option.getOrThrow(experiment).experimentId] })
      const children = runs.filter((r) => r.tags.some((t) => t.key === "strata.run_id" && t.value === first.runId) && r.tags.some((t) => t.key === "mlflow.parentRunId"))
      const parents = new Set(children.map((r) => r.tags.find((t) => t.key === "mlflow.parentRunId")!.value))
      expect(children.length).toBe(first.plan.steps.length)
      expect(parents.size).toBe(1)
      const names = new Set(children.map((r) => r.info.runName))
      for (const step of first.plan.steps) expect(names.has(`${step.asset}@${step.partition}`)).toBe(true)
      const parsing = children.find((r) => r.info.runName === `preprocess/html-parsing@${DAYS[0]}`)!
      const inputs = parsing.inputs
      expect(inputs.map((i) => i.dataset.name)).toEqual([`preprocess/url-normalization@${DAYS[0]}`])
      expect(inputs[0]!.dataset.digest).toMatch(/^[0-9a-f]{36}$/)
    })
    await Effect.runPromise(program.pipe(Effect.provide(mlflowClient())))
  })

  it("a re-run is a no-op", async () => {
    const again = await runAll()
    expect(again.plan.steps).toEqual([])
  })

  it("deleting one partition rebuilds it alone; what reads it is re-checked and left as it was", async () => {
    const asset = "preprocess/html-parsing"
    const partition = DAYS[0]!
    const before = await Effect.runPromise(readSidecar(project, "annotated", partition).pipe(Effect.provide(project.storage)))
    await Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* BlobStore
        const folder = `${project.config.project}/${asset}/${partition}/`
        const keys = yield* Stream.runCollect(store.list(folder))
        expect(keys.length).toBeGreaterThan(0)
        for (const info of keys) yield* store.delete(info.key)
      }).pipe(Effect.provide(project.storage))
    )
    const rebuilt = await runAll()
    const planned = rebuilt.plan.steps.map((step) => `${step.asset}@${step.partition}`)
    expect(planned[0]).toBe(`${asset}@${partition}`)
    expect(planned.every((id) => !id.includes(DAYS[1]!) || id.startsWith("model@") || id.startsWith("post-train@"))).toBe(true)
    const worked = rebuilt.outcomes.filter((o) => o._tag === "Succeeded" && o.value.alreadyCommitted !== true).map((o) => o.id)
    expect(worked).toEqual([`${asset}@${partition}`])
    const after = await Effect.runPromise(readSidecar(project, "annotated", partition).pipe(Effect.provide(project.storage)))
    expect(Option.getOrThrow(after).sha1).toBe(Option.getOrThrow(before).sha1)
  })
})
