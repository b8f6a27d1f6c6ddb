import { defineConfig } from "vitest/config"

/**
 * S3 tests run against a moto server started for the run (or the bucket named by
 * STRATA_TEST_S3_BUCKET); lineage tests against a real MLflow tracking server.
 */
export default defineConfig({
  test: {
    globalSetup: ["../../packages/testkit/src/globalSetup/s3.ts", "../../packages/testkit/src/globalSetup/mlflow.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000
  }
})
