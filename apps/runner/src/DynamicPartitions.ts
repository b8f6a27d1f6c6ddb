/**
 * The keys of dynamic partition sets (`Partitions.dynamic(name)`), known only at run time. A
 * set's keys are those added with `strata partitions add <set> <key>` (one empty object each,
 * `<project>/_partitions/<set>/<key, escaped>`, so a LIST gives them all), and the partitions
 * found in storage of a source asset partitioned by the set alone (a drop folder per key). The
 * observation reads them before planning, so a key added is planned by the next run.
 */
import { type AssetDefinition, type Observation, Partitions } from "@strata/core"
import { BlobStore, type BlobStoreError, DatasetLayout } from "@strata/storage"
import { Effect, Stream } from "effect"
import { UsageError } from "./Project.ts"

/** Folder of a set's keys. */
const setPrefix = (project: string, set: string): string => `${project}/_partitions/${encodeURIComponent(set)}/`

/** The names of the dynamic sets the definitions use, in any dimension, sorted. */
export const dynamicSetsOf = (definitions: ReadonlyArray<AssetDefinition.AssetDefinition>): ReadonlyArray<string> => {
  const names = new Set<string>()
  for (const definition of definitions) {
    const partitions = definition.spec.partitions
    if (partitions === undefined) continue
    const dimensions = partitions._tag === "Multi" ? partitions.dimensions.map((dimension) => dimension.partitions) : [partitions]
    for (const dimension of dimensions) if (dimension._tag === "Dynamic") names.add(dimension.name)
  }
  return [...names].sort()
}

/** Why `key` cannot be a key of a dynamic set (it becomes a folder of every asset it partitions), or `undefined`. */
export const keyProblem = (key: string): string | undefined => {
  if (key === "") return "it is empty"
  if (key.includes("/")) return "it contains '/' (a key is one folder)"
  return DatasetLayout.partitionPathProblem(key)
}

/** Fails unless `set` is a dynamic set of the definitions. */
const knownSet = (definitions: ReadonlyArray<AssetDefinition.AssetDefinition>, set: string): Effect.Effect<void, UsageError> => {
  const sets = dynamicSetsOf(definitions)
  if (sets.includes(set)) return Effect.void
  return Effect.fail(
    new UsageError({
      message: `No asset is partitioned by a dynamic set "${set}"; ${sets.length === 0 ? "the project defines none (Partitions.dynamic(name))" : `its sets are ${sets.join(", ")}`}.`
    })
  )
}

/**
 * Runs `change` on the object of each key of `set` (a set the definitions use). A key for which
 * `refuse` gives a reason fails the whole call first, so that a bad key changes none.
 */
const changeKeys = (
  project: string,
  definitions: ReadonlyArray<AssetDefinition.AssetDefinition>,
  set: string,
  keys: ReadonlyArray<string>,
  change: (store: BlobStore["Service"], object: string) => Effect.Effect<unknown, BlobStoreError>,
  refuse: (key: string) => string | undefined = () => undefined
): Effect.Effect<void, UsageError | BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    yield* knownSet(definitions, set)
    for (const key of keys) {
      const problem = refuse(key)
      if (problem !== undefined) return yield* new UsageError({ message: `Partition key ${JSON.stringify(key)} cannot be added to "${set}": ${problem}.` })
    }
    const store = yield* BlobStore
    yield* Effect.forEach(keys, (key) => change(store, `${setPrefix(project, set)}${encodeURIComponent(key)}`), { discard: true })
  })

/** Adds keys to a set (adding a key it has changes nothing); a bad key ({@link keyProblem}) adds none. */
export const addKeys = (project: string, definitions: ReadonlyArray<AssetDefinition.AssetDefinition>, set: string, keys: ReadonlyArray<string>) =>
  changeKeys(project, definitions, set, keys, (store, object) => store.put(object, new Uint8Array(0)), keyProblem)

/** Removes keys from a set; what was committed for them stays in storage, unplanned and unlisted. */
export const removeKeys = (project: string, definitions: ReadonlyArray<AssetDefinition.AssetDefinition>, set: string, keys: ReadonlyArray<string>) =>
  changeKeys(project, definitions, set, keys, (store, object) => store.delete(object))

/** The keys added to each set (one LIST per set), sorted. */
const addedKeys = (project: string, sets: ReadonlyArray<string>): Effect.Effect<Map<string, Set<string>>, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const keys = new Map<string, Set<string>>()
    for (const set of sets) {
      const prefix = setPrefix(project, set)
      const found = new Set<string>()
      yield* Stream.runForEach(store.list(prefix), (info) => Effect.sync(() => void found.add(decodeURIComponent(info.key.slice(prefix.length)))))
      keys.set(set, found)
    }
    return keys
  })

/**
 * Every dynamic set's keys: those added, and the observed partitions of the source assets
 * partitioned by the set alone. Sorted, so that plans are the same whatever the listing order.
 */
export const dynamicKeys = (
  project: string,
  definitions: ReadonlyArray<AssetDefinition.AssetDefinition>,
  observations: ReadonlyArray<Observation.Observation>
): Effect.Effect<ReadonlyMap<string, ReadonlyArray<string>>, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const sets = dynamicSetsOf(definitions)
    if (sets.length === 0) return new Map()
    const keys = yield* addedKeys(project, sets)
    const sourceSets = new Map<string, string>()
    for (const definition of definitions) {
      const partitions = definition.spec.partitions
      if (definition._tag === "Source" && partitions?._tag === "Dynamic") sourceSets.set(definition.spec.key, partitions.name)
    }
    for (const observation of observations) {
      const set = sourceSets.get(observation.asset)
      if (set !== undefined && observation.partition !== Partitions.UNPARTITIONED_KEY) keys.get(set)?.add(observation.partition)
    }
    return new Map([...keys].map(([set, found]) => [set, [...found].sort()]))
  })
