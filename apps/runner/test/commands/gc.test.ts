/**
 * `strata gc` through the CLI on a chain whose first day was rebuilt twice and where a killed
 * run left staged data and a temporary file: a dry run lists them and removes nothing; gc
 * removes them and, with `--keep 1`, the oldest version of each rebuilt partition, and what was
 * committed still verifies and plans nothing. Bad flags are usage errors that remove nothing.
 * An asset taken out of the definitions is named, and removed whole only with `--orphans`.
 */
import { existsSync, utimesSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { bytesText, parseDuration } from "../../src/commands/gc.ts"
import { CHAIN_ASSETS, CHAIN_CONFIG, CHAIN_PROJECT, fileUri, jsonLines, listObjects, runCli, summaryOf, tempFolders, TEST_DIR } from "../support/cli.ts"

/** Time allowed to the scenario (a dozen CLI runs) on a shared machine. */
const TIMEOUT_MS = 180_000
/** Exit code of a usage error. */
const USAGE = 2
const HOUR_MS = 3_600_000
/** The chain without `chain/totals`, over the same storage. */
const WITHOUT_TOTALS_CONFIG = resolve(TEST_DIR, "fixtures/chain/without-totals.config.ts")

const temp = tempFolders()

/** Sets a file's modification time two hours back (older than gc's default grace of one hour). */
const makeOld = (path: string) => {
  const when = new Date(Date.now() - 2 * HOUR_MS)
  utimesSync(path, when, when)
}

describe("strata gc", { timeout: TIMEOUT_MS }, () => {
  it("reads durations and sizes as people write them", () => {
    expect(parseDuration("90s")).toBe(90_000)
    expect(parseDuration("2h")).toBe(2 * HOUR_MS)
    expect(parseDuration("0m")).toBe(0)
    for (const bad of ["", "2", "h", "1.5h", "-1h", "2 weeks"]) expect(parseDuration(bad), bad).toBeUndefined()
    expect(bytesText(999)).toBe("999 B")
    expect(bytesText(1_500)).toBe("1.5 kB")
    expect(bytesText(2_000_000)).toBe("2.0 MB")
  })

  it("lists on a dry run, then removes what a killed run left and the versions beyond --keep; the committed data stays whole", async () => {
    const root = temp("gc")
    const env = { CHAIN_ROOT: fileUri(root) }
    const strata = (...args: Array<string>) => runCli([...args, "--config", CHAIN_CONFIG], { env })
    const day = "2021-01-01"
    expect((await strata("backfill", "--from", day, "--to", "2021-01-02", "--json")).code).toBe(0)
    // Two rebuilds with other data make two more versions of each asset.
    for (const rows of ["11", "12"]) {
      const forced = await runCli(["materialize", "--partition", day, "--force", "--json", "--config", CHAIN_CONFIG], { env: { ...env, CHAIN_ROWS: rows } })
      expect(forced.code, forced.stderr).toBe(0)
    }
    const versionsOf = async (asset: string) => jsonLines((await strata("versions", asset, day, "--json")).stdout)
    expect(await versionsOf("chain/squares")).toHaveLength(3)

    // What a run killed between staging and committing leaves, and a torn temporary file.
    const staged = join(root, CHAIN_PROJECT, "_staging/chain%2Fnumbers", `${day},0000000000-deadbeef,numbers.jsonl`)
    writeFileSync(staged, '{"n":1}\n')
    const temporary = join(root, CHAIN_PROJECT, "chain/numbers", day, "numbers.meta.yaml.1a2b-0123abcd-7.strata-tmp")
    writeFileSync(temporary, "torn")
    const fresh = join(root, CHAIN_PROJECT, "chain/numbers", day, "numbers.meta.yaml.1a2b-0123abcd-8.strata-tmp")
    writeFileSync(fresh, "being written")
    makeOld(staged)
    makeOld(temporary)
    const before = listObjects(root)

    // Bad flags remove nothing.
    const badDuration = await strata("gc", "--older-than", "5x")
    expect(badDuration.code).toBe(USAGE)
    expect(badDuration.stderr).toContain('--older-than "5x" is not a duration')
    const badKeep = await strata("gc", "--keep", "-1")
    expect(badKeep.code).toBe(USAGE)
    expect(badKeep.stderr).toContain("--keep -1 is negative")
    const badSelection = await strata("gc", "chain/nope")
    expect(badSelection.code).toBe(USAGE)

    const dry = await strata("gc", "--keep", "1", "--dry-run", "--json")
    expect(dry.code, dry.stderr).toBe(0)
    const listed = jsonLines(dry.stdout).filter((line) => line["event"] === "garbage")
    expect(listed.filter((line) => line["kind"] === "staging").map((line) => line["key"])).toEqual([`${CHAIN_PROJECT}/_staging/chain%2Fnumbers/${day},0000000000-deadbeef,numbers.jsonl`])
    expect(listed.filter((line) => line["kind"] === "leftover").map((line) => line["key"])).toEqual([`${CHAIN_PROJECT}/chain/numbers/${day}/numbers.meta.yaml`])
    // The oldest of three versions goes (data and sidecar) for each of the three assets.
    expect(listed.filter((line) => line["kind"] === "history")).toHaveLength(2 * CHAIN_ASSETS.length)
    expect(listed.every((line) => line["removed"] === false)).toBe(true)
    expect(listObjects(root)).toEqual(before)
    expect(existsSync(temporary)).toBe(true)

    const collected = await strata("gc", "--keep", "1", "--json")
    expect(collected.code, collected.stderr).toBe(0)
    expect(jsonLines(collected.stdout).at(-1)).toMatchObject({ event: "gc", dryRun: false, objects: listed.length })
    expect(existsSync(staged)).toBe(false)
    expect(existsSync(temporary)).toBe(false)
    expect(existsSync(fresh)).toBe(true)
    for (const asset of CHAIN_ASSETS) expect(await versionsOf(asset)).toHaveLength(2)

    const verify = await strata("verify", "--json")
    expect(verify.code, verify.stderr).toBe(0)
    expect(summaryOf((await strata("plan", "--from", day, "--to", "2021-01-02", "--json")).stdout)).toMatchObject({ steps: [] })
    const again = await strata("gc", "--keep", "1", "--json")
    expect(jsonLines(again.stdout).at(-1)).toMatchObject({ event: "gc", objects: 0 })
  })

  it("names the assets the definitions no longer have, and removes them whole only with --orphans", async () => {
    const root = temp("gc-orphans")
    const env = { CHAIN_ROOT: fileUri(root) }
    const withConfig = (config: string) => (...args: Array<string>) => runCli([...args, "--config", config], { env })
    const chain = withConfig(CHAIN_CONFIG)
    const reduced = withConfig(WITHOUT_TOTALS_CONFIG)
    expect((await chain("backfill", "--from", "2021-01-01", "--to", "2021-01-02", "--json")).code).toBe(0)
    const totalsObjects = () => listObjects(root).filter((key) => key.includes("totals"))
    expect(totalsObjects().length).toBeGreaterThan(0)

    const orphansOf = (stdout: string) => jsonLines(stdout).filter((line) => line["event"] === "orphan")
    const named = await reduced("gc", "--json")
    expect(named.code, named.stderr).toBe(0)
    expect(orphansOf(named.stdout)).toEqual([{ event: "orphan", asset: "chain/totals", partitions: 2, bytes: expect.any(Number) }])
    expect(orphansOf((await reduced("gc", "--orphans", "--dry-run", "--json")).stdout)).toHaveLength(1)
    expect(totalsObjects().length).toBeGreaterThan(0)
    // With all three assets defined, nothing is an orphan.
    expect(orphansOf((await chain("gc", "--json")).stdout)).toEqual([])

    const removed = await reduced("gc", "--orphans", "--json")
    expect(removed.code, removed.stderr).toBe(0)
    expect(orphansOf(removed.stdout)).toEqual([expect.objectContaining({ asset: "chain/totals", removed: expect.objectContaining({ objects: expect.any(Number) }) })])
    expect(totalsObjects()).toEqual([])
    expect((await reduced("verify", "--json")).code).toBe(0)
    // Defined again, the asset is missing and planned anew.
    const plan = summaryOf((await chain("plan", "--from", "2021-01-01", "--to", "2021-01-02", "--json")).stdout)
    expect(plan["steps"]).toEqual([
      { asset: "chain/totals", partition: "2021-01-01", reason: "missing" },
      { asset: "chain/totals", partition: "2021-01-02", reason: "missing" }
    ])
  })
})
