import { describe, expect, inject, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { BlobStore } from "../src/BlobStore.ts"
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
