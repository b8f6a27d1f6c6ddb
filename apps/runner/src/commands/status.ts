/** `strata status` and `strata catalog`: what is fresh, stale or missing, per asset. */
import { type AssetKey, Observation, PartitionRange, Partitions, Planner, Staleness } from "@strata/core"
import { Catalog } from "@strata/metadata"
import type { BlobStore, BlobStoreError } from "@strata/storage"
import { Effect } from "effect"
import { Command } from "effect/cli"
import { type BlockedCheck, currentBlockedChecks } from "../BlockedChecks.ts"
import { sourceVersionKey } from "../Materializer.ts"
import { observeProject } from "../Observations.ts"
import type { Project, UsageError } from "../Project.ts"
import { unknownKeysError } from "../Run.ts"
import { configFlag, fromFlag, isInteractive, jsonFlag, partitionFlag, print, projectOf, selectionArgument, selectedPartitions, toFlag, withStorage } from "./shared.ts"

/** Cells drawn per row of a partition grid. */
const GRID_WIDTH = 60
/** Grids longer than this many partitions are summarized by counts only. */
const GRID_MAX_PARTITIONS = 2000
/** Rows start anew per value of the leading dimensions only when they take at most this many values (versions, not days). */
const GRID_MAX_GROUPS = 20

const CELL: Record<Staleness.PartitionStatus, string> = {
  fresh: "\x1b[32m■\x1b[0m",
  code_changed: "\x1b[33m■\x1b[0m",
  upstream_changed: "\x1b[33m■\x1b[0m",
  upstream_stale: "\x1b[33m□\x1b[0m",
  missing: "\x1b[90m·\x1b[0m"
}

/** Fresh, stale or missing: the catalog's three states. */
export const simpleStatus = (status: Staleness.PartitionStatus): Catalog.PartitionStatus =>
  status === "fresh" ? "fresh" : status === "missing" ? "missing" : "stale"

/** The partitions of one asset with their status. */
export interface AssetStatus {
  readonly asset: AssetKey.AssetKey
  readonly layer: string
  readonly kind: "materialized" | "source"
  /** Each partition's status, and when its data was last written (ISO 8601) when it has any. */
  readonly partitions: ReadonlyArray<{ readonly partition: string; readonly status: Staleness.PartitionStatus; readonly updatedAt?: string }>
}

/** The status of every partition of the selected assets in range. */
export const projectStatus = (
  project: Project,
  keys: ReadonlyArray<AssetKey.AssetKey>,
  range: PartitionRange.PartitionRange,
  now: Date
): Effect.Effect<
  { readonly assets: ReadonlyArray<AssetStatus>; readonly blocked: ReadonlyArray<BlockedCheck>; readonly listCalls: number },
  BlobStoreError | UsageError,
  BlobStore
> =>
  Effect.gen(function* () {
    const observed = yield* observeProject(project.config.project, project.definitions)
    const index = Observation.index(observed.observations)
    const context = Partitions.context({ now, dynamicKeys: observed.dynamicKeys })
    const unknown = Planner.unknownKeys(project.graph, keys, range, context)
    if (unknown.length > 0) return yield* unknownKeysError(project, keys, unknown)
    const report = Staleness.evaluate(project.graph, index, context, keys)
    const assets = keys.map((asset): AssetStatus => {
      const spec = project.graph.definitions.get(asset)!.spec
      const partitions = report.partitions(asset).flatMap((p) => {
        if (!range.contains(spec.partitions, p.partition)) return []
        const updatedAt = observed.updatedAt.get(sourceVersionKey(asset, p.partition))
        return [updatedAt === undefined ? p : { ...p, updatedAt: updatedAt.toISOString() }]
      })
      return { asset, layer: spec.layer, kind: spec.kind, partitions }
    })
    const selected = new Set<string>(keys)
    const blocked = (yield* currentBlockedChecks(project.config.project, observed.observations)).filter((b) => selected.has(b.asset))
    return { assets, blocked, listCalls: observed.listCalls + 1 }
  })

/** The leading dimensions of a multi-dimensional key (`v2` of `v2/2021-09-02`); empty for a key of one dimension. */
const leadingDimensions = (partition: string): string => partition.slice(0, Math.max(0, partition.lastIndexOf("/")))

/**
 * An asset's partitions as rows of cells, each row labelled with its first partition: at most
 * {@link GRID_WIDTH} cells a row, and a new row where the leading dimensions change when they
 * take few values ({@link GRID_MAX_GROUPS}), so that each version of a `version/date` asset
 * has rows of its own (a `date/version` asset wraps as one run). Empty beyond
 * {@link GRID_MAX_PARTITIONS} partitions (the counts say it all).
 */
export const gridOf = (partitions: ReadonlyArray<{ partition: string; status: Staleness.PartitionStatus }>): string => {
  if (partitions.length > GRID_MAX_PARTITIONS) return ""
  const grouped = new Set(partitions.map((p) => leadingDimensions(p.partition))).size <= GRID_MAX_GROUPS
  const rows: Array<string> = []
  let row: Array<{ partition: string; status: Staleness.PartitionStatus }> = []
  const flush = () => {
    if (row.length > 0) rows.push(`    ${row[0]!.partition.padEnd(22)} ${row.map((p) => CELL[p.status]).join("")}`)
    row = []
  }
  for (const partition of partitions) {
    if (row.length === GRID_WIDTH || (grouped && row.length > 0 && leadingDimensions(row[0]!.partition) !== leadingDimensions(partition.partition))) flush()
    row.push(partition)
  }
  flush()
  return rows.join("\n")
}

/** An asset's partitions as the catalog counts them, each with when its data was last written. */
const statesOf = (asset: AssetStatus): Array<Catalog.PartitionState> =>
  asset.partitions.map((p) => ({
    asset: asset.asset,
    layer: asset.layer,
    partition: p.partition,
    status: simpleStatus(p.status),
    ...(p.updatedAt !== undefined ? { updatedAt: p.updatedAt } : {})
  }))

/** `strata status [selection] [--from --to]`: a partition grid per asset. */
export const status = Command.make(
  "status",
  { selection: selectionArgument, partition: partitionFlag, from: fromFlag, to: toFlag, config: configFlag, json: jsonFlag },
  (input) =>
    Effect.gen(function* () {
      const project = yield* projectOf(input.config)
      const { keys, range } = yield* selectedPartitions(project, input)
      const result = yield* withStorage(project, projectStatus(project, keys, range, new Date()))
      if (!isInteractive(input.json)) {
        for (const asset of result.assets) {
          const counts: Record<string, number> = {}
          for (const p of asset.partitions) counts[p.status] = (counts[p.status] ?? 0) + 1
          const lastUpdate = Catalog.summarize(statesOf(asset))[0]?.lastUpdate
          yield* print(JSON.stringify({ asset: asset.asset, layer: asset.layer, partitions: asset.partitions.length, ...counts, ...(lastUpdate !== undefined ? { lastUpdate } : {}) }))
        }
        for (const blocked of result.blocked) yield* print(JSON.stringify({ blockedCommit: blocked }))
        return
      }
      const lines: Array<string> = [`Legend: ${CELL.fresh} fresh  ${CELL.code_changed} stale  ${CELL.upstream_stale} upstream stale  ${CELL.missing} missing`]
      for (const asset of result.assets) {
        const counts = Catalog.summarize(statesOf(asset))[0]
        const label = asset.kind === "source" ? "observed" : `${counts?.fresh ?? 0} fresh, ${counts?.stale ?? 0} stale, ${counts?.missing ?? 0} missing`
        const updated = counts?.lastUpdate === undefined ? "" : `, last update ${counts.lastUpdate}`
        lines.push(`${asset.asset} (${asset.layer}): ${asset.partitions.length} partitions, ${label}${updated}`)
        const grid = gridOf(asset.partitions)
        if (grid !== "") lines.push(grid)
      }
      for (const blocked of result.blocked) {
        const failed = blocked.results.filter((r) => !r.passed && r.severity === "error").map((r) => `${r.name} (${r.observed})`)
        lines.push(`\x1b[31m✗\x1b[0m ${blocked.asset}@${blocked.partition}: a new version was refused at ${blocked.at} by ${failed.join("; ")}; the previous version stays`)
      }
      yield* print(lines.join("\n"))
    })
).pipe(Command.withDescription("Show every partition of the selected assets as fresh, stale or missing"))

/** `strata catalog`: every asset with its layer, partition counts and last update. */
export const catalog = Command.make("catalog", { config: configFlag, json: jsonFlag }, (input) =>
  Effect.gen(function* () {
    const project = yield* projectOf(input.config)
    const result = yield* withStorage(project, projectStatus(project, project.graph.order, PartitionRange.all, new Date()))
    const summaries = Catalog.summarize(result.assets.flatMap(statesOf))
    if (!isInteractive(input.json)) {
      for (const summary of summaries) yield* print(JSON.stringify(summary))
      return
    }
    const described = summaries.map((summary) => {
      const spec = project.graph.definitions.get(summary.asset as AssetKey.AssetKey)?.spec
      return `${summary.asset}\n    ${spec?.description ?? ""}`
    })
    yield* print(`${Catalog.renderTable(summaries)}\n\n${described.join("\n")}`)
  })
).pipe(Command.withDescription("List every asset: layer, partitions fresh / stale / missing, description"))
