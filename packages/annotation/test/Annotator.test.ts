import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import * as Annotator from "../src/Annotator.ts"
import * as Budget from "../src/Budget.ts"
import { CacheStore } from "../src/CacheStore.ts"
import * as FileDirectoryCacheStore from "../src/cache-stores/fileDirectory.ts"
import * as MemoryCacheStore from "../src/cache-stores/memory.ts"
import * as HttpJsonProvider from "../src/providers/httpJson.ts"
import { documents, fastHttp, labelServer, withEnv } from "./support/harness.ts"

const LABELS = ["adventure", "humor", "lore", "news"]
const PRICE_MICROS = 1000

const annotatorFor = (url: string, cache: CacheStore["Service"], options: { budget?: Budget.Budget; batchSize?: number; concurrency?: number } = {}) =>
  Effect.gen(function* () {
    const provider = yield* HttpJsonProvider.make({
      endpoint: url,
      model: "labeler-v1",
      maxCostPerDocumentUsd: PRICE_MICROS / 1_000_000,
      batchSize: options.batchSize ?? 3,
      http: fastHttp({ concurrency: options.concurrency ?? 4 })
    })
    return yield* Annotator.make(options.budget === undefined ? { provider } : { provider, budget: options.budget })
  }).pipe(Effect.provideService(CacheStore, cache), withEnv({}))

const temporaryDirectory = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "annotation-cache-"))),
  (directory) => Effect.sync(() => rmSync(directory, { recursive: true, force: true }))
)

describe("Annotator", () => {
  it.live("answers repeated texts from the cache and labels duplicates once", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({ microsPerDocument: PRICE_MICROS })
      const annotator = yield* annotatorFor(server.url, MemoryCacheStore.make())
      const input = documents(6, LABELS)
      const withCopies = [...input, { id: "copy-of-0", text: input[0]!.text }]
      const first = yield* annotator.annotate(withCopies, LABELS)
      expect(server.billedMicros()).toBe(6 * PRICE_MICROS)
      const copy = first.annotations.find((a) => a.id === "copy-of-0")!
      expect(copy.label).toBe(first.annotations[0]!.label)
      expect(copy.costUsd).toBe(0)
      const again = yield* annotator.annotate(
        input.map((d) => ({ ...d, id: `backfill-${d.id}` })),
        [...LABELS].reverse()
      )
      expect(server.billedMicros()).toBe(6 * PRICE_MICROS)
      expect(again.annotations.every((a) => a.cached && a.costUsd === 0)).toBe(true)
      expect(again.annotations.map((a) => a.label)).toEqual(first.annotations.slice(0, 6).map((a) => a.label))
      const stats = yield* annotator.stats
      expect(stats).toMatchObject({ documents: 13, cacheHits: 6, cacheMisses: 6, duplicates: 1, annotated: 13 })
    }))

  it.live("quarantines repeated ids instead of mixing two documents up", () =>
    Effect.gen(function* () {
      const server = yield* labelServer()
      const annotator = yield* annotatorFor(server.url, MemoryCacheStore.make())
      const result = yield* annotator.annotate(
        [
          { id: "a", text: "news today" },
          { id: "a", text: "a humor piece" }
        ],
        LABELS
      )
      expect(result.annotations.map((a) => [a.id, a.label])).toEqual([["a", "news"]])
      expect(result.quarantined).toMatchObject([{ id: "a", reason: "DuplicateId" }])
    }))

  it.live("never pays twice for a document across a crash (interrupted run) and a resume", () =>
    Effect.gen(function* () {
      const directory = yield* temporaryDirectory
      const server = yield* labelServer({ latencyMs: 40, microsPerDocument: PRICE_MICROS })
      const input = documents(60, LABELS)
      const crashing = yield* annotatorFor(server.url, FileDirectoryCacheStore.make({ directory }), { batchSize: 2, concurrency: 4 })
      const fiber = yield* Effect.forkChild(crashing.annotate(input, LABELS))
      while (server.charges.size < 10) yield* Effect.sleep(5)
      yield* Fiber.interrupt(fiber)
      const paidBeforeCrash = server.charges.size
      expect(paidBeforeCrash).toBeGreaterThanOrEqual(10)
      expect(paidBeforeCrash).toBeLessThan(input.length)

      const resumed = yield* annotatorFor(server.url, FileDirectoryCacheStore.make({ directory }), { batchSize: 2, concurrency: 4 })
      const result = yield* resumed.annotate(input, LABELS)
      expect(result.annotations).toHaveLength(input.length)
      expect(server.charges.size).toBe(input.length)
      expect([...server.charges.values()].every((count) => count === 1)).toBe(true)
      expect((yield* resumed.stats).cacheHits).toBe(paidBeforeCrash)
    }))

  it.live("stops at the budget to the cent, then resumes without paying again", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({ microsPerDocument: PRICE_MICROS })
      const cache = MemoryCacheStore.make()
      const input = documents(40, LABELS)
      const budget = Budget.make(0.012)
      const limited = yield* annotatorFor(server.url, cache, { budget, batchSize: 3, concurrency: 4 })
      const error = yield* Effect.flip(limited.annotate(input, LABELS))
      expect(error._tag).toBe("BudgetExceeded")
      expect(server.billedMicros()).toBe(12 * PRICE_MICROS)
      const snapshot = yield* budget.snapshot
      expect(snapshot.spentMicros).toBe(12_000)
      expect(snapshot.reservedMicros).toBe(0)

      const generous = yield* annotatorFor(server.url, cache, { budget: Budget.make(1), batchSize: 3, concurrency: 4 })
      const result = yield* generous.annotate(input, LABELS)
      expect(result.annotations).toHaveLength(40)
      expect(server.billedMicros()).toBe(40 * PRICE_MICROS)
      expect([...server.charges.values()].every((count) => count === 1)).toBe(true)
    }))

  it.live("never lets concurrent batches overshoot a budget that is not a multiple of the batch cost", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({ latencyMs: 10, microsPerDocument: PRICE_MICROS })
      const budget = Budget.make(0.0175)
      const annotator = yield* annotatorFor(server.url, MemoryCacheStore.make(), { budget, batchSize: 4, concurrency: 8 })
      const error = yield* Effect.flip(annotator.annotate(documents(100, LABELS), LABELS))
      expect(error._tag).toBe("BudgetExceeded")
      expect(server.billedMicros()).toBeLessThanOrEqual(17_500)
      expect(server.billedMicros()).toBe(16 * PRICE_MICROS)
    }))
})
