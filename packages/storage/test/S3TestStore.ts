/** Helpers that give each S3 test file its own bucket (moto) or its own prefix (external bucket). */
import { randomBytes } from "node:crypto"
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from "@aws-sdk/client-s3"
import type { S3TestTarget } from "@strata/testkit"
import { Layer } from "effect"
import type { BlobStore } from "../src/BlobStore.ts"
import type { BlobStoreError } from "../src/BlobStoreError.ts"
import * as S3Driver from "../src/drivers/s3.ts"

/** Driver options that reach the target through `endpoint` (a proxy, for instance) instead of its own. */
export interface S3TestStore {
  /** The bucket. */
  readonly bucket: string
  /** The prefix inside it. */
  readonly prefix: string
  /** Driver options for this bucket and prefix. */
  readonly options: (overrides?: Partial<S3Driver.S3Options>) => S3Driver.S3Options
  /** A BlobStore layer for this bucket and prefix. */
  readonly layer: (overrides?: Partial<S3Driver.S3Options>) => Layer.Layer<BlobStore, BlobStoreError>
}

/** A plain SDK client for the target (bucket set-up, fault checks). */
export const sdkClient = (target: S3TestTarget, endpoint = target.endpoint): S3Client =>
  new S3Client({
    region: target.region,
    forcePathStyle: target.forcePathStyle,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(target.credentials !== undefined ? { credentials: target.credentials } : {})
  })

/** A fresh bucket with versioning on (moto), or a fresh prefix in the configured bucket. */
export const makeS3TestStore = async (target: S3TestTarget, name: string): Promise<S3TestStore> => {
  const unique = `${name}-${randomBytes(4).toString("hex")}`
  const bucket = target.bucket ?? unique
  const prefix = target.bucket === undefined ? "root" : `strata-tests/${unique}`
  if (target.ephemeral) {
    const client = sdkClient(target)
    await client.send(new CreateBucketCommand({ Bucket: bucket }))
    await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }))
    client.destroy()
  }
  const options = (overrides: Partial<S3Driver.S3Options> = {}): S3Driver.S3Options => ({
    bucket,
    prefix,
    region: target.region,
    forcePathStyle: target.forcePathStyle,
    checksumMode: "WHEN_REQUIRED",
    ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
    ...(target.credentials !== undefined ? { credentials: target.credentials } : {}),
    ...overrides
  })
  return { bucket, prefix, options, layer: (overrides) => S3Driver.layer(options(overrides)) }
}

/** Keeps the layer type in one place for suites that take a factory. */
export type StoreLayer = Layer.Layer<BlobStore, BlobStoreError>
