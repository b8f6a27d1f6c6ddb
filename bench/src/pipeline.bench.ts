/**
 * The whole example pipeline (issue 10): 30 days x 1,000 crawled documents on local storage,
 * every layer, in one process. Prints documents per second end to end (crawl lines / wall time
 * of the materialization, generation excluded) and the peak RSS sampled every 50 ms. The crawl
 * is generated beforehand in a process of its own (`landing.ts`), so neither its time nor its
 * memory counts.
 * Targets: at least 200 documents/s on one core, at most 512 MB. Shrink with
 * STRATA_BENCH_PIPELINE_DAYS and STRATA_BENCH_PIPELINE_DOCUMENTS; STRATA_BENCH_PIPELINE_KEEP=1
 * keeps the storage folder.
 */
import { spawnSync } from "node:child_process"
import { PerformanceObserver } from "node:perf_hooks"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { demoDates } from "@strata/html-classification"
import { countOutcomes, jsonReporter, loadProject, type Reporter, run } from "@strata/runner"
import { Effect } from "effect"

/** Days of crawl (the issue asks for 30). */
const DAYS = Number(process.env["STRATA_BENCH_PIPELINE_DAYS"] ?? 30)
/** Whether to keep the storage folder (STRATA_BENCH_PIPELINE_KEEP=1), e.g. to compare outputs of two builds. */
const KEEP = process.env["STRATA_BENCH_PIPELINE_KEEP"] === "1"
/** Documents a day (the issue asks for 1,000). */
const DOCUMENTS = Number(process.env["STRATA_BENCH_PIPELINE_DOCUMENTS"] ?? 1000)
/** Targets of the issue. */
const TARGET_DOCUMENTS_PER_SECOND = 200
const TARGET_PEAK_RSS_MB = 512
/** How often the resident set size is sampled. */
const RSS_SAMPLE_MS = 50
const MB = 1024 * 1024

/** Per asset: CPU and wall milliseconds spent between a task's start and its end, the garbage collector's pauses meanwhile, and the peak RSS sampled meanwhile (exact at concurrency 1). */
interface AssetTime {
  cpuMs: number
  wallMs: number
  gcMs: number
  partitions: number
  peakRss: number
}

/** A silent reporter that times every task and adds it to its asset's total; `running` names the asset of the task running last. */
const timingReporter = (times: Map<string, AssetTime>, running: { asset: string | undefined }): Reporter => {
  const assets = new Map<string, string>()
  const started = new Map<string, { readonly cpu: NodeJS.CpuUsage; readonly wall: number }>()
  return {
    begin: (tasks) => {
      for (const task of tasks) assets.set(task.id, task.asset)
    },
    event: (event) => {
      if (event._tag === "Started") {
        started.set(event.id, { cpu: process.cpuUsage(), wall: performance.now() })
        running.asset = assets.get(event.id)
        if (running.asset !== undefined && !times.has(running.asset)) times.set(running.asset, { cpuMs: 0, wallMs: 0, gcMs: 0, partitions: 0, peakRss: 0 })
      }
      if (event._tag !== "Finished") return
      running.asset = undefined
      const start = started.get(event.outcome.id)
      const asset = assets.get(event.outcome.id)
      if (start === undefined || asset === undefined) return
      const cpu = process.cpuUsage(start.cpu)
      const entry = times.get(asset) ?? { cpuMs: 0, wallMs: 0, gcMs: 0, partitions: 0, peakRss: 0 }
      entry.cpuMs += (cpu.user + cpu.system) / 1000
      entry.wallMs += performance.now() - start.wall
      entry.partitions++
      times.set(asset, entry)
    },
    info: () => undefined,
    end: () => undefined
  }
}

export default async function (): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), "strata-pipeline-bench-"))
  try {
    const env: Record<string, string | undefined> = { ...process.env, STRATA_STORAGE_ROOT: `file://${folder}`, STRATA_CONCURRENCY: "1", MLFLOW_TRACKING_URI: "" }
    const configFile = resolve(import.meta.dirname, "..", "..", "apps", "html-classification", "strata.config.ts")
    const project = await Effect.runPromise(loadProject(process.cwd(), configFile, env))
    const dates = demoDates("2021-09-01", DAYS)
    const generationStarted = performance.now()
    const generation = spawnSync(process.execPath, [resolve(import.meta.dirname, "landing.ts"), configFile, dates[0]!, String(DAYS), String(DOCUMENTS)], { env, stdio: ["ignore", "inherit", "inherit"] })
    if (generation.status !== 0) throw new Error(`generating the crawl failed (exit ${generation.status}); see its error above`)
    const generationMs = performance.now() - generationStarted
    let peak = process.memoryUsage().rss
    const times = new Map<string, AssetTime>()
    const running: { asset: string | undefined } = { asset: undefined }
    const sampler = setInterval(() => {
      const rss = process.memoryUsage().rss
      peak = Math.max(peak, rss)
      const entry = running.asset === undefined ? undefined : times.get(running.asset)
      if (entry !== undefined) entry.peakRss = Math.max(entry.peakRss, rss)
    }, RSS_SAMPLE_MS)
    // Garbage collector pauses (main thread), by the asset running, or between steps (the runner's heap collector).
    const gcBetweenSteps = { ms: 0 }
    const gcObserver = new PerformanceObserver((list) => {
      for (const gc of list.getEntries()) {
        const entry = running.asset === undefined ? undefined : times.get(running.asset)
        if (entry === undefined) gcBetweenSteps.ms += gc.duration
        else entry.gcMs += gc.duration
      }
    })
    gcObserver.observe({ entryTypes: ["gc"] })
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const summary = await Effect.runPromise(
      run(project, { selection: "*", range: { from: dates[0]!, to: dates.at(-1)! }, force: false, noUpstream: false, dryRun: false }, timingReporter(times, running), {
        stopped: false
      }).pipe(Effect.provide(project.storage))
    )
    const wallMs = performance.now() - started
    const cpu = process.cpuUsage(cpuBefore)
    clearInterval(sampler)
    gcObserver.disconnect()
    const counts = countOutcomes(summary.outcomes)
    const documents = DAYS * DOCUMENTS
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    console.log(`crawl generated: ${documents} documents over ${DAYS} days in ${(generationMs / 1000).toFixed(1)} s (in its own process: neither time nor memory counted)`)
    console.log(`materialized ${counts.succeeded} asset-partitions (${counts.failed} failed, ${counts.skipped} skipped) in ${(wallMs / 1000).toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU, concurrency 1`)
    console.log(`end to end: ${(documents / (wallMs / 1000)).toFixed(0)} documents/s wall, ${(documents / cpuSeconds).toFixed(0)} documents/CPU-second (target >= ${TARGET_DOCUMENTS_PER_SECOND})`)
    for (const [asset, time] of times) {
      console.log(
        `  ${asset.padEnd(32)} ${String(time.partitions).padStart(4)} partitions ${(time.cpuMs / 1000).toFixed(1).padStart(7)} s CPU ${(time.wallMs / 1000).toFixed(1).padStart(7)} s wall (GC pauses ${(time.gcMs / 1000).toFixed(1).padStart(5)} s), peak RSS ${(time.peakRss / MB).toFixed(0).padStart(4)} MB`
      )
    }
    const gcInSteps = [...times.values()].reduce((total, time) => total + time.gcMs, 0)
    console.log(`GC pauses: ${((gcInSteps + gcBetweenSteps.ms) / 1000).toFixed(1)} s in all, ${(gcBetweenSteps.ms / 1000).toFixed(1)} s of them between steps (the runner's heap collector)`)
    console.log(`peak RSS: ${(peak / MB).toFixed(0)} MB (target <= ${TARGET_PEAK_RSS_MB} MB)`)
    const rerunStarted = performance.now()
    const again = await Effect.runPromise(
      run(project, { selection: "*", range: { from: dates[0]!, to: dates.at(-1)! }, force: false, noUpstream: false, dryRun: false }, jsonReporter(() => undefined), {
        stopped: false
      }).pipe(Effect.provide(project.storage))
    )
    console.log(`no-op re-run: ${again.plan.steps.length} steps planned in ${(performance.now() - rerunStarted).toFixed(0)} ms`)
  } finally {
    if (KEEP) console.log(`storage kept in ${folder}`)
    else rmSync(folder, { recursive: true, force: true })
  }
}
