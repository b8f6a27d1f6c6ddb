/** Real servers for tests, started on free loopback ports from a cached Python venv. */
export * from "./FreePort.ts"
export * from "./PythonEnv.ts"
