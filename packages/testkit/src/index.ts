/** Real servers for tests, started on free loopback ports from a cached Python venv; scratch folders that tests clean up. */
export * from "./FreePort.ts"
export * from "./PythonEnv.ts"
export * from "./MotoServer.ts"
export type { S3TestTarget } from "./globalSetup/s3.ts"
export { externalS3Target } from "./globalSetup/s3.ts"
export * from "./MlflowServer.ts"
export * from "./ScratchFolders.ts"
export type { MlflowTestTarget } from "./globalSetup/mlflow.ts"
