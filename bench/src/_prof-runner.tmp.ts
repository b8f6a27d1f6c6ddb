import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { jsonReporter, loadProject, run } from "@strata/runner"
import { Effect } from "effect"
const runnerDir = "/work/main/apps/runner"
const root = mkdtempSync(join(tmpdir(), "strata-prof-"))
const project = await Effect.runPromise(loadProject(runnerDir, join(runnerDir, "test/fixtures/chain/strata.config.ts"), { STRATA_STORAGE_ROOT: `file://${root}`, STRATA_CLAIMS: process.env["CLAIMS"] ?? "true" }))
const go = async () => {
  const t = performance.now(); const c = process.cpuUsage()
  const s = await Effect.runPromise(Effect.provide(run(project, { selection: "*", range: { from: "2021-01-01", to: process.env["TO"] ?? "2021-03-01" }, force: false, noUpstream: false, dryRun: false }, jsonReporter(() => undefined), { stopped: false }), project.storage))
  const cu = process.cpuUsage(c)
  console.log(`steps ${s.plan.steps.length} wall ${(performance.now() - t).toFixed(0)} ms cpu user ${(cu.user/1000).toFixed(0)} sys ${(cu.system/1000).toFixed(0)} ms`)
}
await go(); await go()
console.log(root)
