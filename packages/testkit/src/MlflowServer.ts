import { execFileSync, spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { freePort, waitForHttp } from "./FreePort.ts"
import { ensurePythonEnv } from "./PythonEnv.ts"

/** How long `mlflow server` may take to answer `/health` after it is started (it migrates its database first). */
export const MLFLOW_START_TIMEOUT_MS = 120_000

/** How long the server may take to exit after SIGTERM before its process group is killed. */
export const MLFLOW_STOP_TIMEOUT_MS = 10_000

/** User name of the basic-auth app's admin. */
export const MLFLOW_ADMIN_USERNAME = "admin"

/** Lines of the server's output kept for the error shown when it fails to start. */
const KEPT_OUTPUT_LINES = 80

/** A running MLflow tracking server. */
export interface MlflowServer {
  /** `http://127.0.0.1:<port>`: the tracking URI. */
  readonly uri: string
  /** The loopback port it listens on. */
  readonly port: number
  /** The admin's credentials when started with `auth: true`. */
  readonly admin?: { readonly username: string; readonly password: string }
  /** Stops the server and its workers, then removes its temporary folder. */
  readonly stop: () => Promise<void>
}

/** Options of {@link startMlflowServer}. */
export interface MlflowServerOptions {
  /** Start the basic-auth app (`--app-name basic-auth`) with an admin user. */
  readonly auth?: boolean
}

const stopGroup = (child: ChildProcess): Promise<void> =>
  new Promise((resolveStop) => {
    const pid = child.pid
    const signalGroup = (signal: NodeJS.Signals) => {
      if (pid === undefined) return
      try {
        process.kill(-pid, signal)
      } catch {
        // The group is already gone.
      }
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      signalGroup("SIGKILL")
      return resolveStop()
    }
    const timer = setTimeout(() => signalGroup("SIGKILL"), MLFLOW_STOP_TIMEOUT_MS)
    child.once("exit", () => {
      clearTimeout(timer)
      // The uvicorn worker is in the same group; make sure it does not outlive its parent.
      signalGroup("SIGKILL")
      resolveStop()
    })
    signalGroup("SIGTERM")
  })

/** Fails clearly when the venv lacks `mlflow[auth]` (Flask-WTF), without which the auth app exits at start. */
const assertAuthExtra = (): void => {
  try {
    execFileSync(ensurePythonEnv("python"), ["-c", "import flask_wtf"], { stdio: "ignore" })
  } catch {
    throw new Error(
      "The MLflow basic-auth app needs the mlflow[auth] extra (Flask-WTF): pin `mlflow[auth]==3.17.2` in packages/testkit/python/requirements.txt so the test venv is rebuilt with it."
    )
  }
}

/** The basic-auth app's configuration: its own sqlite user store and an admin with `password`. */
const authConfig = (folder: string, password: string): string =>
  [
    "[mlflow]",
    "default_permission = READ",
    `database_uri = sqlite:///${join(folder, "basic_auth.db")}`,
    `admin_username = ${MLFLOW_ADMIN_USERNAME}`,
    `admin_password = ${password}`,
    "authorization_function = mlflow.server.auth:authenticate_request_basic_auth",
    ""
  ].join("\n")

/**
 * Starts `mlflow server` from the cached test venv: a sqlite backend and an artifacts
 * destination in a fresh temporary folder, on a free loopback port, one worker, background
 * jobs off. Waits until `/health` answers. The caller must `stop()` it.
 */
export const startMlflowServer = async (options: MlflowServerOptions = {}): Promise<MlflowServer> => {
  const binary = ensurePythonEnv("mlflow")
  const port = await freePort()
  const uri = `http://127.0.0.1:${port}`
  const folder = mkdtempSync(join(tmpdir(), "strata-mlflow-"))
  const args = [
    "server",
    "--backend-store-uri",
    `sqlite:///${join(folder, "mlflow.db")}`,
    "--artifacts-destination",
    join(folder, "artifacts"),
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--workers",
    "1"
  ]
  const env: NodeJS.ProcessEnv = { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: "false" }
  for (const name of Object.keys(env)) if (name.startsWith("MLFLOW_TRACKING_") || name.startsWith("MLFLOW_AUTH_") || name === "MLFLOW_FLASK_SERVER_SECRET_KEY") delete env[name]
  let admin: { username: string; password: string } | undefined
  if (options.auth === true) {
    assertAuthExtra()
    admin = { username: MLFLOW_ADMIN_USERNAME, password: randomBytes(12).toString("hex") }
    const configPath = join(folder, "basic_auth.ini")
    writeFileSync(configPath, authConfig(folder, admin.password))
    env["MLFLOW_AUTH_CONFIG_PATH"] = configPath
    // The auth app signs its CSRF tokens with this key and refuses to start without one.
    env["MLFLOW_FLASK_SERVER_SECRET_KEY"] = randomBytes(16).toString("hex")
    args.push("--app-name", "basic-auth")
  }
  const output: Array<string> = []
  const child = spawn(binary, args, { cwd: folder, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString("utf8"))
    if (output.length > KEPT_OUTPUT_LINES) output.shift()
  }
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`mlflow server exited with code ${code} before answering:\n${output.join("")}`)))
  )
  exited.catch(() => undefined)
  const stop = async () => {
    await stopGroup(child)
    rmSync(folder, { recursive: true, force: true })
  }
  try {
    await Promise.race([waitForHttp(`${uri}/health`, MLFLOW_START_TIMEOUT_MS), exited])
  } catch (error) {
    await stop()
    throw error
  }
  return { uri, port, ...(admin === undefined ? {} : { admin }), stop }
}
