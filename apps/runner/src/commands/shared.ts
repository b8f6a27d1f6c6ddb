/** Flags, arguments and plumbing shared by the `strata` commands. */
import { type AssetDefinition, Partitions } from "@strata/core"
import { Data, Effect, Option } from "effect"
import { Argument, Flag } from "effect/cli"
import { dynamicSetsOf } from "../DynamicPartitions.ts"
import { loadProject, type Project, UsageError } from "../Project.ts"
import { resolveRequest } from "../Run.ts"
import { jsonReporter, type Reporter, terminalReporter } from "../Reporter.ts"

/** Something ran and failed (a step, a verification): exit code 1. */
export class RunFailed extends Data.TaggedError("RunFailed")<{ readonly message: string }> {}

/** `--config <file>`: the configuration file (default: strata.config.ts in the working directory). */
export const configFlag = Flag.String("config").pipe(Flag.withDescription("Configuration file (default: ./strata.config.ts)"), Flag.optional)

/** `--json`: JSON log lines even on a terminal. */
export const jsonFlag = Flag.Boolean("json").pipe(Flag.withDescription("Write JSON lines instead of progress bars and tables"), Flag.withDefault(false))

/** `--from`: first partition date, inclusive. */
export const fromFlag = Flag.String("from").pipe(Flag.withDescription("First date, inclusive (YYYY-MM-DD)"), Flag.optional)

/** `--to`: last partition date, inclusive. */
export const toFlag = Flag.String("to").pipe(Flag.withDescription("Last date, inclusive (YYYY-MM-DD)"), Flag.optional)

/** `--partition`: exact partition keys, comma-separated. */
export const partitionFlag = Flag.String("partition").pipe(Flag.withDescription("Exact partition key(s), comma-separated, e.g. v2/2021-09-02"), Flag.optional)

/** One asset's key. */
export const assetArgument = Argument.String("asset").pipe(Argument.withDescription("Asset key, e.g. preprocess/html-parsing"))

/** One partition's key. */
export const partitionArgument = Argument.String("partition").pipe(Argument.withDescription("Partition key, e.g. 2021-09-02 or v2/2021-09-02"))

/**
 * The usage error of a command that reads a partition it cannot find: a key the asset does not
 * have at `now` (describing its partitions; dynamic keys are not checked, they live in storage),
 * a version the partition does not have, or a partition not committed (saying how to build it).
 */
export const partitionNotFound = (definition: AssetDefinition.AssetDefinition, partition: string, version?: string, now: Date = new Date()): UsageError => {
  const asset = definition.spec.key
  const partitions = definition.spec.partitions
  // Keys of a dynamic set live in storage, not in the definition: they are not checked here.
  if (dynamicSetsOf([definition]).length === 0 && !Partitions.resolve(partitions, Partitions.context({ now })).has(partition)) {
    return new UsageError({ message: `${asset} has no partition ${partition}: its partitions are ${Partitions.describe(partitions)}; \`strata status ${asset}\` shows them` })
  }
  if (version !== undefined) return new UsageError({ message: `${asset}@${partition} has no version ${version}; \`strata versions ${asset} ${partition}\` lists them` })
  return new UsageError({ message: `${asset}@${partition} is not committed; run \`strata materialize +${asset} --partition ${partition}\`` })
}

/** The asset selection (default every asset). */
export const selectionArgument = Argument.String("selection").pipe(
  Argument.withDescription("Assets: key, prefix/*, +key (with upstream), key+ (with downstream), layer:silver, tag:x; combine with ',' (or) and '&' (and)"),
  Argument.variadic(),
)

/** The working directory the user ran strata from (pnpm runs scripts from the root). */
export const userCwd = (): string => process.env["INIT_CWD"] ?? process.cwd()

/** Loads the project named by `--config` (or found from the working directory). */
export const projectOf = (config: Option.Option<string>): Effect.Effect<Project, UsageError> =>
  loadProject(userCwd(), Option.getOrUndefined(config), process.env)

/** Runs an effect that needs storage against the project's storage. */
export const withStorage = <A, E, R>(project: Project, effect: Effect.Effect<A, E, R>) => Effect.provide(effect, project.storage)

/** The selection text of variadic selection arguments (`*` when none). */
export const selectionText = (parts: ReadonlyArray<string>): string => (parts.length === 0 ? "*" : parts.join(" "))

/** The range of `--from`, `--to` and `--partition`. */
export const rangeOf = (from: Option.Option<string>, to: Option.Option<string>, partition: Option.Option<string>) => ({
  ...(Option.isSome(from) ? { from: from.value } : {}),
  ...(Option.isSome(to) ? { to: to.value } : {}),
  ...(Option.isSome(partition) ? { keys: partition.value.split(",").map((key) => key.trim()).filter((key) => key !== "") } : {})
})

/** The assets and range a read-only command (status, verify) looks at. */
export const selectedPartitions = (
  project: Project,
  input: { readonly selection: ReadonlyArray<string>; readonly from: Option.Option<string>; readonly to: Option.Option<string>; readonly partition: Option.Option<string> }
) =>
  resolveRequest(project, {
    selection: selectionText(input.selection),
    range: rangeOf(input.from, input.to, input.partition),
    force: false,
    noUpstream: false,
    dryRun: true
  })

/** Whether output goes to a person (a terminal) rather than a log collector. */
export const isInteractive = (json: boolean): boolean => !json && process.stdout.isTTY === true

/**
 * Writes to standard output once per turn of the event loop, whatever was written during it (a
 * write per JSON line would cost a system call each), in order; what is pending is written on
 * exit too. Everything this process prints goes through it, so nothing overtakes a pending line.
 */
const writeStdout: (text: string) => void = (() => {
  let pending = ""
  const flush = () => {
    if (pending === "") return
    const text = pending
    pending = ""
    process.stdout.write(text)
  }
  process.once("exit", flush)
  return (text) => {
    if (pending === "") setImmediate(flush)
    pending += text
  }
})()

/** The reporter for this process: progress bars on a terminal, JSON lines otherwise. */
export const reporterFor = (json: boolean): Reporter => (isInteractive(json) ? terminalReporter(process.stderr) : jsonReporter(writeStdout))

/** Writes text to standard output. */
export const print = (text: string): Effect.Effect<void> => Effect.sync(() => writeStdout(text.endsWith("\n") ? text : `${text}\n`))
