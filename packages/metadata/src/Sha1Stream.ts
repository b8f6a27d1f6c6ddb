/**
 * SHA-1 over streamed bytes: the data version of a partition and the integrity check of
 * `strata verify`. The digest is computed while the bytes pass, never by reading them again.
 *
 * @example
 * ```ts
 * const hash = Sha1Stream.make()
 * for (const chunk of chunks) hash.update(chunk)
 * hash.digest() // { sha1: "2fd4e1c6…", bytes: 43 }
 * ```
 */
import { createHash } from "node:crypto"
import { Effect, Stream } from "effect"

/** The digest of a byte stream and its length. */
export interface Digest {
  /** SHA-1 as 40 lowercase hexadecimal characters. */
  readonly sha1: string
  /** Number of bytes hashed. */
  readonly bytes: number
}

/** An incremental SHA-1. */
export interface Sha1Stream {
  /** Hashes the next chunk. */
  readonly update: (chunk: Uint8Array) => void
  /** Bytes hashed so far. */
  readonly bytes: () => number
  /** The digest of everything hashed; the hash cannot be updated afterwards. */
  readonly digest: () => Digest
}

/** Creates an empty incremental SHA-1. */
export const make = (): Sha1Stream => {
  const hash = createHash("sha1")
  let bytes = 0
  return {
    update: (chunk) => {
      hash.update(chunk)
      bytes += chunk.byteLength
    },
    bytes: () => bytes,
    digest: () => ({ sha1: hash.digest("hex"), bytes })
  }
}

/** The SHA-1 of bytes held in memory. */
export const ofBytes = (bytes: Uint8Array): Digest => {
  const hash = make()
  hash.update(bytes)
  return hash.digest()
}

/** Consumes a byte stream and returns its digest (what `strata verify` recomputes). */
export const ofStream = <E, R>(stream: Stream.Stream<Uint8Array, E, R>): Effect.Effect<Digest, E, R> =>
  Effect.suspend(() => {
    const hash = make()
    return Stream.runForEach(stream, (chunk) => Effect.sync(() => hash.update(chunk))).pipe(
      Effect.map(() => hash.digest())
    )
  })

/**
 * Passes a byte stream through unchanged while hashing it; `digest` is complete once the
 * returned stream has been fully consumed.
 */
export const tap = <E, R>(
  stream: Stream.Stream<Uint8Array, E, R>
): { readonly stream: Stream.Stream<Uint8Array, E, R>; readonly digest: () => Digest } => {
  const hash = make()
  return {
    stream: Stream.tap(stream, (chunk) => Effect.sync(() => hash.update(chunk))),
    digest: () => hash.digest()
  }
}
