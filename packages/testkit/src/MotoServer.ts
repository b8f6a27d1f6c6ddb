import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { freePort, waitForHttp } from "./FreePort.ts"
import { ensurePythonEnv } from "./PythonEnv.ts"

/** How long moto may take to answer after it is started. */
export const MOTO_START_TIMEOUT_MS = 60_000

/** How long moto may take to exit after SIGTERM before it is killed. */
export const MOTO_STOP_TIMEOUT_MS = 5_000

/** Dummy credentials moto accepts (it checks signatures only when IAM enforcement is on). */
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" } as const

/** A running moto server. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string
  /** The loopback port it listens on. */
  readonly port: number
  /** Stops the server (SIGTERM, then SIGKILL after {@link MOTO_STOP_TIMEOUT_MS}). */
  readonly stop: () => Promise<void>
}

/** Options of {@link startMotoServer}. */
export interface MotoServerOptions {
  /** Extra environment, e.g. `{ INITIAL_NO_AUTH_ACTION_COUNT: "5" }` to enforce IAM after 5 requests. */
  readonly env?: Readonly<Record<string, string>>
}

const stopProcess = (child: ChildProcess): Promise<void> =>
  new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop()
    const timer = setTimeout(() => child.kill("SIGKILL"), MOTO_STOP_TIMEOUT_MS)
    child.once("exit", () => {
      clearTimeout(timer)
      resolveStop()
    })
    child.kill("SIGTERM")
  })

/**
 * Starts `moto_server` (S3, IAM, ...) from the cached test venv on a free loopback port and
 * waits until it answers. The caller must `stop()` it.
 */
export const startMotoServer = async (options: MotoServerOptions = {}): Promise<MotoServer> => {
  const binary = ensurePythonEnv("moto_server")
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  const output: Array<string> = []
  const child = spawn(binary, ["-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "ignore", "pipe"]
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    output.push(chunk.toString("utf8"))
    if (output.length > 50) output.shift()
  })
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`moto_server exited with code ${code} before answering:\n${output.join("")}`)))
  )
  exited.catch(() => undefined)
  try {
    await Promise.race([waitForHttp(`${endpoint}/moto-api/`, MOTO_START_TIMEOUT_MS), exited])
  } catch (error) {
    await stopProcess(child)
    throw error
  }
  return { endpoint, port, stop: () => stopProcess(child) }
}
