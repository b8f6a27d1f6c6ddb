/**
 * MLflow down during a backfill: every partition still commits, with its lineage in its
 * sidecar; `strata lineage sync` later projects each one exactly once (a second sync projects
 * nothing), and records the MLflow run id in each sidecar.
 */
import { readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { Effect, Option } from "effect"
import { MlflowClient, MlflowConfig, tagValue } from "@strata/mlflow"
import type {} from "@strata/testkit"
import { afterAll, describe, expect, inject, it } from "vitest"
import { CHAIN_CONFIG, CHAIN_PROJECT, fileUri, jsonLines, makeTemp, runCli } from "./support/cli.ts"

const root = makeTemp("lineage-sync")
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A port nothing listens on: MLflow is down. */
const DOWN = "http://127.0.0.1:9"
const DAYS = ["2021-01-01", "2021-01-02"]
const sidecarOf = (asset: string, day: string) => readFileSync(join(root, CHAIN_PROJECT, asset, day, `${asset.split("/")[1]}.meta.yaml`), "utf8")

describe("lineage sync after MLflow was down", () => {
  it("commits without MLflow, then projects every partition exactly once", async () => {
    const env = { CHAIN_ROOT: fileUri(root), MLFLOW_TRACKING_URI: DOWN }
    const backfill = await runCli(["backfill", "--from", DAYS[0]!, "--to", DAYS[1]!, "--config", CHAIN_CONFIG, "--json"], { env })
    expect(backfill.code, backfill.stderr).toBe(0)
    expect(backfill.stdout).toContain("MLflow lineage is off for this run")
    expect(sidecarOf("chain/totals", DAYS[0]!)).not.toContain("mlflow_run_id")

    const uri = inject("strataMlflow").uri
    const sync = await runCli(["lineage", "sync", "--config", CHAIN_CONFIG, "--json"], { env: { ...env, MLFLOW_TRACKING_URI: uri } })
    expect(sync.code, sync.stderr + sync.stdout).toBe(0)
    expect(jsonLines(sync.stdout).at(-1)).toMatchObject({ projected: 6, failures: 0 })
    const again = await runCli(["lineage", "sync", "--config", CHAIN_CONFIG, "--json"], { env: { ...env, MLFLOW_TRACKING_URI: uri } })
    expect(jsonLines(again.stdout).at(-1)).toMatchObject({ projected: 0, failures: 0 })

    const runs = await Effect.runPromise(
      Effect.gen(function* () {
        const client = yield* MlflowClient
        const experiment = Option.getOrThrow(yield* client.getExperimentByName(CHAIN_PROJECT))
        return yield* client.searchRuns({ experimentIds: [experiment.experimentId] })
      }).pipe(Effect.provide(MlflowClient.layer(MlflowConfig.fromEnv({ MLFLOW_TRACKING_URI: uri })!)))
    )
    const names = runs.filter((run) => tagValue(run, "strata.kind") === "materialization").map((run) => run.info.runName).sort()
    expect(names).toEqual(DAYS.flatMap((day) => ["chain/numbers", "chain/squares", "chain/totals"].map((asset) => `${asset}@${day}`)).sort())
    for (const run of runs.filter((r) => tagValue(r, "strata.kind") === "materialization")) {
      const [asset, day] = run.info.runName.split("@") as [string, string]
      expect(sidecarOf(asset, day)).toContain(`mlflow_run_id: ${run.info.runId}`)
    }
  }, 180_000)
})
