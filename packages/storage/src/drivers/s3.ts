/**
 * The S3 driver (AWS S3, MinIO, moto, any S3-compatible server). Streams go up as multipart
 * uploads (`@aws-sdk/lib-storage`) and come down as streams; listings are paged (1,000 keys
 * per LIST). Retries with exponential backoff and jitter follow the SDK's standard retry
 * strategy. The SDK is loaded when a store is made, not when this module is imported.
 */
import { PassThrough } from "node:stream"
import type { S3Client } from "@aws-sdk/client-s3"
import { Effect, Layer, Option, Stream } from "effect"
import { BlobStore, collectBytes, make as makeStore } from "../BlobStore.ts"
import type { BlobInfo, BlobStoreShape, PutResult } from "../BlobStore.ts"
import { BlobStoreError } from "../BlobStoreError.ts"
import type { BlobStoreErrorReason } from "../BlobStoreError.ts"

/** Options of the S3 driver. */
export interface S3Options {
  /** The bucket. */
  readonly bucket: string
  /** Key prefix inside the bucket (no leading or trailing `/`). */
  readonly prefix?: string
  /** Endpoint of an S3-compatible server, e.g. `http://127.0.0.1:9000`. */
  readonly endpoint?: string
  /** Region (default {@link DEFAULT_REGION}). */
  readonly region?: string
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
  readonly forcePathStyle?: boolean
  /** When the SDK computes and checks checksums; S3-compatible servers often need `"WHEN_REQUIRED"`. */
  readonly checksumMode?: "WHEN_SUPPORTED" | "WHEN_REQUIRED"
  /** Explicit credentials; by default the SDK reads the environment or AWS profiles. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }
  /** AWS profile (of `~/.aws/credentials` and `~/.aws/config`) whose credentials to use; ignored when `credentials` is given. */
  readonly profile?: string
  /** Attempts per request, first included (default {@link DEFAULT_MAX_ATTEMPTS}). */
  readonly maxAttempts?: number
  /** Milliseconds a request may take before it counts as timed out (default {@link DEFAULT_REQUEST_TIMEOUT_MS}). */
  readonly requestTimeoutMs?: number
  /** Size of each multipart part (default {@link DEFAULT_PART_BYTES}). */
  readonly partBytes?: number
  /** Keys per LIST request (default {@link LIST_PAGE_SIZE}, S3's maximum). */
  readonly listPageSize?: number
  /** Parts uploaded at once (default {@link DEFAULT_UPLOAD_CONCURRENCY}); memory is about parts x part size. */
  readonly uploadConcurrency?: number
}

/** Region used when none is given. */
export const DEFAULT_REGION = "us-east-1"

/** Attempts per request (the SDK's standard strategy backs off exponentially with jitter between them). */
export const DEFAULT_MAX_ATTEMPTS = 5

/** A request that takes longer than this counts as timed out and is retried. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000

/** Connection set-up limit. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000

/** Multipart part size: S3's minimum is 5 MiB. */
export const DEFAULT_PART_BYTES = 8 * 1024 * 1024

/** Parts in flight at once during a multipart upload (2 keeps a streamed put near 200 MB RSS; raise it on fast links). */
export const DEFAULT_UPLOAD_CONCURRENCY = 2

/** Bytes buffered between the producing stream and the multipart upload. */
export const PIPE_BUFFER_BYTES = 1024 * 1024

/** Interrupted multipart uploads aborted at once by `sweepLeftovers`. */
const ABORT_CONCURRENCY = 4

/** Keys per LIST request (S3's maximum). */
export const LIST_PAGE_SIZE = 1000

/** Error codes (SDK `name`) that mean each reason. */
const REASONS: Record<string, BlobStoreErrorReason> = {
  NoSuchKey: "NotFound",
  NotFound: "NotFound",
  NoSuchVersion: "NotFound",
  NoSuchBucket: "NotFound",
  PreconditionFailed: "AlreadyExists",
  ConditionalRequestConflict: "AlreadyExists",
  AccessDenied: "AccessDenied",
  Forbidden: "AccessDenied",
  InvalidAccessKeyId: "AccessDenied",
  SignatureDoesNotMatch: "AccessDenied",
  ExpiredToken: "AccessDenied",
  InvalidToken: "AccessDenied",
  TimeoutError: "Timeout",
  RequestTimeout: "Timeout",
  SlowDown: "Unavailable",
  ServiceUnavailable: "Unavailable",
  InternalError: "Unavailable",
  ECONNRESET: "Unavailable",
  ECONNREFUSED: "Unavailable",
  EPIPE: "Unavailable",
  InvalidArgument: "Invalid",
  InvalidRequest: "Invalid",
  KeyTooLongError: "Invalid",
  CredentialsProviderError: "AccessDenied",
  ENOTFOUND: "Unavailable"
}

const ADVICE: Record<BlobStoreErrorReason, string> = {
  NotFound: "check the key and that the bucket exists",
  AlreadyExists: "another writer got there first",
  AccessDenied: "the credentials in use may not do this; print the role's policy with `strata policy <role>`",
  Invalid: "the request was rejected as malformed",
  Timeout: "the server did not answer in time; retry later or raise requestTimeoutMs",
  Unavailable: "the server kept failing after retries; retry later",
  Unknown: "see the cause in the logs"
}

/** Advice for codes whose fix is not their reason's. */
const CODE_ADVICE: Readonly<Record<string, string>> = {
  CredentialsProviderError:
    "no AWS credentials were found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or STRATA_ROLE_<ROLE>_ACCESS_KEY_ID and _SECRET_ACCESS_KEY), or name a profile with AWS_PROFILE",
  ENOTFOUND: "the endpoint's host name does not resolve; check STRATA_S3_ENDPOINT or the bucket's region"
}

/** The IAM action each operation needs: AccessDenied errors name it, so the fix is plain. */
const IAM_ACTIONS = {
  GET: "s3:GetObject",
  "GET (version)": "s3:GetObjectVersion",
  "GET (reading the body)": "s3:GetObject",
  PUT: "s3:PutObject",
  "PUT (multipart)": "s3:PutObject",
  HEAD: "s3:GetObject",
  LIST: "s3:ListBucket",
  DELETE: "s3:DeleteObject",
  COPY: "s3:GetObject and s3:PutObject",
  "LIST (multipart uploads)": "s3:ListBucketMultipartUploads",
  "ABORT (multipart upload)": "s3:AbortMultipartUpload"
} as const

/** An operation of the driver, as errors name it. */
type Operation = keyof typeof IAM_ACTIONS

interface SdkError {
  readonly name?: string
  readonly code?: string
  readonly Code?: string
  readonly $metadata?: { readonly httpStatusCode?: number }
}

/** Maps an SDK error to a BlobStoreError built from its code and status only (SDK messages may echo request details). */
const toError = (operation: Operation, location: string, key: string) => (cause: unknown): BlobStoreError => {
  const error = (typeof cause === "object" && cause !== null ? cause : {}) as SdkError
  const code = error.Code ?? error.code ?? error.name ?? "Error"
  const status = error.$metadata?.httpStatusCode
  const reason: BlobStoreErrorReason =
    REASONS[code] ??
    (status === 404 ? "NotFound" : status === 412 ? "AlreadyExists" : status === 403 ? "AccessDenied" : status !== undefined && status >= 500 ? "Unavailable" : "Unknown")
  return new BlobStoreError({
    reason,
    key,
    action: IAM_ACTIONS[operation],
    message: `S3 ${operation} of ${location} failed: ${code}${status === undefined ? "" : ` (HTTP ${status})`}; ${CODE_ADVICE[code] ?? ADVICE[reason]}.`,
    cause
  })
}

/** Makes the S3 BlobStore (keys validated); loads the AWS SDK. */
export const make = (options: S3Options): Effect.Effect<BlobStoreShape, BlobStoreError> =>
  Effect.tryPromise({
    try: async () => {
      const sdk = await import("@aws-sdk/client-s3")
      const storage = await import("@aws-sdk/lib-storage")
      const checksum = options.checksumMode ?? "WHEN_REQUIRED"
      const client = new sdk.S3Client({
        region: options.region ?? DEFAULT_REGION,
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
        forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
        requestChecksumCalculation: checksum,
        responseChecksumValidation: checksum,
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        retryMode: "standard",
        requestHandler: {
          requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
          connectionTimeout: DEFAULT_CONNECTION_TIMEOUT_MS
        },
        ...(options.credentials !== undefined ? { credentials: options.credentials } : options.profile !== undefined ? { profile: options.profile } : {})
      })
      return makeStore(driver(options, client, sdk, storage.Upload))
    },
    catch: (cause) =>
      new BlobStoreError({ reason: "Unknown", key: options.bucket, message: `Could not load the AWS SDK for s3://${options.bucket}: ${String(cause)}.`, cause })
  })

/** The S3 BlobStore as a layer. */
export const layer = (options: S3Options): Layer.Layer<BlobStore, BlobStoreError> => Layer.effect(BlobStore, make(options))

type Sdk = typeof import("@aws-sdk/client-s3")
type UploadClass = typeof import("@aws-sdk/lib-storage").Upload

const driver = (options: S3Options, client: S3Client, sdk: Sdk, Upload: UploadClass): BlobStoreShape => {
  const bucket = options.bucket
  const prefix = options.prefix === undefined || options.prefix === "" ? "" : `${options.prefix.replace(/^\/+|\/+$/g, "")}/`
  const keyOf = (key: string) => `${prefix}${key}`
  const where = (key: string) => `s3://${bucket}/${keyOf(key)}`
  const send = <A>(operation: Operation, key: string, run: (signal: AbortSignal) => Promise<A>) =>
    Effect.tryPromise({ try: run, catch: toError(operation, where(key), key) })
  const resultOf = (output: { readonly ETag?: string | undefined; readonly VersionId?: string | undefined }): PutResult => ({
    etag: output.ETag ?? "",
    ...(output.VersionId !== undefined && output.VersionId !== "null" ? { versionId: output.VersionId } : {})
  })

  const get: BlobStoreShape["get"] = (key, getOptions) =>
    Stream.unwrap(
      send(getOptions?.versionId !== undefined ? "GET (version)" : "GET", key, (abortSignal) =>
        client.send(
          new sdk.GetObjectCommand({
            Bucket: bucket,
            Key: keyOf(key),
            ...(getOptions?.versionId !== undefined ? { VersionId: getOptions.versionId } : {})
          }),
          { abortSignal }
        )
      ).pipe(
        Effect.map((output) =>
          output.Body === undefined ? Stream.empty : Stream.fromAsyncIterable(output.Body as AsyncIterable<Uint8Array>, toError("GET (reading the body)", where(key), key))
        )
      )
    )

  const putBytes = (key: string, body: Uint8Array, putOptions: Parameters<BlobStoreShape["put"]>[2]) =>
    send("PUT", key, (abortSignal) =>
      client.send(
        new sdk.PutObjectCommand({
          Bucket: bucket,
          Key: keyOf(key),
          Body: body,
          ...(putOptions?.ifNoneMatch !== undefined ? { IfNoneMatch: putOptions.ifNoneMatch } : {}),
          ...(putOptions?.contentType !== undefined ? { ContentType: putOptions.contentType } : {})
        }),
        { abortSignal }
      )
    ).pipe(Effect.map(resultOf))

  /** Feeds the Effect stream into a Node stream that a multipart Upload reads, with backpressure both ways. */
  const putStream = <E>(key: string, body: Stream.Stream<Uint8Array, E>, putOptions: Parameters<BlobStoreShape["put"]>[2]) =>
    Effect.suspend(() => {
      const pipe = new PassThrough({ highWaterMark: PIPE_BUFFER_BYTES })
      const upload = new Upload({
        client,
        queueSize: options.uploadConcurrency ?? DEFAULT_UPLOAD_CONCURRENCY,
        partSize: options.partBytes ?? DEFAULT_PART_BYTES,
        leavePartsOnError: false,
        params: {
          Bucket: bucket,
          Key: keyOf(key),
          Body: pipe,
          ...(putOptions?.ifNoneMatch !== undefined ? { IfNoneMatch: putOptions.ifNoneMatch } : {}),
          ...(putOptions?.contentType !== undefined ? { ContentType: putOptions.contentType } : {})
        }
      })
      const done = upload.done()
      // The upload's own failure is reported below; this keeps Node from flagging it as unhandled meanwhile.
      done.catch(() => undefined)
      const write = (chunk: Uint8Array) =>
        Effect.callback<void>((resume) => {
          if (pipe.write(chunk)) resume(Effect.void)
          else pipe.once("drain", () => resume(Effect.void))
        })
      const feed = Stream.runForEach(body, write).pipe(
        Effect.tap(() => Effect.sync(() => pipe.end())),
        Effect.onError(() =>
          Effect.promise(async () => {
            await upload.abort().catch(() => undefined)
            pipe.destroy()
          })
        )
      )
      const finish = send("PUT (multipart)", key, () => done)
      return Effect.zipWith(feed, finish, (_, output) => resultOf(output), { concurrent: true })
    })

  const put: BlobStoreShape["put"] = (key, body, putOptions) =>
    body instanceof Uint8Array ? putBytes(key, body, putOptions) : putStream(key, body, putOptions)

  const head: BlobStoreShape["head"] = (key) =>
    send("HEAD", key, (abortSignal) => client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: keyOf(key) }), { abortSignal })).pipe(
      Effect.map((output) =>
        Option.some<BlobInfo>({
          key,
          size: output.ContentLength ?? 0,
          etag: output.ETag ?? "",
          lastModified: output.LastModified ?? new Date(0),
          ...(output.VersionId !== undefined && output.VersionId !== "null" ? { versionId: output.VersionId } : {})
        })
      ),
      Effect.catchIf(
        (error) => error.reason === "NotFound",
        () => Effect.succeed(Option.none<BlobInfo>())
      )
    )

  const list: BlobStoreShape["list"] = (listPrefix) =>
    Stream.paginate(undefined as string | undefined, (token) =>
      send("LIST", listPrefix, (abortSignal) =>
        client.send(
          new sdk.ListObjectsV2Command({
            Bucket: bucket,
            Prefix: keyOf(listPrefix),
            MaxKeys: options.listPageSize ?? LIST_PAGE_SIZE,
            ...(token !== undefined ? { ContinuationToken: token } : {})
          }),
          { abortSignal }
        )
      ).pipe(
        Effect.map((output) => {
          const infos = (output.Contents ?? []).flatMap((object): Array<BlobInfo> =>
            object.Key === undefined
              ? []
              : [{ key: object.Key.slice(prefix.length), size: object.Size ?? 0, etag: object.ETag ?? "", lastModified: object.LastModified ?? new Date(0) }]
          )
          const next = output.IsTruncated === true && output.NextContinuationToken !== undefined ? Option.some(output.NextContinuationToken) : Option.none<string>()
          return [infos, next] as const
        })
      )
    )

  const remove: BlobStoreShape["delete"] = (key) =>
    send("DELETE", key, (abortSignal) => client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: keyOf(key) }), { abortSignal })).pipe(Effect.asVoid)

  const copy: BlobStoreShape["copy"] = (from, to) =>
    send("COPY", from, (abortSignal) =>
      client.send(
        new sdk.CopyObjectCommand({
          Bucket: bucket,
          Key: keyOf(to),
          CopySource: `${bucket}/${keyOf(from).split("/").map(encodeURIComponent).join("/")}`
        }),
        { abortSignal }
      )
    ).pipe(Effect.map((output) => resultOf({ ETag: output.CopyObjectResult?.ETag, VersionId: output.VersionId })))

  /** Multipart uploads under `listPrefix` begun before `before` and never completed (a writer killed mid-upload). */
  const staleUploads = (listPrefix: string, before: Date) =>
    Stream.paginate({ keyMarker: undefined as string | undefined, uploadIdMarker: undefined as string | undefined }, (marker) =>
      send("LIST (multipart uploads)", listPrefix, (abortSignal) =>
        client.send(
          new sdk.ListMultipartUploadsCommand({
            Bucket: bucket,
            Prefix: keyOf(listPrefix),
            ...(marker.keyMarker !== undefined ? { KeyMarker: marker.keyMarker } : {}),
            ...(marker.uploadIdMarker !== undefined ? { UploadIdMarker: marker.uploadIdMarker } : {})
          }),
          { abortSignal }
        )
      ).pipe(
        Effect.map((output) => {
          const uploads = (output.Uploads ?? []).flatMap((upload) =>
            upload.Key === undefined || upload.UploadId === undefined || (upload.Initiated ?? new Date(0)).getTime() >= before.getTime()
              ? []
              : [{ key: upload.Key.slice(prefix.length), uploadId: upload.UploadId, initiated: upload.Initiated ?? new Date(0) }]
          )
          const next =
            output.IsTruncated === true ? Option.some({ keyMarker: output.NextKeyMarker, uploadIdMarker: output.NextUploadIdMarker }) : Option.none()
          return [uploads, next] as const
        })
      )
    )

  const sweepLeftovers: BlobStoreShape["sweepLeftovers"] = (sweepPrefix, sweepOptions) =>
    Stream.runCollect(staleUploads(sweepPrefix, sweepOptions.before)).pipe(
      Effect.tap((uploads) =>
        sweepOptions.dryRun === true
          ? Effect.void
          : Effect.forEach(
              uploads,
              (upload) =>
                send("ABORT (multipart upload)", upload.key, (abortSignal) =>
                  client.send(new sdk.AbortMultipartUploadCommand({ Bucket: bucket, Key: keyOf(upload.key), UploadId: upload.uploadId }), { abortSignal })
                ),
              { concurrency: ABORT_CONCURRENCY, discard: true }
            )
      ),
      Effect.map((uploads) => uploads.map((upload): BlobInfo => ({ key: upload.key, size: 0, etag: "", lastModified: upload.initiated })))
    )

  return {
    describe: `s3://${bucket}${prefix === "" ? "" : `/${prefix.slice(0, -1)}`}`,
    get,
    getBytes: (key, getOptions) => collectBytes(get(key, getOptions)),
    put,
    head,
    list,
    delete: remove,
    copy,
    move: (from, to) => Effect.tap(copy(from, to), () => remove(from)),
    sweepLeftovers
  }
}
