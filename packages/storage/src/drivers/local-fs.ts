/**
 * The local-folder driver. Writes go to a temporary file beside the target, are fsynced, then
 * renamed into place (and the folder fsynced), so a reader or a crash sees the old object or
 * the new one, never half of one. Conditional puts use `link`, which fails atomically when
 * the target exists. Copies are hard links (objects are never modified in place).
 */
import { createReadStream } from "node:fs"
import * as fs from "node:fs/promises"
import { dirname, join, relative, sep } from "node:path"
import { randomBytes } from "node:crypto"
import { Effect, Layer, Option, Stream } from "effect"
import { BlobStore, collectBytes, make as makeStore } from "../BlobStore.ts"
import type { BlobInfo, BlobStoreShape, PutResult } from "../BlobStore.ts"
import { TEMPORARY_SUFFIX } from "../BlobKey.ts"
import { BlobStoreError, isReason } from "../BlobStoreError.ts"

/** Options of the local-fs driver. */
export interface LocalFsOptions {
  /** Absolute folder that holds the objects; created when missing. */
  readonly root: string
  /** Objects per listing page (default {@link LIST_PAGE_SIZE}). */
  readonly listPageSize?: number
}

/** Bytes read per chunk when streaming an object out. */
export const READ_CHUNK_BYTES = 1024 * 1024

/** Objects yielded per page of a listing. */
export const LIST_PAGE_SIZE = 1000

const codeOf = (cause: unknown): string | undefined =>
  typeof cause === "object" && cause !== null && "code" in cause ? String((cause as { code: unknown }).code) : undefined

const toError = (operation: string, key: string) => (cause: unknown): BlobStoreError => {
  const code = codeOf(cause)
  switch (code) {
    case "ENOENT":
      return new BlobStoreError({ reason: "NotFound", key, message: `${operation}: no object at ${key}.`, cause })
    case "EEXIST":
      return new BlobStoreError({ reason: "AlreadyExists", key, message: `${operation}: an object already exists at ${key}.`, cause })
    case "EACCES":
    case "EPERM":
      return new BlobStoreError({ reason: "AccessDenied", key, message: `${operation}: permission denied on ${key}; check the folder's owner and mode.`, cause })
    case "ENOTDIR":
    case "EISDIR":
      return new BlobStoreError({ reason: "Invalid", key, message: `${operation}: ${key} clashes with a folder or file of the same name.`, cause })
    default:
      return new BlobStoreError({ reason: "Unknown", key, message: `${operation} of ${key} failed (${code ?? String(cause)}).`, cause })
  }
}

const etagOf = (stat: { readonly ino: bigint; readonly size: bigint; readonly mtimeNs: bigint }): string =>
  `"${stat.ino.toString(16)}-${stat.size.toString(16)}-${stat.mtimeNs.toString(16)}"`

const temporaryPath = (path: string): string => `${path}.${randomBytes(6).toString("hex")}${TEMPORARY_SUFFIX}`

const syncFolder = async (folder: string): Promise<void> => {
  const handle = await fs.open(folder, "r")
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Makes the local-fs BlobStore (keys validated) rooted at `options.root`. */
export const make = (options: LocalFsOptions): Effect.Effect<BlobStoreShape, BlobStoreError> =>
  Effect.tryPromise({
    try: () => fs.mkdir(options.root, { recursive: true }),
    catch: toError("Creating the storage folder", options.root)
  }).pipe(Effect.as(makeStore(driver(options.root, options.listPageSize ?? LIST_PAGE_SIZE))))

/** The local-fs BlobStore as a layer. */
export const layer = (options: LocalFsOptions): Layer.Layer<BlobStore, BlobStoreError> => Layer.effect(BlobStore, make(options))

const driver = (root: string, pageSize: number): BlobStoreShape => {
  const pathOf = (key: string) => join(root, key)

  const resultOf = (key: string, path: string) =>
    Effect.tryPromise({ try: () => fs.stat(path, { bigint: true }), catch: toError("Reading the new object", key) }).pipe(
      Effect.map((stat): PutResult => ({ etag: etagOf(stat) }))
    )

  /** Moves a finished temporary file into place: rename, or link when the target must not exist. */
  const place = (key: string, temporary: string, path: string, exclusive: boolean, durable: boolean) =>
    Effect.tryPromise({
      try: async () => {
        if (exclusive) {
          await fs.link(temporary, path)
          await fs.unlink(temporary)
        } else {
          await fs.rename(temporary, path)
        }
        if (durable) await syncFolder(dirname(path))
      },
      catch: toError("Writing", key)
    })

  const removeQuietly = (path: string) => Effect.promise(() => fs.rm(path, { force: true }))

  const get: BlobStoreShape["get"] = (key, options) => {
    if (options?.versionId !== undefined) {
      return Stream.fail(new BlobStoreError({ reason: "Invalid", key, message: `The local store keeps no object versions; read ${key} without a versionId.` }))
    }
    return Stream.suspend(() =>
      Stream.fromAsyncIterable(
        createReadStream(pathOf(key), { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Uint8Array>,
        toError("Reading", key)
      )
    )
  }

  const put: BlobStoreShape["put"] = (key, body, options) => {
    const durable = options?.durable !== false
    const path = pathOf(key)
    const temporary = temporaryPath(path)
    const write = Effect.acquireUseRelease(
      Effect.tryPromise({
        try: async () => {
          await fs.mkdir(dirname(path), { recursive: true })
          return fs.open(temporary, "wx")
        },
        catch: toError("Writing", key)
      }),
      (handle) =>
        Effect.gen(function* () {
          if (body instanceof Uint8Array) {
            yield* Effect.tryPromise({ try: () => handle.writeFile(body), catch: toError("Writing", key) })
          } else {
            yield* Stream.runForEach(body, (chunk) => Effect.tryPromise({ try: () => handle.write(chunk), catch: toError("Writing", key) }))
          }
          if (durable) yield* Effect.tryPromise({ try: () => handle.sync(), catch: toError("Flushing", key) })
        }),
      (handle) => Effect.promise(() => handle.close())
    )
    return write.pipe(
      Effect.andThen(place(key, temporary, path, options?.ifNoneMatch === "*", durable)),
      Effect.andThen(resultOf(key, path)),
      Effect.onError(() => removeQuietly(temporary))
    )
  }

  const head: BlobStoreShape["head"] = (key) =>
    Effect.tryPromise({ try: () => fs.stat(pathOf(key), { bigint: true }), catch: toError("Reading metadata of", key) }).pipe(
      Effect.map((stat) =>
        stat.isFile()
          ? Option.some<BlobInfo>({ key, size: Number(stat.size), etag: etagOf(stat), lastModified: new Date(Number(stat.mtimeMs)) })
          : Option.none()
      ),
      Effect.catchIf(isReason("NotFound"), () => Effect.succeed(Option.none<BlobInfo>()))
    )

  /** A listed file's metadata; `undefined` when it vanished since the folder was read. */
  const infoOf = async (key: string): Promise<BlobInfo | undefined> => {
    try {
      const stat = await fs.stat(pathOf(key), { bigint: true })
      return { key, size: Number(stat.size), etag: etagOf(stat), lastModified: new Date(Number(stat.mtimeMs)) }
    } catch (cause) {
      if (codeOf(cause) === "ENOENT") return undefined
      throw cause
    }
  }

  /** Every file under `folder` (recursively), as keys, skipping temporary files. */
  const walk = async (folder: string, into: Array<string>): Promise<void> => {
    let entries: Array<import("node:fs").Dirent>
    try {
      entries = await fs.readdir(folder, { withFileTypes: true })
    } catch (cause) {
      if (codeOf(cause) === "ENOENT" || codeOf(cause) === "ENOTDIR") return
      throw cause
    }
    for (const entry of entries) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) await walk(path, into)
      else if (entry.isFile() && !entry.name.endsWith(TEMPORARY_SUFFIX)) into.push(relative(root, path).split(sep).join("/"))
    }
  }

  const list: BlobStoreShape["list"] = (prefix) => {
    const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : ""
    return Stream.unwrap(
      Effect.tryPromise({
        try: async () => {
          const keys: Array<string> = []
          await walk(pathOf(folder), keys)
          return keys.filter((key) => key.startsWith(prefix)).sort(compareKeys)
        },
        catch: toError("Listing", prefix)
      }).pipe(
        Effect.map((keys) =>
          Stream.paginate(0, (offset: number) =>
            Effect.tryPromise({
              try: () => Promise.all(keys.slice(offset, offset + pageSize).map((key) => infoOf(key))),
              catch: toError("Listing", prefix)
            }).pipe(
              Effect.map((infos) => {
                const next = offset + pageSize
                return [infos.filter((info) => info !== undefined), next < keys.length ? Option.some(next) : Option.none<number>()] as const
              })
            )
          )
        )
      )
    )
  }

  const remove: BlobStoreShape["delete"] = (key) =>
    Effect.tryPromise({ try: () => fs.rm(pathOf(key), { force: true }), catch: toError("Deleting", key) })

  const copy: BlobStoreShape["copy"] = (from, to) => {
    const source = pathOf(from)
    const path = pathOf(to)
    const temporary = temporaryPath(path)
    return Effect.tryPromise({
      try: async () => {
        await fs.stat(source)
        await fs.mkdir(dirname(path), { recursive: true })
        try {
          await fs.link(source, temporary)
        } catch (cause) {
          if (codeOf(cause) !== "EXDEV" && codeOf(cause) !== "EPERM") throw cause
          await fs.copyFile(source, temporary)
        }
      },
      catch: toError("Copying", from)
    }).pipe(
      Effect.andThen(place(to, temporary, path, false, true)),
      Effect.andThen(resultOf(to, path)),
      Effect.onError(() => removeQuietly(temporary))
    )
  }

  const move: BlobStoreShape["move"] = (from, to) => {
    const path = pathOf(to)
    return Effect.tryPromise({
      try: async () => {
        await fs.mkdir(dirname(path), { recursive: true })
        await fs.rename(pathOf(from), path)
        await syncFolder(dirname(path))
      },
      catch: toError("Moving", from)
    }).pipe(Effect.andThen(resultOf(to, path)))
  }

  return {
    describe: `file://${root}`,
    get,
    getBytes: (key, options) => collectBytes(get(key, options)),
    put,
    head,
    list,
    delete: remove,
    copy,
    move
  }
}

/** Orders keys by their UTF-16 code units, which matches S3's byte order for ASCII keys. */
const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
