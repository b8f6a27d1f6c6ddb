/**
 * The annotation client's `CacheStore` kept in the project's storage: an adapter over the
 * materialize context's cache (`ctx.cache`), so a paid label is stored as soon as it is paid
 * for and shared by every run, backfill and process of the project.
 */
import type { AssetDefinition } from "@strata/core"
import { CacheStore } from "@strata/annotation"
import { Effect, Layer } from "effect"

/** The cache namespace of annotation labels (`<project>/_cache/annotation/...`). */
export const NAMESPACE = "annotation"

const ioError = (cause: { readonly message: string }) =>
  new CacheStore.CacheStoreError({ reason: "Io", path: `_cache/${NAMESPACE}`, message: `annotation cache in the project's storage: ${cause.message}` })

/** A `CacheStore` over a materialize context's cache; records that do not parse count as absent. */
export const make = (cache: AssetDefinition.MaterializeCache): CacheStore.CacheStore["Service"] => ({
  getMany: (keys) =>
    cache.getMany(NAMESPACE, keys).pipe(
      Effect.map((found) => {
        const records = new Map<string, CacheStore.CacheRecord>()
        for (const [key, text] of found) {
          try {
            const record: unknown = JSON.parse(text)
            if (CacheStore.isCacheRecord(record) && record.key === key) records.set(key, record)
          } catch {
            // A torn or foreign value is a cache miss: the label is asked for again.
          }
        }
        return records
      }),
      Effect.mapError(ioError)
    ),
  putMany: (records) => cache.putMany(NAMESPACE, records.map((record) => [record.key, JSON.stringify(record)] as const)).pipe(Effect.mapError(ioError))
})

/** The adapter as a layer, for `Annotator.make`. */
export const layer = (cache: AssetDefinition.MaterializeCache): Layer.Layer<CacheStore.CacheStore> => Layer.succeed(CacheStore.CacheStore, make(cache))
