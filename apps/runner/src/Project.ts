/**
 * A loaded project: its configuration, its validated asset graph and the storage layer its
 * configuration names. The only place where configuration becomes services.
 */
import { type AssetDefinition, AssetGraph, type DefinitionError } from "@strata/core"
import { Checks, SchemaColumns } from "@strata/metadata"
import { BlobStore, type BlobStoreError, type UriOptions } from "@strata/storage"
import { Data, Effect, type Layer } from "effect"
import { type LoadedConfig, findConfigFile, loadConfig } from "./ConfigLoader.ts"
import { schemaColumnsOf } from "./Materializer.ts"
import { ConfigError, type StrataConfig } from "./StrataConfig.ts"

/** A project ready to plan and run. */
export interface Project {
  readonly config: StrataConfig
  readonly file: string
  readonly graph: AssetGraph.AssetGraph
  readonly definitions: ReadonlyArray<AssetDefinition.AssetDefinition>
  /** The BlobStore of the configured storage root. */
  readonly storage: Layer.Layer<BlobStore, BlobStoreError>
}

/** What a configuration module exports as `definitions`: a list, or a function of the configuration. */
export type DefinitionsExport =
  | ReadonlyArray<AssetDefinition.AssetDefinition>
  | ((config: StrataConfig) => ReadonlyArray<AssetDefinition.AssetDefinition>)

/** A usage or definition error: the CLI exits with code 2. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string; readonly cause?: unknown }> {}

const definitionsOf = (loaded: LoadedConfig): ReadonlyArray<AssetDefinition.AssetDefinition> => {
  const exported = (loaded.module["definitions"] ?? (loaded.module["default"] as { definitions?: unknown } | undefined)?.definitions) as
    | DefinitionsExport
    | undefined
  if (exported === undefined) {
    throw new ConfigError({ reason: "Invalid", file: loaded.file, message: `${loaded.file} exports no "definitions": export the list of your asset definitions (or a function of the configuration returning it)` })
  }
  const list = typeof exported === "function" ? exported(loaded.config) : exported
  if (!Array.isArray(list)) throw new ConfigError({ reason: "Invalid", file: loaded.file, message: `${loaded.file}: "definitions" must be an array of asset definitions` })
  return list
}

/** The storage layer of a configuration; `access` gives a role's own credentials or AWS profile (see Roles.ts). */
export const storageLayer = (config: StrataConfig, access: Pick<UriOptions, "credentials" | "profile"> = {}): Layer.Layer<BlobStore, BlobStoreError> =>
  BlobStore.layerFromUri(config.storage.root, {
    ...access,
    ...(config.storage.s3?.endpoint !== undefined ? { endpoint: config.storage.s3.endpoint } : {}),
    ...(config.storage.s3?.region !== undefined ? { region: config.storage.s3.region } : {}),
    ...(config.storage.s3?.forcePathStyle !== undefined ? { forcePathStyle: config.storage.s3.forcePathStyle } : {}),
    ...(config.storage.s3?.checksumMode !== undefined ? { checksumMode: config.storage.s3.checksumMode } : {})
  })

const usage = (cause: unknown): UsageError =>
  new UsageError({ message: cause instanceof Error || (typeof cause === "object" && cause !== null && "message" in cause) ? String((cause as { message: unknown }).message) : String(cause), cause })

/**
 * Every materialized asset's checks can be evaluated as declared (a column its schema has, a
 * pattern that compiles, ...): a check that cannot is a definition error when the project
 * loads, naming the asset, rather than a failed step at each of its partitions.
 */
const validateChecks = (definitions: ReadonlyArray<AssetDefinition.AssetDefinition>): Effect.Effect<void, UsageError> =>
  Effect.forEach(
    definitions.filter((definition) => definition._tag === "Materialized" && definition.spec.checks.length > 0),
    ({ spec }) =>
      Checks.make(spec.checks, { schemaColumns: SchemaColumns.names(schemaColumnsOf(spec)) }).pipe(
        Effect.mapError((error) => new UsageError({ message: `Asset ${spec.key}: ${error.message}`, cause: error }))
      ),
    { discard: true }
  )

/** Loads the configuration found from `cwd` (or `explicit`) and validates its asset graph and checks. */
export const loadProject = (
  cwd: string,
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>
): Effect.Effect<Project, UsageError> =>
  Effect.gen(function* () {
    const loaded = yield* Effect.tryPromise({ try: () => loadConfig(findConfigFile(cwd, explicit), env), catch: usage })
    const definitions = yield* Effect.try({ try: () => definitionsOf(loaded), catch: usage })
    const graph = yield* AssetGraph.make(definitions).pipe(Effect.mapError((error: DefinitionError) => usage(error)))
    yield* validateChecks(definitions)
    return { config: loaded.config, file: loaded.file, graph, definitions, storage: storageLayer(loaded.config) }
  })
