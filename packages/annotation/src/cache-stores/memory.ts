/** An in-memory cache store: for tests, benchmarks and single-process runs that need no persistence. */
import { Effect, Layer } from "effect"
import type { CacheKey } from "../CacheKey.ts"
import { CacheStore, type CacheRecord } from "../CacheStore.ts"

/** Makes an empty in-memory cache store. */
export const make = (): CacheStore["Service"] => {
  const records = new Map<CacheKey, CacheRecord>()
  return CacheStore.of({
    getMany: (keys) =>
      Effect.sync(() => {
        const found = new Map<CacheKey, CacheRecord>()
        for (const key of keys) {
          const record = records.get(key)
          if (record !== undefined) found.set(key, record)
        }
        return found
      }),
    putMany: (batch) =>
      Effect.sync(() => {
        for (const record of batch) records.set(record.key, record)
      })
  })
}

/** A layer with a fresh in-memory cache store. */
export const layer: Layer.Layer<CacheStore> = Layer.sync(CacheStore, make)
