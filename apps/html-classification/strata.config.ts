/**
 * The html-classification project: where its data lives, how the runner runs it, and the
 * pipeline's settings (normalization versions, annotation provider, model, cleaning). Run
 * `pnpm strata materialize` from the repository root (whose `strata.config.ts` re-exports this
 * file) or `strata materialize --config apps/html-classification/strata.config.ts`.
 *
 * Environment overrides: `STRATA_STORAGE_ROOT` (e.g. `s3://bucket/prefix`), `STRATA_S3_*`,
 * `STRATA_CONCURRENCY`, `MLFLOW_TRACKING_URI`. API keys are never written here: a provider
 * names the environment variable holding its key.
 */
import { defineConfig, type StrataConfig } from "@strata/runner"
import { makeDefinitions } from "./src/definitions.ts"
import { fromConfig } from "./src/Settings.ts"

export default defineConfig({
  project: "html-classification",
  storage: { root: "file://./data" },
  workflow: "html-classification",
  concurrency: 2,
  roles: {
    crawler: { reads: [], writes: ["source"] },
    processing: { reads: ["source", "bronze", "silver"], writes: ["bronze", "silver"] },
    annotator: { reads: ["silver"], writes: ["gold"] },
    training: { reads: ["gold", "model"], writes: ["model", "post-train"] }
  },
  settings: {
    startDate: "2021-09-01",
    normalization: {
      versions: {
        v1: ["remove_punctuation", "remove_special_characters"],
        v2: ["remove_special_characters", { rule: "lemmatize", params: { mode: "verbs" } }]
      }
    },
    annotation: {
      normalizationVersion: "v2"
      // An API instead of the offline labeler (key read from the environment variable named here):
      // provider: { kind: "http-json", endpoint: "https://labels.example.com", model: "v3", apiKeyEnv: "LABELS_API_KEY", maxCostPerDocumentUsd: 0.002 },
      // budgetUsd: 5
    },
    model: { windowDays: 7, folds: 5, seed: 0, classifier: "naive_bayes" },
    cleaning: { rectifyThreshold: 0.9, removeOutliers: true }
  }
})

/** The pipeline's assets, built from the configuration's settings (validated, defaults filled). */
export const definitions = (config: StrataConfig) => makeDefinitions(fromConfig(config.settings))
