/**
 * Staleness (DESIGN.md, "Versions, staleness, plans"). A partition is
 *
 * 1. `missing` when nothing is committed (no observation);
 * 2. stale when its code version differs from the asset's (`code_changed`), when the data
 *    versions of the upstream partitions it reads now differ from those it read
 *    (`upstream_changed`: their `inputsDigest` differs from the recorded one), or when an
 *    upstream partition is missing or stale itself (`upstream_stale`);
 * 3. `fresh` otherwise.
 *
 * Staleness flows downstream: an asset's statuses are computed after its upstream assets'.
 * A source asset's partition is `fresh` when observed and `missing` otherwise.
 */
import type { AssetGraph } from "./AssetGraph.ts"
import { upstreamOf } from "./AssetGraph.ts"
import type { AssetKey } from "./AssetKey.ts"
import type { AssetSpec } from "./AssetSpec.ts"
import { digestLines, inputLine, type Observation, type ObservationIndex } from "./Observation.ts"
import { type PartitionContext, type PartitionSet, resolve } from "./Partitions.ts"

/** The status of one partition. */
export type PartitionStatus = "missing" | "code_changed" | "upstream_changed" | "upstream_stale" | "fresh"

/** Statuses as small integers, for compact per-asset tables. */
const STATUSES: ReadonlyArray<PartitionStatus> = ["missing", "code_changed", "upstream_changed", "upstream_stale", "fresh"]

/** Code of `missing` in a status table. */
export const MISSING = 0
/** Code of `code_changed` in a status table. */
export const CODE_CHANGED = 1
/** Code of `upstream_changed` in a status table. */
export const UPSTREAM_CHANGED = 2
/** Code of `upstream_stale` in a status table. */
export const UPSTREAM_STALE = 3
/** Code of `fresh` in a status table. */
export const FRESH = 4

/** The status named by a code of a status table. */
export const statusName = (code: number): PartitionStatus => STATUSES[code] ?? "missing"

/** One asset's partitions with their status codes, aligned with `set.keys`. */
export interface AssetTable {
  /** The asset. */
  readonly asset: AssetKey
  /** Its spec. */
  readonly spec: AssetSpec
  /** Its partition keys now. */
  readonly set: PartitionSet
  /** Status code per key (see {@link MISSING} ... {@link FRESH}). */
  readonly status: Uint8Array
  /** The asset's observations by partition key. */
  readonly observed: ReadonlyMap<string, Observation>
}

/** An asset-partition. */
export interface AssetPartition {
  /** The asset key. */
  readonly asset: AssetKey
  /** The partition key. */
  readonly partition: string
}

/** An upstream partition a partition reads, located in its asset's table. */
export interface Read extends AssetPartition {
  /** The upstream asset's table. */
  readonly table: AssetTable
  /** The key's index in that table. */
  readonly index: number
}

/** The assessment of one partition. */
export interface Assessment {
  /** Its status code. */
  readonly status: number
  /** The existing upstream partitions it reads, without duplicates. */
  readonly reads: ReadonlyArray<Read>
  /** An upstream key the mappings ask for that does not exist, on a mapping that does not allow it. */
  readonly nonexistent: AssetPartition | undefined
}

/**
 * Assesses one partition of an asset given its table and the tables of its upstream assets
 * (which must already be complete).
 */
export const assess = (
  own: AssetTable,
  key: string,
  tables: ReadonlyMap<AssetKey, AssetTable>,
  ctx: PartitionContext
): Assessment => {
  const spec = own.spec
  const observed = own.observed.get(key)
  if (spec.kind === "source") return { status: observed === undefined ? MISSING : FRESH, reads: [], nonexistent: undefined }
  const reads: Array<Read> = []
  const inputs: Array<string> = []
  let upstreamNotFresh = false
  let nonexistent: AssetPartition | undefined
  const deps = spec.deps
  for (let d = 0; d < deps.length; d++) {
    const dep = deps[d] as (typeof deps)[number]
    const table = tables.get(dep.asset)
    if (table === undefined) throw new Error(`Staleness.assess: the table of ${dep.asset} must be computed before ${spec.key}`)
    const mapped = dep.mapping.upstream(key, spec.partitions, table.spec.partitions, ctx)
    if (nonexistent === undefined && mapped.missing.length > 0 && !dep.mapping.allowsMissing) {
      nonexistent = { asset: dep.asset, partition: mapped.missing[0] as string }
    }
    const repeated = d > 0 && deps.slice(0, d).some((earlier) => earlier.asset === dep.asset)
    for (const partition of mapped.keys) {
      if (repeated && reads.some((read) => read.asset === dep.asset && read.partition === partition)) continue
      const index = table.set.indexOf(partition)
      reads.push({ asset: dep.asset, partition, table, index })
      const code = table.status[index] ?? MISSING
      if (code !== FRESH) upstreamNotFresh = true
      if (code !== MISSING) {
        const upstreamObservation = table.observed.get(partition)
        if (upstreamObservation !== undefined) inputs.push(inputLine(dep.asset, partition, upstreamObservation.dataVersion))
      }
    }
  }
  let status: number
  if (observed === undefined) status = MISSING
  else if (observed.codeVersion !== spec.codeVersion) status = CODE_CHANGED
  else if (digestLines(inputs) !== observed.inputsDigest) status = UPSTREAM_CHANGED
  else status = upstreamNotFresh ? UPSTREAM_STALE : FRESH
  return { status, reads, nonexistent }
}

/** An empty table for an asset, to be filled key by key. */
export const emptyTable = (graph: AssetGraph, asset: AssetKey, observations: ObservationIndex, ctx: PartitionContext): AssetTable => {
  const spec = graph.definitions.get(asset)?.spec
  if (spec === undefined) throw new Error(`Staleness: unknown asset ${asset}; resolve selections with Selection.resolve first`)
  const set = resolve(spec.partitions, ctx)
  return { asset, spec, set, status: new Uint8Array(set.keys.length), observed: observations.of(asset) }
}

/** The status of every partition of some assets (and, to compute them, of their upstream assets). */
export interface StatusReport {
  /** The status of an asset-partition (`undefined` when the asset was not evaluated or the key does not exist). */
  readonly statusOf: (asset: AssetKey, partition: string) => PartitionStatus | undefined
  /** Every partition of an evaluated asset with its status, in key order. */
  readonly partitions: (asset: AssetKey) => ReadonlyArray<{ readonly partition: string; readonly status: PartitionStatus }>
}

/**
 * Evaluates the status of every partition of `assets` (default: all) and their upstream
 * assets. Pure: observations and the context (instant, dynamic keys) are arguments.
 */
export const evaluate = (
  graph: AssetGraph,
  observations: ObservationIndex,
  ctx: PartitionContext,
  assets: Iterable<AssetKey> = graph.order
): StatusReport => {
  const wanted = new Set(assets)
  for (const key of upstreamOf(graph, wanted)) wanted.add(key)
  const tables = new Map<AssetKey, AssetTable>()
  for (const asset of graph.order) {
    if (!wanted.has(asset)) continue
    const table = emptyTable(graph, asset, observations, ctx)
    tables.set(asset, table)
    table.set.keys.forEach((key, i) => {
      table.status[i] = assess(table, key, tables, ctx).status
    })
  }
  return {
    statusOf: (asset, partition) => {
      const table = tables.get(asset)
      const index = table?.set.indexOf(partition) ?? -1
      return table === undefined || index < 0 ? undefined : statusName(table.status[index] ?? MISSING)
    },
    partitions: (asset) => {
      const table = tables.get(asset)
      return table === undefined ? [] : table.set.keys.map((partition, i) => ({ partition, status: statusName(table.status[i] ?? MISSING) }))
    }
  }
}
