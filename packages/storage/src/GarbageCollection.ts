/**
 * Garbage collection of an asset's storage, as `dvc gc` does for its cache: what interrupted
 * runs left behind, and on request the earlier versions beyond the most recent few.
 *
 * - **staging**: data staged for a re-commit that never happened (the runner was killed between
 *   staging and committing): `<project>/_staging/<asset>/<partition>,<id>,<dataset>.<ext>`;
 * - **history**: kept earlier versions (`<project>/_history/<asset>/<partition>/<commit id>/`)
 *   beyond the `keep` most recent of each partition, and entries whose copy was interrupted
 *   (data without its sidecar, which is copied last);
 * - **leftover**: what interrupted writes left that listings never show (the local store's
 *   temporary files, S3's incomplete multipart uploads).
 *
 * Nothing committed is touched: a partition's current data and sidecar are never garbage, nor
 * is anything of a partition a runner holds a live claim on (it is being materialized). Staged
 * data, interrupted copies and leftovers modified since `before` are left too: they may be
 * writes in flight, of a runner whose claims are off.
 * Claims themselves are left alone: an expired one is taken over by the next run of its
 * partition, and removing one while another runner takes it over would let two runners in.
 * Stores that keep object versions (S3 with versioning) keep earlier versions as such, not in
 * history: a bucket lifecycle rule expiring noncurrent versions prunes them.
 *
 * Assets whose data is in storage but which the definitions no longer have are *orphans*
 * ({@link orphanAssets}), found from the index markers; {@link removeAsset} removes one whole,
 * which only an explicit request should do (an asset commented out for a while is one too).
 */
import { Effect, Stream } from "effect"
import * as BlobKey from "./BlobKey.ts"
import { BlobStore, type BlobInfo } from "./BlobStore.ts"
import type { BlobStoreError } from "./BlobStoreError.ts"
import * as Claims from "./Claims.ts"
import * as DatasetLayout from "./DatasetLayout.ts"
import * as IndexMarker from "./IndexMarker.ts"

/** What a piece of garbage is (see the module's comment). */
export type GarbageKind = "staging" | "history" | "leftover"

/** One object that can go. */
export interface Garbage {
  readonly kind: GarbageKind
  /** The object (for a leftover: the object it was writing). */
  readonly key: string
  /** Its size in bytes (0 where the store cannot tell: S3's incomplete uploads). */
  readonly bytes: number
  /** The partition it belongs to, when its key says. */
  readonly partition?: string
}

/** Options of {@link collect}. */
export interface CollectOptions {
  /** Only what was last modified before this moment is garbage: writes in flight are newer. */
  readonly before: Date
  /** The present moment, against which claims expire. */
  readonly now: Date
  /** Earlier versions kept per partition (the most recent); all are kept when absent. */
  readonly keep?: number
  /** Find the garbage, remove nothing. */
  readonly dryRun?: boolean
  /** Whether a claim's holder still runs (see `Claims.ClaimOptions`). */
  readonly isHolderAlive?: (runnerId: string) => boolean
}

/** What {@link collect} found (and removed, unless a dry run) for one asset. */
export interface Collection {
  readonly asset: string
  readonly garbage: ReadonlyArray<Garbage>
  /** Partitions left alone because a runner holds a live claim on them. */
  readonly busy: ReadonlyArray<string>
  /** Partitions whose earlier versions are the store's object versions, which `keep` does not prune (counted when `keep` is given). */
  readonly versioned: number
}

/** What {@link choose} decides from. */
export interface Listings {
  /** The asset's staging folder. */
  readonly staging: ReadonlyArray<BlobInfo>
  /** The asset's history folder. */
  readonly history: ReadonlyArray<BlobInfo>
  /** Partitions being materialized now. */
  readonly busy: ReadonlySet<string>
}

/** A kept version: the objects of one commit id of one partition in history. */
interface KeptVersion {
  readonly partition: string
  readonly commitId: string
  readonly objects: Array<BlobInfo>
}

/**
 * The staging and history garbage of an asset, from its listings (pure). `stagingPrefix` and
 * `historyPrefix` are the folders listed.
 */
export const choose = (project: string, asset: string, listings: Listings, options: Pick<CollectOptions, "before" | "keep">): Array<Garbage> => {
  const stagingPrefix = DatasetLayout.internalPrefix("staging", project, asset)
  const historyPrefix = DatasetLayout.internalPrefix("history", project, asset)
  const old = (info: BlobInfo) => info.lastModified.getTime() < options.before.getTime()
  const garbage: Array<Garbage> = []
  for (const info of listings.staging) {
    const name = info.key.slice(stagingPrefix.length)
    const comma = name.indexOf(",")
    const partition = comma > 0 ? safeDecode(name.slice(0, comma)) : undefined
    if (partition !== undefined && listings.busy.has(partition)) continue
    if (old(info)) garbage.push({ kind: "staging", key: info.key, bytes: info.size, ...(partition !== undefined ? { partition } : {}) })
  }
  const byPartition = new Map<string, Map<string, KeptVersion>>()
  for (const info of listings.history) {
    const [encodedPartition, commitId, file] = info.key.slice(historyPrefix.length).split("/")
    const partition = encodedPartition === undefined ? undefined : safeDecode(encodedPartition)
    if (partition === undefined || commitId === undefined || file === undefined || listings.busy.has(partition)) continue
    const versions = byPartition.get(partition) ?? new Map<string, KeptVersion>()
    byPartition.set(partition, versions)
    const version = versions.get(commitId) ?? { partition, commitId, objects: [] }
    versions.set(commitId, version)
    version.objects.push(info)
  }
  for (const versions of byPartition.values()) {
    // A version is kept once its sidecar is there (copied last); one without is an interrupted copy.
    const complete = [...versions.values()].filter((version) => version.objects.some((info) => info.key.endsWith(DatasetLayout.SIDECAR_SUFFIX)))
    const interrupted = [...versions.values()].filter((version) => !complete.includes(version) && version.objects.every(old))
    const newestFirst = complete.sort((a, b) => BlobKey.compare(b.commitId, a.commitId))
    // A kept version is whole (its sidecar is copied last): pruning it needs no grace.
    const pruned = options.keep === undefined ? [] : newestFirst.slice(options.keep).reverse()
    for (const version of [...pruned, ...interrupted]) {
      // The sidecar goes first: without it the version no longer counts as kept.
      const ordered = [...version.objects].sort((a, b) => Number(b.key.endsWith(DatasetLayout.SIDECAR_SUFFIX)) - Number(a.key.endsWith(DatasetLayout.SIDECAR_SUFFIX)))
      for (const info of ordered) garbage.push({ kind: "history", key: info.key, bytes: info.size, partition: version.partition })
    }
  }
  return garbage
}

/** A key segment decoded, or `undefined` when it is not one Strata wrote. */
const safeDecode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/** Objects removed at once. */
const DELETE_CONCURRENCY = 8

/** An asset's bookkeeping folders beside its index (`_staging/<asset>/`, ...). */
const BOOKKEEPING_KINDS = ["staging", "history", "versions", "claims"] as const

/**
 * Finds the garbage of a materialized asset and removes it (unless `dryRun`): the sidecar of a
 * history version before its data, each removal on its own, so that an interruption leaves
 * only what a later collection removes.
 */
export const collect = (project: string, asset: string, options: CollectOptions): Effect.Effect<Collection, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const busy = yield* Claims.livePartitions(project, asset, { now: options.now, ...(options.isHolderAlive !== undefined ? { isHolderAlive: options.isHolderAlive } : {}) })
    const staging = yield* Stream.runCollect(store.list(DatasetLayout.internalPrefix("staging", project, asset)))
    const history = yield* Stream.runCollect(store.list(DatasetLayout.internalPrefix("history", project, asset)))
    const chosen = choose(project, asset, { staging, history, busy }, options)
    const versionsPrefix = DatasetLayout.internalPrefix("versions", project, asset)
    const versioned = new Set<string>()
    if (options.keep !== undefined) {
      yield* Stream.runForEach(store.list(versionsPrefix), (info) => Effect.sync(() => versioned.add(info.key.slice(versionsPrefix.length).split("/")[0] ?? "")))
    }
    const sweep = { before: options.before, ...(options.dryRun === true ? { dryRun: true } : {}) }
    const leftovers = yield* Effect.forEach([`${project}/${asset}/`, ...(["index", ...BOOKKEEPING_KINDS] as const).map((kind) => DatasetLayout.internalPrefix(kind, project, asset))], (prefix) =>
      store.sweepLeftovers(prefix, sweep)
    )
    if (options.dryRun !== true) {
      // One after another within a version (its sidecar first); versions and staging objects at once.
      const groups = new Map<string, Array<Garbage>>()
      for (const garbage of chosen) {
        const group = garbage.kind === "history" ? garbage.key.slice(0, garbage.key.lastIndexOf("/")) : garbage.key
        const members = groups.get(group)
        if (members === undefined) groups.set(group, [garbage])
        else members.push(garbage)
      }
      yield* Effect.forEach(groups.values(), (group) => Effect.forEach(group, (garbage) => store.delete(garbage.key, { pruneFolders: garbage.kind === "history" }), { discard: true }), {
        concurrency: DELETE_CONCURRENCY,
        discard: true
      })
    }
    return {
      asset,
      garbage: [...chosen, ...leftovers.flat().map((info): Garbage => ({ kind: "leftover", key: info.key, bytes: info.size }))],
      busy: [...busy].sort(BlobKey.compare),
      versioned: versioned.size
    }
  })

/** An asset with committed partitions in storage that the definitions no longer have. */
export interface OrphanAsset {
  readonly asset: string
  /** Its committed partitions. */
  readonly partitions: number
  /** The bytes of their data (sidecars and earlier versions not counted). */
  readonly bytes: number
}

/** The index folder of a project, which holds one folder of markers per asset that ever committed. */
const indexFolder = (project: string): string => `${project}/_index/`

/** The assets with committed partitions in storage that are not in `defined`, from one listing of the project's index markers. */
export const orphanAssets = (project: string, defined: ReadonlySet<string>): Effect.Effect<ReadonlyArray<OrphanAsset>, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const prefix = indexFolder(project)
    const found = new Map<string, { partitions: number; bytes: number }>()
    yield* Stream.runForEach(store.list(prefix), (info) =>
      Effect.sync(() => {
        const [folder, name] = info.key.slice(prefix.length).split("/")
        const asset = folder === undefined ? undefined : safeDecode(folder)
        const marker = name === undefined ? undefined : IndexMarker.parse(name)
        if (asset === undefined || defined.has(asset) || marker?._tag !== "Committed") return
        const totals = found.get(asset) ?? { partitions: 0, bytes: 0 }
        totals.partitions++
        totals.bytes += marker.bytes
        found.set(asset, totals)
      })
    )
    return [...found].map(([asset, totals]) => ({ asset, ...totals })).sort((a, b) => BlobKey.compare(a.asset, b.asset))
  })

/**
 * Removes every object of an asset the definitions no longer have: its index markers first (it
 * then reads as never committed, so an interruption leaves nothing that looks committed), then
 * its folder and its bookkeeping, sparing the folders of `defined` assets nested in its own.
 * Returns what it removed.
 */
export const removeAsset = (
  project: string,
  asset: string,
  defined: ReadonlySet<string>
): Effect.Effect<{ readonly objects: number; readonly bytes: number }, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const nested = [...defined].map((other) => `${project}/${other}/`)
    const listed = (prefix: string) =>
      Stream.runCollect(store.list(prefix)).pipe(Effect.map((infos) => infos.filter((info) => !nested.some((folder) => info.key.startsWith(folder)))))
    const markers = yield* listed(DatasetLayout.internalPrefix("index", project, asset))
    const rest = yield* Effect.forEach([`${project}/${asset}/`, ...BOOKKEEPING_KINDS.map((kind) => DatasetLayout.internalPrefix(kind, project, asset))], listed)
    let objects = 0
    let bytes = 0
    for (const batch of [markers, rest.flat()]) {
      yield* Effect.forEach(batch, (info) => store.delete(info.key, { pruneFolders: true }), { concurrency: DELETE_CONCURRENCY, discard: true })
      objects += batch.length
      bytes += batch.reduce((sum, info) => sum + info.size, 0)
    }
    return { objects, bytes }
  })
