import { Data } from "effect"

/**
 * Why a BlobStore operation failed. Callers branch on this, never on the message.
 *
 * - `NotFound`: the key (or the asked version) does not exist.
 * - `AlreadyExists`: a conditional put (`ifNoneMatch: "*"`) found the key taken.
 * - `AccessDenied`: the credentials in use may not do this.
 * - `Invalid`: the key or an option is malformed (`..`, absolute path, control characters, ...).
 * - `Timeout`: the store did not answer in time.
 * - `Unavailable`: the store refused or dropped the request after retries (5xx, throttling, reset).
 * - `Unknown`: anything else; the message says what the store said.
 */
export type BlobStoreErrorReason = "NotFound" | "AlreadyExists" | "AccessDenied" | "Invalid" | "Timeout" | "Unavailable" | "Unknown"

/**
 * A failed BlobStore operation on `key`. The message names the key and what to do; it never
 * carries credentials (drivers build it from the operation and the store's error code only).
 */
export class BlobStoreError extends Data.TaggedError("BlobStoreError")<{
  /** The closed reason to branch on. */
  readonly reason: BlobStoreErrorReason
  /** The offending key (or prefix), relative to the store's root. */
  readonly key: string
  /** The permission the failed request needed (e.g. `s3:PutObject`), when the driver knows it. */
  readonly action?: string
  /** What happened and what to do. */
  readonly message: string
  /** The underlying error, for logs; never shown to users verbatim. */
  readonly cause?: unknown
}> {}

/** True when `error` is a `BlobStoreError` of the given reason (for `Effect.catchIf`). */
export const isReason =
  (reason: BlobStoreErrorReason) =>
  (error: unknown): boolean =>
    error instanceof BlobStoreError && error.reason === reason
