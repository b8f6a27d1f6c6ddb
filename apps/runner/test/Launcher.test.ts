/**
 * The `strata` launcher (`bin/strata.mjs`): it serves type-stripped modules from a
 * content-addressed cache, never stale after an edit, answers as `src/bin.ts` does, and falls
 * back to Node's own loader (and its error) where it cannot help.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { BIN, CHAIN_CONFIG, cliEnv, type CliResult, fileUri, finished, jsonLines, TEST_DIR, tempFolders } from "./support/cli.ts"

/** The launcher under test. */
const LAUNCHER = resolve(TEST_DIR, "../bin/strata.mjs")
/** The runner's configuration module, imported by the generated configurations. */
const STRATA_CONFIG_MODULE = resolve(TEST_DIR, "../src/StrataConfig.ts")
/** Time allowed to one CLI run on a shared machine. */
const TIMEOUT_MS = 90_000
/** Exit code of a usage or definition error. */
const USAGE = 2

const tempRoot = tempFolders()

const run = (entry: string, args: ReadonlyArray<string>, env: Readonly<Record<string, string>>): Promise<CliResult> => {
  const child: ChildProcess = spawn(process.execPath, [entry, ...args], { cwd: TEST_DIR, env: cliEnv(env), stdio: ["ignore", "pipe", "pipe"] })
  return finished(child)
}

/** A configuration over the chain's first `count` assets, under the project name `project`. */
const writeConfig = (file: string, project: string, count: number, root: string): void => {
  // An ES module package, as a project's folder would declare it.
  writeFileSync(join(dirname(file), "package.json"), JSON.stringify({ type: "module" }))
  writeFileSync(
    file,
    [
      `import { definitions } from ${JSON.stringify(CHAIN_CONFIG)}`,
      `import { defineConfig } from ${JSON.stringify(STRATA_CONFIG_MODULE)}`,
      `const chosen: ReadonlyArray<unknown> = definitions.slice(0, ${count})`,
      `export { chosen as definitions }`,
      `export default defineConfig({ project: ${JSON.stringify(project)}, storage: { root: ${JSON.stringify(fileUri(root))} } })`,
      ""
    ].join("\n")
  )
}

/** The assets a `plan --json` run would materialize. */
const plannedAssets = (result: CliResult): Array<string> => {
  const plan = jsonLines(result.stdout).find((line) => line["event"] === "plan")
  const steps = (plan?.["steps"] ?? []) as ReadonlyArray<{ readonly asset: string }>
  return [...new Set(steps.map((step) => step.asset))]
}

const cachedModules = (cache: string): Array<string> => readdirSync(join(cache, "modules")).filter((name) => name.endsWith(".js"))

const PLAN_ONE_DAY = ["plan", "--from", "2021-01-01", "--to", "2021-01-01", "--json"]

describe("the strata launcher", { timeout: TIMEOUT_MS }, () => {
  it("caches stripped modules, serves an edited file afresh, and plans as src/bin.ts does", async () => {
    const folder = tempRoot("launcher")
    const cache = join(folder, "cache")
    const config = join(folder, "strata.config.ts")
    writeConfig(config, "launcher", 2, join(folder, "data"))

    const first = await run(LAUNCHER, [...PLAN_ONE_DAY, "--config", config], { STRATA_MODULE_CACHE: cache })
    expect(first.code, first.stderr).toBe(0)
    expect(plannedAssets(first)).toEqual(["chain/numbers", "chain/squares"])
    const entries = cachedModules(cache)
    // The runner's own modules and the configuration, each stripped once.
    expect(entries.length).toBeGreaterThan(20)
    const configEntry = entries.find((name) => readFileSync(join(cache, "modules", name), "utf8").includes("definitions.slice(0, 2)"))
    expect(configEntry).toBeDefined()
    // Types are blanked in place: the stripped text keeps the source's length and lines.
    const stripped = readFileSync(join(cache, "modules", configEntry!), "utf8")
    expect(stripped).not.toContain("ReadonlyArray<unknown>")
    expect(stripped.length).toBe(readFileSync(config, "utf8").length)

    writeConfig(config, "launcher", 3, join(folder, "data"))
    const edited = await run(LAUNCHER, [...PLAN_ONE_DAY, "--config", config], { STRATA_MODULE_CACHE: cache })
    expect(edited.code, edited.stderr).toBe(0)
    expect(plannedAssets(edited)).toEqual(["chain/numbers", "chain/squares", "chain/totals"])
    // Only the edited file was stripped again.
    expect(cachedModules(cache).length).toBe(entries.length + 1)

    const direct = await run(BIN, [...PLAN_ONE_DAY, "--config", config], {})
    expect(direct.code, direct.stderr).toBe(0)
    expect(plannedAssets(direct)).toEqual(plannedAssets(edited))
  })

  it("leaves a module Node cannot strip to Node's own error, exit 2, naming the file", async () => {
    // No package.json: the module's format is Node's to detect, so the launcher passes it on.
    const folder = tempRoot("launcher-enum")
    const config = join(folder, "strata.config.ts")
    // An enum has run-time semantics, so type stripping refuses it.
    writeFileSync(config, `enum Layer { Bronze }\nexport default { project: "x", storage: { root: "file://./data" }, layer: Layer.Bronze }\n`)
    const result = await run(LAUNCHER, ["plan", "--config", config, "--json"], { STRATA_MODULE_CACHE: join(folder, "cache") })
    expect(result.code, result.stderr).toBe(USAGE)
    expect(result.stderr).toContain(config)
    expect(result.stderr).toMatch(/TypeScript|enum/i)
  })

  it("resolves a dependency's relative imports itself only in an ES-module package: a CommonJS file beside them stays CommonJS", async () => {
    const folder = tempRoot("launcher-resolve")
    const files: Record<string, string> = {
      "node_modules/esm-dep/package.json": JSON.stringify({ name: "esm-dep", type: "module", exports: "./dist/index.js" }),
      "node_modules/esm-dep/dist/index.js": `export { one as esm } from "./sub/one.js"\n`,
      "node_modules/esm-dep/dist/sub/one.js": `export { base as one } from "../base.js"\n`,
      "node_modules/esm-dep/dist/base.js": `export const base = 1\n`,
      "node_modules/cjs-dep/package.json": JSON.stringify({ name: "cjs-dep" }),
      "node_modules/cjs-dep/entry.mjs": `import lib from "./lib.js"\nexport default lib\n`,
      "node_modules/cjs-dep/lib.js": `module.exports = 1\n`
    }
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true })
      writeFileSync(join(folder, path), text)
    }
    const config = join(folder, "strata.config.ts")
    writeConfig(config, "launcher-resolve", 0, join(folder, "data"))
    writeFileSync(
      config,
      readFileSync(config, "utf8")
        .replace("definitions.slice(0, 0)", "definitions.slice(0, esm + cjs)")
        .replace("import {", `import { esm } from "esm-dep"\nimport cjs from "cjs-dep/entry.mjs"\nimport {`)
    )
    const result = await run(LAUNCHER, [...PLAN_ONE_DAY, "--config", config], { STRATA_MODULE_CACHE: join(folder, "cache") })
    expect(result.code, result.stderr).toBe(0)
    expect(plannedAssets(result)).toEqual(["chain/numbers", "chain/squares"])
  })

  it("STRATA_MODULE_CACHE=off writes no cache and still runs", async () => {
    const folder = tempRoot("launcher-off")
    const result = await run(LAUNCHER, [...PLAN_ONE_DAY, "--config", CHAIN_CONFIG], { STRATA_MODULE_CACHE: "off", CHAIN_ROOT: fileUri(join(folder, "data")) })
    expect(result.code, result.stderr).toBe(0)
    expect(plannedAssets(result)).toEqual(["chain/numbers", "chain/squares", "chain/totals"])
    expect(existsSync(join(folder, "cache"))).toBe(false)
    expect(existsSync(join(TEST_DIR, "off"))).toBe(false)
  })
})

describe("the launcher on a Node too old for Strata", () => {
  it("says which Node it found and how to get Node 22, with exit code 2, instead of failing to link an API that Node lacks", async () => {
    // Node 20 stands in through its version: the launcher decides by `process.versions.node` alone.
    const asNode20 = `data:text/javascript,Object.defineProperty(process.versions, "node", { value: "20.20.2" })`
    const child = spawn(process.execPath, ["--import", asNode20, LAUNCHER, "plan"], { cwd: TEST_DIR, env: cliEnv({}), stdio: ["ignore", "pipe", "pipe"] })
    const result = await finished(child)
    expect(result.code).toBe(USAGE)
    expect(result.stderr).toContain(`strata needs Node 22.18.0 or newer; this is Node 20.20.2 (${process.execPath})`)
    expect(result.stderr).toContain("npm run strata -- <command>")
    expect(result.stdout).toBe("")
  }, TIMEOUT_MS)
})
