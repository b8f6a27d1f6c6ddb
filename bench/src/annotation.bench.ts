/**
 * Annotation throughput: HTTP JSON labeling against a local server (5 ms latency per request)
 * at concurrency 1, 8 and 32; the cache-hit path (target >= 50,000 documents/s); and the
 * weak-supervision labeler's documents/s.
 *
 * Sizes: ANNOTATION_BENCH_HTTP_DOCS (default 2,000), ANNOTATION_BENCH_CACHE_DOCS (default 100,000),
 * ANNOTATION_BENCH_WEAK_DOCS (default 50,000).
 */
import { Annotator, Budget, CacheStore, HttpJsonProvider, MemoryCacheStore, WeakSupervisionProvider, BROWN_CATEGORIES } from "@strata/annotation"
import { ConfigProvider, Effect } from "effect"
import { startLabelServer } from "../../packages/annotation/test/support/LabelServer.ts"

/** Server latency per request, in milliseconds. */
const SERVER_LATENCY_MS = 5
/** Documents per HTTP request. */
const BATCH_SIZE = 8
/** Cache-hit target, in documents per second. */
const CACHE_HIT_TARGET = 50_000

const size = (name: string, fallback: number): number => Number(process.env[name] ?? fallback)

const WORDS = "the sheriff rode into the canyon while the detective studied a clue near the church and the orchestra played".split(" ")
const corpus = (count: number, salt: string) =>
  Array.from({ length: count }, (_, index) => ({
    id: `${salt}-${index}`,
    text: Array.from({ length: 60 }, (_, word) => WORDS[(index * 7 + word * 13) % WORDS.length]).join(" ") + ` ${salt} ${index}`
  }))

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000)

/** CPU milliseconds (user + system) of this process since `since`: a figure that a loaded machine does not distort. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}

export default async function (): Promise<void> {
  const httpDocs = size("ANNOTATION_BENCH_HTTP_DOCS", 2_000)
  const cacheDocs = size("ANNOTATION_BENCH_CACHE_DOCS", 100_000)
  const weakDocs = size("ANNOTATION_BENCH_WEAK_DOCS", 50_000)
  const labels = [...BROWN_CATEGORIES]
  const server = await startLabelServer({ latencyMs: SERVER_LATENCY_MS })
  try {
    for (const concurrency of [1, 8, 32]) {
      const program = Effect.gen(function* () {
        const provider = yield* HttpJsonProvider.make({
          endpoint: server.url,
          model: "bench",
          maxCostPerDocumentUsd: 0.001,
          batchSize: BATCH_SIZE,
          http: { concurrency }
        })
        const annotator = yield* Annotator.make({ provider, budget: Budget.make(1_000) })
        const documents = corpus(httpDocs, `c${concurrency}`)
        const started = performance.now()
        const result = yield* annotator.annotate(documents, labels)
        const elapsed = performance.now() - started
        console.log(
          `http-json concurrency ${String(concurrency).padStart(2)}: ${perSecond(result.annotations.length, elapsed)} docs/s ` +
            `(${httpDocs} docs, batches of ${BATCH_SIZE}, ${SERVER_LATENCY_MS} ms server latency; ideal ${perSecond(BATCH_SIZE * concurrency, SERVER_LATENCY_MS)} docs/s)`
        )
      })
      await Effect.runPromise(
        program.pipe(
          Effect.scoped,
          Effect.provideService(CacheStore.CacheStore, MemoryCacheStore.make()),
          Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: {} }))
        )
      )
    }

    const cached = Effect.gen(function* () {
      const provider = yield* HttpJsonProvider.make({ endpoint: server.url, model: "bench", maxCostPerDocumentUsd: 0.001, batchSize: 64, http: { concurrency: 32 } })
      const annotator = yield* Annotator.make({ provider })
      const documents = corpus(cacheDocs, "cache")
      yield* annotator.annotate(documents, labels)
      const started = performance.now()
      const cpu = process.cpuUsage()
      const result = yield* annotator.annotate(documents, labels)
      const elapsed = performance.now() - started
      const hits = result.annotations.filter((annotation) => annotation.cached).length
      console.log(
        `cache hits: ${perSecond(hits, elapsed)} docs/s wall, ${perSecond(hits, cpuMs(cpu))} docs per CPU-second ` +
          `(${hits} of ${cacheDocs} docs, sha256 keys + in-memory store; target >= ${CACHE_HIT_TARGET})`
      )
    })
    await Effect.runPromise(
      cached.pipe(
        Effect.scoped,
        Effect.provideService(CacheStore.CacheStore, MemoryCacheStore.make()),
        Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: {} }))
      )
    )
  } finally {
    await server.close()
  }

  const weak = Effect.gen(function* () {
    const annotator = yield* Annotator.make({ provider: WeakSupervisionProvider.make() })
    const documents = corpus(weakDocs, "weak")
    const started = performance.now()
    const cpu = process.cpuUsage()
    const result = yield* annotator.annotate(documents, labels)
    const elapsed = performance.now() - started
    console.log(
      `weak supervision: ${perSecond(documents.length, elapsed)} docs/s wall, ${perSecond(documents.length, cpuMs(cpu))} docs per CPU-second ` +
        `(${weakDocs} docs of ~60 words, ${result.annotations.length} labeled)`
    )
  })
  await Effect.runPromise(weak.pipe(Effect.provideService(CacheStore.CacheStore, MemoryCacheStore.make())))
}
