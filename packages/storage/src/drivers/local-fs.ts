/**
 * The local-folder driver. Writes go to a temporary file beside the target, are fsynced, then
 * renamed into place (and the folder fsynced), so a reader or a crash sees the old object or
 * the new one, never half of one; empty objects are created in place, having no half, and so are
 * `inPlace` puts (staged data, first sidecars, claims), whose readers allow for half of one. A
 * file created in place is made durable, name and content, by its own fsync: Linux file systems
 * (ext4, xfs, btrfs) flush a new file's directory entry with it, as they do a new folder's, which
 * every driver write relies on already. What is fsynced follows the write's `durable` option; a
 * self-validating object is renamed into place first and its content and folder are flushed at
 * once (one wait instead of two). Conditional puts use `link` (or `O_EXCL`), which fails
 * atomically when the target exists. Copies are hard links (objects are never modified in
 * place). Folders made once are remembered, so a write into a known folder costs no `mkdir`.
 *
 * Metadata calls (`open`, `rename`, `link`, `stat`, ...) and small reads and writes are
 * synchronous: each costs less than a round trip through Node's thread pool (and its thread
 * switches), which a commit would otherwise make a dozen times. What can take milliseconds runs
 * on the pool: `fsync`, and reads of large objects. A write that flushes nothing (`durable:
 * false`) runs at once, with no promise to wait for.
 */
import { createReadStream } from "node:fs"
import * as fs from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"
import { randomBytes } from "node:crypto"
import { promisify } from "node:util"
import { Effect, Layer, Option, Stream } from "effect"
import { BlobStore, make as makeStore } from "../BlobStore.ts"
import type { BlobInfo, BlobStoreShape, PutResult } from "../BlobStore.ts"
import { compare as compareKeys, TEMPORARY_SUFFIX } from "../BlobKey.ts"
import { BlobStoreError } from "../BlobStoreError.ts"

/** Options of the local-fs driver. */
export interface LocalFsOptions {
  /** Absolute folder that holds the objects; created when missing. */
  readonly root: string
  /** Objects per listing page (default {@link LIST_PAGE_SIZE}). */
  readonly listPageSize?: number
}

/** Bytes read per chunk when streaming an object out; objects up to this size are read in one call. */
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

/** What an ETag is made of: the inode, the size and the modification time. */
type EtagStat = { readonly ino: bigint; readonly size: bigint; readonly mtimeNs: bigint }

const etagOf = (stat: EtagStat): string => `"${stat.ino.toString(16)}-${stat.size.toString(16)}-${stat.mtimeNs.toString(16)}"`

const infoFrom = (key: string, stat: fs.BigIntStats): BlobInfo => ({
  key,
  size: Number(stat.size),
  etag: etagOf(stat),
  lastModified: new Date(Number(stat.mtimeMs))
})

/** Names this process's temporary files apart from other processes' (with the pid and a counter). */
const processToken = `${process.pid.toString(36)}-${randomBytes(4).toString("hex")}`
let temporaryCount = 0

const temporaryPath = (path: string): string => `${path}.${processToken}-${(temporaryCount++).toString(36)}${TEMPORARY_SUFFIX}`

/** What {@link temporaryPath} adds to an object's path. */
const TEMPORARY_NAME = new RegExp(`\\.[0-9a-z]+-[0-9a-f]{8}-[0-9a-z]+${TEMPORARY_SUFFIX.replaceAll(".", "\\.")}$`)

/** Flushes a file descriptor's content on the thread pool (an fsync can take milliseconds). */
const flush = promisify(fs.fsync)

/** Makes a folder's entries (new names, renames) durable. */
const syncFolder = async (folder: string): Promise<void> => {
  const descriptor = fs.openSync(folder, "r")
  try {
    await flush(descriptor)
  } finally {
    fs.closeSync(descriptor)
  }
}

/** The error of a read that names a version: the local store keeps none. */
const noVersions = (key: string): BlobStoreError =>
  new BlobStoreError({ reason: "Invalid", key, message: `The local store keeps no object versions; read ${key} without a versionId.` })

/**
 * The first `size` bytes of an open file (fewer if it ends sooner), read without the second
 * `fstat` that `readFileSync` would make of a file whose size is known already: objects are never
 * modified in place, and what reads them checks their size and SHA-1.
 */
const readExactly = (descriptor: number, size: number): Uint8Array => {
  const bytes = Buffer.allocUnsafe(size)
  let offset = 0
  while (offset < size) {
    const read = fs.readSync(descriptor, bytes, offset, size - offset, offset)
    if (read === 0) break
    offset += read
  }
  return offset === size ? bytes : bytes.subarray(0, offset)
}

/** Removes a file, if it is there. */
const unlinkQuietly = (path: string): void => {
  try {
    fs.unlinkSync(path)
  } catch {
    // Already gone, or never made: nothing to clean up.
  }
}

/** Makes the local-fs BlobStore (keys validated) rooted at `options.root`. */
export const make = (options: LocalFsOptions): Effect.Effect<BlobStoreShape, BlobStoreError> =>
  Effect.try({
    try: () => fs.mkdirSync(options.root, { recursive: true }),
    catch: toError("Creating the storage folder", options.root)
  }).pipe(Effect.as(makeStore(driver(options.root, options.listPageSize ?? LIST_PAGE_SIZE))))

/** The local-fs BlobStore as a layer. */
export const layer = (options: LocalFsOptions): Layer.Layer<BlobStore, BlobStoreError> => Layer.effect(BlobStore, make(options))

const driver = (rootFolder: string, pageSize: number): BlobStoreShape => {
  const root = resolve(rootFolder)
  /**
   * The file of a key. Keys reach the driver validated (relative, `/`-separated, no `.` or `..`
   * segment), so on POSIX systems the path is the root and the key joined as they are: no
   * normalization to pay on each of a step's dozen calls.
   */
  const pathOf: (key: string) => string = sep === "/" ? (key) => (key === "" ? root : `${root}/${key}`) : (key) => join(root, key)

  /**
   * Folders known to exist, so that a write costs no `mkdir` when its folder was made before.
   * Folders removed behind the store's back are made again (see {@link inFolder}).
   */
  const folders = new Set<string>()

  const ensureFolder = (folder: string): void => {
    if (folders.has(folder)) return
    fs.mkdirSync(folder, { recursive: true })
    folders.add(folder)
  }

  /** Runs `create` (which makes `path`) in its folder, making the folder first (again, if it vanished since). */
  const inFolder = <A>(path: string, create: () => A): A => {
    const folder = dirname(path)
    ensureFolder(folder)
    try {
      return create()
    } catch (cause) {
      if (codeOf(cause) !== "ENOENT") throw cause
      folders.delete(folder)
      ensureFolder(folder)
      return create()
    }
  }

  const etagAt = (path: string): string => etagOf(fs.statSync(path, { bigint: true }))

  /** Moves a finished temporary file into place: rename, or link when the target must not exist. */
  const placeNow = (temporary: string, path: string, exclusive: boolean): void => {
    if (exclusive) {
      fs.linkSync(temporary, path)
      fs.unlinkSync(temporary)
    } else {
      fs.renameSync(temporary, path)
    }
  }

  /** {@link placeNow}, then the folder synced when the new name must be durable. */
  const place = async (temporary: string, path: string, exclusive: boolean, durable: boolean): Promise<void> => {
    placeNow(temporary, path, exclusive)
    if (durable) await syncFolder(dirname(path))
  }

  /** Creates `path` (which must not exist) holding `body`; returns it open. A failure removes it. */
  const create = (path: string, body: Uint8Array): number => {
    const descriptor = inFolder(path, () => fs.openSync(path, "wx"))
    try {
      if (body.length > 0) fs.writeFileSync(descriptor, body)
      return descriptor
    } catch (cause) {
      fs.closeSync(descriptor)
      unlinkQuietly(path)
      throw cause
    }
  }

  /** Closes a file made by {@link create}, returning its ETag (which a rename or link keeps). A failure removes it. */
  const closeNew = (path: string, descriptor: number): string => {
    try {
      return etagOf(fs.fstatSync(descriptor, { bigint: true }))
    } catch (cause) {
      unlinkQuietly(path)
      throw cause
    } finally {
      fs.closeSync(descriptor)
    }
  }

  /**
   * Creates the file an object's bytes go to, holding them, and returns it open: the object's
   * own path for an `inPlace` put, and for an empty object when none exists (it has no content a
   * reader could see half-written; an existing object is never truncated in place, for it may
   * share its inode with a copy); a temporary file beside it otherwise.
   */
  const createFor = (path: string, body: Uint8Array, exclusive: boolean, inPlace: boolean): { readonly file: string; readonly descriptor: number } => {
    if (inPlace || body.length === 0) {
      try {
        return { file: path, descriptor: create(path, body) }
      } catch (cause) {
        if (inPlace || codeOf(cause) !== "EEXIST" || exclusive) throw cause
      }
    }
    const file = temporaryPath(path)
    return { file, descriptor: create(file, body) }
  }

  /**
   * Moves the finished temporary file of a self-validating object into place, then flushes its
   * content and its folder at once. A crash before both end may leave the object torn (its
   * readers tell); a failed flush leaves it in place, whole for every reader until a crash.
   */
  const placeThenFlush = async (temporary: string, path: string, descriptor: number, exclusive: boolean): Promise<PutResult> => {
    let etag: string
    try {
      etag = etagOf(fs.fstatSync(descriptor, { bigint: true }))
      placeNow(temporary, path, exclusive)
    } catch (cause) {
      fs.closeSync(descriptor)
      unlinkQuietly(temporary)
      throw cause
    }
    try {
      await Promise.all([flush(descriptor), syncFolder(dirname(path))])
    } finally {
      fs.closeSync(descriptor)
    }
    return { etag }
  }

  /**
   * Bytes to an object ({@link createFor}), flushed, then a temporary file put in place as
   * `durable` asks (a self-validating one: {@link placeThenFlush}). A file created in place is
   * there already, its name made durable by its flush (see the module's comment).
   */
  const putBytes = async (path: string, body: Uint8Array, exclusive: boolean, durable: true | "contents", inPlace: boolean, selfValidating: boolean): Promise<PutResult> => {
    const { file, descriptor } = createFor(path, body, exclusive, inPlace)
    if (file !== path && durable === true && selfValidating) return placeThenFlush(file, path, descriptor, exclusive)
    try {
      await flush(descriptor)
    } catch (cause) {
      fs.closeSync(descriptor)
      unlinkQuietly(file)
      throw cause
    }
    const etag = closeNew(file, descriptor)
    if (file === path) return { etag }
    try {
      await place(file, path, exclusive, durable === true)
    } catch (cause) {
      unlinkQuietly(file)
      throw cause
    }
    return { etag }
  }

  /** {@link putBytes} of a write that need not survive a machine crash (`durable: false`): nothing to flush, so nothing to wait for. */
  const putBytesNow = (path: string, body: Uint8Array, exclusive: boolean, inPlace: boolean): PutResult => {
    const { file, descriptor } = createFor(path, body, exclusive, inPlace)
    const etag = closeNew(file, descriptor)
    if (file !== path) {
      try {
        placeNow(file, path, exclusive)
      } catch (cause) {
        unlinkQuietly(file)
        throw cause
      }
    }
    return { etag }
  }

  /** A streamed body to a temporary file, then put in place; or written in place. */
  const putStream = <E>(key: string, path: string, body: Stream.Stream<Uint8Array, E>, exclusive: boolean, durable: boolean | "contents", inPlace: boolean) => {
    const temporary = inPlace ? path : temporaryPath(path)
    // Set once the file is made: a failure before that (an object already at an in-place key) removes nothing.
    let made = false
    const write = Effect.acquireUseRelease(
      Effect.try({ try: () => inFolder(temporary, () => fs.openSync(temporary, "wx")), catch: toError("Writing", key) }).pipe(Effect.tap(() => Effect.sync(() => void (made = true)))),
      (descriptor) =>
        Effect.gen(function* () {
          yield* Stream.runForEachArray(body, (chunks) =>
            Effect.try({
              try: () => {
                for (const chunk of chunks) writeAll(descriptor, chunk)
              },
              catch: toError("Writing", key)
            })
          )
          if (durable !== false) yield* Effect.tryPromise({ try: () => flush(descriptor), catch: toError("Flushing", key) })
          return yield* Effect.try({ try: () => etagOf(fs.fstatSync(descriptor, { bigint: true })), catch: toError("Writing", key) })
        }),
      (descriptor) => Effect.sync(() => fs.closeSync(descriptor))
    )
    return write.pipe(
      // A file written in place is there already (its flush made its name durable too): no promise to wait for.
      Effect.tap(() => (inPlace ? Effect.void : Effect.tryPromise({ try: () => place(temporary, path, exclusive, durable === true), catch: toError("Writing", key) }))),
      Effect.map((etag): PutResult => ({ etag })),
      Effect.onError(() => Effect.sync(() => made && unlinkQuietly(temporary)))
    )
  }

  const get: BlobStoreShape["get"] = (key, options) => {
    if (options?.versionId !== undefined) return Stream.fail(noVersions(key))
    return Stream.unwrap(
      Effect.try({
        try: () => {
          const path = pathOf(key)
          // A small object is read in one call; a large one is streamed from the same open file.
          const descriptor = fs.openSync(path, "r")
          const size = fs.fstatSync(descriptor).size
          if (size > READ_CHUNK_BYTES) {
            return Stream.fromAsyncIterable(
              createReadStream(path, { fd: descriptor, highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Uint8Array>,
              toError("Reading", key)
            )
          }
          try {
            const bytes = readExactly(descriptor, size)
            return bytes.length === 0 ? Stream.empty : Stream.make(bytes)
          } finally {
            fs.closeSync(descriptor)
          }
        },
        catch: toError("Reading", key)
      })
    )
  }

  const getBytes: BlobStoreShape["getBytes"] = (key, options) =>
    options?.versionId !== undefined
      ? Effect.fail(noVersions(key))
      : Effect.try({ try: (): Uint8Array => fs.readFileSync(pathOf(key)), catch: toError("Reading", key) })

  const put: BlobStoreShape["put"] = (key, body, options) => {
    const durable = options?.durable ?? true
    const exclusive = options?.ifNoneMatch === "*"
    const path = pathOf(key)
    const inPlace = options?.inPlace === true
    if (!(body instanceof Uint8Array)) return putStream(key, path, body, exclusive, durable, inPlace)
    return durable === false
      ? Effect.try({ try: () => putBytesNow(path, body, exclusive, inPlace), catch: toError("Writing", key) })
      : Effect.tryPromise({ try: () => putBytes(path, body, exclusive, durable, inPlace, options?.selfValidating === true), catch: toError("Writing", key) })
  }

  const head: BlobStoreShape["head"] = (key) =>
    Effect.try({
      try: () => {
        const stat = fs.statSync(pathOf(key), { bigint: true, throwIfNoEntry: false })
        return stat !== undefined && stat.isFile() ? Option.some(infoFrom(key, stat)) : Option.none<BlobInfo>()
      },
      catch: toError("Reading metadata of", key)
    })

  /** A listed file's metadata; `undefined` when it vanished since the folder was read. */
  const infoOf = (key: string): BlobInfo | undefined => {
    const stat = fs.statSync(pathOf(key), { bigint: true, throwIfNoEntry: false })
    return stat === undefined ? undefined : infoFrom(key, stat)
  }

  /** Every file under `folder` (recursively) as a path relative to the root: objects, or with `temporaries` only temporary files. */
  const walk = (folder: string, into: Array<string>, temporaries = false): void => {
    let entries: Array<fs.Dirent>
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true })
    } catch (cause) {
      if (codeOf(cause) === "ENOENT" || codeOf(cause) === "ENOTDIR") return
      throw cause
    }
    for (const entry of entries) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path, into, temporaries)
      else if (entry.isFile() && entry.name.endsWith(TEMPORARY_SUFFIX) === temporaries) into.push(relative(root, path).split(sep).join("/"))
    }
  }

  /** The folder a listing of `prefix` walks: the last folder the prefix names. */
  const folderOf = (prefix: string): string => pathOf(prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "")

  const list: BlobStoreShape["list"] = (prefix) => {
    return Stream.unwrap(
      Effect.try({
        try: () => {
          const keys: Array<string> = []
          walk(folderOf(prefix), keys)
          return keys.filter((key) => key.startsWith(prefix)).sort(compareKeys)
        },
        catch: toError("Listing", prefix)
      }).pipe(
        Effect.map((keys) =>
          Stream.paginate(0, (offset: number) =>
            Effect.try({
              try: () => {
                const infos = keys.slice(offset, offset + pageSize).flatMap((key) => infoOf(key) ?? [])
                const next = offset + pageSize
                return [infos, next < keys.length ? Option.some(next) : Option.none<number>()] as const
              },
              catch: toError("Listing", prefix)
            })
          )
        )
      )
    )
  }

  /** Removes the empty folders from `folder` up to the root (stops at the first that holds anything). */
  const pruneFrom = (folder: string): void => {
    for (let current = folder; current !== root && current.startsWith(root); current = dirname(current)) {
      try {
        fs.rmdirSync(current)
      } catch {
        // Not empty (or gone): the folders above hold it, or something else.
        return
      }
      folders.delete(current)
    }
  }

  const remove: BlobStoreShape["delete"] = (key, options) =>
    Effect.try({
      try: () => {
        const path = pathOf(key)
        try {
          fs.unlinkSync(path)
        } catch (cause) {
          if (codeOf(cause) !== "ENOENT") throw cause
        }
        if (options?.pruneFolders === true) pruneFrom(dirname(path))
      },
      catch: toError("Deleting", key)
    })

  const copy: BlobStoreShape["copy"] = (from, to) => {
    const source = pathOf(from)
    const path = pathOf(to)
    const temporary = temporaryPath(path)
    return Effect.tryPromise({
      try: async () => {
        try {
          fs.statSync(source)
          inFolder(temporary, () => {
            try {
              fs.linkSync(source, temporary)
            } catch (cause) {
              if (codeOf(cause) !== "EXDEV" && codeOf(cause) !== "EPERM") throw cause
              fs.copyFileSync(source, temporary)
            }
          })
          await place(temporary, path, false, true)
          return { etag: etagAt(path) }
        } catch (cause) {
          unlinkQuietly(temporary)
          throw cause
        }
      },
      catch: toError("Copying", from)
    })
  }

  const move: BlobStoreShape["move"] = (from, to, options) => {
    const path = pathOf(to)
    const rename = () => inFolder(path, () => fs.renameSync(pathOf(from), path))
    // Without the folder's sync there is nothing to wait for.
    if (options?.durable === false) {
      return Effect.try({
        try: () => {
          rename()
          return { etag: etagAt(path) }
        },
        catch: toError("Moving", from)
      })
    }
    return Effect.tryPromise({
      try: async () => {
        rename()
        await syncFolder(dirname(path))
        return { etag: etagAt(path) }
      },
      catch: toError("Moving", from)
    })
  }

  /**
   * Temporary files of interrupted writes: those of the objects under `prefix` not modified since
   * `before` (a write in flight keeps its file's modification time recent), whichever process made them.
   */
  const sweepLeftovers: BlobStoreShape["sweepLeftovers"] = (prefix, options) =>
    Effect.try({
      try: () => {
        const paths: Array<string> = []
        walk(folderOf(prefix), paths, true)
        const found: Array<BlobInfo> = []
        for (const path of paths.sort(compareKeys)) {
          const key = path.replace(TEMPORARY_NAME, "")
          if (!key.startsWith(prefix)) continue
          const stat = fs.statSync(pathOf(path), { bigint: true, throwIfNoEntry: false })
          if (stat === undefined || Number(stat.mtimeMs) >= options.before.getTime()) continue
          if (options.dryRun !== true) unlinkQuietly(pathOf(path))
          found.push(infoFrom(key, stat))
        }
        return found
      },
      catch: toError("Sweeping leftovers of", prefix)
    })

  return {
    describe: `file://${root}`,
    get,
    getBytes,
    put,
    head,
    list,
    delete: remove,
    copy,
    move,
    sweepLeftovers
  }
}

/** Writes all of `chunk` at the file's current position (into the page cache: the flush is what takes time). */
const writeAll = (descriptor: number, chunk: Uint8Array): void => {
  let offset = 0
  while (offset < chunk.length) offset += fs.writeSync(descriptor, chunk, offset, chunk.length - offset)
}
