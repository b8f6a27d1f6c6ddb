/**
 * A cache store in a local directory: records are appended as JSON Lines to one of 256 shard
 * files chosen by the key's first two hex characters (`<directory>/<xx>.jsonl`).
 *
 * Crash safety: files are only appended to, each `putMany` writes whole lines in one write per
 * shard and (by default) fsyncs before it succeeds. A crash mid-write can leave a torn last
 * line; it is skipped when read, and the next append starts on a fresh line, so no complete
 * record is ever lost or corrupted. Several processes may append to the same directory.
 */
import { mkdir, open, readFile } from "node:fs/promises"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import type { CacheKey } from "../CacheKey.ts"
import { CacheStore, CacheStoreError, isCacheRecord, type CacheRecord } from "../CacheStore.ts"

/** Hex characters of the key that choose its shard file (2 gives 256 shards). */
export const SHARD_PREFIX_LENGTH = 2

/** Options of the file-directory cache store. */
export interface FileDirectoryOptions {
  /** The directory holding the shard files (created if missing). */
  readonly directory: string
  /** Whether each `putMany` fsyncs before succeeding (default true: survives a machine crash, not only a process crash). */
  readonly durable?: boolean
}

interface Shard {
  readonly records: Map<CacheKey, CacheRecord>
  /** The file ends with a torn line: the next append must start with a newline. */
  tornTail: boolean
}

const shardOf = (key: CacheKey): string => key.slice(0, SHARD_PREFIX_LENGTH)

const errorCode = (cause: unknown): string =>
  typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : String(cause)

const parseShard = (content: string): Shard => {
  const records = new Map<CacheKey, CacheRecord>()
  for (const line of content.split("\n")) {
    if (line === "") continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      continue
    }
    if (isCacheRecord(value)) records.set(value.key, value)
  }
  return { records, tornTail: content.length > 0 && !content.endsWith("\n") }
}

/** Makes a file-directory cache store; the directory is created on first use. */
export const make = (options: FileDirectoryOptions): CacheStore["Service"] => {
  const durable = options.durable ?? true
  const shards = new Map<string, Promise<Shard>>()
  const ioError = (path: string, action: string) => (cause: unknown) =>
    new CacheStoreError({
      reason: "Io",
      path,
      message: `Could not ${action} the annotation cache file ${path} (${errorCode(cause)}): check that the directory exists and is writable`
    })

  const loadShard = (name: string): Promise<Shard> => {
    const existing = shards.get(name)
    if (existing !== undefined) return existing
    const path = join(options.directory, `${name}.jsonl`)
    const loading = readFile(path, "utf8").then(parseShard, (cause: unknown) => {
      if (errorCode(cause) === "ENOENT") return { records: new Map<CacheKey, CacheRecord>(), tornTail: false }
      throw cause
    })
    shards.set(name, loading)
    loading.catch(() => shards.delete(name))
    return loading
  }

  const appendShard = async (name: string, batch: ReadonlyArray<CacheRecord>): Promise<void> => {
    const shard = await loadShard(name)
    const lines = batch.map((record) => JSON.stringify(record)).join("\n") + "\n"
    const text = shard.tornTail ? "\n" + lines : lines
    const handle = await open(join(options.directory, `${name}.jsonl`), "a")
    try {
      await handle.write(text)
      if (durable) await handle.sync()
    } finally {
      await handle.close()
    }
    shard.tornTail = false
    for (const record of batch) shard.records.set(record.key, record)
  }

  return CacheStore.of({
    getMany: (keys) =>
      Effect.tryPromise({
        try: async () => {
          const found = new Map<CacheKey, CacheRecord>()
          const byShard = new Map<string, Array<CacheKey>>()
          for (const key of keys) {
            const name = shardOf(key)
            const group = byShard.get(name)
            if (group === undefined) byShard.set(name, [key])
            else group.push(key)
          }
          await Promise.all(
            [...byShard].map(async ([name, group]) => {
              const shard = await loadShard(name)
              for (const key of group) {
                const record = shard.records.get(key)
                if (record !== undefined) found.set(key, record)
              }
            })
          )
          return found as ReadonlyMap<CacheKey, CacheRecord>
        },
        catch: ioError(options.directory, "read")
      }),
    putMany: (batch) =>
      Effect.tryPromise({
        try: async () => {
          if (batch.length === 0) return
          await mkdir(options.directory, { recursive: true })
          const byShard = new Map<string, Array<CacheRecord>>()
          for (const record of batch) {
            const name = shardOf(record.key)
            const group = byShard.get(name)
            if (group === undefined) byShard.set(name, [record])
            else group.push(record)
          }
          await Promise.all([...byShard].map(([name, group]) => appendShard(name, group)))
        },
        catch: ioError(options.directory, "append to")
      })
  })
}

/** A layer with a file-directory cache store. */
export const layer = (options: FileDirectoryOptions): Layer.Layer<CacheStore> => Layer.sync(CacheStore, () => make(options))
