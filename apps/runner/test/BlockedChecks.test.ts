/**
 * A failing check of severity `error` refuses the commit: the previous version stays, the run
 * exits 1 naming the check, `strata status` shows the refused commit until the partition is
 * committed again.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { CHAIN_CONFIG, CHAIN_PROJECT, fileUri, makeTemp, runCli } from "./support/cli.ts"

const envOf = (root: string) => ({ CHAIN_ROOT: fileUri(root) })

const roots: Array<string> = []
afterAll(async () => {
  const { rmSync } = await import("node:fs")
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

const dataOf = (root: string) => readFileSync(join(root, CHAIN_PROJECT, "chain/numbers/2021-01-01/numbers.jsonl"), "utf8")

describe("a check of severity error", () => {
  it("refuses the commit, keeps the previous version, and shows in status until fixed", async () => {
    const root = makeTemp("blocked")
    roots.push(root)
    const args = ["materialize", "chain/numbers", "--partition", "2021-01-01", "--config", CHAIN_CONFIG, "--json"]
    const first = await runCli(args, { env: envOf(root) })
    expect(first.code, first.stderr).toBe(0)
    const before = dataOf(root)

    const refused = await runCli([...args, "--force"], { env: { ...envOf(root), CHAIN_ROWS: "0" } })
    expect(refused.code).toBe(1)
    expect(refused.stdout + refused.stderr).toContain("row_count_between")
    expect(dataOf(root)).toBe(before)

    const status = await runCli(["status", "chain/numbers", "--from", "2021-01-01", "--to", "2021-01-01", "--config", CHAIN_CONFIG, "--json"], { env: envOf(root) })
    expect(status.code, status.stderr).toBe(0)
    const blocked = status.stdout.split("\n").filter((line) => line.includes("blockedCommit"))
    expect(blocked).toHaveLength(1)
    expect(blocked[0]).toContain("row_count_between")

    const fixed = await runCli([...args, "--force"], { env: envOf(root) })
    expect(fixed.code, fixed.stderr).toBe(0)
    const after = await runCli(["status", "chain/numbers", "--config", CHAIN_CONFIG, "--json", "--from", "2021-01-01", "--to", "2021-01-01"], { env: envOf(root) })
    expect(after.stdout).not.toContain("blockedCommit")
  }, 120_000)
})
