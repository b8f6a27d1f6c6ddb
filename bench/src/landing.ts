/**
 * Writes the example crawl's landing files (`ensureLanding`) for the pipeline benchmark, in a
 * process of its own: the crawler is not the pipeline, and what generating 30,000 pages leaves
 * in a process's resident set must not count in the pipeline's peak.
 *
 * Usage: `node landing.ts <config file> <first day> <days> <documents a day>`, with
 * `STRATA_STORAGE_ROOT` set.
 * Prints nothing; exits non-zero with the error on failure.
 */
import { demoDates, ensureLanding } from "@strata/html-classification"
import { loadProject } from "@strata/runner"
import { Effect } from "effect"

const [configFile, firstDay, days, documents] = process.argv.slice(2)
if (configFile === undefined || firstDay === undefined || days === undefined || documents === undefined) {
  throw new Error("usage: node landing.ts <config file> <first day> <days> <documents a day>")
}
const project = await Effect.runPromise(loadProject(process.cwd(), configFile, process.env))
await Effect.runPromise(ensureLanding(project.config.project, demoDates(firstDay, Number(days)), Number(documents)).pipe(Effect.provide(project.storage)))
