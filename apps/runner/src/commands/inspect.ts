/** `strata describe`, `strata lineage`, `strata versions`: reading what was committed. */
import { Partitions } from "@strata/core"
import { Lineage, Sidecar } from "@strata/metadata"
import { CommitProtocol, JsonLines } from "@strata/storage"
import { Effect, Option, Stream } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { UsageError } from "../Project.ts"
import { definitionFor, layoutFor, lineageReader, readSidecar } from "../Sidecars.ts"
import { configFlag, isInteractive, jsonFlag, print, projectOf, withStorage } from "./shared.ts"

const assetArgument = Argument.String("asset").pipe(Argument.withDescription("Asset key, e.g. preprocess/html-parsing"))
const partitionArgument = Argument.String("partition").pipe(Argument.withDescription("Partition key, e.g. 2021-09-02 or v2/2021-09-02"))
const versionFlag = Flag.String("version").pipe(Flag.withDescription("An earlier committed version (see `strata versions`)"), Flag.optional)

const notCommitted = (asset: string, partition: string) =>
  new UsageError({ message: `${asset}@${partition} is not committed; run \`strata materialize +${asset} --partition ${partition}\`` })

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
        const info = {
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
          checks: spec.checks.map((check) => ({ name: check.name, kind: check.kind, severity: check.severity, ...(check.column === undefined ? {} : { column: check.column }) }))
        }
        return yield* print(isInteractive(input.json) ? describeSpecText(info) : JSON.stringify(info))
      }
      const sidecar = yield* withStorage(project, readSidecar(project, input.asset, input.partition.value, Option.getOrUndefined(input.version)))
      if (Option.isNone(sidecar)) return yield* notCommitted(input.asset, input.partition.value)
      yield* print(isInteractive(input.json) ? Sidecar.encode(sidecar.value) : JSON.stringify(sidecar.value))
    })
).pipe(Command.withDescription("Describe an asset (spec, schema with business meaning, checks) or one of its partitions (its sidecar)"))

const describeSpecText = (info: {
  asset: string
  layer: string
  kind: string
  description: string
  partitions: string
  codeVersion: string
  owners: ReadonlyArray<string>
  tags: Readonly<Record<string, string>>
  dependencies: ReadonlyArray<{ asset: string; mapping: string }>
  columns: Readonly<Record<string, { description: string; meaning: string }>>
  checks: ReadonlyArray<{ name: string; kind: string; severity: string }>
}): string =>
  [
    `${info.asset} (${info.layer}, ${info.kind}, code version ${info.codeVersion})`,
    `  ${info.description}`,
    `  partitions: ${info.partitions}`,
    ...(info.owners.length > 0 ? [`  owners: ${info.owners.join(", ")}`] : []),
    ...(Object.keys(info.tags).length > 0 ? [`  tags: ${Object.entries(info.tags).map(([k, v]) => `${k}=${v}`).join(", ")}`] : []),
    "  depends on:",
    ...info.dependencies.map((dep) => `    ${dep.asset} (${dep.mapping})`),
    "  columns:",
    ...Object.entries(info.columns).map(([name, doc]) => `    ${name}: ${doc.description}${doc.meaning === "" ? "" : ` — ${doc.meaning}`}`),
    "  checks:",
    ...info.checks.map((check) => `    ${check.name} (${check.kind}, ${check.severity})`)
  ].join("\n")

const formatFlag = Flag.Literals("format", ["text", "json", "mermaid", "dot"]).pipe(Flag.withDescription("Output format"), Flag.withDefault("text"))

/** `strata lineage <asset> <partition> [--format text|json|mermaid|dot]` */
export const lineageShow = Command.make(
  "show",
  { asset: assetArgument, partition: partitionArgument, format: formatFlag, config: configFlag },
  (input) =>
    Effect.gen(function* () {
      const project = yield* projectOf(input.config)
      yield* definitionFor(project, input.asset)
      const isSource = (asset: string) => project.graph.definitions.get(asset as never)?._tag === "Source"
      const tree = yield* withStorage(project, Lineage.walk(lineageReader(project), input.asset, input.partition, { isSource }))
      if (tree.status === "missing") return yield* notCommitted(input.asset, input.partition)
      yield* print(Lineage.render(tree, input.format))
    })
).pipe(Command.withDescription("Follow sidecars upstream to the sources and print the tree"))

/** `strata versions <asset> <partition>`: earlier committed versions, oldest first. */
export const versions = Command.make("versions", { asset: assetArgument, partition: partitionArgument, config: configFlag, json: jsonFlag }, (input) =>
  Effect.gen(function* () {
    const project = yield* projectOf(input.config)
    const definition = yield* definitionFor(project, input.asset)
    const layout = yield* layoutFor(project, definition, input.partition)
    const records = yield* withStorage(project, CommitProtocol.versions(layout))
    if (records.length === 0) return yield* notCommitted(input.asset, input.partition)
    for (const record of records) {
      yield* print(
        isInteractive(input.json)
          ? `${record.commitId}  ${record.committedAt}  sha1 ${record.sha1}  ${record.bytes} bytes  code ${record.codeVersion}`
          : JSON.stringify(record)
      )
    }
  })
).pipe(Command.withDescription("List the committed versions of a partition (read one with describe --version or read --version)"))

/** `strata read <asset> <partition> [--version id]`: the rows of a committed partition, as JSON Lines. */
export const read = Command.make("read", { asset: assetArgument, partition: partitionArgument, version: versionFlag, config: configFlag }, (input) =>
  Effect.gen(function* () {
    const project = yield* projectOf(input.config)
    const definition = yield* definitionFor(project, input.asset)
    const layout = yield* layoutFor(project, definition, input.partition)
    const options = Option.match(input.version, { onNone: () => ({}), onSome: (version) => ({ version }) })
    const committed = yield* withStorage(project, CommitProtocol.readCommitted(layout, options))
    if (Option.isNone(committed)) return yield* notCommitted(input.asset, input.partition)
    const data = definition.spec.format.compression === "gzip" ? JsonLines.gunzip(committed.value.data) : committed.value.data
    yield* withStorage(project, Stream.runForEach(data, (chunk) => Effect.sync(() => void process.stdout.write(chunk))))
  })
).pipe(Command.withDescription("Print the rows of a committed partition (or of an earlier version) as JSON Lines"))
