/**
 * The commands that read what was committed (`describe`, `lineage show`, `versions`, `read`),
 * run through the CLI on a two-day chain: each prints what storage holds, and a partition
 * that was never committed is a usage error (exit 2) that says how to build it.
 */
import { beforeAll, describe, expect, it } from "vitest"
import { CHAIN_CONFIG, fileUri, jsonLines, runCli, tempFolders } from "../support/cli.ts"

/** Time allowed to the backfill and the commands, on a shared machine. */
const TIMEOUT_MS = 120_000
/** Exit code of a usage error. */
const USAGE = 2

const tempRoot = tempFolders()

describe("reading committed partitions through the CLI", { timeout: TIMEOUT_MS }, () => {
  let env: Record<string, string> = {}
  const strata = (...args: Array<string>) => runCli([...args, "--config", CHAIN_CONFIG], { env })

  beforeAll(async () => {
    env = { CHAIN_ROOT: fileUri(tempRoot("inspect")) }
    const backfill = await strata("backfill", "--from", "2021-01-01", "--to", "2021-01-02", "--json")
    expect(backfill.code, backfill.stderr).toBe(0)
  }, TIMEOUT_MS)

  it("describe tells an asset's partitions and dependencies, and prints a partition's sidecar", async () => {
    const [spec, partition] = await Promise.all([strata("describe", "chain/squares", "--json"), strata("describe", "chain/totals", "2021-01-02", "--json")])
    expect(spec.code, spec.stderr).toBe(0)
    expect(JSON.parse(spec.stdout)).toMatchObject({ asset: "chain/squares", partitions: "daily from 2021-01-01 (UTC)", dependencies: [{ asset: "chain/numbers" }] })
    expect(partition.code, partition.stderr).toBe(0)
    expect(JSON.parse(partition.stdout)).toMatchObject({ asset: "chain/totals", partition: "2021-01-02", dataSource: [{ asset: "chain/squares", partition: "2021-01-02" }] })
  })

  it("lineage show walks the sidecars up to the first asset, as text and as JSON", async () => {
    const [text, json] = await Promise.all([strata("lineage", "show", "chain/totals", "2021-01-01"), strata("lineage", "show", "chain/totals", "2021-01-01", "--format", "json")])
    expect(text.code, text.stderr).toBe(0)
    const lines = text.stdout.trim().split("\n")
    expect(lines.map((line) => line.replace(/(?<=\S) {2}.*$/, ""))).toEqual(["chain/totals@2021-01-01", "└── chain/squares@2021-01-01", "    └── chain/numbers@2021-01-01"])
    const tree = JSON.parse(json.stdout) as { status: string; upstream: Array<{ asset: string; upstream: Array<{ asset: string; status: string }> }> }
    expect(tree.status).toBe("ok")
    expect(tree.upstream[0]?.asset).toBe("chain/squares")
    expect(tree.upstream[0]?.upstream[0]).toMatchObject({ asset: "chain/numbers", status: "ok" })
  })

  it("versions lists the one commit, and read prints its rows", async () => {
    const [versions, read] = await Promise.all([strata("versions", "chain/numbers", "2021-01-01", "--json"), strata("read", "chain/numbers", "2021-01-01")])
    expect(versions.code, versions.stderr).toBe(0)
    expect(jsonLines(versions.stdout)).toEqual([expect.objectContaining({ asset: "chain/numbers", partition: "2021-01-01" })])
    expect(read.code, read.stderr).toBe(0)
    expect(jsonLines(read.stdout).map((row) => row["n"])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it("a partition never committed is a usage error naming it and how to build it", async () => {
    const results = await Promise.all([
      strata("lineage", "show", "chain/totals", "2021-01-05"),
      strata("describe", "chain/totals", "2021-01-05"),
      strata("versions", "chain/totals", "2021-01-05"),
      strata("read", "chain/totals", "2021-01-05")
    ])
    for (const result of results) {
      expect(result.code, result.stderr).toBe(USAGE)
      expect(result.stderr).toContain("chain/totals@2021-01-05 is not committed; run `strata materialize +chain/totals --partition 2021-01-05`")
    }
  })
})
