/**
 * Dynamic partition sets through the CLI: keys added with `strata partitions add` are planned
 * by the next run, a source partitioned by a set gives it the folders found in storage, a bad
 * key or an unknown set is a usage error that adds nothing, and a key removed is no longer
 * planned nor listed.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { dynamicSetsOf, keyProblem } from "../src/DynamicPartitions.ts"
import { definitions } from "./fixtures/dynamic/strata.config.ts"
import { fileUri, jsonLines, runCli, summaryOf, tempFolders, TEST_DIR } from "./support/cli.ts"

const CONFIG = resolve(TEST_DIR, "fixtures/dynamic/strata.config.ts")
/** The fixture's project: the first folder under the storage root. */
const PROJECT = "dynamic"
/** Time allowed to the whole scenario (a dozen CLI runs) on a shared machine. */
const TIMEOUT_MS = 180_000
/** Exit code of a usage error. */
const USAGE = 2

const temp = tempFolders()

describe("dynamic partitions", { timeout: TIMEOUT_MS }, () => {
  it("names the sets the definitions use, and refuses keys that are not one folder", () => {
    expect(dynamicSetsOf(definitions)).toEqual(["crawls", "drops"])
    expect(keyProblem("crawl-0042")).toBeUndefined()
    for (const bad of ["", "a/b", "_hidden", "..", "tab\there"]) expect(keyProblem(bad), bad).toBeDefined()
  })

  it("plans the keys added, lists them with a source's folders, and forgets a key removed", async () => {
    const root = temp("dynamic")
    const strata = (...args: Array<string>) => runCli([...args, "--config", CONFIG], { env: { DYNAMIC_ROOT: fileUri(root) } })
    const listed = async () => Object.fromEntries(jsonLines((await strata("partitions", "list", "--json")).stdout).map((line) => [line["set"], line["keys"]]))

    // No key yet: nothing to plan.
    expect(summaryOf((await strata("plan", "--json")).stdout)).toMatchObject({ steps: [] })
    expect((await strata("partitions", "add", "crawls", "c1", "c2")).code).toBe(0)
    const run = await strata("materialize", "--json")
    expect(run.code, run.stderr).toBe(0)
    expect(summaryOf(run.stdout)["steps"]).toEqual([
      { asset: "crawl/pages", partition: "c1", reason: "missing" },
      { asset: "crawl/counts", partition: "c1", reason: "missing" },
      { asset: "crawl/pages", partition: "c2", reason: "missing" },
      { asset: "crawl/counts", partition: "c2", reason: "missing" }
    ])
    expect(readdirSync(join(root, PROJECT, "crawl/counts")).filter((name) => !name.endsWith(".md")).sort()).toEqual(["c1", "c2"])

    // A bad key, or a set no asset uses, adds nothing.
    const bad = await strata("partitions", "add", "crawls", "c3", "a/b")
    expect(bad.code).toBe(USAGE)
    expect(bad.stderr).toContain(`Partition key "a/b" cannot be added to "crawls"`)
    const unknown = await strata("partitions", "add", "crawl", "c3")
    expect(unknown.code).toBe(USAGE)
    expect(unknown.stderr).toContain("its sets are crawls, drops")

    // A source's set holds the folders found in storage.
    mkdirSync(join(root, PROJECT, "drops/files/d1"), { recursive: true })
    writeFileSync(join(root, PROJECT, "drops/files/d1/files.jsonl"), '{"a":1}\n')
    expect(await listed()).toEqual({ crawls: ["c1", "c2"], drops: ["d1"] })

    // Adding a key again changes nothing; a key removed is no longer planned nor shown.
    expect((await strata("partitions", "add", "crawls", "c1")).code).toBe(0)
    expect(summaryOf((await strata("plan", "--json")).stdout)).toMatchObject({ steps: [] })
    expect((await strata("partitions", "remove", "crawls", "c2")).code).toBe(0)
    expect(await listed()).toEqual({ crawls: ["c1"], drops: ["d1"] })
    const status = jsonLines((await strata("status", "--json")).stdout)
    expect(status.find((line) => line["asset"] === "crawl/counts")).toMatchObject({ partitions: 1, fresh: 1 })
  })
})
