/**
 * `strata diff <asset> <partition> [old] [new] [--rows [--key column]]`: what changed between two
 * committed versions of a partition, from their sidecars (`dvc diff` for one partition). Without
 * versions it compares the current commit with the one before it; with one, that version with
 * the current commit. `--rows` also reads both versions' data and tells which rows were added,
 * removed or changed, matched by a key column: `--key`, or the column of the asset's unique check.
 */
import type { AssetDefinition } from "@strata/core"
import { RowDiff, SidecarDiff } from "@strata/metadata"
import { CommitProtocol, type DatasetLayout, JsonLines } from "@strata/storage"
import { Effect, Option, Schema, Stream } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { schemaColumnsOf } from "../Materializer.ts"
import { type Project, UsageError } from "../Project.ts"
import { definitionFor, layoutFor, sidecarOfCommitted } from "../Sidecars.ts"
import { assetArgument, configFlag, isInteractive, jsonFlag, partitionArgument, partitionNotFound, print, projectOf, withStorage } from "./shared.ts"

const oldArgument = Argument.String("old").pipe(Argument.withDescription("The older version (default: the one before the newer); see `strata versions`"), Argument.optional)
const newArgument = Argument.String("new").pipe(Argument.withDescription("The newer version (default: the current commit)"), Argument.optional)
const rowsFlag = Flag.Boolean("rows").pipe(Flag.withDescription("Also read both versions' rows: which were added, removed or changed"), Flag.withDefault(false))
const keyFlag = Flag.String("key").pipe(Flag.withDescription("The column rows are matched by with --rows (default: the column of the asset's unique check)"), Flag.optional)

/**
 * The column `--rows` matches rows by: `--key` (which must be a column of the schema), else the
 * column of the asset's first unique check, else none (rows matched by content).
 */
export const rowKeyOf = (definition: AssetDefinition.AssetDefinition, key: Option.Option<string>): Effect.Effect<string | undefined, UsageError> => {
  const spec = definition.spec
  if (Option.isNone(key)) return Effect.succeed(spec.checks.find((check) => check.kind === "unique")?.column)
  const columns = schemaColumnsOf(spec).map((column) => column.name)
  return columns.includes(key.value)
    ? Effect.succeed(key.value)
    : Effect.fail(new UsageError({ message: `--key ${key.value}: ${spec.key} has no such column; its columns are ${columns.join(", ")}` }))
}

/**
 * One committed version of the partition, read once: its sidecar, and its data (read, and checked
 * against its SHA-1, only when streamed). A version gone since the listing is a usage error.
 */
const readVersion = (project: Project, layout: DatasetLayout.DatasetLayout, asset: string, record: CommitProtocol.CommitRecord) =>
  Effect.gen(function* () {
    const committed = yield* withStorage(project, CommitProtocol.readCommitted(layout, { version: record.commitId }))
    if (Option.isNone(committed)) {
      return yield* new UsageError({ message: `${asset}@${layout.partition}: version ${record.commitId} can no longer be read; \`strata versions\` lists what is kept` })
    }
    return { sidecar: yield* sidecarOfCommitted(committed.value, layout), data: committed.value.data }
  })

/** Feeds one version's rows to a comparison. */
const feedRows = (project: Project, definition: AssetDefinition.AssetDefinition, data: CommitProtocol.Committed["data"], add: (row: unknown) => void) =>
  withStorage(
    project,
    Stream.runForEach(JsonLines.decode(data, Schema.Unknown, { compression: definition.spec.format.compression }), (item) =>
      Effect.sync(() => (item._tag === "Row" ? add(item.row) : undefined))
    )
  )

/**
 * The two versions to compare, oldest first, from the partition's committed versions (oldest
 * first): the named ones, or the current commit and the one before it. A version the partition
 * does not have, or a partition with a single version, is a usage error that says what to run.
 */
export const chooseVersions = (
  asset: string,
  partition: string,
  records: ReadonlyArray<CommitProtocol.CommitRecord>,
  older: Option.Option<string>,
  newer: Option.Option<string>
): Effect.Effect<readonly [CommitProtocol.CommitRecord, CommitProtocol.CommitRecord], UsageError> => {
  const listed = `\`strata versions ${asset} ${partition}\` lists them`
  const find = (commitId: string) => {
    const index = records.findIndex((record) => record.commitId === commitId)
    return index < 0 ? Effect.fail(new UsageError({ message: `${asset}@${partition} has no version ${commitId}; ${listed}` })) : Effect.succeed(index)
  }
  return Effect.gen(function* () {
    const newIndex = Option.isSome(newer) ? yield* find(newer.value) : records.length - 1
    const oldIndex = Option.isSome(older) ? yield* find(older.value) : newIndex - 1
    if (oldIndex < 0) {
      const only = records[newIndex]?.commitId ?? ""
      return yield* new UsageError({
        message: `${asset}@${partition} has no version before ${only}: nothing to compare it with${records.length > 1 ? `; ${listed}` : " (it was committed once, or gc removed the earlier versions)"}`
      })
    }
    const [first, second] = oldIndex <= newIndex ? [oldIndex, newIndex] : [newIndex, oldIndex]
    return [records[first], records[second]] as readonly [CommitProtocol.CommitRecord, CommitProtocol.CommitRecord]
  })
}

/** The JSON line of a diff: the two versions, the changes (a side without the field written as `null`) and, with `--rows`, the rows'. */
export const diffJson = (
  asset: string,
  partition: string,
  older: CommitProtocol.CommitRecord,
  newer: CommitProtocol.CommitRecord,
  changes: ReadonlyArray<SidecarDiff.Change>,
  rows?: RowDiff.RowDiffResult
): string =>
  JSON.stringify({
    asset,
    partition,
    old: older.commitId,
    new: newer.commitId,
    changes: changes.map((change) => ({ ...change, before: change.before ?? null, after: change.after ?? null })),
    ...(rows === undefined ? {} : { rows })
  })

/** `strata diff <asset> <partition> [old] [new]` */
export const diff = Command.make(
  "diff",
  { asset: assetArgument, partition: partitionArgument, old: oldArgument, new: newArgument, rows: rowsFlag, key: keyFlag, config: configFlag, json: jsonFlag },
  (input) =>
    Effect.gen(function* () {
      const project = yield* projectOf(input.config)
      const definition = yield* definitionFor(project, input.asset)
      if (definition._tag === "Source") {
        return yield* new UsageError({ message: `${input.asset} is a source: Strata keeps no versions of its files, so there is nothing to compare; diff an asset that reads it` })
      }
      const layout = yield* layoutFor(project, definition, input.partition)
      const records = yield* withStorage(project, CommitProtocol.versions(layout))
      if (records.length === 0) return yield* partitionNotFound(definition, input.partition)
      const [older, newer] = yield* chooseVersions(input.asset, input.partition, records, input.old, input.new)
      const before = yield* readVersion(project, layout, input.asset, older)
      const after = yield* readVersion(project, layout, input.asset, newer)
      const changes = SidecarDiff.diff(before.sidecar, after.sidecar)
      let rows: RowDiff.RowDiffResult | undefined
      if (input.rows) {
        const comparison = RowDiff.make(yield* rowKeyOf(definition, input.key))
        yield* feedRows(project, definition, before.data, comparison.addBefore)
        yield* feedRows(project, definition, after.data, comparison.addAfter)
        rows = comparison.result()
      }
      const header = `${input.asset}@${input.partition}: ${older.commitId} (${older.committedAt}) -> ${newer.commitId} (${newer.committedAt})`
      yield* print(
        isInteractive(input.json)
          ? [header, ...SidecarDiff.toText(changes), ...(rows === undefined ? [] : RowDiff.toText(rows))].join("\n")
          : diffJson(input.asset, input.partition, older, newer, changes, rows)
      )
    })
).pipe(Command.withDescription("What changed between two committed versions of a partition: data, code, inputs, process, schema, statistics, checks"))
