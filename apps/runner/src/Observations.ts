/**
 * Gathers what storage holds, before planning: the observation of every committed partition
 * of every asset, from LIST calls only (about one per thousand keys), never a read per
 * partition. Source assets are observed by listing their folder (or by their own `observe`).
 */
import { type AssetDefinition, type Observation, Partitions } from "@strata/core"
import { type BlobInfo, BlobStore, type BlobStoreError, CommitProtocol, DatasetLayout, JsonLines } from "@strata/storage"
import { Effect, Stream } from "effect"
import { dynamicKeys } from "./DynamicPartitions.ts"
import { sourceVersionKey } from "./Materializer.ts"

/** Observations of a project, and the data versions of source partitions for the materializer. */
export interface ObservedProject {
  readonly observations: ReadonlyArray<Observation.Observation>
  /** Data version (ETag) of each source partition, by {@link sourceVersionKey}. */
  readonly sourceVersions: ReadonlyMap<string, string>
  /** When each observed partition's data was last written (its data object's modification time, from the listing), by {@link sourceVersionKey}. */
  readonly updatedAt: ReadonlyMap<string, Date>
  /** The keys of every dynamic partition set the definitions use (see `DynamicPartitions`). */
  readonly dynamicKeys: ReadonlyMap<string, ReadonlyArray<string>>
  /** LIST calls made (for `status` and benchmarks). */
  readonly listCalls: number
}

/** Assets observed at once. */
const OBSERVE_CONCURRENCY = 8

/** The partition key of a partition folder path (`""` is the unpartitioned key). */
const keyOfPath = (path: string): string => (path === "" ? Partitions.UNPARTITIONED_KEY : path)

/**
 * Lists an asset's folder once and returns, by partition key, the data objects (ETag and
 * size) and the sidecars found there. Used to observe sources, to drop index markers of
 * partitions whose files were deleted or changed by hand, and to show the commit protocol the
 * sidecars that have no marker (a commit interrupted after its sidecar).
 */
const listFolder = (project: string, definition: AssetDefinition.AssetDefinition) =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const prefix = `${project}/${definition.spec.key}/`
    const dataName = `${definition.spec.dataset}.${JsonLines.extension(definition.spec.format.compression)}`
    const sidecarName = `${definition.spec.dataset}${DatasetLayout.SIDECAR_SUFFIX}`
    const data = new Map<string, BlobInfo>()
    const sidecars = new Set<string>()
    const sidecarPaths = new Set<string>()
    yield* store.list(prefix).pipe(
      Stream.runForEach((info) =>
        Effect.sync(() => {
          const rest = info.key.slice(prefix.length)
          const slash = rest.lastIndexOf("/")
          const folder = slash < 0 ? "" : rest.slice(0, slash)
          const name = rest.slice(slash + 1)
          if (name === dataName) data.set(keyOfPath(folder), info)
          else if (name === sidecarName) {
            sidecars.add(keyOfPath(folder))
            sidecarPaths.add(rest)
          }
        })
      )
    )
    return { data, sidecars, sidecarPaths }
  })

/** Observes every asset of the project. */
export const observeProject = (
  project: string,
  definitions: ReadonlyArray<AssetDefinition.AssetDefinition>
): Effect.Effect<ObservedProject, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const sourceVersions = new Map<string, string>()
    const updatedAt = new Map<string, Date>()
    let listCalls = 0
    const perAsset = yield* Effect.forEach(
      definitions,
      (definition) =>
        Effect.gen(function* () {
          const asset = definition.spec.key
          const folder = yield* listFolder(project, definition)
          listCalls++
          if (definition._tag === "Source") {
            return [...folder.data].map(([partition, { etag, lastModified }]): Observation.Observation => {
              sourceVersions.set(sourceVersionKey(asset, partition), etag)
              updatedAt.set(sourceVersionKey(asset, partition), lastModified)
              return { asset, partition, codeVersion: "", dataVersion: etag, inputsDigest: "" }
            })
          }
          listCalls++
          const observed = yield* Stream.runCollect(CommitProtocol.observe(project, asset, { sidecarPaths: folder.sidecarPaths, dataObjects: folder.data }))
          // A partition whose files were deleted (or whose data changed size) is missing, whatever its index marker says.
          return observed.filter((o) => {
            const data = folder.data.get(o.partition)
            if (data === undefined || !folder.sidecars.has(o.partition)) return false
            updatedAt.set(sourceVersionKey(asset, o.partition), data.lastModified)
            return true
          })
        }),
      { concurrency: OBSERVE_CONCURRENCY }
    )
    const observations = perAsset.flat()
    const keys = yield* dynamicKeys(project, definitions, observations)
    return { observations, sourceVersions, updatedAt, dynamicKeys: keys, listCalls: listCalls + keys.size }
  })
