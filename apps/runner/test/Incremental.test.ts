/**
 * Incremental materialization through the CLI (issue 2): a second run is a no-op, a code
 * version bump re-plans exactly that asset and its downstream, deleted files re-plan only
 * their partition (and what became stale), `plan` gives reasons, and `--no-upstream` runs one
 * asset-partition alone.
 */
import { readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import {
  brokenCommits,
  CHAIN_CONFIG,
  CHAIN_PROJECT,
  type CliResult,
  countEvents,
  fileUri,
  makeTemp,
  publicObjects,
  removeTemp,
  runCli,
  SIDECAR_SUFFIX,
  stepsOf,
  summaryOf
} from "./support/cli.ts"

/** Time allowed to a test: a few CLI runs on a shared machine. */
const TIMEOUT_MS = 120_000

const FROM = "2021-01-01"
const TO = "2021-01-05"
const DAYS = ["2021-01-01", "2021-01-02", "2021-01-03", "2021-01-04", "2021-01-05"]

const roots: Array<string> = []
afterAll(() => roots.forEach(removeTemp))

const newRoot = (label: string) => {
  const root = makeTemp(label)
  roots.push(root)
  return root
}

const cli = (root: string, args: ReadonlyArray<string>, env: Readonly<Record<string, string>> = {}): Promise<CliResult> =>
  runCli([...args, "--config", CHAIN_CONFIG, "--json"], { env: { CHAIN_ROOT: fileUri(root), ...env } })

const ok = (result: CliResult): CliResult => {
  expect(result.code, `${result.stderr}\n${result.stdout.slice(-1000)}`).toBe(0)
  return result
}

/** The sidecars under a root with their bytes, by key. */
const sidecars = (root: string): Map<string, string> =>
  new Map(
    publicObjects(root, CHAIN_PROJECT)
      .filter((key) => key.endsWith(SIDECAR_SUFFIX))
      .map((key) => [key, readFileSync(join(root, key), "utf8")])
  )

/** The `sha1:` field of a sidecar. */
const sha1Field = (text: string | undefined): string | undefined => /^sha1: (\w+)$/m.exec(text ?? "")?.[1]

const every = (asset: string) => DAYS.map((day) => `${asset}@${day}`)

/** `asset@partition -> reason` of a summary's steps. */
const reasonsOf = (result: CliResult): Record<string, string> =>
  Object.fromEntries(
    (summaryOf(result.stdout)["steps"] as Array<{ asset: string; partition: string; reason: string }>).map((step) => [`${step.asset}@${step.partition}`, step.reason])
  )

describe("incremental runs of the chain", { timeout: TIMEOUT_MS }, () => {
  const root = newRoot("incremental")

  it("a second run is a no-op that rewrites nothing", async () => {
    const first = ok(await cli(root, ["backfill", "--from", FROM, "--to", TO]))
    expect(countEvents(first.stdout, "succeeded")).toBe(15)
    const before = sidecars(root)
    expect(before.size).toBe(15)
    const second = ok(await cli(root, ["backfill", "--from", FROM, "--to", TO]))
    expect(stepsOf(summaryOf(second.stdout))).toEqual([])
    expect(countEvents(second.stdout, "started")).toBe(0)
    expect(sidecars(root)).toEqual(before)
  })

  it("a run with nothing to commit writes a dataset card that an interrupted run left unwritten", async () => {
    const card = join(root, CHAIN_PROJECT, "chain/numbers/README.md")
    const written = readFileSync(card, "utf8")
    rmSync(card)
    const rerun = ok(await cli(root, ["backfill", "--from", FROM, "--to", TO]))
    expect(stepsOf(summaryOf(rerun.stdout))).toEqual([])
    expect(readFileSync(card, "utf8")).toBe(written)
  })

  it("a code version bump of chain/squares re-plans exactly chain/squares and chain/totals, with reasons", async () => {
    const before = sidecars(root)
    const plan = ok(await cli(root, ["plan", "--from", FROM, "--to", TO], { CHAIN_CODE_VERSION: "2" }))
    const reasons = reasonsOf(plan)
    expect(Object.keys(reasons).sort()).toEqual([...every("chain/squares"), ...every("chain/totals")].sort())
    for (const step of every("chain/squares")) expect(reasons[step]).toBe("code_changed")
    for (const step of every("chain/totals")) expect(reasons[step]).toBe("upstream_changed")
    // `plan` runs nothing.
    expect(countEvents(plan.stdout, "started")).toBe(0)
    expect(sidecars(root)).toEqual(before)

    const run = ok(await cli(root, ["materialize", "--from", FROM, "--to", TO], { CHAIN_CODE_VERSION: "2" }))
    expect(countEvents(run.stdout, "succeeded")).toBe(10)
    const after = sidecars(root)
    for (const [key, text] of before) {
      // chain/numbers is untouched; chain/squares is committed again under its new version;
      // chain/totals reads the same squares, so its data (and version) stays what it was.
      if (key.includes("/chain/numbers/")) expect(after.get(key), key).toBe(text)
      if (key.includes("/chain/squares/")) {
        expect(after.get(key), key).not.toBe(text)
        expect(after.get(key), key).toContain('code_version: "2"')
      }
      if (key.includes("/chain/totals/")) expect(sha1Field(after.get(key)), key).toBe(sha1Field(text))
    }
  })

  it("deleting one partition's files re-plans only it and what became stale downstream", async () => {
    rmSync(join(root, CHAIN_PROJECT, "chain/squares/2021-01-02"), { recursive: true })
    const before = sidecars(root)
    const run = ok(await cli(root, ["materialize", "--from", FROM, "--to", TO], { CHAIN_CODE_VERSION: "2" }))
    const reasons = reasonsOf(run)
    expect(reasons["chain/squares@2021-01-02"]).toBe("missing")
    // Only its downstream may follow (the same data comes back, so it need not).
    for (const step of Object.keys(reasons)) expect(["chain/squares@2021-01-02", "chain/totals@2021-01-02"]).toContain(step)
    const after = sidecars(root)
    for (const [key, text] of before) if (!key.includes("/2021-01-02/")) expect(after.get(key), key).toBe(text)
    expect(after.size).toBe(15)
    expect(brokenCommits(root, CHAIN_PROJECT)).toEqual([])
    const again = ok(await cli(root, ["plan", "--from", FROM, "--to", TO], { CHAIN_CODE_VERSION: "2" }))
    expect(stepsOf(summaryOf(again.stdout))).toEqual([])
  })
})

describe("--no-upstream runs one asset-partition alone", { timeout: TIMEOUT_MS }, () => {
  it("materializes the selected asset-partition and nothing else, then its downstream against it", async () => {
    const root = newRoot("alone")
    const numbers = ok(await cli(root, ["materialize", "chain/numbers", "--partition", "2021-01-03", "--no-upstream"]))
    expect(stepsOf(summaryOf(numbers.stdout))).toEqual(["chain/numbers@2021-01-03"])
    expect([...sidecars(root).keys()]).toEqual([`${CHAIN_PROJECT}/chain/numbers/2021-01-03/numbers${SIDECAR_SUFFIX}`])

    const squares = ok(await cli(root, ["materialize", "chain/squares", "--partition", "2021-01-03", "--no-upstream"]))
    expect(stepsOf(summaryOf(squares.stdout))).toEqual(["chain/squares@2021-01-03"])
    expect([...sidecars(root).keys()].sort()).toEqual([
      `${CHAIN_PROJECT}/chain/numbers/2021-01-03/numbers${SIDECAR_SUFFIX}`,
      `${CHAIN_PROJECT}/chain/squares/2021-01-03/squares${SIDECAR_SUFFIX}`
    ])
    const squaresData = readFileSync(join(root, CHAIN_PROJECT, "chain/squares/2021-01-03/squares.jsonl"), "utf8")
    expect(squaresData.trim().split("\n").map((line) => (JSON.parse(line) as { n: number }).n)).toEqual([1, 4, 9, 16, 25, 36, 49, 64, 81, 100])
    expect(brokenCommits(root, CHAIN_PROJECT)).toEqual([])
  })

  it("fails (exit 1) naming the missing upstream partition when it is not there", async () => {
    const root = newRoot("alone-missing")
    const result = await cli(root, ["materialize", "chain/totals", "--partition", "2021-01-04", "--no-upstream"])
    expect(result.code, result.stderr).toBe(1)
    expect(result.stdout + result.stderr).toContain("chain/squares@2021-01-04")
    expect(sidecars(root).size).toBe(0)
  })
})
