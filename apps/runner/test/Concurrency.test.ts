/**
 * Concurrent runners (claims on, the default): two backfills of the same range started at once
 * on one storage root split the work, and no partition is ever built twice.
 */
import { existsSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import {
  brokenCommits,
  CHAIN_ASSETS,
  CHAIN_CONFIG,
  CHAIN_PROJECT,
  fileUri,
  finished,
  killStragglers,
  listObjects,
  makeTemp,
  publicObjects,
  removeTemp,
  SIDECAR_SUFFIX,
  spawnCli
} from "./support/cli.ts"

/** Days of the backfill: enough steps for two runners to meet on many partitions. */
const FROM = "2021-03-01"
const TO = "2021-03-20"
const DAYS = 20
/** Time allowed to the file: two CLI runs side by side on a shared machine. */
const TIMEOUT_MS = 180_000

describe("two runners on one root", { timeout: TIMEOUT_MS }, () => {
  const roots: Array<string> = []
  afterAll(() => {
    killStragglers()
    roots.forEach(removeTemp)
  })

  it("split a backfill between them and build every partition exactly once", async () => {
    const root = makeTemp("concurrent")
    roots.push(root)
    const args = ["backfill", "--config", CHAIN_CONFIG, "--from", FROM, "--to", TO, "--json"]
    const env = { CHAIN_ROOT: fileUri(root), CHAIN_CONCURRENCY: "2" }
    const [first, second] = await Promise.all([finished(spawnCli(args, { env })), finished(spawnCli(args, { env }))])
    expect(first?.code, first?.stderr).toBe(0)
    expect(second?.code, second?.stderr).toBe(0)
    const sidecars = publicObjects(root, CHAIN_PROJECT).filter((key) => key.endsWith(SIDECAR_SUFFIX))
    expect(sidecars).toHaveLength(DAYS * CHAIN_ASSETS.length)
    expect(brokenCommits(root, CHAIN_PROJECT)).toEqual([])
    // A partition built twice would have its first build kept in history when the second superseded it.
    expect(listObjects(join(root, CHAIN_PROJECT, "_history"))).toEqual([])
    // Every claim was released.
    expect(existsSync(join(root, CHAIN_PROJECT, "_claims")) ? listObjects(join(root, CHAIN_PROJECT, "_claims")) : []).toEqual([])
  })
})
