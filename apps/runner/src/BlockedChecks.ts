/**
 * The record of a commit refused by a failing check of severity `error`: the partition keeps
 * its previous version, and `strata status` shows why the new one was refused. A record is
 * kept at `<project>/_checks/<asset, escaped>/<partition, escaped>.json` until the partition is
 * committed again (which deletes it); one whose `kept` version is no longer the committed one
 * is ignored too.
 */
import type { Observation } from "@strata/core"
import type { Sidecar } from "@strata/metadata"
import { BlobStore, type BlobStoreError } from "@strata/storage"
import { Effect, Stream } from "effect"

/** A refused commit. */
export interface BlockedCheck {
  readonly asset: string
  readonly partition: string
  /** When the commit was refused (ISO 8601). */
  readonly at: string
  /** Data version still committed when it was refused (absent when the partition had none). */
  readonly kept?: string
  /** Every check's result of the refused data. */
  readonly results: ReadonlyArray<Sidecar.CheckResult>
}

const folderOf = (project: string): string => `${project}/_checks/`

/** The key of a partition's record. */
export const blockedCheckKey = (project: string, asset: string, partition: string): string =>
  `${folderOf(project)}${encodeURIComponent(asset)}/${encodeURIComponent(partition)}.json`

/** Records a refused commit (bookkeeping: not fsynced). */
export const recordBlockedCheck = (project: string, blocked: BlockedCheck): Effect.Effect<void, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    yield* store.put(blockedCheckKey(project, blocked.asset, blocked.partition), new TextEncoder().encode(JSON.stringify(blocked)), { durable: false })
  })

/**
 * The keys of every record, from one listing: a run lists them once, so that a commit removes
 * its partition's record only where there is one (a delete a commit would otherwise pay).
 */
export const blockedCheckKeys = (project: string): Effect.Effect<Set<string>, BlobStoreError, BlobStore> =>
  BlobStore.use((store) => Stream.runCollect(store.list(folderOf(project)))).pipe(Effect.map((infos) => new Set(infos.map((info) => info.key))))

/** The refused commits that still describe their partition (no commit since), from one listing. */
export const currentBlockedChecks = (
  project: string,
  observations: ReadonlyArray<Observation.Observation>
): Effect.Effect<ReadonlyArray<BlockedCheck>, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const committed = new Map(observations.map((o) => [`${o.asset}@${o.partition}`, o.dataVersion]))
    const infos = yield* Stream.runCollect(store.list(folderOf(project)))
    const records = yield* Effect.forEach(infos, (info) =>
      Effect.map(store.getBytes(info.key), (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as BlockedCheck)
    )
    return records.filter((record) => committed.get(`${record.asset}@${record.partition}`) === record.kept)
  })
