/** Shared helpers of the server-backed tests: clients, request counting, a closed port, inputs. */
import { createServer, type Server } from "node:http"
import { Effect, Layer } from "effect"
import type { Dispatcher } from "undici"
import { inject } from "vitest"
import { freePort } from "@strata/testkit"
import { MlflowClient, type MakeOptions } from "../src/MlflowClient.ts"
import type { MlflowConfig, RetryPolicy } from "../src/MlflowConfig.ts"
import type { ProjectionInput } from "../src/ProjectionInput.ts"

/** Fast retries so failure tests stay short. */
export const FAST_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 }

/** Records every HTTP request the client sends (retries included). */
export const requestLog = () => {
  const requests: Array<string> = []
  const interceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    requests.push(`${options.method} ${(options.path ?? "").split("?")[0]}`)
    return dispatch(options, handler)
  }
  return { requests, options: { interceptors: [interceptor] } satisfies MakeOptions }
}

/** The plain test server's tracking URI. */
export const trackingUri = (): string => inject("strataMlflow").uri

/** A client layer on the plain server (or `config` overrides). */
export const clientLayer = (config: Partial<MlflowConfig> = {}, options?: MakeOptions): Layer.Layer<MlflowClient, never> =>
  Layer.orDie(MlflowClient.layer({ trackingUri: trackingUri(), retry: FAST_RETRY, ...config }, options))

/** A loopback URI nothing listens on. */
export const closedUri = async (): Promise<string> => `http://127.0.0.1:${await freePort()}`

/** A unique name per test, so tests share one server without seeing each other's experiments. */
export const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

/** Runs an HTTP server answering with `respond` and returns its URI and a closer. */
export const stubServer = async (
  respond: (request: { method: string; url: string }, n: number) => { status: number; body: string; headers?: Record<string, string> }
): Promise<{ uri: string; close: () => Promise<void>; hits: () => number }> => {
  let n = 0
  const server: Server = createServer((request, response) => {
    n += 1
    const answer = respond({ method: request.method ?? "GET", url: request.url ?? "/" }, n)
    request.resume()
    response.writeHead(answer.status, answer.headers ?? {})
    response.end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    uri: `http://127.0.0.1:${port}`,
    hits: () => n,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** A projection input for `asset@partition` of Strata run `runId`, with one upstream partition. */
export const inputFor = (asset: string, partition: string, runId: string, overrides: Partial<ProjectionInput> = {}): ProjectionInput => ({
  asset,
  partition,
  layer: "silver",
  codeVersion: "3",
  dataVersion: `${"d".repeat(30)}${partition.replace(/\D/g, "").padStart(10, "0")}`,
  workflow: "backfill",
  runId,
  uri: `s3://acme-ml/html-classification/${asset}/${partition}/html-documents.jsonl`,
  description: "Normalized URLs, duplicates removed",
  process: [
    { rule: "normalize_url", params: { lowercaseHost: true } },
    { rule: "dedup", params: { keep: "freshest" } }
  ],
  config: { dedup: { mode: "exact" }, annotation: { apiToken: "tok-SECRET-42", model: "small" } },
  startTimeMs: 1_700_000_000_000,
  endTimeMs: 1_700_000_004_500,
  metrics: {
    rowsIn: 120,
    rowsOut: 100,
    rowsQuarantined: 5,
    duplicatesRemoved: 15,
    durationMs: 4500,
    checks: [
      { name: "url_not_null", severity: "error", passed: true },
      { name: "rows_between", severity: "warn", passed: false }
    ]
  },
  inputs: [
    {
      asset: "raw/html-documents",
      partition,
      uri: `s3://acme-ml/html-classification/raw/html-documents/${partition}/html-documents.jsonl`,
      sha1: `${"a".repeat(30)}${partition.replace(/\D/g, "").padStart(10, "0")}`,
      columns: [
        { name: "url", type: "string", nullable: false },
        { name: "fetched_at", type: "datetime", nullable: true },
        { name: "bytes", type: "integer", nullable: false }
      ],
      profile: { rows: 120 }
    }
  ],
  sidecar: { fileName: "html-documents.meta.yaml", text: `asset: ${asset}\npartition: ${partition}\nsample:\n  - url: https://example.com/\n` },
  ...overrides
})

/** Runs an effect that needs the client on the plain server. */
export const run = <A, E>(effect: Effect.Effect<A, E, MlflowClient>, layer: Layer.Layer<MlflowClient> = clientLayer()): Promise<A> =>
  Effect.runPromise(Effect.provide(effect, layer))

/**
 * A forwarding proxy to the plain server that answers `budget` requests and then closes its
 * port for good: MLflow going down in the middle of a backfill.
 */
export const failingProxy = async (budget: number): Promise<{ uri: string; forwarded: () => number; close: () => Promise<void> }> => {
  const target = trackingUri()
  let forwarded = 0
  const server: Server = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      forwarded += 1
      const body = chunks.length === 0 ? undefined : Buffer.concat(chunks)
      const contentType = request.headers["content-type"]
      fetch(`${target}${request.url ?? "/"}`, {
        method: request.method ?? "GET",
        headers: contentType === undefined ? {} : { "content-type": contentType },
        ...(body === undefined ? {} : { body })
      })
        .then(async (answer) => {
          response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" })
          response.end(Buffer.from(await answer.arrayBuffer()))
        })
        .catch(() => response.destroy())
        .finally(() => {
          if (forwarded >= budget) {
            server.close()
            server.closeAllConnections()
          }
        })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    uri: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
        if (!server.listening) resolve()
      })
  }
}
