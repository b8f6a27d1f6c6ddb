/**
 * Claims keep two runners from materializing the same partition at once. A claim is an
 * object `<project>/_claims/<asset, escaped>/<partition, escaped>,<generation>` written with
 * `If-None-Match: *` (one flat folder per asset: `,` never occurs in an escaped partition key),
 * holding the runner's id and the lease's expiry. The live claim is the highest generation
 * whose lease has not expired; to take over an expired one, a runner writes the next
 * generation, which only one runner can win. A crashed runner's claim simply expires.
 *
 * A claim of a partition that nobody claims (the common case) costs one conditional write of
 * generation 0, in place (no temporary file), without a listing: a takeover keeps the
 * generations below its own until it releases, so that generation 0 exists while any
 * generation is held, and that write fails whenever someone holds the partition.
 */
import { Effect, Option, Stream } from "effect"
import { BlobStore, type BlobInfo, type BlobStoreShape } from "./BlobStore.ts"
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

/** The object of a partition's claim of `generation`. */
const keyOf = (prefix: string, generation: number): string => `${prefix}${String(generation).padStart(GENERATION_DIGITS, "0")}`

/** The generation a claim object's key names. */
const generationOf = (prefix: string, key: string): number => Number(key.slice(prefix.length))

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * How long a claim object that does not parse counts as live, from its last change: a claim is
 * written in place, so a runner may read it half-written. Its writer writes it in the same
 * synchronous step that makes it, so one still unreadable after this long was left so by a
 * crash (and its holder cannot be asked whether it is alive).
 */
export const UNREADABLE_CLAIM_LEASE_MS = 5_000

/** A claim object's body; one that does not parse is being written (see {@link UNREADABLE_CLAIM_LEASE_MS}). */
const bodyOf = (bytes: Uint8Array, lastModified: Date): ClaimBody => {
  try {
    const body = JSON.parse(decoder.decode(bytes)) as Partial<ClaimBody>
    if (typeof body.runnerId === "string" && typeof body.expiresAt === "number") return { runnerId: body.runnerId, expiresAt: body.expiresAt }
  } catch {
    // Half-written: fall through.
  }
  return { runnerId: "", expiresAt: lastModified.getTime() + UNREADABLE_CLAIM_LEASE_MS }
}

/** The body of a listed claim object; `None` when it is gone since the listing. */
const bodyAt = (store: BlobStoreShape, info: BlobInfo): Effect.Effect<Option.Option<ClaimBody>, BlobStoreError> =>
  store.getBytes(info.key).pipe(
    Effect.map((bytes) => Option.some(bodyOf(bytes, info.lastModified))),
    Effect.catchIf(isReason("NotFound"), () => Effect.succeed(Option.none<ClaimBody>()))
  )

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
    const write = (generation: number) => {
      const expiresAt = Date.now() + leaseMs
      const key = keyOf(prefix, generation)
      return store.put(key, encoder.encode(JSON.stringify({ runnerId, expiresAt } satisfies ClaimBody)), { ifNoneMatch: "*", durable: false, inPlace: true }).pipe(
        Effect.as(Option.some<Claim>({ layout, runnerId, generation, key, expiresAt })),
        Effect.catchIf(isReason("AlreadyExists"), () => Effect.succeed(Option.none<Claim>()))
      )
    }
    const unclaimed = yield* write(0)
    if (Option.isSome(unclaimed)) return unclaimed
    const latest = (yield* Stream.runCollect(store.list(prefix))).at(-1)
    // Generation 0 was released between the write and the listing: try it once more.
    if (latest === undefined) return yield* write(0)
    const body = yield* bodyAt(store, latest)
    const live = Option.isSome(body) && body.value.expiresAt > Date.now() && (options.isHolderAlive?.(body.value.runnerId) ?? true)
    return live ? Option.none<Claim>() : yield* write(generationOf(prefix, latest.key) + 1)
  })

/**
 * The partitions of `asset` that a runner holds a live claim on now (being materialized): the
 * highest generation of each claimed partition, unexpired, its holder alive.
 */
export const livePartitions = (
  project: string,
  asset: string,
  options: ClaimOptions & { readonly now: Date }
): Effect.Effect<ReadonlySet<string>, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const prefix = DatasetLayout.internalPrefix("claims", project, asset)
    const latest = new Map<string, BlobInfo>()
    // Keys sort by generation within a partition: the last one listed is the latest.
    yield* Stream.runForEach(store.list(prefix), (info) =>
      Effect.sync(() => {
        const comma = info.key.lastIndexOf(",")
        if (comma > prefix.length) latest.set(decodeURIComponent(info.key.slice(prefix.length, comma)), info)
      })
    )
    const live = new Set<string>()
    yield* Effect.forEach(
      latest,
      ([partition, info]) =>
        Effect.map(bodyAt(store, info), (body) => {
          if (Option.isSome(body) && body.value.expiresAt > options.now.getTime() && (options.isHolderAlive?.(body.value.runnerId) ?? true)) live.add(partition)
        }),
      { concurrency: CLAIM_READS, discard: true }
    )
    return live
  })

/** Claim objects read at once by {@link livePartitions}. */
const CLAIM_READS = 8

/** Extends a held claim's lease by `leaseMs` from now (the holder's heartbeat). */
export const renew = (held: Claim, leaseMs: number): Effect.Effect<Claim, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const expiresAt = Date.now() + leaseMs
    yield* store.put(held.key, encoder.encode(JSON.stringify({ runnerId: held.runnerId, expiresAt } satisfies ClaimBody)), { durable: false })
    return { ...held, expiresAt }
  })

/**
 * Gives a claim up so that another runner may take the partition at once. A holder of
 * generation 0 whose lease is running cannot have been taken over: it removes its object. Any
 * other removes the generations below its own, then its own, unless it was taken over: a later
 * generation exists (its holder removes them when it releases), or its object now holds
 * another runner's claim (made after the taker released).
 */
export const release = (held: Claim): Effect.Effect<void, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    if (held.generation === 0 && Date.now() < held.expiresAt) return yield* store.delete(held.key)
    const prefix = claimPrefix(held.layout)
    const existing = yield* Stream.runCollect(store.list(prefix))
    if (existing.some((info) => generationOf(prefix, info.key) > held.generation)) return
    const own = existing.find((info) => info.key === held.key)
    if (own === undefined) return
    const body = yield* bodyAt(store, own)
    if (Option.isNone(body) || body.value.runnerId !== held.runnerId) return
    const below = existing.filter((info) => generationOf(prefix, info.key) < held.generation)
    yield* Effect.forEach(below, (info) => store.delete(info.key), { concurrency: 4, discard: true })
    yield* store.delete(held.key)
  })
