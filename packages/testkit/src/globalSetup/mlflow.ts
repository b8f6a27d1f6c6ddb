/**
 * Vitest globalSetup that starts two MLflow tracking servers for the test run: a plain one and
 * one running the basic-auth app. Tests read them with `inject("strataMlflow")`; they never skip.
 *
 *   // vitest.config.ts
 *   test: { globalSetup: ["../testkit/src/globalSetup/mlflow.ts"] }
 */
import type { TestProject } from "vitest/node"
import { startMlflowServer } from "../MlflowServer.ts"

/** The MLflow servers of a test run. */
export interface MlflowTestTarget {
  /** Tracking URI of the server without authentication. */
  readonly uri: string
  /** Tracking URI of the server running the basic-auth app. */
  readonly authUri: string
  /** The basic-auth app's admin. */
  readonly admin: { readonly username: string; readonly password: string }
}

declare module "vitest" {
  interface ProvidedContext {
    /** The MLflow servers of this test run. */
    strataMlflow: MlflowTestTarget
  }
}

/** Starts both servers side by side and provides them as `strataMlflow`; stops them on teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = await Promise.allSettled([startMlflowServer(), startMlflowServer({ auth: true })])
  const servers = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []))
  const teardown = async () => {
    await Promise.all(servers.map((server) => server.stop()))
  }
  const [plain, auth] = started
  if (plain?.status !== "fulfilled" || auth?.status !== "fulfilled" || auth.value.admin === undefined) {
    await teardown()
    const failure = started.find((result) => result.status === "rejected")
    throw failure?.status === "rejected" ? failure.reason : new Error("The basic-auth MLflow server started without an admin")
  }
  project.provide("strataMlflow", { uri: plain.value.uri, authUri: auth.value.uri, admin: auth.value.admin })
  return teardown
}
