/** `strata describe`, `strata lineage`, `strata versions`: reading what was committed. */
import { type AssetDefinition, type AssetSpec, Partitions } from "@strata/core"
import { Lineage, SchemaColumns, Sidecar } from "@strata/metadata"
import { BlobStore, CommitProtocol, JsonLines } from "@strata/storage"
import { Effect, Option, Stream } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { schemaColumnsOf, uriOf } from "../Materializer.ts"
import { type Project, UsageError } from "../Project.ts"
import { dataFileOf, definitionFor, layoutFor, lineageReader, readSidecar } from "../Sidecars.ts"
import { assetArgument, configFlag, isInteractive, jsonFlag, partitionArgument, partitionNotFound, print, projectOf, withStorage } from "./shared.ts"

const versionFlag = Flag.String("version").pipe(Flag.withDescription("An earlier committed version (see `strata versions`)"), Flag.optional)

/**
 * A source partition's file, where Strata reads it: Strata keeps no sidecar nor earlier version
 * of a source (the sidecars of the assets that read it record its SHA-1). A missing file, or a
 * version asked of it, is a usage error that says so.
 */
const sourceFileAt = (project: Project, definition: AssetDefinition.AssetDefinition, partition: string, version: Option.Option<string>) =>
  Effect.gen(function* () {
    const asset = definition.spec.key
    if (Option.isSome(version)) {
      return yield* new UsageError({ message: `${asset} is a source: Strata keeps no versions of its files, it reads them where they lie; leave out --version` })
    }
    const { key, uri } = yield* dataFileOf(project, definition, partition)
    const info = yield* withStorage(project, BlobStore.use((store) => store.head(key)))
    if (Option.isNone(info)) {
      return yield* new UsageError({ message: `${asset}@${partition}: no file at ${uri}; a source's files are put there by hand or by another system` })
    }
    return { key, uri, bytes: info.value.size, lastModified: info.value.lastModified.toISOString() }
  })

/** `strata describe <asset> [partition]` */
export const describe = Command.make(
  "describe",
  { asset: assetArgument, partition: partitionArgument.pipe(Argument.optional), version: versionFlag, config: configFlag, json: jsonFlag },
  (input) =>
    Effect.gen(function* () {
      const project = yield* projectOf(input.config)
      const definition = yield* definitionFor(project, input.asset)
      const spec = definition.spec
      if (Option.isNone(input.partition)) {
        const info: SpecInfo = {
          asset: spec.key,
          layer: spec.layer,
          kind: spec.kind,
          description: spec.description,
          partitions: Partitions.describe(spec.partitions),
          codeVersion: spec.codeVersion,
          owners: spec.owners,
          tags: spec.tags,
          dependencies: spec.deps.map((dep) => ({ asset: dep.asset, mapping: dep.mapping.describe() })),
          columns: spec.columns,
          schema: schemaColumnsOf(spec),
          files: filesOf(project, spec),
          checks: spec.checks.map((check) => ({ name: check.name, kind: check.kind, severity: check.severity, ...(check.column === undefined ? {} : { column: check.column }) }))
        }
        return yield* print(isInteractive(input.json) ? describeSpecText(info) : JSON.stringify(info))
      }
      if (definition._tag === "Source") {
        const file = yield* sourceFileAt(project, definition, input.partition.value, input.version)
        const info = { asset: spec.key, partition: input.partition.value, source: true, uri: file.uri, bytes: file.bytes, lastModified: file.lastModified }
        return yield* print(
          isInteractive(input.json)
            ? [
                `${info.asset}@${info.partition}  (a source: Strata keeps no sidecar of it; the sidecars of the assets that read it record its SHA-1)`,
                `  file: ${info.uri}`,
                `  bytes: ${info.bytes}`,
                `  modified: ${info.lastModified}`
              ].join("\n")
            : JSON.stringify(info)
        )
      }
      const sidecar = yield* withStorage(project, readSidecar(project, input.asset, input.partition.value, Option.getOrUndefined(input.version)))
      if (Option.isNone(sidecar)) return yield* partitionNotFound(definition, input.partition.value, Option.getOrUndefined(input.version))
      yield* print(isInteractive(input.json) ? Sidecar.encode(sidecar.value) : JSON.stringify(sidecar.value))
    })
).pipe(Command.withDescription("Describe an asset (spec, schema with business meaning, checks) or one of its partitions (its sidecar)"))

/** What `describe <asset>` tells of an asset's spec. */
export interface SpecInfo {
  readonly asset: string
  readonly layer: string
  readonly kind: string
  readonly description: string
  readonly partitions: string
  readonly codeVersion: string
  readonly owners: ReadonlyArray<string>
  readonly tags: Readonly<Record<string, string>>
  readonly dependencies: ReadonlyArray<{ readonly asset: string; readonly mapping: string }>
  /** The business documentation of the columns, as declared. */
  readonly columns: Readonly<Record<string, { readonly description: string; readonly meaning: string }>>
  /** Every column of the row schema, with its type and documentation. */
  readonly schema: ReadonlyArray<Sidecar.SchemaColumn>
  /** Where each partition's data lies (`<partition>` stands for its path): for a source, where to put its files. */
  readonly files: string
  readonly checks: ReadonlyArray<{ readonly name: string; readonly kind: string; readonly severity: string }>
}

/** The URI pattern of an asset's data objects: `<root>/<project>/<asset>/<partition>/<dataset>.<ext>`. */
const filesOf = (project: Project, spec: AssetSpec.AssetSpec): string =>
  uriOf(project.config.storage.root, `${project.config.project}/${spec.key}/<partition>/${spec.dataset}.${JsonLines.extension(spec.format.compression)}`)

/** A column for people: `name: type, nullable — description — meaning`, or `(undocumented)` once when it has neither. */
const columnText = (column: Sidecar.SchemaColumn): string => {
  const documented = [column.description, column.meaning].filter((part) => part !== "" && part !== SchemaColumns.UNDOCUMENTED)
  return [`${column.name}: ${column.type}${column.nullable ? ", nullable" : ""}`, ...(documented.length > 0 ? documented : [SchemaColumns.UNDOCUMENTED])].join(" — ")
}

export const describeSpecText = (info: SpecInfo): string => {
  const source = info.kind === "source"
  const section = (title: string, lines: ReadonlyArray<string>) => (lines.length === 0 ? [] : [`  ${title}:`, ...lines.map((line) => `    ${line}`)])
  return [
    `${info.asset} (${info.layer === info.kind ? info.layer : `${info.layer}, ${info.kind}`}${source ? "" : `, code version ${info.codeVersion}`})`,
    `  ${info.description}`,
    `  partitions: ${info.partitions}`,
    `  ${source ? "files, put there by hand or by another system" : "files"}: ${info.files}`,
    ...(info.owners.length > 0 ? [`  owners: ${info.owners.join(", ")}`] : []),
    ...(Object.keys(info.tags).length > 0 ? [`  tags: ${Object.entries(info.tags).map(([k, v]) => `${k}=${v}`).join(", ")}`] : []),
    ...section("depends on", info.dependencies.map((dep) => `${dep.asset} (${dep.mapping})`)),
    ...section("columns", info.schema.map(columnText)),
    ...section("checks", info.checks.map((check) => `${check.name} (${check.kind}, ${check.severity})`))
  ].join("\n")
}

const formatFlag = Flag.Literals("format", ["text", "json", "mermaid", "dot"]).pipe(Flag.withDescription("Output format"), Flag.withDefault("text"))

/** `strata lineage <asset> <partition> [--format text|json|mermaid|dot]` */
export const lineageShow = Command.make(
  "show",
  { asset: assetArgument, partition: partitionArgument, format: formatFlag, config: configFlag },
  (input) =>
    Effect.gen(function* () {
      const project = yield* projectOf(input.config)
      const definition = yield* definitionFor(project, input.asset)
      const isSource = (asset: string) => project.graph.definitions.get(asset as never)?._tag === "Source"
      const tree = yield* withStorage(project, Lineage.walk(lineageReader(project), input.asset, input.partition, { isSource }))
      if (tree.status === "missing") return yield* partitionNotFound(definition, input.partition)
      yield* print(Lineage.render(tree, input.format))
    })
).pipe(Command.withDescription("Follow sidecars upstream to the sources and print the tree"))

/** `strata versions <asset> <partition>`: earlier committed versions, oldest first. */
export const versions = Command.make("versions", { asset: assetArgument, partition: partitionArgument, config: configFlag, json: jsonFlag }, (input) =>
  Effect.gen(function* () {
    const project = yield* projectOf(input.config)
    const definition = yield* definitionFor(project, input.asset)
    if (definition._tag === "Source") {
      return yield* new UsageError({
        message: `${input.asset} is a source: Strata keeps no versions of its files, it reads them where they lie; \`strata describe ${input.asset} ${input.partition}\` shows the file`
      })
    }
    const layout = yield* layoutFor(project, definition, input.partition)
    const records = yield* withStorage(project, CommitProtocol.versions(layout))
    if (records.length === 0) return yield* partitionNotFound(definition, input.partition)
    for (const record of records) {
      yield* print(
        isInteractive(input.json)
          ? `${record.commitId}  ${record.committedAt}  sha1 ${record.sha1}  ${record.bytes} bytes  code ${record.codeVersion}`
          : JSON.stringify(record)
      )
    }
  })
).pipe(Command.withDescription("List the committed versions of a partition (read one with describe --version or read --version)"))

/** `strata read <asset> <partition> [--version id]`: the rows of a committed partition, as JSON Lines (a source partition's file as it lies). */
export const read = Command.make("read", { asset: assetArgument, partition: partitionArgument, version: versionFlag, config: configFlag }, (input) =>
  Effect.gen(function* () {
    const project = yield* projectOf(input.config)
    const definition = yield* definitionFor(project, input.asset)
    const gunzipIfNeeded = (data: Stream.Stream<Uint8Array, unknown>) => (definition.spec.format.compression === "gzip" ? JsonLines.gunzip(data) : data)
    if (definition._tag === "Source") {
      // A source's file as it lies (its bad lines too: quarantine is for the assets that read it).
      const file = yield* sourceFileAt(project, definition, input.partition, input.version)
      return yield* withStorage(
        project,
        BlobStore.use((store) => Stream.runForEach(gunzipIfNeeded(store.get(file.key)), (chunk) => Effect.sync(() => void process.stdout.write(chunk))))
      )
    }
    const layout = yield* layoutFor(project, definition, input.partition)
    const options = Option.match(input.version, { onNone: () => ({}), onSome: (version) => ({ version }) })
    const committed = yield* withStorage(project, CommitProtocol.readCommitted(layout, options))
    if (Option.isNone(committed)) return yield* partitionNotFound(definition, input.partition, Option.getOrUndefined(input.version))
    const data = gunzipIfNeeded(committed.value.data)
    yield* withStorage(project, Stream.runForEach(data, (chunk) => Effect.sync(() => void process.stdout.write(chunk))))
  })
).pipe(Command.withDescription("Print the rows of a committed partition (or of an earlier version) as JSON Lines"))
