/**
 * Vitest globalSetup that gives S3 tests a server: by default a moto server started for the
 * run; with `STRATA_TEST_S3_BUCKET` set, an existing bucket on AWS S3 or an S3-compatible
 * server instead (see packages/storage/README.md). Tests read it with `inject("strataS3")`.
 *
 *   // vitest.config.ts
 *   test: { globalSetup: ["../testkit/src/globalSetup/s3.ts"] }
 */
import type { TestProject } from "vitest/node"
import { MOTO_CREDENTIALS, startMotoServer } from "../MotoServer.ts"

/** Where S3 tests run. */
export interface S3TestTarget {
  /** Endpoint URL; absent for AWS S3 itself. */
  readonly endpoint?: string
  /** Region. */
  readonly region: string
  /** Path-style URLs. */
  readonly forcePathStyle: boolean
  /** An existing bucket to use (external servers); absent on moto, where tests create their own buckets. */
  readonly bucket?: string
  /** Explicit credentials (moto's dummies, or `STRATA_TEST_S3_ACCESS_KEY_ID`/`..._SECRET_ACCESS_KEY`); absent: the SDK's default chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string }
  /** True on moto, where tests may create buckets and turn versioning on. */
  readonly ephemeral: boolean
}

declare module "vitest" {
  interface ProvidedContext {
    /** The S3 server of this test run. */
    strataS3: S3TestTarget
  }
}

/** Reads the external-target environment variables, or `undefined` to start moto. */
export const externalS3Target = (env: NodeJS.ProcessEnv = process.env): S3TestTarget | undefined => {
  const bucket = env["STRATA_TEST_S3_BUCKET"]
  if (bucket === undefined || bucket === "") return undefined
  const endpoint = env["STRATA_TEST_S3_ENDPOINT"]
  const accessKeyId = env["STRATA_TEST_S3_ACCESS_KEY_ID"]
  const secretAccessKey = env["STRATA_TEST_S3_SECRET_ACCESS_KEY"]
  return {
    bucket,
    region: env["STRATA_TEST_S3_REGION"] ?? "us-east-1",
    forcePathStyle: (env["STRATA_TEST_S3_FORCE_PATH_STYLE"] ?? (endpoint !== undefined ? "true" : "false")) === "true",
    ephemeral: false,
    ...(endpoint !== undefined && endpoint !== "" ? { endpoint } : {}),
    ...(accessKeyId !== undefined && secretAccessKey !== undefined ? { credentials: { accessKeyId, secretAccessKey } } : {})
  }
}

/** Starts moto (unless an external target is configured) and provides the target as `strataS3`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = externalS3Target()
  if (external !== undefined) {
    project.provide("strataS3", external)
    return async () => undefined
  }
  const server = await startMotoServer()
  project.provide("strataS3", {
    endpoint: server.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: MOTO_CREDENTIALS,
    ephemeral: true
  })
  return server.stop
}
