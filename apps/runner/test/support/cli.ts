/**
 * Test support: runs the `strata` CLI (`node src/bin.ts`) as a child process against a
 * temporary storage root, and reads back what it left in storage.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, relative, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll } from "vitest"
import { parse as parseYaml } from "yaml"

const here = dirname(fileURLToPath(import.meta.url))

/** The CLI entry point. */
export const BIN = resolve(here, "../../src/bin.ts")

/** The runner's test folder. */
export const TEST_DIR = resolve(here, "..")

/** The 3-asset daily chain (numbers -> squares -> totals). */
export const CHAIN_CONFIG = resolve(TEST_DIR, "fixtures/chain/strata.config.ts")

/** The chain's project name: the first folder under the storage root. */
export const CHAIN_PROJECT = "chain"

/** The chain's assets, upstream first. */
export const CHAIN_ASSETS = ["chain/numbers", "chain/squares", "chain/totals"] as const

/** Suffix of the local driver's temporary files (not objects). */
const TEMPORARY_SUFFIX = ".strata-tmp"

/** Suffix of a sidecar. */
export const SIDECAR_SUFFIX = ".meta.yaml"

/** File name of an asset's dataset card (generated from its sidecars, with their times). */
const CARD_NAME = "README.md"

/** An ISO 8601 timestamp, as sidecars and cards write them. */
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g

/** First characters of the sidecar line that carries the commit record. */
const RECORD_LINE_PREFIX = "# strata-commit "

/** What a finished CLI process left. */
export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  /** Whether it was killed for running longer than its `timeoutMs`. */
  readonly timedOut: boolean
}

/** How long a CLI run may take before it is killed, by default. */
export const DEFAULT_CLI_TIMEOUT_MS = 90_000

/** A fresh temporary folder, removed by {@link removeTemp}. */
export const makeTemp = (label: string): string => mkdtempSync(join(tmpdir(), `strata-runner-${label}-`))

/** Removes a temporary folder. */
export const removeTemp = (folder: string): void => rmSync(folder, { recursive: true, force: true })

/** A maker of temporary folders for one test file: each is removed once the file's tests end. */
export const tempFolders = (): ((label: string) => string) => {
  const folders: Array<string> = []
  afterAll(() => folders.forEach(removeTemp))
  return (label) => {
    const folder = makeTemp(label)
    folders.push(folder)
    return folder
  }
}

/** The environment of a CLI child: this process's, without strata overrides, plus `extra`. */
export const cliEnv = (extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith("STRATA_") || name.startsWith("CHAIN_") || name === "INIT_CWD" || name === "MLFLOW_TRACKING_URI") continue
    env[name] = value
  }
  return { ...env, ...extra }
}

/** Options of a CLI child. */
export interface SpawnOptions {
  /** Extra environment variables (e.g. `CHAIN_ROOT`). */
  readonly env?: Readonly<Record<string, string>>
  /** Working directory (default: the test folder). */
  readonly cwd?: string
  /** Kill the process (SIGKILL) after this long (default {@link DEFAULT_CLI_TIMEOUT_MS}). */
  readonly timeoutMs?: number
}

/** Children killed for running too long. */
const timedOut = new WeakSet<ChildProcess>()

/** Children still running, killed by {@link killStragglers} so that no test leaves one behind. */
const running = new Set<ChildProcess>()

/** Kills every CLI child this process started that is still running. */
export const killStragglers = (): void => {
  for (const child of running) child.kill("SIGKILL")
  running.clear()
}

/** Starts `node src/bin.ts ...args` with piped output. */
export const spawnCli = (args: ReadonlyArray<string>, options: SpawnOptions = {}): ChildProcess => {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? TEST_DIR, env: cliEnv(options.env ?? {}), stdio: ["ignore", "pipe", "pipe"] })
  running.add(child)
  const timer = setTimeout(() => {
    timedOut.add(child)
    child.kill("SIGKILL")
  }, options.timeoutMs ?? DEFAULT_CLI_TIMEOUT_MS)
  child.on("exit", () => {
    clearTimeout(timer)
    running.delete(child)
  })
  return child
}

/** Collects a child's output until it exits. */
export const finished = (child: ChildProcess): Promise<CliResult> =>
  new Promise((resolvePromise, reject) => {
    let stdout = ""
    let stderr = ""
    child.stdout?.setEncoding("utf8").on("data", (text: string) => (stdout += text))
    child.stderr?.setEncoding("utf8").on("data", (text: string) => (stderr += text))
    child.on("error", reject)
    child.on("close", (code, signal) => resolvePromise({ code, signal, stdout, stderr, timedOut: timedOut.has(child) }))
  })

/** Runs the CLI to completion. */
export const runCli = (args: ReadonlyArray<string>, options: SpawnOptions = {}): Promise<CliResult> => finished(spawnCli(args, options))

/** The JSON lines of a `--json` run's standard output. */
export const jsonLines = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>)

/** The last `summary` or `plan` line of a `--json` run. */
export const summaryOf = (stdout: string): Record<string, unknown> => {
  const lines = jsonLines(stdout).filter((line) => line["event"] === "summary" || (line["event"] === "plan" && "steps" in line))
  const last = lines.at(-1)
  if (last === undefined) throw new Error(`no summary line in:\n${stdout}`)
  return last
}

/** `asset@partition` of each step of a summary line. */
export const stepsOf = (summary: Record<string, unknown>): Array<string> =>
  (summary["steps"] as Array<{ asset: string; partition: string }>).map((step) => `${step.asset}@${step.partition}`)

/** The `file://` URI of a folder. */
export const fileUri = (folder: string): string => `file://${folder}`

/** Every object under a folder (relative `/`-separated paths), temporary files left out. */
export const listObjects = (root: string): Array<string> => {
  const found: Array<string> = []
  const walk = (folder: string) => {
    if (!existsSync(folder)) return
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (!entry.name.endsWith(TEMPORARY_SUFFIX)) found.push(relative(root, path).split(sep).join("/"))
    }
  }
  walk(root)
  return found.sort()
}

/** SHA-1 of a file's bytes, hex. */
export const sha1Of = (bytes: Uint8Array): string => createHash("sha1").update(bytes).digest("hex")

/** The commit record a sidecar ends with, if any. */
export const recordOf = (text: string): Record<string, unknown> | undefined => {
  const line = text.split("\n").find((l) => l.startsWith(RECORD_LINE_PREFIX))
  return line === undefined ? undefined : (JSON.parse(line.slice(RECORD_LINE_PREFIX.length)) as Record<string, unknown>)
}

/** Sidecar fields that differ between two runs of the same code on the same data. */
const VOLATILE_SIDECAR_FIELDS = ["created_at", "run_id"] as const
/** Execution fields that differ between runs. */
const VOLATILE_EXECUTION_FIELDS = ["start", "end", "duration_ms"] as const
/** Commit-record fields that differ between runs (ids, times, inode-based ETags, history keys). */
const STABLE_RECORD_FIELDS = ["format", "asset", "partition", "sha1", "bytes", "dataKey", "codeVersion", "dataVersion", "inputsDigest"] as const

/**
 * A sidecar with what legitimately differs between runs removed (timestamps, run ids,
 * durations, commit ids) and the storage root replaced by `<root>`: what must be equal.
 */
export const stableSidecar = (text: string, rootUri: string): unknown => {
  const parsed = parseYaml(text.split(rootUri).join("<root>")) as Record<string, unknown>
  for (const field of VOLATILE_SIDECAR_FIELDS) delete parsed[field]
  const execution = parsed["execution"] as Record<string, unknown> | undefined
  if (execution !== undefined) for (const field of VOLATILE_EXECUTION_FIELDS) delete execution[field]
  const record = recordOf(text) ?? {}
  return { ...parsed, record: Object.fromEntries(STABLE_RECORD_FIELDS.map((field) => [field, record[field]])) }
}

/** A dataset card with what legitimately differs between runs masked: times, run ids, the storage root. */
export const stableCard = (text: string, rootUri: string): string =>
  text.split(rootUri).join("<root>").replace(TIMESTAMP, "<time>").replace(/run `[^`]+`/g, "run <id>")

/** The public tree of a storage root (data, sidecars, quarantine: no `_internal` folders). */
export const publicObjects = (root: string, project: string): Array<string> =>
  listObjects(root).filter((key) => key.startsWith(`${project}/`) && !key.slice(project.length + 1).startsWith("_"))

/**
 * The stable content of a storage root, keyed by object: data files by content, sidecars by
 * {@link stableSidecar} (whose commit record carries the versions the planner observes),
 * dataset cards with their times masked.
 */
export const stableTree = (root: string, project: string): Record<string, unknown> => {
  const rootUri = fileUri(root)
  const tree: Record<string, unknown> = {}
  for (const key of publicObjects(root, project)) {
    const bytes = readFileSync(join(root, key))
    const text = bytes.toString("utf8")
    tree[key] = key.endsWith(SIDECAR_SUFFIX) ? stableSidecar(text, rootUri) : key.endsWith(CARD_NAME) ? stableCard(text, rootUri) : text
  }
  return tree
}

/** The part of a {@link stableTree} that is not dataset cards (`README.md`), or only the cards. */
export const treePart = (tree: Record<string, unknown>, part: "data" | "cards"): Record<string, unknown> =>
  Object.fromEntries(Object.entries(tree).filter(([key]) => key.endsWith(CARD_NAME) === (part === "cards")))

/** The index marker names of an asset (`<root>/<project>/_index/<escaped asset>/`). */
export const indexMarkers = (root: string, project: string, asset: string): Array<string> =>
  listObjects(join(root, project, "_index", encodeURIComponent(asset)))

/**
 * The sidecars under a root that vouch for data that is not there or not the same: each as
 * `<sidecar key>: <what is wrong>`. Empty when nothing looks committed while incomplete.
 */
export const brokenCommits = (root: string, project: string): Array<string> => {
  const problems: Array<string> = []
  for (const key of publicObjects(root, project).filter((k) => k.endsWith(SIDECAR_SUFFIX))) {
    const text = readFileSync(join(root, key), "utf8")
    const record = recordOf(text)
    const yaml = parseYaml(text) as { sha1?: unknown; bytes?: unknown; uri?: unknown }
    if (record === undefined) {
      problems.push(`${key}: no commit record`)
      continue
    }
    const dataPath = join(root, String(record["dataKey"]))
    if (!existsSync(dataPath)) {
      problems.push(`${key}: its data ${String(record["dataKey"])} is missing`)
      continue
    }
    const data = readFileSync(dataPath)
    const actual = { sha1: sha1Of(data), bytes: data.length }
    if (record["sha1"] !== actual.sha1 || record["bytes"] !== actual.bytes) problems.push(`${key}: record ${JSON.stringify(record)} vs data ${JSON.stringify(actual)}`)
    if (yaml.sha1 !== actual.sha1 || yaml.bytes !== actual.bytes) problems.push(`${key}: sidecar says ${String(yaml.sha1)}/${String(yaml.bytes)}, data is ${actual.sha1}/${actual.bytes}`)
    if (yaml.uri !== fileUri(dataPath)) problems.push(`${key}: uri ${String(yaml.uri)} is not ${fileUri(dataPath)}`)
  }
  return problems
}

/** Kills a child with SIGKILL once `when` holds for its standard output so far; resolves with its result. */
export const killWhen = (child: ChildProcess, when: (stdout: string) => boolean): Promise<CliResult> => {
  const result = finished(child)
  let seen = ""
  child.stdout?.on("data", (text: string) => {
    seen += text
    if (child.exitCode === null && child.signalCode === null && when(seen)) child.kill("SIGKILL")
  })
  return result
}

/** How many lines of `--json` output report `event`. */
export const countEvents = (stdout: string, event: string): number => stdout.split(`"event":"${event}"`).length - 1
