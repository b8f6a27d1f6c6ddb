/**
 * Where paid labels are kept so that they are never paid for twice: a small key-value store
 * of JSON records, read and written many at a time. Drivers: `cache-stores/memory.ts`,
 * `cache-stores/fileDirectory.ts`; another service can provide its own (an object store, a database).
 */
import { Context, Data, type Effect } from "effect"
import type { CacheKey } from "./CacheKey.ts"

/** One cached label. Small and JSON-only. */
export interface CacheRecord {
  /** The content-hash key (see `CacheKey.keyer`). */
  readonly key: CacheKey
  /** The label answered. */
  readonly label: string
  /** Its confidence in [0, 1]. */
  readonly confidence: number
  /** Provider name. */
  readonly provider: string
  /** Model name. */
  readonly model: string
  /** What the document cost when it was paid for, in micro-dollars. */
  readonly costMicros: number
  /** When it was paid for (ISO 8601). */
  readonly at: string
}

/** The cache store could not be read or written (`Io`); the message names the path and the OS error. */
export class CacheStoreError extends Data.TaggedError("CacheStoreError")<{
  /** Closed reason, to branch on. */
  readonly reason: "Io"
  /** The file or location concerned. */
  readonly path: string
  /** What happened and what to do. */
  readonly message: string
}> {}

/** The cache store service. */
export class CacheStore extends Context.Service<
  CacheStore,
  {
    /** Looks up many keys at once; absent keys are simply missing from the map. */
    readonly getMany: (keys: ReadonlyArray<CacheKey>) => Effect.Effect<ReadonlyMap<CacheKey, CacheRecord>, CacheStoreError>
    /** Stores many records at once, durably before it succeeds; a later record for a key wins. */
    readonly putMany: (records: ReadonlyArray<CacheRecord>) => Effect.Effect<void, CacheStoreError>
  }
>()("@strata/annotation/CacheStore") {}

/** Whether an unknown JSON value is a well-formed cache record. */
export const isCacheRecord = (value: unknown): value is CacheRecord => {
  if (typeof value !== "object" || value === null) return false
  const record = value as Record<string, unknown>
  return (
    typeof record["key"] === "string" &&
    typeof record["label"] === "string" &&
    typeof record["confidence"] === "number" &&
    typeof record["provider"] === "string" &&
    typeof record["model"] === "string" &&
    typeof record["costMicros"] === "number" &&
    typeof record["at"] === "string"
  )
}
