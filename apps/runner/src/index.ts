/**
 * The `strata` runner as a library: load a project, observe, plan, run, read sidecars, add keys
 * to dynamic partition sets, collect garbage. The CLI
 * (`src/bin.ts`) is a thin shell over these.
 */
export { defineConfig, type StrataConfig, type StrataConfigInput, ConfigError, DEFAULT_CONCURRENCY, DEFAULT_STORAGE_ROOT } from "./StrataConfig.ts"
export { loadProject, type Project, UsageError, storageLayer } from "./Project.ts"
export { run, planRun, resolveRequest, countOutcomes, makeRunId, stepId, type RunRequest, type RunSummary } from "./Run.ts"
export { execute, type ExecutionTask, type ExecutionEvent, type TaskOutcome, type StopSignal } from "./Executor.ts"
export { jsonReporter, terminalReporter, describeOutcome, type Reporter } from "./Reporter.ts"
export { materializeStep, datasetLayout, layoutOf, keepClaims, StepError, type ClaimKeeper, type StepResult, type RunContext } from "./Materializer.ts"
export { observeProject, type ObservedProject } from "./Observations.ts"
export { addKeys, removeKeys, dynamicKeys, dynamicSetsOf } from "./DynamicPartitions.ts"
export { readSidecar, definitionFor, layoutFor } from "./Sidecars.ts"
export { collectGarbage, type GcRequest, type GcResult, type Orphan } from "./commands/gc.ts"
