import { defineConfig } from "vitest/config"

/** The end-to-end test runs the pipeline against a moto S3 server and a real MLflow server started for the run. */
export default defineConfig({
  test: {
    globalSetup: ["../../packages/testkit/src/globalSetup/s3.ts", "../../packages/testkit/src/globalSetup/mlflow.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000
  }
})
