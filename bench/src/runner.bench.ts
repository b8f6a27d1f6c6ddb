/**
 * Runner benchmark (issue 2): the trivial 3-asset chain (apps/runner/test/fixtures/chain) over
 * 365 daily partitions on local disk.
 *
 * - Orchestration overhead per asset-partition: (backfill time − the assets' own work) / 1,095.
 *   Target <= 2 ms. The assets' own work is measured by running the chain's three
 *   `materialize` functions alone, 365 times each, on in-memory inputs (their rows drained
 *   with `Stream.runCollect`): everything else the runner does (observe, plan, schedule,
 *   read inputs, validate, encode, hash, profile, check, commit, report) is overhead.
 * - A no-op re-run of that backfill (everything fresh): target <= 1 s in all.
 *
 * Both run in-process (through `@strata/runner`'s `loadProject` and `run`) and through the CLI
 * (`node apps/runner/bin/strata.mjs backfill ... --json`, the executable users run, its module
 * cache warmed by the backfill: wall time including Node's start and the module loading, and
 * the run's own `durationMs` from its summary line).
 *
 * The partitions are written under the system's temporary folder (`TMPDIR` moves them): the
 * overhead includes that file system's file creations, renames and fsyncs, so the first line
 * names it.
 *
 * On ext4 without a journal (this project's VMs), files deleted in the last minutes slow every
 * file creation in their block group: the allocator skips each recently freed inode after
 * reading it (the kernel's `recently_deleted`, up to 6 minutes). Removing a finished run's
 * thousands of files thus slows the next run's creations two- to fourfold, so back-to-back
 * runs keep their folders (STRATA_BENCH_RUNNER_KEEP=1) and the comparable figure is that of a
 * run on a file system left alone for 6 minutes.
 *
 * Shrink with STRATA_BENCH_RUNNER_DAYS (default 365); STRATA_BENCH_RUNNER_CLI=0 skips the CLI;
 * STRATA_BENCH_RUNNER_CLAIMS=0 also measures in-process runs with claims off;
 * STRATA_BENCH_RUNNER_KEEP=1 leaves the runs' folders in place (their paths are printed).
 */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { readdirSync, readFileSync, statfsSync } from "node:fs"
import type { AssetDefinition } from "@strata/core"
import { Profiler, Sidecar } from "@strata/metadata"
import { jsonReporter, loadProject, type Project, run, type RunSummary } from "@strata/runner"
import { BlobStore, Claims, CommitProtocol, DatasetLayout, LocalFsDriver } from "@strata/storage"
import { Effect, Stream } from "effect"
import { definitions as chainDefinitions } from "../../apps/runner/test/fixtures/chain/strata.config.ts"

/** Daily partitions of the backfill (the issue asks for 365). */
const DAYS = Number(process.env["STRATA_BENCH_RUNNER_DAYS"] ?? 365)
/** Whether to measure through the CLI too. */
const WITH_CLI = process.env["STRATA_BENCH_RUNNER_CLI"] !== "0"
/** Whether to also measure in-process runs with partition claims turned off. */
const WITHOUT_CLAIMS = process.env["STRATA_BENCH_RUNNER_CLAIMS"] === "0"
/** Whether to leave the runs' folders in place (removing them slows the next run's file creations for minutes). */
const KEEP = process.env["STRATA_BENCH_RUNNER_KEEP"] === "1"

/** Target of the orchestration overhead, per asset-partition. */
const OVERHEAD_TARGET_MS = 2
/** Target of a no-op re-run, in all. */
const NOOP_TARGET_MS = 1000
/** Rows per partition of the chain's first asset (the fixture's default). */
const CHAIN_ROWS = 10
/** Repetitions of the assets' own work, the best one kept. */
const OWN_WORK_REPETITIONS = 3
/** Calls of each piece timed in the breakdown of a step's cost. */
const BREAKDOWN_CALLS = 100
/** Bytes of the data file committed in the breakdown (about one chain partition). */
const BREAKDOWN_DATA_BYTES = 300
/** Lease of the claims taken in the breakdown (they are released at once). */
const BREAKDOWN_LEASE_MS = 60_000
/** `process.cpuUsage` counts microseconds. */
const MICROSECONDS_PER_MS = 1000

const FIRST_DAY = "2021-01-01"
const MS_PER_DAY = 86_400_000

const here = dirname(fileURLToPath(import.meta.url))
const runnerDir = resolve(here, "../../apps/runner")
const bin = join(runnerDir, "bin/strata.mjs")
const chainConfig = join(runnerDir, "test/fixtures/chain/strata.config.ts")

const dayAfter = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10)
const lastDay = dayAfter(FIRST_DAY, DAYS - 1)
const steps = DAYS * chainDefinitions.length

/** `statfs` magic numbers of the file systems worth naming (others print as hex). */
const FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0xef53, "ext4"],
  [0x01021994, "tmpfs, in memory"],
  [0x58465342, "xfs"],
  [0x9123683e, "btrfs"]
])

/** What the folder is stored on: the orchestration overhead includes that file system's creates, renames and fsyncs. */
const fileSystemOf = (folder: string): string => {
  const type = statfsSync(folder).type
  return FILE_SYSTEMS.get(type) ?? `file system 0x${type.toString(16)}`
}

const verdict = (value: number, target: number) => (value <= target ? "ok" : "OVER TARGET")

/**
 * The chain's own work: each asset's `materialize` run alone for every day, on in-memory
 * inputs (the previous asset's rows), its output drained. Returns the best of a few passes, ms.
 */
const ownWork = async (): Promise<number> => {
  const byKey = new Map(chainDefinitions.map((definition) => [definition.spec.key as string, definition as AssetDefinition.MaterializedAsset<unknown>]))
  const materialize = (key: string, partition: string, inputs: ReadonlyMap<string, ReadonlyArray<unknown>>) => {
    const definition = byKey.get(key)
    if (definition === undefined) throw new Error(`no asset ${key} in the chain`)
    const context = {
      asset: definition.spec.key,
      partition,
      inputs: new Map([...inputs].map(([asset, rows]) => [asset, [{ partition, rows: Stream.fromIterable(rows) }]])),
      config: {},
      log: () => Effect.void,
      metrics: () => Effect.void,
      process: () => Effect.void,
      external: () => Effect.void,
      cache: { getMany: () => Effect.succeed(new Map()), putMany: () => Effect.void }
    } as unknown as AssetDefinition.MaterializeContext
    return Effect.runPromise(Stream.runCollect(definition.materialize(context))) as Promise<ReadonlyArray<unknown>>
  }
  let best = Number.POSITIVE_INFINITY
  for (let repetition = 0; repetition < OWN_WORK_REPETITIONS; repetition++) {
    const started = performance.now()
    for (let day = 0; day < DAYS; day++) {
      const partition = dayAfter(FIRST_DAY, day)
      const numbers = await materialize("chain/numbers", partition, new Map())
      const squares = await materialize("chain/squares", partition, new Map([["chain/numbers", numbers]]))
      const totals = await materialize("chain/totals", partition, new Map([["chain/squares", squares]]))
      if (numbers.length !== CHAIN_ROWS || squares.length !== CHAIN_ROWS || totals.length !== 1) throw new Error(`the chain's functions gave ${numbers.length}/${squares.length}/${totals.length} rows`)
    }
    best = Math.min(best, performance.now() - started)
  }
  return best
}

const silentReporter = jsonReporter(() => undefined)

const load = (root: string, claims: boolean): Promise<Project> =>
  Effect.runPromise(
    loadProject(runnerDir, chainConfig, { STRATA_STORAGE_ROOT: `file://${root}`, STRATA_CLAIMS: claims ? "true" : "false" })
  )

const runInProcess = async (project: Project): Promise<{ summary: RunSummary; wallMs: number; cpuMs: number }> => {
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  const summary = await Effect.runPromise(
    Effect.provide(
      run(project, { selection: "*", range: { from: FIRST_DAY, to: lastDay }, force: false, noUpstream: false, dryRun: false }, silentReporter, { stopped: false }),
      project.storage
    )
  )
  const cpu = process.cpuUsage(cpuStarted)
  return { summary, wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / MICROSECONDS_PER_MS }
}

const succeededOf = (summary: RunSummary) => summary.outcomes.filter((outcome) => outcome._tag === "Succeeded").length

const runCli = (root: string): Promise<{ wallMs: number; runMs: number; steps: number; succeeded: number }> =>
  new Promise((resolvePromise, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [bin, "backfill", "--from", FIRST_DAY, "--to", lastDay, "--config", chainConfig, "--json"], {
      env: { ...process.env, CHAIN_ROOT: `file://${root}`, MLFLOW_TRACKING_URI: "" },
      stdio: ["ignore", "pipe", "inherit"]
    })
    let stdout = ""
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text))
    child.on("error", reject)
    child.on("close", (code) => {
      const wallMs = performance.now() - started
      const summary = stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { event?: string; durationMs?: number; steps?: ReadonlyArray<unknown>; succeeded?: number })
        .find((line) => line.event === "summary")
      if (code !== 0 || summary === undefined) return reject(new Error(`strata backfill exited ${code}:\n${stdout.slice(-2000)}`))
      resolvePromise({ wallMs, runMs: summary.durationMs ?? Number.NaN, steps: summary.steps?.length ?? 0, succeeded: summary.succeeded ?? 0 })
    })
  })

/** Mean wall and CPU time of `calls` sequential calls, ms. */
const meanOf = async (calls: number, f: (i: number) => unknown): Promise<{ wallMs: number; cpuMs: number }> => {
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  for (let i = 0; i < calls; i++) await f(i)
  const cpu = process.cpuUsage(cpuStarted)
  return { wallMs: (performance.now() - started) / calls, cpuMs: (cpu.user + cpu.system) / MICROSECONDS_PER_MS / calls }
}

/**
 * Where a step's time goes: the pieces every materialization pays, timed alone on the same
 * disk (a committed chain sidecar re-encoded; a 10-row profile; a store put; a claim taken and
 * released; a whole first commit, data and sidecar fsynced).
 */
const breakdown = async (project: Project, scratch: string): Promise<void> => {
  const root = project.config.storage.root.slice("file://".length)
  const folder = join(root, "chain/chain/numbers", FIRST_DAY)
  const sidecarFile = readdirSync(folder).find((name) => name.endsWith(DatasetLayout.SIDECAR_SUFFIX))
  if (sidecarFile === undefined) throw new Error(`no sidecar in ${folder}`)
  const text = readFileSync(join(folder, sidecarFile), "utf8")
  const sidecar = await Effect.runPromise(Sidecar.decode(text.slice(0, text.indexOf(CommitProtocol.RECORD_LINE_PREFIX)), sidecarFile))
  const store = await Effect.runPromise(LocalFsDriver.make({ root: scratch }))
  const bytes = new TextEncoder().encode("x".repeat(BREAKDOWN_DATA_BYTES))
  const parts: Array<[string, { wallMs: number; cpuMs: number }]> = [
    ["Sidecar.encode (YAML) of a chain sidecar", await meanOf(BREAKDOWN_CALLS, () => Sidecar.encode(sidecar))],
    [
      `Profiler: ${CHAIN_ROWS} rows x 2 columns, then result()`,
      await meanOf(BREAKDOWN_CALLS, () => {
        const profiler = Profiler.make(["day", "n"])
        for (let row = 0; row < CHAIN_ROWS; row++) profiler.add({ day: FIRST_DAY, n: row })
        return profiler.result()
      })
    ],
    ["local BlobStore put (temp file, fsync, rename)", await meanOf(BREAKDOWN_CALLS, (i) => Effect.runPromise(store.put(`put/${i}/object`, bytes)))],
    [
      "claim a partition, then release it",
      await meanOf(BREAKDOWN_CALLS, (i) =>
        Effect.runPromise(
          Effect.gen(function* () {
            const layout = yield* DatasetLayout.make({ project: "parts", asset: "bench/claim", partition: dayAfter(FIRST_DAY, i), dataset: "data" })
            const claim = yield* Claims.claim(layout, "bench", BREAKDOWN_LEASE_MS)
            if (claim._tag === "Some") yield* Claims.release(claim.value)
          }).pipe(Effect.provideService(BlobStore, store))
        )
      )
    ],
    [
      "CommitProtocol stage + first commit (no claim)",
      await meanOf(BREAKDOWN_CALLS, (i) =>
        Effect.runPromise(
          Effect.gen(function* () {
            const partition = dayAfter(FIRST_DAY, i)
            const layout = yield* DatasetLayout.make({ project: "parts", asset: "bench/commit", partition, partitionPath: partition, dataset: "data", ext: "jsonl" })
            const staged = yield* CommitProtocol.stage(layout, Stream.make(bytes))
            yield* CommitProtocol.commit(staged, { sidecar: () => bytes, marker: { codeVersion: "1", dataVersion: staged.sha1, inputsDigest: "bench" } })
          }).pipe(Effect.provideService(BlobStore, store))
        )
      )
    ]
  ]
  console.log("  where a step's time goes (each piece alone, sequential, mean of calls):")
  for (const [label, ms] of parts) console.log(`    ${label.padEnd(50)} ${ms.wallMs.toFixed(2).padStart(7)} ms wall, ${ms.cpuMs.toFixed(2).padStart(6)} ms cpu`)
}

const overheadLine = (label: string, totalMs: number, own: number) => {
  const perStep = (totalMs - own) / steps
  console.log(
    `${label.padEnd(34)} ${totalMs.toFixed(0).padStart(6)} ms total, ${perStep.toFixed(2).padStart(6)} ms overhead per asset-partition (target <= ${OVERHEAD_TARGET_MS} ms: ${verdict(perStep, OVERHEAD_TARGET_MS)})`
  )
}

const noopLine = (label: string, totalMs: number) =>
  console.log(`${label.padEnd(34)} ${totalMs.toFixed(0).padStart(6)} ms (target <= ${NOOP_TARGET_MS} ms: ${verdict(totalMs, NOOP_TARGET_MS)})`)

export default async function (): Promise<void> {
  console.log(`chain of ${chainDefinitions.length} assets x ${DAYS} daily partitions (${FIRST_DAY}..${lastDay}) = ${steps} asset-partitions, in ${tmpdir()} (${fileSystemOf(tmpdir())}; TMPDIR moves it)`)
  const own = await ownWork()
  console.log(`assets' own work (their materialize functions alone, in memory): ${own.toFixed(0)} ms in all, ${(own / steps).toFixed(3)} ms per asset-partition`)

  const roots: Array<string> = []
  const newRoot = () => {
    const root = mkdtempSync(join(tmpdir(), "strata-bench-runner-"))
    roots.push(root)
    return root
  }
  try {
    for (const claims of WITHOUT_CLAIMS ? [true, false] : [true]) {
      const suffix = claims ? "" : ", claims off"
      const project = await load(newRoot(), claims)
      const backfill = await runInProcess(project)
      if (succeededOf(backfill.summary) !== steps) throw new Error(`in-process backfill committed ${succeededOf(backfill.summary)} of ${steps}`)
      overheadLine(`in-process backfill${suffix}`, backfill.wallMs, own)
      console.log(`${"".padEnd(34)} (cpu ${backfill.cpuMs.toFixed(0)} ms: ${(backfill.cpuMs / steps).toFixed(2)} ms per asset-partition, concurrency ${project.config.concurrency})`)
      if (claims) await breakdown(project, newRoot())
      const noop = await runInProcess(project)
      if (noop.summary.plan.steps.length !== 0) throw new Error(`the re-run planned ${noop.summary.plan.steps.length} steps`)
      noopLine(`in-process no-op re-run${suffix}`, noop.wallMs)
      console.log(`${"".padEnd(34)} (${noop.summary.listCalls} LIST calls)`)
    }
    if (WITH_CLI) {
      const root = newRoot()
      const backfill = await runCli(root)
      if (backfill.succeeded !== steps) throw new Error(`CLI backfill committed ${backfill.succeeded} of ${steps}`)
      overheadLine("CLI backfill, process wall time", backfill.wallMs, own)
      overheadLine("CLI backfill, run's durationMs", backfill.runMs, own)
      const noop = await runCli(root)
      if (noop.steps !== 0) throw new Error(`the CLI re-run planned ${noop.steps} steps`)
      noopLine("CLI no-op re-run, process wall", noop.wallMs)
      noopLine("CLI no-op re-run, run's durationMs", noop.runMs)
    }
  } finally {
    if (KEEP) console.log(`kept: ${roots.join(" ")}`)
    else for (const root of roots) rmSync(root, { recursive: true, force: true })
  }
}
