/**
 * Resumption (issue 2): `kill -9` the runner at several points of a backfill, re-run it, and
 * the result equals an uninterrupted run's, with nothing half-committed at any point.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  brokenCommits,
  CHAIN_ASSETS,
  CHAIN_CONFIG,
  CHAIN_PROJECT,
  type CliResult,
  countEvents,
  fileUri,
  killWhen,
  makeTemp,
  publicObjects,
  removeTemp,
  runCli,
  SIDECAR_SUFFIX,
  spawnCli,
  stableTree,
  stepsOf,
  summaryOf
} from "./support/cli.ts"

/** First day of the backfill. */
const FROM = "2021-01-01"
/** Last day: 40 daily partitions. */
const TO = "2021-02-09"
/** Partitions of the range. */
const DAYS = 40
/** Asset-partitions of the backfill. */
const STEPS = DAYS * CHAIN_ASSETS.length
/** Small concurrency, so that kills land among steps in flight. */
const CONCURRENCY = "2"
/** Time allowed to the whole file: several CLI runs on a shared machine. */
const TIMEOUT_MS = 240_000
/** Delay after a `succeeded` line before the kill, to land inside the next steps' commits. */
const MID_COMMIT_DELAY_MS = 15

const backfillArgs = ["backfill", "--config", CHAIN_CONFIG, "--from", FROM, "--to", TO, "--json"]

const envOf = (root: string) => ({ CHAIN_ROOT: fileUri(root), CHAIN_CONCURRENCY: CONCURRENCY })

/** The asset-partitions committed under a root, as `asset@partition`, from their sidecars. */
const committed = (root: string): Set<string> =>
  new Set(
    publicObjects(root, CHAIN_PROJECT)
      .filter((key) => key.endsWith(SIDECAR_SUFFIX))
      .map((key) => {
        const [, group, name, partition] = key.split("/")
        return `${group}/${name}@${partition}`
      })
  )

/** A run killed at a point, then checked: killed indeed, and nothing half-committed. */
const killedRun = async (root: string, killAt: (stdout: string) => boolean, delayMs = 0): Promise<CliResult> => {
  const child = spawnCli(backfillArgs, { env: envOf(root) })
  let armed = false
  const result = await killWhen(child, (stdout) => {
    if (armed || !killAt(stdout)) return false
    armed = true
    if (delayMs === 0) return true
    setTimeout(() => child.kill("SIGKILL"), delayMs)
    return false
  })
  expect(result.signal, `the run ended before its kill point:\n${result.stdout.slice(-2000)}\n${result.stderr}`).toBe("SIGKILL")
  expect(brokenCommits(root, CHAIN_PROJECT)).toEqual([])
  return result
}

/** Re-runs the backfill to completion: it plans exactly what was not committed, and succeeds. */
const resume = async (root: string): Promise<void> => {
  const before = committed(root)
  const result = await runCli(backfillArgs, { env: envOf(root) })
  expect(result.code, result.stderr).toBe(0)
  const planned = stepsOf(summaryOf(result.stdout))
  expect(planned.filter((step) => before.has(step))).toEqual([])
  expect(planned.length + before.size).toBe(STEPS)
}

describe("resumption after kill -9", { timeout: TIMEOUT_MS }, () => {
  const roots: Array<string> = []
  let baseline: Record<string, unknown> = {}
  let baselineRoot = ""

  beforeAll(async () => {
    baselineRoot = makeTemp("baseline")
    roots.push(baselineRoot)
    const result = await runCli(backfillArgs, { env: envOf(baselineRoot) })
    expect(result.code, result.stderr).toBe(0)
    expect(countEvents(result.stdout, "succeeded")).toBe(STEPS)
    baseline = stableTree(baselineRoot, CHAIN_PROJECT)
  }, TIMEOUT_MS)

  afterAll(() => roots.forEach(removeTemp))

  it("the uninterrupted run commits every asset-partition of the range, each matching its data", () => {
    expect(committed(baselineRoot).size).toBe(STEPS)
    expect(brokenCommits(baselineRoot, CHAIN_PROJECT)).toEqual([])
  })

  it("killed between steps, again and again, then resumed: the same tree as an uninterrupted run", async () => {
    const root = makeTemp("between")
    roots.push(root)
    // Kill points: after the 3rd, then the 15th, then the 40th step of each successive run.
    for (const after of [3, 15, 40]) {
      await killedRun(root, (stdout) => countEvents(stdout, "succeeded") >= after)
    }
    expect(committed(root).size).toBeGreaterThan(0)
    expect(committed(root).size).toBeLessThan(STEPS)
    await resume(root)
    expect(stableTree(root, CHAIN_PROJECT)).toEqual(baseline)
    const again = await runCli(backfillArgs, { env: envOf(root) })
    expect(again.code, again.stderr).toBe(0)
    expect(stepsOf(summaryOf(again.stdout))).toEqual([])
  })

  it("killed while steps are in flight (staging, committing), then resumed: the same tree", async () => {
    const root = makeTemp("inflight")
    roots.push(root)
    // As the very first step starts; then just after a commit, while the next ones write.
    await killedRun(root, (stdout) => countEvents(stdout, "started") >= 1)
    await killedRun(root, (stdout) => countEvents(stdout, "succeeded") >= 10, MID_COMMIT_DELAY_MS)
    await killedRun(root, (stdout) => countEvents(stdout, "started") >= 25)
    await resume(root)
    expect(stableTree(root, CHAIN_PROJECT)).toEqual(baseline)
  })
})
