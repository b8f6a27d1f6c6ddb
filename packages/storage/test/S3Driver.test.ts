import { describe, expect, inject, it } from "@effect/vitest"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { BlobStore } from "../src/BlobStore.ts"
import * as S3Driver from "../src/drivers/s3.ts"
import { blobStoreContract } from "./BlobStoreContract.ts"
import { makeS3TestStore } from "./S3TestStore.ts"

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
})
