/**
 * The `strata` executable. Exit codes: 0 all done, 1 something failed (a step, a verification),
 * 2 usage or definition error (bad flags, configuration, asset definitions, selection, range).
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Cause, Effect, Exit } from "effect"
import { Command } from "effect/cli"
import { cli, VERSION } from "./Cli.ts"

/** Exit code of a run that failed, by the kind of failure. */
export const exitCodeOf = (error: unknown): 1 | 2 => {
  const tag = typeof error === "object" && error !== null && "_tag" in error ? String((error as { _tag: unknown })._tag) : ""
  if (tag === "RunFailed" || tag === "BlobStoreError" || tag === "SidecarError") return 1
  return 2
}

const messageOf = (error: unknown): string =>
  typeof error === "object" && error !== null && "message" in error ? String((error as { message: unknown }).message) : String(error)

const main = async (): Promise<number> => {
  const program = Command.runWith(cli, { version: VERSION })(process.argv.slice(2)).pipe(Effect.provide(NodeServices.layer))
  const exit = await Effect.runPromiseExit(program)
  if (Exit.isSuccess(exit)) return 0
  const failure = exit.cause.reasons.find(Cause.isFailReason)
  if (failure === undefined) {
    process.stderr.write(`strata: unexpected error: ${Cause.pretty(exit.cause)}\n`)
    return 1
  }
  const error = failure.error
  const tag = typeof error === "object" && error !== null && "_tag" in error ? String((error as { _tag: unknown })._tag) : ""
  // The CLI library already printed its own parse errors with the help text.
  if (!["UnrecognizedOption", "DuplicateOption", "MissingOption", "MissingArgument", "UnexpectedArgument", "InvalidValue", "UnknownSubcommand", "ShowHelp"].includes(tag)) {
    process.stderr.write(`strata: ${messageOf(error)}\n`)
  }
  // Help asked for exits 0; help shown because of parse errors (`errors` non-empty) is a usage error.
  if (tag === "ShowHelp") return ((error as { errors?: ReadonlyArray<unknown> }).errors?.length ?? 0) > 0 ? 2 : 0
  return exitCodeOf(error)
}

process.exitCode = await main()
