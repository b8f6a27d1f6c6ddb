/**
 * Rows JSON cannot hold whole go to quarantine with a reason that says what to do, instead of
 * being written as something else (NaN and Infinity as null) or failing the step (a BigInt):
 * the rows JSON can hold are committed.
 */
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { loadProject } from "../src/Project.ts"
import { jsonReporter } from "../src/Reporter.ts"
import { run } from "../src/Run.ts"
import { fileUri, tempFolders, TEST_DIR } from "./support/cli.ts"

const CONFIG = resolve(TEST_DIR, "fixtures/unwritable/strata.config.ts")

const temp = tempFolders()

const lines = (path: string): Array<Record<string, unknown>> =>
  readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>)

describe("rows JSON cannot hold", () => {
  it("are quarantined with their reason and line, and the other rows are committed", async () => {
    const root = temp("unwritable")
    const summary = await Effect.runPromise(
      Effect.gen(function* () {
        const project = yield* loadProject(TEST_DIR, CONFIG, { STRATA_STORAGE_ROOT: fileUri(root) })
        return yield* Effect.provide(
          run(project, { selection: "*", range: {}, force: false, noUpstream: false, dryRun: false }, jsonReporter(() => undefined), { stopped: false }),
          project.storage
        )
      })
    )
    expect(summary.outcomes.map((outcome) => outcome._tag)).toEqual(["Succeeded"])
    const folder = join(root, "odd", "odd/scores", "v1")
    expect(lines(join(folder, "scores.jsonl"))).toEqual([
      { id: 1, score: 0.5 },
      { id: 5, score: 2, extra: [null] }
    ])
    const quarantined = lines(join(folder, "scores.quarantine.jsonl"))
    expect(quarantined.map(({ line, reason }) => ({ line, reason }))).toEqual([
      { line: 2, reason: "NotFiniteNumber" },
      { line: 3, reason: "NotFiniteNumber" },
      { line: 4, reason: "NotSerializable" }
    ])
    expect(quarantined[0]?.["detail"]).toBe(
      "column score is NaN, which JSON cannot hold (it would be written as null); turn it into null in the asset's code (with a nullable column) or drop the row"
    )
    expect(quarantined[1]?.["raw"]).toBe('{"id":3,"score":"Infinity"}')
    expect(quarantined[2]?.["detail"]).toBe(
      "the row cannot be written as JSON (Do not know how to serialize a BigInt); convert the value in the asset's code (a BigInt to a string, say)"
    )
    expect(quarantined[2]?.["raw"]).toBe('{"id":4,"score":1,"extra":{"big":"10n"}}')
    const sidecar = readFileSync(join(folder, "scores.meta.yaml"), "utf8")
    expect(sidecar).toMatch(/rows_out: 2\b/)
    expect(sidecar).toMatch(/rows_quarantined: 3\b/)
  })
})
