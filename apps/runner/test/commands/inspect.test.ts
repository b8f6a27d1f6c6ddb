/**
 * The commands that read what was committed (`describe`, `lineage show`, `versions`, `read`),
 * run through the CLI on a two-day chain: each prints what storage holds, and a partition
 * that was never committed is a usage error (exit 2) that says how to build it. A source's
 * partition is its file where it lies: Strata keeps no sidecar nor version of it.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { describeSpecText, type SpecInfo } from "../../src/commands/inspect.ts"
import { CHAIN_CONFIG, fileUri, jsonLines, runCli, tempFolders, TEST_DIR } from "../support/cli.ts"

/** Time allowed to the backfill and the commands, on a shared machine. */
const TIMEOUT_MS = 120_000
/** A project with a source (`drops/files`) partitioned by the folders found in storage. */
const DYNAMIC_CONFIG = resolve(TEST_DIR, "fixtures/dynamic/strata.config.ts")
/** Exit code of a usage error. */
const USAGE = 2

const tempRoot = tempFolders()

describe("describe's text", () => {
  const info: SpecInfo = {
    asset: "raw/drop",
    layer: "source",
    kind: "source",
    description: "files dropped by hand",
    partitions: "static [a, b]",
    codeVersion: "1",
    owners: [],
    tags: {},
    dependencies: [],
    columns: {},
    schema: [
      { name: "n", type: "number", nullable: false, description: "(undocumented)", meaning: "(undocumented)" },
      { name: "url", type: "string", nullable: true, description: "page address", meaning: "(undocumented)" }
    ],
    files: "file:///data/proj/raw/drop/<partition>/drop.jsonl",
    checks: []
  }

  it("tells a source where its files go, gives every column of the schema, and leaves out empty sections and a source's code version", () => {
    expect(describeSpecText(info).split("\n")).toEqual([
      "raw/drop (source)",
      "  files dropped by hand",
      "  partitions: static [a, b]",
      "  files, put there by hand or by another system: file:///data/proj/raw/drop/<partition>/drop.jsonl",
      "  columns:",
      "    n: number — (undocumented)",
      "    url: string, nullable — page address"
    ])
    const materialized = describeSpecText({ ...info, asset: "silver/read", layer: "silver", kind: "materialized", dependencies: [{ asset: "raw/drop", mapping: "same key" }] })
    expect(materialized).toMatch(/^silver\/read \(silver, materialized, code version 1\)\n/)
    expect(materialized).toContain("  depends on:\n    raw/drop (same key)")
    expect(materialized).toContain("  files: file:///data/proj/raw/drop/<partition>/drop.jsonl")
  })
})

describe("reading committed partitions through the CLI", { timeout: TIMEOUT_MS }, () => {
  let env: Record<string, string> = {}
  const strata = (...args: Array<string>) => runCli([...args, "--config", CHAIN_CONFIG], { env })

  let backfilledAt = new Date()
  beforeAll(async () => {
    env = { CHAIN_ROOT: fileUri(tempRoot("inspect")) }
    backfilledAt = new Date(Date.now() - 1000)
    const backfill = await strata("backfill", "--from", "2021-01-01", "--to", "2021-01-02", "--json")
    expect(backfill.code, backfill.stderr).toBe(0)
  }, TIMEOUT_MS)

  it("describe tells an asset's partitions and dependencies, and prints a partition's sidecar", async () => {
    const [spec, partition] = await Promise.all([strata("describe", "chain/squares", "--json"), strata("describe", "chain/totals", "2021-01-02", "--json")])
    expect(spec.code, spec.stderr).toBe(0)
    expect(JSON.parse(spec.stdout)).toMatchObject({
      asset: "chain/squares",
      partitions: "daily from 2021-01-01 (UTC)",
      dependencies: [{ asset: "chain/numbers" }],
      files: `${env["CHAIN_ROOT"]}/chain/chain/squares/<partition>/squares.jsonl`,
      schema: [
        { name: "day", type: "string", nullable: false },
        { name: "n", type: "number", nullable: false }
      ]
    })
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

  it("catalog and status give each asset's last update, from the listing", async () => {
    const [catalog, status] = await Promise.all([strata("catalog", "--json"), strata("status", "--from", "2021-01-01", "--to", "2021-01-02", "--json")])
    expect(catalog.code, catalog.stderr).toBe(0)
    const lines = [...jsonLines(catalog.stdout), ...jsonLines(status.stdout)]
    expect(lines).toHaveLength(6)
    for (const line of lines) {
      expect(line["fresh"]).toBe(2)
      const lastUpdate = Date.parse(String(line["lastUpdate"]))
      expect(lastUpdate).toBeGreaterThanOrEqual(backfilledAt.getTime())
      expect(lastUpdate).toBeLessThanOrEqual(Date.now())
    }
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

  it("a key the asset does not have, or a version the partition does not have, is a usage error that says so, not 'not committed'", async () => {
    const badKeys = await Promise.all([
      strata("lineage", "show", "chain/totals", "2021-13-01"),
      strata("describe", "chain/totals", "2021-13-01"),
      strata("versions", "chain/totals", "2021-13-01"),
      strata("read", "chain/totals", "2021-13-01"),
      strata("diff", "chain/totals", "2021-13-01")
    ])
    for (const result of badKeys) {
      expect(result.code, result.stderr).toBe(USAGE)
      expect(result.stderr).toContain("chain/totals has no partition 2021-13-01: its partitions are daily from 2021-01-01 (UTC); `strata status chain/totals` shows them")
    }
    const badVersions = await Promise.all([strata("describe", "chain/totals", "2021-01-02", "--version", "nope"), strata("read", "chain/totals", "2021-01-02", "--version", "nope")])
    for (const result of badVersions) {
      expect(result.code, result.stderr).toBe(USAGE)
      expect(result.stderr).toContain("chain/totals@2021-01-02 has no version nope; `strata versions chain/totals 2021-01-02` lists them")
    }
  })
})

describe("reading a source partition through the CLI", { timeout: TIMEOUT_MS }, () => {
  it("describe and read show its file where it lies; versions, a version, or a missing file are usage errors that say why", async () => {
    const root = tempRoot("inspect-source")
    const strata = (...args: Array<string>) => runCli([...args, "--config", DYNAMIC_CONFIG], { env: { DYNAMIC_ROOT: fileUri(root) } })
    const content = '{"a":1}\n{"a":2}\n'
    mkdirSync(join(root, "dynamic/drops/files/d1"), { recursive: true })
    writeFileSync(join(root, "dynamic/drops/files/d1/files.jsonl"), content)
    const [described, read, versions, versioned, missing] = await Promise.all([
      strata("describe", "drops/files", "d1", "--json"),
      strata("read", "drops/files", "d1"),
      strata("versions", "drops/files", "d1"),
      strata("read", "drops/files", "d1", "--version", "x"),
      strata("describe", "drops/files", "d2")
    ])
    expect(described.code, described.stderr).toBe(0)
    expect(JSON.parse(described.stdout)).toMatchObject({ asset: "drops/files", partition: "d1", source: true, uri: fileUri(join(root, "dynamic/drops/files/d1/files.jsonl")), bytes: content.length })
    expect(read.code, read.stderr).toBe(0)
    expect(read.stdout).toBe(content)
    expect(versions.code).toBe(USAGE)
    expect(versions.stderr).toContain("drops/files is a source: Strata keeps no versions of its files")
    expect(versioned.code).toBe(USAGE)
    expect(versioned.stderr).toContain("leave out --version")
    expect(missing.code).toBe(USAGE)
    expect(missing.stderr).toContain(`drops/files@d2: no file at ${fileUri(join(root, "dynamic/drops/files/d2/files.jsonl"))}`)
  })
})
