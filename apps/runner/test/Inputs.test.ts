/**
 * What `materialize` is handed of its inputs: each input partition's data version (the SHA-1 its
 * sidecar vouches for), and a sidecar whose `rows_in` counts an input's rows even when the asset
 * reused what it derived from that data version and never read them.
 */
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { loadProject } from "../src/Project.ts"
import { jsonReporter } from "../src/Reporter.ts"
import { run } from "../src/Run.ts"
import { fileUri, tempFolders, TEST_DIR } from "./support/cli.ts"

const CONFIG = resolve(TEST_DIR, "fixtures/inputs/strata.config.ts")
const DAYS = ["2021-01-01", "2021-01-02"]
/** Rows a day of `inputs/numbers` (the fixture's default). */
const ROWS = 3

const temp = tempFolders()

/** A field of a sidecar (YAML, one `key: value` per line at its indentation). */
const field = (sidecar: string, name: string): string | undefined => new RegExp(`^\\s*${name}: (.+)$`, "m").exec(sidecar)?.[1]

const sidecarOf = (root: string, asset: string, day: string): string => readFileSync(join(root, "inputs", asset, day, `${asset.split("/")[1]}.meta.yaml`), "utf8")

const backfill = (root: string) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const project = yield* loadProject(TEST_DIR, CONFIG, { STRATA_STORAGE_ROOT: fileUri(root) })
      return yield* Effect.provide(
        run(project, { selection: "*", range: { from: DAYS[0]!, to: DAYS[1]! }, force: false, noUpstream: false, dryRun: false }, jsonReporter(() => undefined), { stopped: false }),
        project.storage
      )
    })
  )

describe("inputs handed to materialize", () => {
  it("carry their data version, and unread inputs still count in rows_in", async () => {
    const root = temp("inputs")
    const summary = await backfill(root)
    expect(summary.outcomes.map((outcome) => outcome._tag)).toEqual(["Succeeded", "Succeeded", "Succeeded", "Succeeded"])
    for (const day of DAYS) {
      const upstream = sidecarOf(root, "inputs/numbers", day)
      const rows = readFileSync(join(root, "inputs", "inputs/versions", day, "versions.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { partition: string; dataVersion: string })
      expect(rows).toEqual([{ partition: day, dataVersion: field(upstream, "data_version") }])
      expect(field(upstream, "data_version")).toMatch(/^[0-9a-f]{40}$/)
      expect(Number(field(sidecarOf(root, "inputs/versions", day), "rows_in"))).toBe(ROWS)
    }
  })
})
