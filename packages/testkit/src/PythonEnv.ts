import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, writeFileSync, openSync, closeSync, rmSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

/** The pinned requirements of the test venv. */
export const requirementsFile = resolve(dirname(fileURLToPath(import.meta.url)), "../python/requirements.txt")

/** Repository root (two folders above this package). */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

/** Where the cached venv lives; rebuilt when the requirements change. */
export const venvDirectory = process.env["STRATA_TEST_VENV"] ?? join(repositoryRoot, ".cache", "venv")

/** How long to wait for another process that is building the venv. */
const LOCK_WAIT_MS = 15 * 60 * 1000

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/**
 * Ensures the cached Python venv with the pinned test tools exists and returns the path of a
 * binary inside it (`python`, `moto_server`, `mlflow`). Safe across concurrent test processes:
 * one builds, the others wait on a lock file.
 */
export const ensurePythonEnv = (binary = "python"): string => {
  const digest = createHash("sha1").update(readFileSync(requirementsFile)).digest("hex")
  const stamp = join(venvDirectory, ".requirements-sha1")
  const bin = join(venvDirectory, "bin", binary)
  const ready = () => existsSync(stamp) && readFileSync(stamp, "utf8") === digest
  if (ready()) return bin
  mkdirSync(dirname(venvDirectory), { recursive: true })
  const lock = `${venvDirectory}.lock`
  const started = Date.now()
  let fd: number | undefined
  while (fd === undefined) {
    try {
      fd = openSync(lock, "wx")
    } catch {
      if (ready()) return bin
      if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`Timed out waiting for ${lock}; remove it if no test run is building the venv`)
      sleepSync(500)
    }
  }
  try {
    if (ready()) return bin
    rmSync(venvDirectory, { recursive: true, force: true })
    const python = process.env["STRATA_PYTHON"] ?? "python3"
    process.stderr.write(`testkit: creating the Python venv for test servers in ${venvDirectory} (once)\n`)
    execFileSync(python, ["-m", "venv", venvDirectory], { stdio: "inherit" })
    execFileSync(join(venvDirectory, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", "-r", requirementsFile], {
      stdio: "inherit"
    })
    writeFileSync(stamp, digest)
    return bin
  } finally {
    closeSync(fd)
    rmSync(lock, { force: true })
  }
}
