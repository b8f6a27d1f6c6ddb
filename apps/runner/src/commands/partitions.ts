/** `strata partitions add|remove|list`: the keys of dynamic partition sets. */
import { Effect } from "effect"
import { Argument, Command } from "effect/cli"
import { addKeys, dynamicKeys, dynamicSetsOf, removeKeys } from "../DynamicPartitions.ts"
import { observeProject } from "../Observations.ts"
import { configFlag, isInteractive, jsonFlag, print, projectOf, withStorage } from "./shared.ts"

const setArgument = Argument.String("set").pipe(Argument.withDescription("A dynamic partition set, as named by Partitions.dynamic(name)"))
const keysArgument = Argument.String("key").pipe(Argument.withDescription("Partition keys (one folder name each, e.g. crawl-0042)"), Argument.variadic({ min: 1 }))

/** `strata partitions add <set> <key...>` */
const add = Command.make("add", { set: setArgument, keys: keysArgument, config: configFlag }, (input) =>
  Effect.gen(function* () {
    const project = yield* projectOf(input.config)
    yield* withStorage(project, addKeys(project.config.project, project.definitions, input.set, input.keys))
    yield* print(`${input.set}: added ${input.keys.join(", ")}; \`strata materialize\` plans their partitions.`)
  })
).pipe(Command.withDescription("Add keys to a dynamic partition set (the next run plans their partitions)"))

/** `strata partitions remove <set> <key...>` */
const remove = Command.make("remove", { set: setArgument, keys: keysArgument, config: configFlag }, (input) =>
  Effect.gen(function* () {
    const project = yield* projectOf(input.config)
    yield* withStorage(project, removeKeys(project.config.project, project.definitions, input.set, input.keys))
    yield* print(`${input.set}: removed ${input.keys.join(", ")} (what was committed for them stays in storage).`)
  })
).pipe(Command.withDescription("Remove keys from a dynamic partition set (committed data stays in storage)"))

/** `strata partitions list [--json]`: every dynamic set and its keys. */
const list = Command.make("list", { config: configFlag, json: jsonFlag }, (input) =>
  Effect.gen(function* () {
    const project = yield* projectOf(input.config)
    const sets = dynamicSetsOf(project.definitions)
    if (sets.length === 0 && isInteractive(input.json)) return yield* print("No asset is partitioned by a dynamic set (Partitions.dynamic(name)).")
    // Only the sources partitioned by a set lend it keys: the other assets need not be listed.
    const sources = project.definitions.filter((definition) => definition._tag === "Source" && definition.spec.partitions?._tag === "Dynamic")
    const keys = yield* withStorage(
      project,
      observeProject(project.config.project, sources).pipe(Effect.flatMap((observed) => dynamicKeys(project.config.project, project.definitions, observed.observations)))
    )
    for (const set of sets) {
      const found = keys.get(set) ?? []
      yield* print(isInteractive(input.json) ? `${set}: ${found.length === 0 ? "(no keys)" : found.join(" ")}` : JSON.stringify({ set, keys: found }))
    }
  })
).pipe(Command.withDescription("List every dynamic partition set and its keys"))

/** `strata partitions add|remove|list` */
export const partitions = Command.make("partitions").pipe(
  Command.withDescription("Dynamic partition sets: add, remove or list their keys"),
  Command.withSubcommands([add, remove, list])
)
