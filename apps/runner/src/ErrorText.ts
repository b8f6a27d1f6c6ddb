/**
 * How the runner words errors in reports. A tagged error (the runner's, storage's, an asset's
 * `MaterializeError`) carries a message written to be read, and is shown as it is. Anything
 * else was thrown by code (an asset's, or a library's it called): its class, its message and
 * where it was thrown, so that a bug can be found without a debugger.
 */

/** The message of any error value. */
export const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === "object" && error !== null && "message" in error ? String((error as { message: unknown }).message) : String(error)

/** A stack frame's location: `at f (file:line:column)` or `at file:line:column`. */
const FRAME = /^\s*at (?:.*? \()?(.+?:\d+:\d+)\)?$/

/**
 * Where `error` was thrown: the first frame of its stack outside Node and outside
 * `node_modules` (the asset's code, usually), or `undefined` when its stack names none.
 */
export const thrownAt = (error: Error): string | undefined => {
  for (const line of (error.stack ?? "").split("\n")) {
    const location = FRAME.exec(line)?.[1]
    if (location !== undefined && !location.startsWith("node:") && !location.includes("/node_modules/")) return location
  }
  return undefined
}

/**
 * An error as reports show it: a tagged error's message; another error's class, message and
 * location, e.g. `TypeError: x is undefined (at file:///repo/strata.config.ts:7:51)`.
 */
export const describeError = (error: unknown): string => {
  if (!(error instanceof Error) || "_tag" in error) return errorText(error)
  const at = thrownAt(error)
  return `${error.name}: ${error.message}${at === undefined ? "" : ` (at ${at})`}`
}
