import { isAbsolute, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { Context, Effect, Layer, Option, Stream } from "effect"
import * as BlobKey from "./BlobKey.ts"
import { BlobStoreError } from "./BlobStoreError.ts"
// Types only: the S3 driver (and the AWS SDK) loads when an s3:// root is opened.
import type { S3Options } from "./drivers/s3.ts"

/** What a store knows about one object. */
export interface BlobInfo {
  /** Key relative to the store's root. */
  readonly key: string
  /** Size in bytes. */
  readonly size: number
  /** Opaque tag that changes whenever the content does. */
  readonly etag: string
  /** When the object was last written. */
  readonly lastModified: Date
  /** The object version, on stores that keep versions (S3 with versioning enabled). */
  readonly versionId?: string
}

/** Options of `put`. */
export interface PutOptions {
  /** `"*"`: write only if no object exists at the key, else fail with `AlreadyExists`. */
  readonly ifNoneMatch?: "*"
  /** MIME type recorded with the object where the store keeps one. */
  readonly contentType?: string
  /**
   * What must survive a crash of the machine once `put` returns (the local store's fsyncs; S3
   * is always durable). Atomicity is kept either way (unless `inPlace`). Default `true`.
   *
   * - `true`: the object, its content and its name;
   * - `"contents"`: the content only, for an object that a later durable
   *   `move` puts in place (staged data): its name here may be lost;
   * - `false`: nothing, for bookkeeping that is rebuilt or only costs work when lost.
   */
  readonly durable?: boolean | "contents"
  /**
   * Create the object in place instead of through a temporary file: cheaper, but a reader may
   * see it empty or partial while `put` runs, and a crash may leave it so. For keys that nothing
   * reads before `put` returns (staged data, a partition's first data) or whose readers allow for
   * a partial object (claims, self-validating objects).
   * The key must be new: where the store writes in place, a put over an existing object fails
   * with `AlreadyExists`. A failed `put` removes what it wrote. Stores whose writes are atomic
   * anyway (S3) ignore it.
   */
  readonly inPlace?: boolean
  /**
   * The object proves its own completeness (a sidecar's commit record hashes the bytes before
   * it), so its readers tell a torn one from a whole one. A durable put may then flush its
   * content and its name together instead of one after the other: a machine crash while `put`
   * runs may leave the object torn, and once `put` returns it is whole and durable. Readers
   * during `put` still see the old object or the new one. The local store honours it for byte
   * bodies; stores whose writes are atomic anyway (S3) ignore it.
   */
  readonly selfValidating?: boolean
}

/** Options of `move`. */
export interface MoveOptions {
  /**
   * `false` when a later durable write to the same folder makes the new name durable too (the
   * local store then skips the folder's fsync). Default `true`.
   */
  readonly durable?: boolean
}

/** Options of `delete`. */
export interface DeleteOptions {
  /**
   * Also remove the folders the object was the last entry of, up to the store's root, as if
   * they had never been made (stores without folders, S3, have nothing to do). For objects
   * whose folder exists only for them: data staged at a partition's own key, then aborted.
   */
  readonly pruneFolders?: boolean
}

/** Options of `sweepLeftovers`. */
export interface SweepOptions {
  /** Only leftovers untouched since this moment: a write still in flight is newer. */
  readonly before: Date
  /** Find them, remove nothing. */
  readonly dryRun?: boolean
}

/** What a successful `put`, `copy` or `move` wrote. */
export interface PutResult {
  /** The new object's tag. */
  readonly etag: string
  /** The new object's version, on versioned stores. */
  readonly versionId?: string
}

/** Options of `get`. */
export interface GetOptions {
  /** Read this earlier version instead of the current object (versioned stores only). */
  readonly versionId?: string
}

/** The operations every storage driver provides; keys are relative to the store's root. */
export interface BlobStoreShape {
  /** Where the store points, for messages (`file:///abs/data`, `s3://bucket/prefix`); never credentials. */
  readonly describe: string
  /** Streams an object's bytes; fails with `NotFound` when it is missing. */
  readonly get: (key: string, options?: GetOptions) => Stream.Stream<Uint8Array, BlobStoreError>
  /** Reads a whole (small) object into memory. */
  readonly getBytes: (key: string, options?: GetOptions) => Effect.Effect<Uint8Array, BlobStoreError>
  /** Writes an object from bytes or a stream (streamed, multipart on S3); atomic: readers see the old or the new object. */
  readonly put: <E = never>(
    key: string,
    body: Stream.Stream<Uint8Array, E> | Uint8Array,
    options?: PutOptions
  ) => Effect.Effect<PutResult, BlobStoreError | E>
  /** Metadata of an object, or `None` when it is missing. */
  readonly head: (key: string) => Effect.Effect<Option.Option<BlobInfo>, BlobStoreError>
  /** Every object whose key starts with `prefix`, in key order, fetched page by page. */
  readonly list: (prefix: string) => Stream.Stream<BlobInfo, BlobStoreError>
  /** Removes an object; removing a missing object succeeds. */
  readonly delete: (key: string, options?: DeleteOptions) => Effect.Effect<void, BlobStoreError>
  /** Copies an object server-side (local: a hard link where possible). */
  readonly copy: (from: string, to: string) => Effect.Effect<PutResult, BlobStoreError>
  /** Moves an object (local: an atomic rename; S3: copy then delete). */
  readonly move: (from: string, to: string, options?: MoveOptions) => Effect.Effect<PutResult, BlobStoreError>
  /**
   * What interrupted writes left under `prefix`, untouched since `options.before`: the local
   * store's temporary files, S3's incomplete multipart uploads. Listings never show them.
   * Removes them (unless `dryRun`) and returns them, their keys those of the objects they were
   * writing (`size` 0 where the store cannot tell it without a request per leftover).
   */
  readonly sweepLeftovers: (prefix: string, options: SweepOptions) => Effect.Effect<ReadonlyArray<BlobInfo>, BlobStoreError>
}

/**
 * Object storage behind one interface: a local folder or an S3 bucket.
 *
 * @example
 * const program = Effect.gen(function* () {
 *   const store = yield* BlobStore
 *   yield* store.put("demo/hello.txt", new TextEncoder().encode("hi"))
 * }).pipe(Effect.provide(BlobStore.layerFromUri("file://./data")))
 */
export class BlobStore extends Context.Service<BlobStore, BlobStoreShape>()("strata/BlobStore") {
  /** A store from a root URI: `file://./data` (relative to `cwd`) or `s3://bucket[/prefix]`. */
  static readonly layerFromUri = (uri: string, options?: UriOptions): Layer.Layer<BlobStore, BlobStoreError> => layerFromUri(uri, options)
}

/**
 * Wraps a driver so that every key is validated first (see `BlobKey.problem`): a bad key
 * fails with `Invalid` before the driver sees it.
 */
export const make = (driver: BlobStoreShape): BlobStoreShape => {
  // The key is checked as the operation is made (as a driver makes its own); a valid one costs no extra step.
  const checked = <A, E, R>(key: string, run: () => Effect.Effect<A, E, R>): Effect.Effect<A, E | BlobStoreError, R> => {
    const why = BlobKey.problem(key)
    return why === undefined ? run() : Effect.fail(BlobKey.invalid(key, why))
  }
  return {
    describe: driver.describe,
    get: (key, options) => {
      const why = BlobKey.problem(key)
      return why === undefined ? driver.get(key, options) : Stream.fail(BlobKey.invalid(key, why))
    },
    getBytes: (key, options) => checked(key, () => driver.getBytes(key, options)),
    put: (key, body, options) => checked(key, () => driver.put(key, body, options)),
    head: (key) => checked(key, () => driver.head(key)),
    list: (prefix) => {
      const why = BlobKey.problem(prefix, true)
      return why === undefined ? driver.list(prefix) : Stream.fail(BlobKey.invalid(prefix, why))
    },
    sweepLeftovers: (prefix, options) => {
      const why = BlobKey.problem(prefix, true)
      return why === undefined ? driver.sweepLeftovers(prefix, options) : Effect.fail(BlobKey.invalid(prefix, why))
    },
    delete: (key, options) => checked(key, () => driver.delete(key, options)),
    copy: (from, to) => checked(from, () => checked(to, () => driver.copy(from, to))),
    move: (from, to, options) => checked(from, () => checked(to, () => driver.move(from, to, options)))
  }
}

/** Options of `layerFromUri`; those that do not apply to the URI's scheme are ignored. The S3 ones are the S3 driver's. */
export interface UriOptions extends Pick<S3Options, "endpoint" | "region" | "forcePathStyle" | "checksumMode" | "credentials" | "profile"> {
  /** Folder that a relative `file://` path is resolved against (default: the process's). */
  readonly cwd?: string
}

const invalidUri = (uri: string, why: string) =>
  new BlobStoreError({ reason: "Invalid", key: uri, message: `Invalid storage root ${JSON.stringify(uri)}: ${why}. Use file://./data or s3://bucket/prefix.` })

/**
 * A BlobStore layer from a root URI. `file://` URIs may be relative (`file://./data`) or
 * absolute (`file:///srv/data`); `s3://bucket/prefix` loads the AWS SDK only then.
 */
export const layerFromUri = (uri: string, options: UriOptions = {}): Layer.Layer<BlobStore, BlobStoreError> => {
  if (uri.startsWith("file://")) {
    const rest = uri.slice("file://".length)
    if (rest.length === 0) return Layer.effect(BlobStore, Effect.fail(invalidUri(uri, "the path is empty")))
    const root = rest.startsWith("/") ? fileURLToPath(uri) : resolve(options.cwd ?? process.cwd(), decodeURIComponent(rest))
    return Layer.unwrap(Effect.promise(() => import("./drivers/local-fs.ts")).pipe(Effect.map((driver) => driver.layer({ root }))))
  }
  if (uri.startsWith("s3://")) {
    const [bucket = "", ...rest] = uri.slice("s3://".length).split("/")
    if (bucket.length === 0) return Layer.effect(BlobStore, Effect.fail(invalidUri(uri, "the bucket is missing")))
    const prefix = rest.filter((segment) => segment.length > 0).join("/")
    return Layer.unwrap(
      Effect.promise(() => import("./drivers/s3.ts")).pipe(
        Effect.map((driver) =>
          driver.layer({
            bucket,
            ...(prefix.length > 0 ? { prefix } : {}),
            ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
            ...(options.region !== undefined ? { region: options.region } : {}),
            ...(options.forcePathStyle !== undefined ? { forcePathStyle: options.forcePathStyle } : {}),
            ...(options.checksumMode !== undefined ? { checksumMode: options.checksumMode } : {}),
            ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
            ...(options.profile !== undefined ? { profile: options.profile } : {})
          })
        )
      )
    )
  }
  if (isAbsolute(uri)) return Layer.effect(BlobStore, Effect.fail(invalidUri(uri, "a bare path is not a URI")))
  return Layer.effect(BlobStore, Effect.fail(invalidUri(uri, "the scheme is neither file:// nor s3://")))
}

/** Collects a byte stream into one array. */
export const collectBytes = <E>(stream: Stream.Stream<Uint8Array, E>): Effect.Effect<Uint8Array, E> =>
  Stream.runFold(stream, () => [] as Array<Uint8Array>, (chunks, chunk) => {
    chunks.push(chunk)
    return chunks
  }).pipe(Effect.map((chunks) => Buffer.concat(chunks)))
