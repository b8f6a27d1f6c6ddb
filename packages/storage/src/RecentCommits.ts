/**
 * Commits this process made, kept in memory (small ones only), so that reading a partition just
 * committed, as a run's next step does with its upstream, costs two `head`s instead of reading
 * its sidecar and its data back and hashing them again. The heads prove that the sidecar and the
 * data are still the objects written: same ETags (on local disk an ETag names the inode, the
 * size and the modification time, and the commit protocol never modifies an object in place; on
 * S3 it is the content's digest). Anything else (a later commit, an amended sidecar, data
 * replaced behind the sidecar's back, a commit made by another process) changes an ETag, and
 * the read goes to storage as usual.
 *
 * Kept per store, bounded in entries and in bytes; the least recently used go first.
 */
import type { CommitRecord } from "./CommitProtocol.ts"

/** A commit kept in memory. */
export interface RecentCommit {
  /** What the commit recorded (its `dataEtag` is the data object's ETag). */
  readonly record: CommitRecord
  /** The sidecar's bytes as written. */
  readonly sidecar: Uint8Array
  /** The sidecar object's ETag. */
  readonly sidecarEtag: string
  /** The data, as the chunks written. */
  readonly data: ReadonlyArray<Uint8Array>
}

/** Data larger than this is not kept (it is read back from storage). */
export const MAX_DATA_BYTES = 256 * 1024

/** Bytes kept per store at most (sidecars and data). */
export const MAX_STORE_BYTES = 32 * 1024 * 1024

/** Commits kept per store at most. */
export const MAX_ENTRIES = 4096

interface Kept {
  /** By sidecar key, least recently used first. */
  readonly entries: Map<string, RecentCommit>
  bytes: number
}

const byStore = new WeakMap<object, Kept>()

const sizeOf = (commit: RecentCommit): number => commit.sidecar.length + commit.record.bytes

const keptOf = (store: object): Kept => {
  let kept = byStore.get(store)
  if (kept === undefined) {
    kept = { entries: new Map(), bytes: 0 }
    byStore.set(store, kept)
  }
  return kept
}

/** Forgets the commit kept for a sidecar key, if any. */
export const forget = (store: object, sidecarKey: string): void => {
  const kept = byStore.get(store)
  const commit = kept?.entries.get(sidecarKey)
  if (kept === undefined || commit === undefined) return
  kept.entries.delete(sidecarKey)
  kept.bytes -= sizeOf(commit)
}

/** Keeps a commit of `store` under its sidecar key (replacing what was kept there), then evicts down to the bounds. */
export const remember = (store: object, sidecarKey: string, commit: RecentCommit): void => {
  forget(store, sidecarKey)
  if (commit.record.bytes > MAX_DATA_BYTES) return
  const kept = keptOf(store)
  kept.entries.set(sidecarKey, commit)
  kept.bytes += sizeOf(commit)
  for (const [key, oldest] of kept.entries) {
    if (kept.bytes <= MAX_STORE_BYTES && kept.entries.size <= MAX_ENTRIES) break
    kept.entries.delete(key)
    kept.bytes -= sizeOf(oldest)
  }
}

/** The commit kept for a sidecar key (now the most recently used), or `undefined`. The caller checks that it is still stored. */
export const recall = (store: object, sidecarKey: string): RecentCommit | undefined => {
  const kept = byStore.get(store)
  const commit = kept?.entries.get(sidecarKey)
  if (kept === undefined || commit === undefined) return undefined
  kept.entries.delete(sidecarKey)
  kept.entries.set(sidecarKey, commit)
  return commit
}

/**
 * Collects the chunks of a body being written while they total at most {@link MAX_DATA_BYTES};
 * past that it lets them go and `chunks()` gives `undefined`.
 */
export const collector = () => {
  let chunks: Array<Uint8Array> | undefined = []
  let bytes = 0
  return {
    add: (chunk: Uint8Array): void => {
      if (chunks === undefined) return
      bytes += chunk.length
      if (bytes > MAX_DATA_BYTES) chunks = undefined
      else chunks.push(chunk)
    },
    chunks: (): ReadonlyArray<Uint8Array> | undefined => chunks
  }
}
