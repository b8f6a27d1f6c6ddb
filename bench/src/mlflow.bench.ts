/**
 * MLflow lineage benchmark (issue 7), against a local `mlflow server` started here:
 * - HTTP requests per asset-partition projection (target <= 4), counted by an undici
 *   interceptor: the whole backfill (experiment, lookup, command run included) and each
 *   partition alone;
 * - lineage time per partition (mean and p95) for a backfill, sequential and 4 at a time;
 * - the cost of projecting the same backfill again (idempotent: no run created).
 *
 * Env: STRATA_BENCH_MLFLOW_PARTITIONS (default 100).
 */
import { createHash } from "node:crypto"
import { MlflowClient, Projection, type ProjectionInput, type RequestInterceptor } from "@strata/mlflow"
import { startMlflowServer } from "@strata/testkit"
import { Effect, Layer } from "effect"

/** Target of requests per projected partition. */
const REQUESTS_TARGET = 4

/** Concurrency of the parallel backfill (the runner's default bound). */
const CONCURRENCY = 4

const partitions = Number(process.env["STRATA_BENCH_MLFLOW_PARTITIONS"] ?? 100)

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex")

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)

/** A realistic materialization: 2 process rules, a small config, 5 checks, one upstream with 8 columns, a 3 KB sidecar. */
const input = (i: number, runId: string): ProjectionInput => ({
  asset: "preprocess/text-normalization",
  partition: `v2/${day(i)}`,
  layer: "silver",
  codeVersion: "4",
  dataVersion: sha1(`data ${i}`),
  workflow: "backfill",
  runId,
  uri: `s3://acme-ml/html-classification/preprocess/text-normalization/v2/${day(i)}/html-documents.jsonl`,
  description: "Text normalized with rule set v2",
  process: [
    { rule: "remove_punctuation", params: {} },
    { rule: "lowercase", params: { locale: "en" } }
  ],
  config: { versions: { v1: ["remove_punctuation"], v2: ["remove_punctuation", "lowercase"] }, storage: { profile: "silver", secretAccessKey: "x" } },
  startTimeMs: 1_700_000_000_000 + i * 10_000,
  endTimeMs: 1_700_000_000_000 + i * 10_000 + 2_500,
  metrics: {
    rowsIn: 1000 + i,
    rowsOut: 990 + i,
    rowsQuarantined: 10,
    durationMs: 2500,
    checks: ["url_not_null", "url_unique", "language_in_set", "rows_between", "content_length"].map((name, k) => ({
      name,
      severity: k === 3 ? ("warn" as const) : ("error" as const),
      passed: k !== 3
    }))
  },
  inputs: [
    {
      asset: "preprocess/html-parsing",
      partition: day(i),
      uri: `s3://acme-ml/html-classification/preprocess/html-parsing/${day(i)}/html-documents.jsonl`,
      sha1: sha1(`upstream ${i}`),
      columns: ["url", "title", "content", "language", "charset", "description", "canonical_url", "published_at"].map((name) => ({
        name,
        type: name === "published_at" ? "datetime" : "string",
        nullable: name !== "url"
      })),
      profile: { rows: 1000 + i, columns: 8 }
    }
  ],
  sidecar: { fileName: "html-documents.meta.yaml", text: `asset: preprocess/text-normalization\npartition: v2/${day(i)}\n${"# profile line\n".repeat(200)}` }
})

const counting = () => {
  const requests: Array<string> = []
  const interceptor: RequestInterceptor = (dispatch) => (options, handler) => {
    requests.push(`${options.method} ${(options.path ?? "").split("?")[0]}`)
    return dispatch(options, handler)
  }
  return { requests, interceptor }
}

const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0
}

const backfill = (uri: string, runId: string, concurrency: number, experiment: string) => {
  const counter = counting()
  const layer = Layer.provideMerge(Projection.layer, Layer.orDie(MlflowClient.layer({ trackingUri: uri }, { interceptors: [counter.interceptor] })))
  const program = Effect.gen(function* () {
    const projection = yield* Projection
    const started = performance.now()
    const parent = yield* projection.startCommandRun({ experiment, strataRunId: runId, workflow: "backfill", startTimeMs: Date.now() })
    const setupRequests = counter.requests.length
    const times: Array<number> = []
    const outcomes = yield* Effect.forEach(
      Array.from({ length: partitions }, (_, i) => input(i, runId)),
      (one) =>
        Effect.gen(function* () {
          const t = performance.now()
          const projected = yield* projection.project(one, { experiment, parentRunId: parent })
          times.push(performance.now() - t)
          return projected.outcome
        }),
      { concurrency }
    )
    const projectRequests = counter.requests.length - setupRequests
    yield* projection.finishCommandRun(parent, "FINISHED", Date.now())
    return { seconds: (performance.now() - started) / 1000, times, outcomes, total: counter.requests.length, projectRequests, setupRequests }
  })
  return Effect.runPromise(Effect.provide(program, layer))
}

export default async function (): Promise<void> {
  const server = await startMlflowServer()
  try {
    const experiment = "bench-html-classification"
    const runId = "bench-run-1"
    console.log(`partitions: ${partitions}, local mlflow server (sqlite, 1 worker)`)
    const sequential = await backfill(server.uri, runId, 1, experiment)
    const created = sequential.outcomes.filter((outcome) => outcome === "created").length
    console.log(`backfill, sequential: ${created} runs created in ${sequential.seconds.toFixed(1)} s`)
    console.log(`  requests per partition (projection alone): ${(sequential.projectRequests / partitions).toFixed(2)}   target <= ${REQUESTS_TARGET}`)
    console.log(
      `  requests per partition (whole backfill, ${sequential.setupRequests} for experiment + lookup + command run, 1 to finish it): ${(sequential.total / partitions).toFixed(2)}   target <= ${REQUESTS_TARGET}`
    )
    const mean = sequential.times.reduce((a, b) => a + b, 0) / sequential.times.length
    console.log(`  lineage time per partition: mean ${mean.toFixed(1)} ms, p95 ${percentile(sequential.times, 0.95).toFixed(1)} ms`)

    const parallel = await backfill(server.uri, "bench-run-2", CONCURRENCY, experiment)
    console.log(
      `backfill, ${CONCURRENCY} at a time: ${(parallel.seconds * 1000 / partitions).toFixed(1)} ms per partition of wall time, p95 latency ${percentile(parallel.times, 0.95).toFixed(1)} ms`
    )

    const again = await backfill(server.uri, runId, CONCURRENCY, experiment)
    const existing = again.outcomes.filter((outcome) => outcome === "existing").length
    console.log(
      `projecting the first backfill again: ${existing}/${partitions} found existing, ${again.total} requests in all (${(again.total / partitions).toFixed(3)} per partition), ${again.seconds.toFixed(2)} s`
    )
  } finally {
    await server.stop()
  }
}
