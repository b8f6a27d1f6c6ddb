/**
 * Claims keep two runners from materializing the same partition at once. A claim is an
 * object `<project>/_claims/<asset, escaped>/<partition, escaped>,<generation>` written with
 * `If-None-Match: *` (one flat folder per asset: `,` never occurs in an escaped partition key),
 * holding the runner's id and the lease's expiry. The live claim is the highest generation
 * whose lease has not expired; to take over an expired one, a runner writes the next
 * generation, which only one runner can win. A crashed runner's claim simply expires.
 */
import { Effect, Option, Stream } from "effect"
import { BlobStore } from "./BlobStore.ts"
import { type BlobStoreError, isReason } from "./BlobStoreError.ts"
import * as DatasetLayout from "./DatasetLayout.ts"

/** A claim held by this runner. */
export interface Claim {
  /** The claimed partition. */
  readonly layout: DatasetLayout.DatasetLayout
  /** Who holds it. */
  readonly runnerId: string
  /** Its generation (the object's name). */
  readonly generation: number
  /** The claim object. */
  readonly key: string
  /** Epoch milliseconds after which others may take it over. */
  readonly expiresAt: number
}

/** Digits of a generation in its object name, so that names sort by generation. */
export const GENERATION_DIGITS = 10

interface ClaimBody {
  readonly runnerId: string
  readonly expiresAt: number
}

/** The prefix of every claim object of a partition. */
const claimPrefix = (layout: DatasetLayout.DatasetLayout) => `${DatasetLayout.internalPrefix("claims", layout.project, layout.asset)}${encodeURIComponent(layout.partition)},`

/** Options of {@link claim}. */
export interface ClaimOptions {
  /**
   * Whether the runner holding an unexpired claim is still alive. A runner that can tell (its
   * own host's processes, say) takes over a dead holder's claim at once instead of waiting for
   * the lease to expire. Default: every holder is alive until its lease expires.
   */
  readonly isHolderAlive?: (runnerId: string) => boolean
}

/**
 * Tries to claim the partition for `leaseMs` milliseconds. `Some(claim)` when this runner now
 * holds it; `None` when another runner holds a live claim (or won the race).
 */
export const claim = (
  layout: DatasetLayout.DatasetLayout,
  runnerId: string,
  leaseMs: number,
  options: ClaimOptions = {}
): Effect.Effect<Option.Option<Claim>, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const prefix = claimPrefix(layout)
    const existing = yield* Stream.runCollect(store.list(prefix))
    const latest = existing.at(-1)
    let generation = 0
    if (latest !== undefined) {
      generation = Number(latest.key.slice(prefix.length)) + 1
      const body = yield* store.getBytes(latest.key).pipe(
        Effect.map((bytes) => Option.some(JSON.parse(new TextDecoder().decode(bytes)) as ClaimBody)),
        Effect.catchIf(isReason("NotFound"), () => Effect.succeed(Option.none<ClaimBody>()))
      )
      const live = Option.isSome(body) && body.value.expiresAt > Date.now() && (options.isHolderAlive?.(body.value.runnerId) ?? true)
      if (live) return Option.none<Claim>()
    }
    const expiresAt = Date.now() + leaseMs
    const key = `${prefix}${String(generation).padStart(GENERATION_DIGITS, "0")}`
    const won = yield* store.put(key, new TextEncoder().encode(JSON.stringify({ runnerId, expiresAt } satisfies ClaimBody)), { ifNoneMatch: "*", durable: false }).pipe(
      Effect.as(true),
      Effect.catchIf(isReason("AlreadyExists"), () => Effect.succeed(false))
    )
    if (!won) return Option.none<Claim>()
    yield* Effect.forEach(existing, (info) => store.delete(info.key), { concurrency: 4, discard: true })
    return Option.some({ layout, runnerId, generation, key, expiresAt })
  })

/** Extends a held claim's lease by `leaseMs` from now (the holder's heartbeat). */
export const renew = (held: Claim, leaseMs: number): Effect.Effect<Claim, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const expiresAt = Date.now() + leaseMs
    yield* store.put(held.key, new TextEncoder().encode(JSON.stringify({ runnerId: held.runnerId, expiresAt } satisfies ClaimBody)), { durable: false })
    return { ...held, expiresAt }
  })

/** Gives a claim up so that another runner may take the partition at once. */
export const release = (held: Claim): Effect.Effect<void, BlobStoreError, BlobStore> => BlobStore.use((store) => store.delete(held.key))
