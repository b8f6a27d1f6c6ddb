/**
 * Resumption (issue 2): `kill -9` the runner at several points of a backfill, re-run it, and
 * the result equals an uninterrupted run's, with nothing half-committed at any point.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { IndexMarker } from "@strata/storage"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  brokenCommits,
  CHAIN_ASSETS,
  CHAIN_CONFIG,
  CHAIN_PROJECT,
  type CliResult,
  countEvents,
  fileUri,
  finished,
  indexMarkers,
  killStragglers,
  killWhen,
  listObjects,
  makeTemp,
  publicObjects,
  recordOf,
  removeTemp,
  runCli,
  SIDECAR_SUFFIX,
  spawnCli,
  stableTree,
  stepsOf,
  summaryOf,
  treePart
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
/** Time a one-partition re-run gets before it counts as hanging (it takes a few seconds). */
const CLAIMS_RERUN_TIMEOUT_MS = 40_000
/** Rows of the partition killed while its claim is held: enough to take a while to write. */
const CLAIMED_PARTITION_ROWS = 100_000
/** How often the claims folder is looked at, to kill the runner as soon as it holds one. */
const CLAIM_POLL_INTERVAL_MS = 10
/** Delay after a `succeeded` line before the kill, to land inside the next steps' commits. */
const MID_COMMIT_DELAY_MS = 15

const backfillArgs = ["backfill", "--config", CHAIN_CONFIG, "--from", FROM, "--to", TO, "--json"]

/**
 * The environment of the kill-point runs. Partition claims are off: these runs test the commit
 * protocol, and a killed runner's claims would hold its partitions for the claim's lease (the
 * test "with claims on" below covers that case).
 */
const envOf = (root: string) => ({ CHAIN_ROOT: fileUri(root), CHAIN_CONCURRENCY: CONCURRENCY, STRATA_CLAIMS: "false" })

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
  expect(result.timedOut, `the re-run did not finish:\n${result.stdout.slice(-1000)}`).toBe(false)
  expect(result.code, result.stderr).toBe(0)
  const planned = stepsOf(summaryOf(result.stdout))
  expect(planned.filter((step) => before.has(step))).toEqual([])
  expect(planned.length + before.size).toBe(STEPS)
}

describe("resumption after kill -9", { timeout: TIMEOUT_MS }, () => {
  const roots: Array<string> = []
  let baseline: Record<string, unknown> = {}
  let baselineRoot = ""

  /**
   * The tree under `root` equals the baseline's: data, sidecars and quarantine first, then the
   * dataset cards (which describe every committed partition, whichever run committed it).
   */
  const expectSameTree = (root: string) => {
    const tree = stableTree(root, CHAIN_PROJECT)
    expect(treePart(tree, "data")).toEqual(treePart(baseline, "data"))
    expect(treePart(tree, "cards")).toEqual(treePart(baseline, "cards"))
  }

  beforeAll(async () => {
    baselineRoot = makeTemp("baseline")
    roots.push(baselineRoot)
    const result = await runCli(backfillArgs, { env: envOf(baselineRoot) })
    expect(result.code, result.stderr).toBe(0)
    expect(countEvents(result.stdout, "succeeded")).toBe(STEPS)
    baseline = stableTree(baselineRoot, CHAIN_PROJECT)
  }, TIMEOUT_MS)

  afterAll(() => {
    killStragglers()
    roots.forEach(removeTemp)
  }, TIMEOUT_MS)

  it("the uninterrupted run commits every asset-partition of the range, each matching its data", () => {
    expect(committed(baselineRoot).size).toBe(STEPS)
    expect(brokenCommits(baselineRoot, CHAIN_PROJECT)).toEqual([])
  })

  // The two kill sequences are independent: they run side by side to keep the file short.
  describe.concurrent("kill points", () => {
    it("killed between steps, twice, then resumed: the same tree as an uninterrupted run", async () => {
      const root = makeTemp("between")
      roots.push(root)
      // Kill points: after the 3rd step of the first run, then after the 30th of the second.
      for (const after of [3, 30]) {
        await killedRun(root, (stdout) => countEvents(stdout, "succeeded") >= after)
      }
      expect(committed(root).size).toBeGreaterThan(0)
      expect(committed(root).size).toBeLessThan(STEPS)
      await resume(root)
      expectSameTree(root)
    })

    it("killed while steps are in flight (starting, committing), then resumed: the same tree", async () => {
      const root = makeTemp("inflight")
      roots.push(root)
      // As the very first step starts; then just after a commit, while the next ones write.
      await killedRun(root, (stdout) => countEvents(stdout, "started") >= 1)
      await killedRun(root, (stdout) => countEvents(stdout, "succeeded") >= 10, MID_COMMIT_DELAY_MS)
      await resume(root)
      expectSameTree(root)
    })
  })

  it("with claims on (the default), a re-run after kill -9 does not wait for the dead runner's claims", async () => {
    // A partition big enough to be killed while it is being written, its claim held: the
    // killed runner will never release that claim, and nobody else will finish the partition.
    const root = makeTemp("claims")
    roots.push(root)
    const args = ["materialize", "chain/numbers", "--partition", FROM, "--config", CHAIN_CONFIG, "--json"]
    const env = { CHAIN_ROOT: fileUri(root), CHAIN_ROWS: String(CLAIMED_PARTITION_ROWS) }
    const claims = join(root, CHAIN_PROJECT, "_claims")
    const child = spawnCli(args, { env })
    const poll = setInterval(() => {
      if (listObjects(claims).length > 0) child.kill("SIGKILL")
    }, CLAIM_POLL_INTERVAL_MS)
    const killed = await finished(child).finally(() => clearInterval(poll))
    expect(killed.signal, `the run ended before it could be killed holding a claim:\n${killed.stdout}`).toBe("SIGKILL")
    expect(committed(root).size).toBe(0)
    const rerun = await runCli(args, { env, timeoutMs: CLAIMS_RERUN_TIMEOUT_MS })
    expect(rerun.timedOut, `the re-run was still waiting for the dead runner's claim after ${CLAIMS_RERUN_TIMEOUT_MS} ms:\n${rerun.stdout.slice(-1000)}`).toBe(false)
    expect(rerun.code, rerun.stderr).toBe(0)
    expect([...committed(root)]).toEqual([`chain/numbers@${FROM}`])
  })

  it("a commit killed after its sidecar but before its index marker is repaired by the next run", async () => {
    // The crash windows at the end of a commit, reproduced exactly: (a) killed after the sidecar
    // was written but before the committed marker (the partition has no marker at all); (b) the
    // window of earlier Strata versions, which wrote a pending marker first: killed after the
    // committed marker was written but before the pending one was removed. Both partitions are
    // committed (their sidecars match their data); the next run must see them as fresh and leave
    // the index as a clean commit does.
    // Runs last: it alters the baseline's root in place (a copy would change the local ETags).
    const root = baselineRoot
    const crashBeforeMarker = { asset: "chain/numbers", partition: "2021-01-05", dataset: "numbers" }
    const crashBeforeCleanup = { asset: "chain/squares", partition: "2021-01-07", dataset: "squares" }
    const indexFolder = (asset: string) => join(root, CHAIN_PROJECT, "_index", encodeURIComponent(asset))
    const markersOf = (at: { asset: string; partition: string }) =>
      indexMarkers(root, CHAIN_PROJECT, at.asset).filter((name) => name.startsWith(IndexMarker.partitionPrefix(at.partition)))
    const pendingMarker = (at: { asset: string; partition: string; dataset: string }) => {
      const sidecarPath = `${at.partition}/${at.dataset}${SIDECAR_SUFFIX}`
      const record = recordOf(readFileSync(join(root, CHAIN_PROJECT, at.asset, sidecarPath), "utf8"))
      return IndexMarker.name({ _tag: "Pending", partition: at.partition, commitId: String(record?.["commitId"]), sidecarPath })
    }
    const cleanMarkers = { a: markersOf(crashBeforeMarker), b: markersOf(crashBeforeCleanup) }
    expect(cleanMarkers.a).toHaveLength(1)
    expect(cleanMarkers.b).toHaveLength(1)

    // (a): no marker.
    for (const name of cleanMarkers.a) rmSync(join(indexFolder(crashBeforeMarker.asset), name))
    // (b): the committed marker and the pending one of the same commit.
    writeFileSync(join(indexFolder(crashBeforeCleanup.asset), pendingMarker(crashBeforeCleanup)), "")

    const result = await runCli(backfillArgs, { env: envOf(root) })
    expect(result.code, result.stderr).toBe(0)
    expect(stepsOf(summaryOf(result.stdout))).toEqual([])
    expect({ a: markersOf(crashBeforeMarker), b: markersOf(crashBeforeCleanup) }).toEqual(cleanMarkers)
  })

  it("a storage folder copied elsewhere (backup restored, cp -r) still reads as committed", async () => {
    // The planner sees the copy's partitions as fresh (from their index markers), so reading
    // them as inputs must work too: re-materializing one downstream partition succeeds.
    const root = makeTemp("copy")
    roots.push(root)
    cpSync(baselineRoot, root, { recursive: true })
    const result = await runCli(["materialize", "chain/squares", "--partition", "2021-01-02", "--force", "--config", CHAIN_CONFIG, "--json"], {
      env: envOf(root)
    })
    expect(result.code, result.stdout).toBe(0)
    expect(countEvents(result.stdout, "succeeded")).toBe(1)
  })
})
