/**
 * The demo (the README's first command): generates seven days of crawl into the landing zone,
 * materializes every layer with the offline labeler, and prints a summary. Run again, it finds
 * everything fresh and says so. With `STRATA_STORAGE_ROOT=s3://...` and `MLFLOW_TRACKING_URI`
 * in the environment, the same command runs against S3 and logs lineage to MLflow.
 *
 *   node apps/html-classification/src/bin/demo.ts              # from the repository root
 *   DEMO_DAYS=30 DEMO_DOCUMENTS=1000 node .../bin/demo.ts       # a bigger crawl
 */
import { countOutcomes, jsonReporter, loadProject, run, terminalReporter } from "@strata/runner"
import { Effect } from "effect"
import { DEFAULT_DOCUMENTS_PER_DAY } from "../crawl/CrawlGenerator.ts"
import { DEMO_DAYS, DEMO_START, demoDates, ensureLanding, summarize } from "../Demo.ts"

const main = Effect.gen(function* () {
  const started = performance.now()
  const env = process.env
  const days = Number(env["DEMO_DAYS"] ?? DEMO_DAYS)
  const documents = Number(env["DEMO_DOCUMENTS"] ?? DEFAULT_DOCUMENTS_PER_DAY)
  const project = yield* loadProject(env["INIT_CWD"] ?? process.cwd(), env["STRATA_CONFIG"], env)
  const dates = demoDates(env["DEMO_START"] ?? DEMO_START, days)
  const interactive = process.stdout.isTTY === true
  const say = (text: string) => process.stdout.write(`${text}\n`)
  say(`Strata demo: project ${project.config.project}, storage ${project.config.storage.root}, ${days} day(s) from ${dates[0]}${project.config.mlflow ? `, MLflow ${project.config.mlflow.trackingUri}` : ", lineage in sidecars"}`)
  return yield* Effect.gen(function* () {
    const generated = yield* ensureLanding(project.config.project, dates, documents)
    if (generated > 0) say(`Generated ${generated} day(s) of crawl (${documents} documents a day) into the landing zone`)
    const reporter = interactive ? terminalReporter(process.stderr) : jsonReporter((line) => process.stderr.write(line))
    const stop = { stopped: false }
    process.once("SIGINT", () => (stop.stopped = true))
    const summary = yield* run(project, { selection: "*", range: { from: dates[0]!, to: dates.at(-1)! }, force: false, noUpstream: false, dryRun: false }, reporter, stop)
    const counts = countOutcomes(summary.outcomes)
    if (summary.plan.steps.length === 0) {
      say(`Nothing to do: every partition is fresh (${summary.plan.skipped.filter((s) => s.reason === "fresh").length} partitions checked in ${(performance.now() - started).toFixed(0)} ms).`)
    } else {
      say(`Materialized ${counts.succeeded} partition(s) in ${(summary.durationMs / 1000).toFixed(1)} s; ${counts.failed} failed, ${counts.skipped} skipped.`)
      for (const outcome of summary.outcomes) if (outcome._tag === "Failed") say(`  failed: ${outcome.id}: ${String((outcome.error as { message?: unknown }).message ?? outcome.error)}`)
    }
    // After a no-op run the summary skips retraining, so that saying "nothing to do" stays quick.
    say(yield* summarize(project, dates, { retrain: summary.plan.steps.length > 0 }))
    if (counts.failed + counts.skipped > 0) return 1
    return 0
  }).pipe(Effect.provide(project.storage))
})

const exit = await Effect.runPromiseExit(main)
if (exit._tag === "Success") process.exitCode = exit.value
else {
  const failure = exit.cause.reasons.find((reason) => reason._tag === "Fail")
  process.stderr.write(`demo: ${failure?._tag === "Fail" ? String((failure.error as { message?: unknown }).message ?? failure.error) : String(exit.cause)}\n`)
  process.exitCode = failure !== undefined && (failure.error as { _tag?: string })._tag === "UsageError" ? 2 : 1
}
