import { mkdirSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { absoluteRoot, CONFIG_FILE_NAMES, findConfigFile, loadConfig } from "../src/ConfigLoader.ts"
import { ConfigError } from "../src/StrataConfig.ts"
import { CHAIN_CONFIG, makeTemp, removeTemp, TEST_DIR } from "./support/cli.ts"

const folders: Array<string> = []
const folder = (label: string) => {
  const made = makeTemp(label)
  folders.push(made)
  return made
}
afterAll(() => folders.forEach(removeTemp))

/** The ConfigError a promise rejects with. */
const rejection = async (promise: Promise<unknown>): Promise<ConfigError> => {
  const error = await promise.then(
    () => undefined,
    (cause: unknown) => cause
  )
  expect(error).toBeInstanceOf(ConfigError)
  return error as ConfigError
}

/** The ConfigError a function throws. */
const thrown = (f: () => unknown): ConfigError => {
  try {
    f()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error("expected a ConfigError")
}

describe("ConfigLoader.findConfigFile", () => {
  it("resolves an explicit path against the working directory", () => {
    expect(findConfigFile(TEST_DIR, "fixtures/chain/strata.config.ts")).toBe(CHAIN_CONFIG)
    expect(findConfigFile("/", CHAIN_CONFIG)).toBe(CHAIN_CONFIG)
  })

  it("fails naming an explicit file that does not exist", () => {
    const error = thrown(() => findConfigFile(TEST_DIR, "nope/strata.config.ts"))
    expect(error.reason).toBe("NotFound")
    expect(error.file).toBe(resolve(TEST_DIR, "nope/strata.config.ts"))
    expect(error.message).toContain(error.file)
    expect(error.message).toContain("--config")
  })

  it("looks in the working directory, TypeScript before YAML", () => {
    const dir = folder("find")
    writeFileSync(join(dir, "strata.config.yaml"), "project: shop\n")
    expect(findConfigFile(dir)).toBe(join(dir, "strata.config.yaml"))
    writeFileSync(join(dir, "strata.config.ts"), "export default {}\n")
    expect(findConfigFile(dir)).toBe(join(dir, "strata.config.ts"))
  })

  it("fails naming the folder and every file name it looked for", () => {
    const dir = folder("empty")
    const error = thrown(() => findConfigFile(dir))
    expect(error.reason).toBe("NotFound")
    expect(error.message).toContain(dir)
    for (const name of CONFIG_FILE_NAMES) expect(error.message).toContain(name)
  })
})

describe("ConfigLoader.loadConfig", () => {
  it("loads a TypeScript configuration, its definitions and environment overrides", async () => {
    const loaded = await loadConfig(CHAIN_CONFIG, { STRATA_CONCURRENCY: "3", STRATA_STORAGE_ROOT: "file:///srv/chain-data" })
    expect(loaded.file).toBe(CHAIN_CONFIG)
    expect(loaded.config.project).toBe("chain")
    expect(loaded.config.concurrency).toBe(3)
    expect(loaded.config.storage.root).toBe("file:///srv/chain-data")
    expect((loaded.module["definitions"] as ReadonlyArray<{ spec: { key: string } }>).map((d) => d.spec.key)).toEqual([
      "chain/numbers",
      "chain/squares",
      "chain/totals"
    ])
  })

  it("makes a relative file:// root absolute against the configuration's folder", async () => {
    const loaded = await loadConfig(CHAIN_CONFIG, { STRATA_STORAGE_ROOT: "file://./data" })
    expect(loaded.config.storage.root).toBe(`file://${resolve(TEST_DIR, "fixtures/chain/data")}`)
  })

  it("loads a YAML configuration whose definitions module is relative to it", async () => {
    const dir = folder("yaml")
    mkdirSync(join(dir, "conf"))
    const file = join(dir, "conf", "strata.config.yaml")
    writeFileSync(file, `project: shop\nconcurrency: 2\nstorage:\n  root: file://../data\ndefinitions: ${CHAIN_CONFIG}\nsettings:\n  versions: [v1, v2]\n`)
    const loaded = await loadConfig(file, { STRATA_WORKFLOW: "yaml-run" })
    expect(loaded.config).toMatchObject({ project: "shop", concurrency: 2, workflow: "yaml-run", settings: { versions: ["v1", "v2"] } })
    expect(loaded.config.storage.root).toBe(`file://${join(dir, "data")}`)
    expect(Array.isArray(loaded.module["definitions"])).toBe(true)
  })

  it("names the file of invalid YAML, of YAML without definitions, and of a module that throws", async () => {
    const dir = folder("bad")
    const broken = join(dir, "broken.yaml")
    writeFileSync(broken, "project: [shop\n")
    const noDefinitions = join(dir, "nodefs.yaml")
    writeFileSync(noDefinitions, "project: shop\n")
    const throwing = resolve(TEST_DIR, "fixtures/invalid/throws.config.ts")
    const missingModule = join(dir, "missing.yaml")
    writeFileSync(missingModule, "project: shop\ndefinitions: ./src/defs.ts\n")
    for (const [file, mentions] of [
      [broken, "YAML"],
      [noDefinitions, "definitions"],
      [missingModule, `the definitions module "./src/defs.ts" (${join(dir, "src/defs.ts")}) could not be loaded`],
      [throwing, "settings service unreachable"]
    ] as const) {
      const error = await rejection(loadConfig(file, {}))
      expect(error.reason).toBe("Invalid")
      expect(error.file).toBe(file)
      expect(error.message).toContain(file)
      expect(error.message).toContain(mentions)
    }
  })

  it("names the file when a configuration value is invalid", async () => {
    const file = resolve(TEST_DIR, "fixtures/invalid/bad-concurrency.config.ts")
    const error = await rejection(loadConfig(file, {}))
    expect(error.message).toContain(file)
    expect(error.message).toContain('"concurrency"')
  })
})

describe("ConfigLoader.absoluteRoot", () => {
  it("resolves only relative file:// roots", () => {
    expect(absoluteRoot("file://./data", "/projects/shop")).toBe("file:///projects/shop/data")
    expect(absoluteRoot("file:///var/data", "/projects/shop")).toBe("file:///var/data")
    expect(absoluteRoot("s3://bucket/prefix", "/projects/shop")).toBe("s3://bucket/prefix")
  })
})
