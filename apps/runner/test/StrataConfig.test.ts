import { describe, expect, it } from "vitest"
import { DEFAULT_HEAP_COLLECTION_MB } from "../src/HeapCollector.ts"
import { ConfigError, DEFAULT_CONCURRENCY, DEFAULT_STORAGE_ROOT, resolveConfig } from "../src/StrataConfig.ts"

const FILE = "/projects/shop/strata.config.ts"

/** The ConfigError `resolveConfig` throws, or a failure when it throws none. */
const errorOf = (input: unknown, env: Record<string, string> = {}): ConfigError => {
  try {
    resolveConfig(input, FILE, env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error(`resolveConfig accepted ${JSON.stringify(input)} with ${JSON.stringify(env)}`)
}

describe("StrataConfig.resolveConfig", () => {
  it("fills the defaults from a project name alone", () => {
    const config = resolveConfig({ project: "shop" }, FILE, {})
    expect(config).toMatchObject({
      project: "shop",
      storage: { root: DEFAULT_STORAGE_ROOT, s3: {} },
      workflow: "shop",
      concurrency: DEFAULT_CONCURRENCY,
      settings: {},
      claims: true,
      heapCollectionMb: DEFAULT_HEAP_COLLECTION_MB
    })
    expect(config.mlflow).toBeUndefined()
    expect(config.roles).toBeUndefined()
  })

  it("turns claims off with STRATA_CLAIMS=false or 0, and keeps the file's choice otherwise", () => {
    expect(resolveConfig({ project: "shop" }, FILE, { STRATA_CLAIMS: "false" }).claims).toBe(false)
    expect(resolveConfig({ project: "shop" }, FILE, { STRATA_CLAIMS: "0" }).claims).toBe(false)
    expect(resolveConfig({ project: "shop", claims: false }, FILE, {}).claims).toBe(false)
    expect(resolveConfig({ project: "shop", claims: false }, FILE, { STRATA_CLAIMS: "true" }).claims).toBe(true)
  })

  it("reads the heap collection threshold from the file or STRATA_HEAP_COLLECTION_MB, and refuses a negative or non-number one", () => {
    expect(resolveConfig({ project: "shop", heapCollectionMb: 0 }, FILE, {}).heapCollectionMb).toBe(0)
    expect(resolveConfig({ project: "shop", heapCollectionMb: 0 }, FILE, { STRATA_HEAP_COLLECTION_MB: "128" }).heapCollectionMb).toBe(128)
    expect(errorOf({ project: "shop" }, { STRATA_HEAP_COLLECTION_MB: "lots" }).message).toContain("STRATA_HEAP_COLLECTION_MB must be a number of MB")
    expect(errorOf({ project: "shop", heapCollectionMb: -1 }).message).toContain('"heapCollectionMb" must be a number of MB')
  })

  it("keeps the file's values when the environment says nothing", () => {
    const config = resolveConfig(
      {
        project: "shop",
        storage: { root: "s3://bucket/prefix", s3: { endpoint: "http://127.0.0.1:9000", forcePathStyle: true } },
        workflow: "nightly",
        concurrency: 8,
        mlflow: { trackingUri: "http://mlflow:5000" },
        settings: { versions: ["v1", "v2"] }
      },
      FILE,
      {}
    )
    expect(config.storage).toEqual({ root: "s3://bucket/prefix", s3: { endpoint: "http://127.0.0.1:9000", forcePathStyle: true } })
    expect(config.workflow).toBe("nightly")
    expect(config.concurrency).toBe(8)
    expect(config.mlflow).toEqual({ trackingUri: "http://mlflow:5000" })
    expect(config.settings).toEqual({ versions: ["v1", "v2"] })
  })

  it("lets the environment override every setting it names", () => {
    const config = resolveConfig({ project: "shop", concurrency: 2, workflow: "nightly", storage: { root: "file://./data", s3: { region: "eu-west-1" } } }, FILE, {
      STRATA_PROJECT: "shop-staging",
      STRATA_STORAGE_ROOT: "s3://staging-bucket",
      STRATA_S3_ENDPOINT: "http://minio:9000",
      STRATA_S3_REGION: "us-east-2",
      STRATA_S3_FORCE_PATH_STYLE: "1",
      STRATA_S3_CHECKSUM_MODE: "WHEN_REQUIRED",
      STRATA_CONCURRENCY: "16",
      STRATA_WORKFLOW: "adhoc",
      MLFLOW_TRACKING_URI: "http://127.0.0.1:5000"
    })
    expect(config).toMatchObject({
      project: "shop-staging",
      storage: { root: "s3://staging-bucket", s3: { endpoint: "http://minio:9000", region: "us-east-2", forcePathStyle: true, checksumMode: "WHEN_REQUIRED" } },
      workflow: "adhoc",
      concurrency: 16,
      mlflow: { trackingUri: "http://127.0.0.1:5000" }
    })
  })

  it("reads STRATA_S3_FORCE_PATH_STYLE as a flag and an empty MLFLOW_TRACKING_URI as none", () => {
    const config = resolveConfig({ project: "shop", mlflow: { trackingUri: "http://mlflow:5000" } }, FILE, { STRATA_S3_FORCE_PATH_STYLE: "false", MLFLOW_TRACKING_URI: "" })
    expect(config.storage.s3?.forcePathStyle).toBe(false)
    expect(config.mlflow).toBeUndefined()
  })

  it("names the file and the field of each invalid value", () => {
    const cases: ReadonlyArray<{ readonly input: unknown; readonly field: string }> = [
      { input: null, field: "object" },
      { input: { project: "Shop Data" }, field: '"project"' },
      { input: {}, field: '"project"' },
      { input: { project: "shop", concurrency: 0 }, field: '"concurrency"' },
      { input: { project: "shop", concurrency: 2.5 }, field: '"concurrency"' },
      { input: { project: "shop", storage: { root: "/var/data" } }, field: '"storage.root"' },
      { input: { project: "shop", storage: { s3: { checksumMode: "ALWAYS" } } }, field: '"storage.s3.checksumMode"' }
    ]
    for (const { input, field } of cases) {
      const error = errorOf(input)
      expect(error.reason).toBe("Invalid")
      expect(error.file).toBe(FILE)
      expect(error.message).toContain(FILE)
      expect(error.message).toContain(field)
    }
  })

  it("refuses a key it does not know, naming its path and the closest known key", () => {
    const cases: ReadonlyArray<{ readonly input: Record<string, unknown>; readonly mentions: ReadonlyArray<string> }> = [
      { input: { project: "shop", concurency: 2 }, mentions: ['unknown setting "concurency"', 'did you mean "concurrency"'] },
      { input: { project: "shop", storage: { root: "file://./d", s3: { endpont: "http://s3" } } }, mentions: ['unknown setting "storage.s3.endpont"', 'did you mean "endpoint"'] },
      { input: { project: "shop", roles: { crawler: { reads: [], writes: ["bronze"], profil: "crawl" } } }, mentions: ['unknown setting "roles.crawler.profil"', 'did you mean "profile"'] },
      { input: { project: "shop", colour: "blue" }, mentions: ['unknown setting "colour"', "the settings are project, storage"] }
    ]
    for (const { input, mentions } of cases) {
      const error = errorOf(input)
      expect(error.message).toContain(FILE)
      for (const text of mentions) expect(error.message).toContain(text)
    }
    // Every documented key is known, and the project's own settings may hold anything.
    const full = {
      project: "shop",
      storage: { root: "s3://b/p", s3: { endpoint: "http://s3", region: "eu-west-1", forcePathStyle: true, checksumMode: "WHEN_REQUIRED" } },
      roles: { crawler: { reads: [], writes: ["bronze"], profile: "crawl" } },
      workflow: "w",
      concurrency: 2,
      mlflow: { trackingUri: "http://mlflow:5000" },
      settings: { anything: { goes: true } },
      claims: false,
      heapCollectionMb: 0,
      definitions: "./definitions.ts"
    }
    expect(resolveConfig(full, FILE, {}).project).toBe("shop")
  })

  it("names the environment variable when the bad value comes from the environment", () => {
    const cases: ReadonlyArray<Record<string, string>> = [
      { STRATA_CONCURRENCY: "many" },
      { STRATA_STORAGE_ROOT: "/var/data" },
      { STRATA_STORAGE_ROOT: "file://" },
      { STRATA_STORAGE_ROOT: "s3:///prefix" },
      { STRATA_PROJECT: "Shop Data" },
      { STRATA_S3_CHECKSUM_MODE: "ALWAYS" }
    ]
    for (const env of cases) {
      const error = errorOf({ project: "shop" }, env)
      const [name = "", value = ""] = Object.entries(env)[0] ?? []
      expect(error.message).toContain(value)
      expect(error.message, `the message should name ${name}: ${error.message}`).toContain(name)
    }
  })
})
