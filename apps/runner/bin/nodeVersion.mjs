/**
 * The Node versions the `strata` executable runs on. Written in plain JavaScript that any Node
 * can load, so that an older Node gets this module's message instead of a link error from an
 * API it lacks.
 */

/** The oldest Node that runs Strata (type stripping on by default, `module.registerHooks`), as in package.json's `engines`. */
export const MINIMUM_NODE = "22.18.0"

/** Whether version `a` (`major.minor.patch`) is older than `b`. */
const older = (a, b) => {
  const [x, y] = [a, b].map((version) => version.split(".").map(Number))
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0)
  return false
}

/**
 * The message for a Node too old to run Strata, naming the one found and what to do; `undefined`
 * when `version` (e.g. `process.versions.node`) will do.
 */
export const unsupportedNodeMessage = (version, execPath) =>
  older(version, MINIMUM_NODE)
    ? `strata needs Node ${MINIMUM_NODE} or newer; this is Node ${version} (${execPath}). ` +
      "Run it through the project's set-up, which brings Node 22 where the system's is older (`npm run strata -- <command>`), or put Node 22 first on the PATH."
    : undefined
