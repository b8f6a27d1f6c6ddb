import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, UploadPartCommand } from "@aws-sdk/client-s3"
import { describe, expect, inject, it } from "@effect/vitest"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { BlobStore } from "../src/BlobStore.ts"
import * as S3Driver from "../src/drivers/s3.ts"
import { blobStoreContract } from "./BlobStoreContract.ts"
import { makeS3TestStore, sdkClient } from "./S3TestStore.ts"

const target = inject("strataS3")

blobStoreContract(
  "s3",
  (listPageSize) => Layer.unwrap(Effect.promise(() => makeS3TestStore(target, "contract")).pipe(Effect.map((store) => store.layer({ listPageSize, partBytes: 5 * 1024 * 1024 })))),
  { versioned: target.ephemeral }
)

describe("S3Driver", () => {
  it.effect("names the bucket and prefix, never the credentials, in errors", () =>
    Effect.gen(function* () {
      const test = yield* Effect.promise(() => makeS3TestStore(target, "errors"))
      const error = yield* Effect.flip(
        BlobStore.use((store) => store.getBytes("nope.txt")).pipe(Effect.provide(test.layer()))
      )
      expect(error.reason).toBe("NotFound")
      expect(error.message).toContain(`s3://${test.bucket}/${test.prefix}/nope.txt`)
      if (target.credentials !== undefined) expect(error.message).not.toContain(target.credentials.secretAccessKey)
    })
  )

  it.effect("without credentials, says which variables or profile to set", () =>
    Effect.gen(function* () {
      // A profile that the (empty) shared files do not hold: the SDK finds no credentials, before any request.
      const folder = mkdtempSync(join(tmpdir(), "strata-no-credentials-"))
      for (const name of ["credentials", "config"]) writeFileSync(join(folder, name), "")
      const saved = { credentials: process.env["AWS_SHARED_CREDENTIALS_FILE"], config: process.env["AWS_CONFIG_FILE"] }
      process.env["AWS_SHARED_CREDENTIALS_FILE"] = join(folder, "credentials")
      process.env["AWS_CONFIG_FILE"] = join(folder, "config")
      const error = yield* Effect.flip(
        S3Driver.make({ bucket: "some-bucket", endpoint: "http://127.0.0.1:9", forcePathStyle: true, profile: "strata-missing", maxAttempts: 1 }).pipe(
          Effect.flatMap((store) => store.head("x.txt"))
        )
      ).pipe(
        Effect.ensuring(
          Effect.sync(() => {
            for (const [name, value] of [["AWS_SHARED_CREDENTIALS_FILE", saved.credentials], ["AWS_CONFIG_FILE", saved.config]] as const) {
              if (value === undefined) delete process.env[name]
              else process.env[name] = value
            }
          })
        )
      )
      expect(error.reason).toBe("AccessDenied")
      expect(error.message).toContain("S3 HEAD of s3://some-bucket/x.txt failed: CredentialsProviderError")
      expect(error.message).toContain("no AWS credentials were found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    })
  )

  it.effect("loads through layerFromUri", () =>
    Effect.gen(function* () {
      const test = yield* Effect.promise(() => makeS3TestStore(target, "uri"))
      const store = yield* Effect.provide(
        BlobStore.use((store) => Effect.succeed(store)),
        BlobStore.layerFromUri(`s3://${test.bucket}/${test.prefix}`, {
          ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
          ...(target.credentials !== undefined ? { credentials: target.credentials } : {}),
          forcePathStyle: target.forcePathStyle,
          region: target.region
        })
      )
      expect(store.describe).toBe(`s3://${test.bucket}/${test.prefix}`)
      yield* store.put("k", new Uint8Array([1, 2, 3]))
      expect([...(yield* store.getBytes("k"))]).toEqual([1, 2, 3])
    })
  )

  it.effect("sweepLeftovers aborts the multipart uploads a killed writer left, once begun before `before`", () =>
    Effect.gen(function* () {
      const test = yield* Effect.promise(() => makeS3TestStore(target, "sweep"))
      const client = sdkClient(target)
      const key = "proj/silver/docs/2021-09-02/docs.jsonl"
      const upload = yield* Effect.promise(() => client.send(new CreateMultipartUploadCommand({ Bucket: test.bucket, Key: `${test.prefix}/${key}` })))
      yield* Effect.promise(() =>
        client.send(new UploadPartCommand({ Bucket: test.bucket, Key: `${test.prefix}/${key}`, UploadId: upload.UploadId, PartNumber: 1, Body: new Uint8Array(1024) }))
      )
      const pending = () =>
        Effect.promise(() => client.send(new ListMultipartUploadsCommand({ Bucket: test.bucket, Prefix: `${test.prefix}/` }))).pipe(
          Effect.map((output) => (output.Uploads ?? []).map((found) => ({ key: found.Key, initiated: found.Initiated ?? new Date(0) })))
        )
      const sweep = (before: Date, dryRun: boolean) => BlobStore.use((store) => store.sweepLeftovers("proj/", { before, dryRun })).pipe(Effect.provide(test.layer()))

      // The server's own initiation time decides (moto reports a fixed one).
      const uploads = yield* pending()
      expect(uploads).toHaveLength(1)
      const initiated = uploads[0]!.initiated
      expect(yield* sweep(initiated, false)).toEqual([])
      const found = yield* sweep(new Date(initiated.getTime() + 1000), true)
      expect(found.map((info) => info.key)).toEqual([key])
      expect((yield* pending()).map((upload) => upload.key)).toEqual([`${test.prefix}/${key}`])
      yield* sweep(new Date(initiated.getTime() + 1000), false)
      expect(yield* pending()).toEqual([])
      client.destroy()
    })
  )
})
