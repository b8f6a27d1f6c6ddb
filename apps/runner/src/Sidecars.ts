/**
 * Reading committed sidecars: the catalog, lineage walks and `describe` all go through here,
 * so that every reader sees only committed partitions (sidecar present and matching its data).
 */
import type { AssetDefinition } from "@strata/core"
import { Sidecar } from "@strata/metadata"
import type { BlobStore, BlobStoreError } from "@strata/storage"
import { CommitProtocol, DatasetLayout } from "@strata/storage"
import { Effect, Option } from "effect"
import { datasetLayout, uriOf } from "./Materializer.ts"
import type { Project } from "./Project.ts"
import { UsageError } from "./Project.ts"

const decoder = new TextDecoder()

/** The layout of an asset-partition of the project, or a usage error naming the bad key. */
export const layoutFor = (project: Project, definition: AssetDefinition.AssetDefinition, partition: string) =>
  datasetLayout(project.config.project, definition, partition).pipe(Effect.mapError((error) => new UsageError({ message: error.message, cause: error })))

/** A partition's data object: its key, and its URI under the storage root (where a source's file is read). */
export const dataFileOf = (project: Project, definition: AssetDefinition.AssetDefinition, partition: string) =>
  Effect.map(layoutFor(project, definition, partition), (layout) => {
    const key = DatasetLayout.dataKey(layout)
    return { key, uri: uriOf(project.config.storage.root, key) }
  })

/** The definition of an asset, or a usage error listing close names. */
export const definitionFor = (project: Project, asset: string): Effect.Effect<AssetDefinition.AssetDefinition, UsageError> => {
  const definition = project.graph.definitions.get(asset as never)
  if (definition !== undefined) return Effect.succeed(definition)
  const known = [...project.graph.definitions.keys()]
  return Effect.fail(new UsageError({ message: `Unknown asset "${asset}". Known assets: ${known.join(", ")}` }))
}

/** The committed sidecar of an asset-partition (or an earlier version), `None` when not committed. */
export const readSidecar = (
  project: Project,
  asset: string,
  partition: string,
  version?: string
): Effect.Effect<Option.Option<Sidecar.Sidecar>, UsageError | BlobStoreError | Sidecar.SidecarError, BlobStore> =>
  Effect.gen(function* () {
    const definition = yield* definitionFor(project, asset)
    const layout = yield* layoutFor(project, definition, partition)
    const committed = yield* CommitProtocol.readCommitted(layout, version === undefined ? {} : { version })
    if (Option.isNone(committed)) return Option.none()
    return Option.some(yield* sidecarOfCommitted(committed.value, layout))
  })

/** A committed partition's sidecar, decoded (an error names the sidecar's key). */
export const sidecarOfCommitted = (committed: CommitProtocol.Committed, layout: DatasetLayout.DatasetLayout): Effect.Effect<Sidecar.Sidecar, Sidecar.SidecarError> =>
  Sidecar.decode(decoder.decode(committed.sidecar), DatasetLayout.sidecarKey(layout))

/** Reads a sidecar for a lineage walk: an unknown asset (e.g. removed since) reads as missing. */
export const lineageReader = (project: Project) => (asset: string, partition: string) =>
  project.graph.definitions.has(asset as never)
    ? readSidecar(project, asset, partition)
    : Effect.succeed(Option.none<Sidecar.Sidecar>())
