/**
 * `strata diff` through the CLI on the chain: a rebuild with more rows and a new code version is
 * told apart from the commit before it (data, code, inputs, statistics, rows), versions are
 * chosen by default or by id, and what cannot be compared is a usage error that says why.
 */
import { resolve } from "node:path"
import { AssetDefinition, AssetSpec, Check, Partitions } from "@strata/core"
import type { CommitProtocol } from "@strata/storage"
import { Effect, Exit, Option, Schema, Stream } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { chooseVersions, diffJson, rowKeyOf } from "../../src/commands/diff.ts"
import { CHAIN_CONFIG, fileUri, jsonLines, runCli, tempFolders, TEST_DIR } from "../support/cli.ts"

/** Time allowed to the builds and the commands, on a shared machine. */
const TIMEOUT_MS = 120_000
/** A project with a source (`drops/files`). */
const DYNAMIC_CONFIG = resolve(TEST_DIR, "fixtures/dynamic/strata.config.ts")
/** Exit code of a usage error. */
const USAGE = 2

const tempRoot = tempFolders()

const record = (commitId: string): CommitProtocol.CommitRecord => ({ commitId }) as CommitProtocol.CommitRecord

describe("chooseVersions", () => {
  const records = ["a", "b", "c"].map(record)
  const ids = (exit: Exit.Exit<readonly [CommitProtocol.CommitRecord, CommitProtocol.CommitRecord], unknown>) =>
    Exit.isSuccess(exit) ? exit.value.map((entry) => entry.commitId) : undefined
  const choose = (older?: string, newer?: string) =>
    Effect.runSyncExit(chooseVersions("x", "p", records, Option.fromNullishOr(older), Option.fromNullishOr(newer)))

  it("compares the current commit with the one before it, or a named version with the current one, oldest first", () => {
    expect(ids(choose())).toEqual(["b", "c"])
    expect(ids(choose("a"))).toEqual(["a", "c"])
    expect(ids(choose("c", "a"))).toEqual(["a", "c"])
    expect(ids(choose(undefined, "b"))).toEqual(["a", "b"])
  })

  it("refuses a version the partition does not have, and a first version with nothing before it", () => {
    expect(String(choose("zz"))).toContain("x@p has no version zz; `strata versions x p` lists them")
    expect(String(choose(undefined, "a"))).toContain("x@p has no version before a: nothing to compare it with")
    const single = Effect.runSyncExit(chooseVersions("x", "p", [record("a")], Option.none(), Option.none()))
    expect(String(single)).toContain("it was committed once, or gc removed the earlier versions")
  })
})

describe("rowKeyOf", () => {
  const pages = (checks: ReadonlyArray<Check.CheckSpec>) =>
    AssetDefinition.make(
      AssetSpec.make({ key: "pages", layer: "silver", description: "pages", partitions: Partitions.daily({ start: "2021-01-01" }), schema: Schema.Struct({ url: Schema.String, title: Schema.String }), checks }),
      () => Stream.empty
    )

  it("matches rows by the column of the asset's unique check unless --key names another column; none without either", () => {
    expect(Effect.runSync(rowKeyOf(pages([Check.notNull("title"), Check.unique("url")]), Option.none()))).toBe("url")
    expect(Effect.runSync(rowKeyOf(pages([Check.unique("url")]), Option.some("title")))).toBe("title")
    expect(Effect.runSync(rowKeyOf(pages([]), Option.none()))).toBeUndefined()
  })
})

describe("diffJson", () => {
  it("writes a side without the field as null, which JSON keeps", () => {
    const json = diffJson("x", "p", record("a"), record("b"), [{ section: "schema", field: "schema.author", before: undefined, after: "string" }])
    expect(JSON.parse(json)).toEqual({ asset: "x", partition: "p", old: "a", new: "b", changes: [{ section: "schema", field: "schema.author", before: null, after: "string" }] })
  })
})

describe("strata diff", { timeout: TIMEOUT_MS }, () => {
  let env: Record<string, string> = {}
  const day = "2021-01-01"
  const strata = (extra: Record<string, string>, ...args: Array<string>) => runCli([...args, "--config", CHAIN_CONFIG], { env: { ...env, ...extra } })

  beforeAll(async () => {
    env = { CHAIN_ROOT: fileUri(tempRoot("diff")) }
    const first = await strata({}, "materialize", "--partition", day, "--json")
    expect(first.code, first.stderr).toBe(0)
    // The second commit (forced) makes more numbers and runs a new version of squares' code.
    const second = await strata({ CHAIN_ROWS: "12", CHAIN_CODE_VERSION: "2" }, "materialize", "--partition", day, "--force", "--json")
    expect(second.code, second.stderr).toBe(0)
  }, TIMEOUT_MS)

  it("tells what changed between the current commit and the one before it", async () => {
    const result = await strata({ CHAIN_CODE_VERSION: "2" }, "diff", "chain/squares", day, "--json")
    expect(result.code, result.stderr).toBe(0)
    const [output] = jsonLines(result.stdout) as Array<{ old: string; new: string; changes: Array<{ section: string; field: string; before: unknown; after: unknown }> }>
    const versions = jsonLines((await strata({}, "versions", "chain/squares", day, "--json")).stdout) as Array<{ commitId: string }>
    expect(versions).toHaveLength(2)
    expect([output?.old, output?.new]).toEqual(versions.map((version) => version.commitId))
    const changes = output?.changes ?? []
    const sections = new Set(changes.map((change) => change.section))
    for (const section of ["data", "code", "inputs", "statistics", "execution"]) expect(sections).toContain(section)
    expect(changes).toContainEqual({ section: "code", field: "code_version", before: "1", after: "2" })
    expect(changes).toContainEqual({ section: "statistics", field: "statistics.rows", before: 10, after: 12 })
    expect(changes.find((change) => change.field === `data_source.chain/numbers@${day}`)?.after).toMatch(/^[0-9a-f]{40}$/)
  })

  it("compares a version named by id with the current commit; the same version with itself shows no change", async () => {
    const versions = jsonLines((await strata({}, "versions", "chain/numbers", day, "--json")).stdout) as Array<{ commitId: string }>
    const [oldest, current] = versions.map((version) => version.commitId)
    const named = jsonLines((await strata({}, "diff", "chain/numbers", day, oldest ?? "", "--json")).stdout)[0] as { old: string; new: string; changes: Array<{ field: string }> }
    expect([named.old, named.new]).toEqual([oldest, current])
    expect(named.changes.map((change) => change.field)).toContain("statistics.rows")
    const same = jsonLines((await strata({}, "diff", "chain/numbers", day, current ?? "", current ?? "", "--json")).stdout)[0] as { changes: Array<unknown> }
    expect(same.changes).toEqual([])
  })

  it("with --rows, reads both versions' rows: by content without a key, by the column --key names", async () => {
    type Rows = { key?: string; before: number; after: number; added: number; removed: number; changed: number; unchanged: number; examples: { added: Array<string> } }
    const rowsOf = async (...extra: Array<string>) => {
      const result = await strata({ CHAIN_CODE_VERSION: "2" }, "diff", "chain/squares", day, "--rows", ...extra, "--json")
      expect(result.code, result.stderr).toBe(0)
      return (jsonLines(result.stdout)[0] as { rows: Rows }).rows
    }
    // Squares of 1..10, then of 1..12: the two new rows are added, the rest unchanged.
    const byContent = await rowsOf()
    expect(byContent).toMatchObject({ before: 10, after: 12, added: 2, removed: 0, changed: 0, unchanged: 10 })
    expect(byContent.key).toBeUndefined()
    expect(byContent.examples.added).toEqual([`{"day":"${day}","n":121}`, `{"day":"${day}","n":144}`])
    // Matched by day, every row shares one key: the first ten match and stay, the last two are new.
    expect(await rowsOf("--key", "day")).toMatchObject({ key: "day", added: 2, changed: 0, unchanged: 10 })
    const unknown = await strata({}, "diff", "chain/squares", day, "--rows", "--key", "nope")
    expect(unknown.code).toBe(USAGE)
    expect(unknown.stderr).toContain("--key nope: chain/squares has no such column; its columns are day, n")
  })

  it("is a usage error for a source, a partition not committed and a version it does not have", async () => {
    const source = await runCli(["diff", "drops/files", "a", "--config", DYNAMIC_CONFIG], { env })
    expect(source.code).toBe(USAGE)
    expect(source.stderr).toContain("drops/files is a source: Strata keeps no versions of its files")
    const notCommitted = await strata({}, "diff", "chain/squares", "2021-01-05")
    expect(notCommitted.code).toBe(USAGE)
    expect(notCommitted.stderr).toContain("chain/squares@2021-01-05 is not committed; run `strata materialize +chain/squares --partition 2021-01-05`")
    const unknown = await strata({}, "diff", "chain/squares", day, "nope")
    expect(unknown.code).toBe(USAGE)
    expect(unknown.stderr).toContain(`chain/squares@${day} has no version nope; \`strata versions chain/squares ${day}\` lists them`)
  })
})
