import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Annotator from "../src/Annotator.ts"
import * as Budget from "../src/Budget.ts"
import { CacheStore } from "../src/CacheStore.ts"
import * as MemoryCacheStore from "../src/cache-stores/memory.ts"
import * as HttpJsonProvider from "../src/providers/httpJson.ts"
import type { Behavior } from "./support/LabelServer.ts"
import { documents, fastHttp, labelServer, withEnv } from "./support/harness.ts"

const LABELS = ["news", "fiction", "religion"]
const KEY = "sk-test-SECRET-4242"

const annotatorFor = (url: string, config: Partial<HttpJsonProvider.HttpJsonConfig> = {}, budget?: Budget.Budget) =>
  Effect.gen(function* () {
    const provider = yield* HttpJsonProvider.make({
      endpoint: url,
      model: "labeler-v1",
      apiKeyEnv: "LABELS_API_KEY",
      maxCostPerDocumentUsd: 0.001,
      batchSize: 4,
      http: fastHttp(),
      ...config
    })
    return yield* Annotator.make(budget === undefined ? { provider } : { provider, budget })
  }).pipe(Effect.provideService(CacheStore, MemoryCacheStore.make()), withEnv({ LABELS_API_KEY: KEY }))

const script =
  (steps: ReadonlyArray<Behavior>) =>
  (index: number): Behavior =>
    steps[index] ?? { kind: "answer" }

describe("HttpJsonProvider", () => {
  it.live("labels documents, sends the key in the configured header and prices each document", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({ apiKey: KEY, microsPerDocument: 1000 })
      const annotator = yield* annotatorFor(server.url)
      const input = documents(10, LABELS)
      const result = yield* annotator.annotate(input, LABELS)
      expect(result.quarantined).toEqual([])
      expect(result.annotations.map((a) => a.id)).toEqual(input.map((d) => d.id))
      for (const annotation of result.annotations) {
        expect(input.find((d) => d.id === annotation.id)!.text).toContain(annotation.label)
        expect(annotation.costUsd).toBe(0.001)
        expect(annotation.provider).toBe("http-json")
      }
      expect(server.headers.every((h) => h["x-api-key"] === KEY)).toBe(true)
      expect(server.headers.every((h) => typeof h["idempotency-key"] === "string")).toBe(true)
      const stats = yield* annotator.stats
      expect(stats.calls).toBe(3)
      expect(stats.costUsd).toBeCloseTo(0.01, 9)
    }))

  it.live("waits for Retry-After on 429 and 503, then succeeds", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({
        behave: script([
          { kind: "status", status: 429, retryAfter: "1" },
          { kind: "status", status: 503, retryAfter: "0" }
        ])
      })
      const annotator = yield* annotatorFor(server.url, { batchSize: 10, http: fastHttp({ concurrency: 1 }) })
      const started = Date.now()
      const result = yield* annotator.annotate(documents(3, LABELS), LABELS)
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
      expect(result.annotations).toHaveLength(3)
      expect(server.requests()).toBe(3)
      expect((yield* annotator.stats).retries).toBe(2)
    }))

  it.live("retries 5xx answers and hanging responses (timeouts)", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({
        behave: script([{ kind: "status", status: 502 }, { kind: "hang" }, { kind: "status", status: 500 }])
      })
      const annotator = yield* annotatorFor(server.url, { batchSize: 10, http: fastHttp({ concurrency: 1 }) })
      const result = yield* annotator.annotate(documents(2, LABELS), LABELS)
      expect(result.annotations).toHaveLength(2)
      expect(server.requests()).toBe(4)
    }))

  it.live("fails with Timeout when every attempt hangs, and counts the unknown cost against the budget", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({ behave: () => ({ kind: "hang" }) })
      const budget = Budget.make(1)
      const annotator = yield* annotatorFor(server.url, { batchSize: 2, http: fastHttp({ concurrency: 1, circuitBreaker: { failureThreshold: 100 } }) }, budget)
      const error = yield* Effect.flip(annotator.annotate(documents(2, LABELS), LABELS))
      expect(error._tag).toBe("AnnotationError")
      expect(error._tag === "AnnotationError" && error.reason).toBe("Timeout")
      const snapshot = yield* budget.snapshot
      expect(snapshot.assumedMicros).toBe(4 * 2 * 1000)
      expect(snapshot.reservedMicros).toBe(0)
    }))

  it.live("quarantines garbage bodies, labels outside the set, left-out ids and extra ids", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({
        behave: script([{ kind: "garbage" }, { kind: "wrong-label" }, { kind: "partial" }, { kind: "extra-id" }])
      })
      const annotator = yield* annotatorFor(server.url, { batchSize: 2, http: fastHttp({ concurrency: 1 }) })
      const input = documents(8, LABELS)
      const result = yield* annotator.annotate(input, LABELS)
      const reasons = (ids: ReadonlyArray<string>) =>
        ids.map((id) => result.quarantined.find((item) => item.id === id)?.reason)
      expect(reasons(["doc-0", "doc-1"])).toEqual(["MalformedResponse", "MalformedResponse"])
      expect(reasons(["doc-2", "doc-3"])).toEqual(["LabelOutsideSet", "LabelOutsideSet"])
      expect(reasons(["doc-4"])).toEqual(["MissingFromAnswer"])
      expect(reasons(["stranger"])).toEqual(["UnexpectedId"])
      expect(result.annotations.map((a) => a.id)).toEqual(["doc-5", "doc-6", "doc-7"])
      expect(result.annotations.every((a) => LABELS.includes(a.label))).toBe(true)
    }))

  it.live("opens the circuit after consecutive failures and stops calling", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({ behave: () => ({ kind: "status", status: 500 }) })
      const annotator = yield* annotatorFor(server.url, {
        batchSize: 2,
        http: fastHttp({ concurrency: 1, retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 2, seed: 1 }, circuitBreaker: { failureThreshold: 3, coolDownMs: 60_000 } })
      })
      const error = yield* Effect.flip(annotator.annotate(documents(6, LABELS), LABELS))
      expect(error._tag === "AnnotationError" && error.reason).toBe("CircuitOpen")
      expect(server.requests()).toBe(3)
    }))

  it.live("lets one probe through after the cool-down and closes again on success", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({ behave: (index) => (index < 2 ? { kind: "status", status: 500 } : { kind: "answer" }) })
      const annotator = yield* annotatorFor(server.url, {
        batchSize: 2,
        http: fastHttp({ concurrency: 1, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, seed: 1 }, circuitBreaker: { failureThreshold: 2, coolDownMs: 100 } })
      })
      const first = yield* Effect.flip(annotator.annotate(documents(2, LABELS), LABELS))
      expect(first._tag === "AnnotationError" && first.reason).toBe("Unavailable")
      const refused = yield* Effect.flip(annotator.annotate(documents(2, LABELS), LABELS))
      expect(refused._tag === "AnnotationError" && refused.reason).toBe("CircuitOpen")
      yield* Effect.sleep(120)
      const result = yield* annotator.annotate(documents(4, LABELS), LABELS)
      expect(result.annotations).toHaveLength(4)
      expect(server.requests()).toBe(4)
    }))

  it.live("never puts the API key in errors or stats, even when the server echoes it", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({ apiKey: "the-right-key" })
      const annotator = yield* annotatorFor(server.url)
      const error = yield* Effect.flip(annotator.annotate(documents(2, LABELS), LABELS))
      expect(error._tag === "AnnotationError" && error.reason).toBe("Unauthorized")
      expect(server.headers[0]!["x-api-key"]).toBe(KEY)
      for (const text of [error.message, String(error), JSON.stringify(error), JSON.stringify(yield* annotator.stats)]) {
        expect(text).not.toContain(KEY)
      }
      expect(error.message).toContain("<redacted>")
    }))

  it.live("names the missing environment variable without a value", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        HttpJsonProvider.make({ endpoint: "http://127.0.0.1:9", model: "m", apiKeyEnv: "ABSENT_KEY", maxCostPerDocumentUsd: 0.01 }).pipe(withEnv({}))
      )
      expect(error.reason).toBe("MissingApiKey")
      expect(error.message).toContain("ABSENT_KEY")
    }))
})
