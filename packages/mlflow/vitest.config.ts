import { defineConfig } from "vitest/config"

/** One pair of MLflow servers (plain and basic-auth) for the whole suite, started by the testkit. */
export default defineConfig({
  test: {
    globalSetup: ["../testkit/src/globalSetup/mlflow.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
