/**
 * New normalization versions are a configuration change: adding v3 to the settings plans the
 * v3 partitions of text normalization and nothing else (the annotator stays pinned to v2), on
 * a real run over local storage.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { AssetGraph } from "@strata/core"
import { jsonReporter, loadProject, type Project, run, type RunRequest } from "@strata/runner"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { demoDates, ensureLanding } from "../src/Demo.ts"
import { makeDefinitions } from "../src/definitions.ts"
import { fromConfig } from "../src/Settings.ts"

const DAYS = demoDates("2021-09-01", 1)
const folder = mkdtempSync(join(tmpdir(), "strata-versions-"))
const request: RunRequest = { selection: "*", range: { from: DAYS[0]!, to: DAYS[0]! }, force: false, noUpstream: false, dryRun: false }
const runOn = (project: Project, dryRun = false) =>
  Effect.runPromise(run(project, { ...request, dryRun }, jsonReporter(() => undefined), { stopped: false }).pipe(Effect.provide(project.storage)))

let project: Project

beforeAll(async () => {
  const env = { ...process.env, STRATA_STORAGE_ROOT: `file://${folder}`, MLFLOW_TRACKING_URI: "" }
  project = await Effect.runPromise(loadProject(process.cwd(), resolve(import.meta.dirname, "..", "strata.config.ts"), env))
  await Effect.runPromise(ensureLanding(project.config.project, DAYS, 40).pipe(Effect.provide(project.storage)))
  const first = await runOn(project)
  expect(first.outcomes.every((outcome) => outcome._tag === "Succeeded")).toBe(true)
}, 300_000)

afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe("normalization versions from configuration", () => {
  it("adding v3 plans v3's partitions and nothing else", async () => {
    const settings = project.config.settings as { normalization: { versions: Record<string, unknown> } }
    const withV3 = {
      ...settings,
      normalization: { ...settings.normalization, versions: { ...settings.normalization.versions, v3: ["lower_case", "remove_stop_words", "collapse_whitespace"] } }
    }
    const definitions = makeDefinitions(fromConfig(withV3))
    const graph = await Effect.runPromise(AssetGraph.make(definitions))
    const changed: Project = { ...project, config: { ...project.config, settings: withV3 }, definitions, graph }
    const planned = await runOn(changed, true)
    expect(planned.plan.steps.map((step) => `${step.asset}@${step.partition}`)).toEqual([`preprocess/text-normalization@v3/${DAYS[0]}`])
    const done = await runOn(changed)
    expect(done.outcomes.map((outcome) => outcome._tag)).toEqual(["Succeeded"])
    expect((await runOn(changed, true)).plan.steps).toEqual([])
  })
})
