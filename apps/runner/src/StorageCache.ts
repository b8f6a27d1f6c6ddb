/**
 * The materialize context's key-value cache, kept in the project's storage: one small object
 * per key under `<project>/_cache/<namespace>/<key>`, written as soon as a value is put, so a
 * crash loses nothing already paid for and every process and backfill shares it.
 */
import { type AssetDefinition, MaterializeError } from "@strata/core"
import { BlobStore } from "@strata/storage"
import { Effect, Option } from "effect"

/** Cache reads or writes in flight at once. */
const CACHE_CONCURRENCY = 32

/** A key or namespace that is safe as one path segment. */
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The cache of a project over the store, for the materialization of `asset@partition`. */
export const makeStorageCache = (
  store: BlobStore["Service"],
  project: string,
  step: { readonly asset: string; readonly partition: string }
): AssetDefinition.MaterializeCache => {
  const keyOf = (namespace: string, key: string): Effect.Effect<string, MaterializeError> =>
    SAFE_SEGMENT.test(namespace) && SAFE_SEGMENT.test(key)
      ? Effect.succeed(`${project}/_cache/${namespace}/${key.slice(0, 2)}/${key}`)
      : Effect.fail(
          new MaterializeError({
            reason: "InvalidInput",
            ...step,
            message: `cache key ${JSON.stringify(`${namespace}/${key}`)} is not a safe name; use letters, digits, '.', '_' or '-' (e.g. a hex digest)`
          })
        )
  const unavailable = (cause: { readonly message: string }) => new MaterializeError({ reason: "Unavailable", ...step, message: `cache: ${cause.message}`, cause })
  return {
    getMany: (namespace, keys) =>
      Effect.forEach(
        keys,
        (key) =>
          Effect.flatMap(keyOf(namespace, key), (path) =>
            store.getBytes(path).pipe(
              Effect.map((bytes) => Option.some([key, decoder.decode(bytes)] as const)),
              Effect.catchIf((error) => error.reason === "NotFound", () => Effect.succeed(Option.none())),
              Effect.mapError(unavailable)
            )
          ),
        { concurrency: CACHE_CONCURRENCY }
      ).pipe(Effect.map((found) => new Map(found.flatMap((entry) => (Option.isSome(entry) ? [entry.value] : []))))),
    putMany: (namespace, entries) =>
      Effect.forEach(
        entries,
        ([key, value]) => Effect.flatMap(keyOf(namespace, key), (path) => store.put(path, encoder.encode(value)).pipe(Effect.mapError(unavailable))),
        { concurrency: CACHE_CONCURRENCY, discard: true }
      )
  }
}
