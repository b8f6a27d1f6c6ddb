/**
 * The planner: which asset-partitions to materialize, in which order, and why; and which it
 * leaves out, and why. Pure and deterministic: observations, the instant and the run-time keys
 * are arguments; the planner never touches storage.
 *
 * For each selected asset (topological order) and each of its partitions in range:
 * - a source asset is never planned (`source_asset`, or `source_not_observed`);
 * - a partition whose mapping asks for an upstream key that does not exist is left out
 *   (`upstream_nonexistent`), as is one reading an upstream partition that is neither
 *   committed nor planned (`upstream_missing`, `source_not_observed`);
 * - a partition reading a stale upstream partition that is not planned is left out
 *   (`upstream_stale`: select the upstream too, e.g. `+asset`), unless `noUpstream` is set;
 * - otherwise it is planned when `missing`, `code_changed`, `upstream_changed` (its inputs'
 *   data versions changed, or an upstream partition it reads is planned), or `forced`; else
 *   it is left out as `fresh`.
 * Partitions out of range that are not fresh are reported as `outside_range`.
 *
 * Steps come in topological order: a step follows every step it reads from; among ready
 * steps, the partition key's text comes first, then the asset's topological rank. Of a
 * multi-dimensional key, only its time dimensions count as its text there, and its other
 * dimensions come after the asset's rank (`v2/2021-09-02` ranks as `2021-09-02`, after `v1`): a
 * backfill goes day by day across versions, so a day's partitions are built together (its
 * inputs read while they are in the page cache; an interrupted backfill leaves whole days done).
 * Left-out items come per asset (topological order), in partition key order.
 *
 * @example
 * const plan = Planner.plan(graph, selected, PartitionRange.all, observations, new Date(), { force: false })
 * for (const step of plan.steps) console.log(step.asset, step.partition, step.reason)
 */
import type { AssetGraph } from "./AssetGraph.ts"
import { upstreamOf } from "./AssetGraph.ts"
import type { AssetKey } from "./AssetKey.ts"
import { index as indexObservations, type Observation, type ObservationIndex } from "./Observation.ts"
import type { PartitionRange } from "./PartitionRange.ts"
import { context, type PartitionContext, type PartitionsDefinition, resolve } from "./Partitions.ts"
import * as MinHeap from "./MinHeap.ts"
import * as Multi from "./partitions/multi.ts"
import * as Staleness from "./Staleness.ts"

/** Why a step is planned. */
export type StepReason = "missing" | "code_changed" | "upstream_changed" | "forced"

/** Why an asset-partition is left out. */
export type SkipReason =
  | "fresh"
  | "outside_range"
  | "upstream_missing"
  | "upstream_stale"
  | "upstream_nonexistent"
  | "source_asset"
  | "source_not_observed"

/** One asset-partition to materialize. */
export interface PlanStep {
  /** The asset. */
  readonly asset: AssetKey
  /** The partition key. */
  readonly partition: string
  /** Why. */
  readonly reason: StepReason
  /** Every upstream partition it reads (committed or planned), in dependency then key order. */
  readonly upstream: ReadonlyArray<Staleness.AssetPartition>
  /** Positions in `steps` of the earlier steps it reads from (it must wait for them). */
  readonly waitsFor: ReadonlyArray<number>
}

/** One asset-partition left out. */
export interface Skipped {
  /** The asset. */
  readonly asset: AssetKey
  /** The partition key. */
  readonly partition: string
  /** Why. */
  readonly reason: SkipReason
  /** The upstream partition responsible, for the `upstream_*` and `source_not_observed` reasons. */
  readonly blockedBy?: Staleness.AssetPartition
}

/** A plan. */
export interface Plan {
  /** What to materialize, in a valid order. */
  readonly steps: ReadonlyArray<PlanStep>
  /** What is left out, with reasons. */
  readonly skipped: ReadonlyArray<Skipped>
  /**
   * The range's explicit keys (`PartitionRange` `keys`) that are a partition of no selected
   * asset, in the order given: a mistyped key, or one outside every asset's partitions. Empty
   * when the range names no keys.
   */
  readonly unknownKeys: ReadonlyArray<string>
}

/** Options of {@link plan}. */
export interface PlanOptions {
  /** Plan every selected partition in range that can run, fresh ones with reason `forced`. */
  readonly force?: boolean
  /** Do not hold back partitions whose upstream partitions are stale (run against the data as it is). */
  readonly noUpstream?: boolean
  /** Keys of dynamic partition sets by name. */
  readonly dynamicKeys?: ReadonlyMap<string, ReadonlyArray<string>> | Readonly<Record<string, ReadonlyArray<string>>>
}

interface DraftStep {
  readonly asset: AssetKey
  readonly assetRank: number
  readonly partition: string
  /** What of the partition key orders steps before the asset's rank: its time dimensions' values (all of a key without them). */
  readonly timeKey: string
  /** What orders steps of an asset with the same time key: its other dimensions' values. */
  readonly restKey: string
  readonly reason: StepReason
  readonly upstream: ReadonlyArray<Staleness.AssetPartition>
  readonly waitsFor: ReadonlyArray<number>
}

/**
 * When every step's inputs have a lower priority than the step, sorting by priority is the
 * order Kahn's algorithm would give (the smallest remaining step is always ready): a fast path.
 */
const byPriorityIfConsistent = (drafts: ReadonlyArray<DraftStep>, priority: Float64Array): ReadonlyArray<number> | undefined => {
  const consistent = drafts.every((draft, id) => draft.waitsFor.every((upstream) => (priority[upstream] as number) < (priority[id] as number)))
  if (!consistent) return undefined
  const count = drafts.length
  const packed = new Float64Array(count)
  for (let id = 0; id < count; id++) packed[id] = (priority[id] as number) * count + id
  packed.sort()
  return Array.from(packed, (value) => value % count)
}

/** Kahn's algorithm with a priority heap among ready steps. */
const kahn = (drafts: ReadonlyArray<DraftStep>, priority: Float64Array): ReadonlyArray<number> => {
  const waiting = new Int32Array(drafts.length)
  const readers: Array<Array<number> | undefined> = new Array(drafts.length)
  drafts.forEach((draft, id) => {
    waiting[id] = draft.waitsFor.length
    for (const upstream of draft.waitsFor) {
      const list = readers[upstream]
      if (list === undefined) readers[upstream] = [id]
      else list.push(id)
    }
  })
  const heap = MinHeap.make<number>((a, b) => (priority[a] as number) - (priority[b] as number))
  drafts.forEach((_draft, id) => {
    if (waiting[id] === 0) heap.push(id)
  })
  const sequence: Array<number> = []
  while (heap.size() > 0) {
    const id = heap.pop() as number
    sequence.push(id)
    for (const reader of readers[id] ?? []) {
      waiting[reader] = (waiting[reader] as number) - 1
      if (waiting[reader] === 0) heap.push(reader)
    }
  }
  return sequence
}

/** The time key and rest key of a partition key (see {@link DraftStep}). */
type OrderKeys = (key: string) => { readonly timeKey: string; readonly restKey: string }

/** How keys of `partitions` split into time key and rest key: only multi-dimensional keys with a time dimension and another one split. */
const orderKeys = (partitions: PartitionsDefinition | undefined): OrderKeys => {
  const whole: OrderKeys = (key) => ({ timeKey: key, restKey: "" })
  if (partitions?._tag !== "Multi") return whole
  const isTime = partitions.dimensions.map((dimension) => dimension.partitions._tag === "TimeWindow")
  const timeDimensions = [...isTime.keys()].filter((i) => isTime[i])
  const restDimensions = [...isTime.keys()].filter((i) => !isTime[i])
  if (timeDimensions.length === 0 || restDimensions.length === 0) return whole
  /** The values of `dimensions` (a single one without a join: the usual version x date). */
  const pick = (values: ReadonlyArray<string>, dimensions: ReadonlyArray<number>): string =>
    dimensions.length === 1 ? (values[dimensions[0] as number] as string) : dimensions.map((i) => values[i]).join(Multi.SEPARATOR)
  return (key) => {
    const values = key.split(Multi.SEPARATOR)
    return { timeKey: pick(values, timeDimensions), restKey: pick(values, restDimensions) }
  }
}

/** Orders draft steps topologically (Kahn), ready steps by time key, then asset rank, then rest key. */
const order = (drafts: ReadonlyArray<DraftStep>, assetCount: number): ReadonlyArray<PlanStep> => {
  const rankOf = (keys: Iterable<string>) => new Map([...new Set(keys)].sort().map((key, i) => [key, i]))
  const timeRank = rankOf(drafts.map((draft) => draft.timeKey))
  const restRank = rankOf(drafts.map((draft) => draft.restKey))
  const priority = new Float64Array(drafts.length)
  drafts.forEach((draft, id) => {
    priority[id] = ((timeRank.get(draft.timeKey) ?? 0) * assetCount + draft.assetRank) * restRank.size + (restRank.get(draft.restKey) ?? 0)
  })
  const sequence = byPriorityIfConsistent(drafts, priority) ?? kahn(drafts, priority)
  const position = new Int32Array(drafts.length)
  const ordered: Array<PlanStep> = []
  for (const id of sequence) {
    const draft = drafts[id] as DraftStep
    position[id] = ordered.length
    ordered.push({
      asset: draft.asset,
      partition: draft.partition,
      reason: draft.reason,
      upstream: draft.upstream,
      waitsFor: draft.waitsFor.map((upstream) => position[upstream] as number)
    })
  }
  return ordered
}

/**
 * The range's explicit keys (`PartitionRange` `keys`) that are a partition of no selected
 * asset in `ctx`, in the order given (see {@link Plan.unknownKeys}); empty when the range names
 * no keys.
 */
export const unknownKeys = (graph: AssetGraph, selection: Iterable<AssetKey>, range: PartitionRange, ctx: PartitionContext): ReadonlyArray<string> => {
  const requested = range.input.keys ?? []
  if (requested.length === 0) return []
  const sets = [...selection].map((asset) => resolve(graph.definitions.get(asset)?.spec.partitions, ctx))
  return requested.filter((key) => !sets.some((set) => set.has(key)))
}

const isIndex = (observations: Iterable<Observation> | ObservationIndex): observations is ObservationIndex =>
  typeof (observations as ObservationIndex).get === "function" && typeof (observations as ObservationIndex).of === "function"

/**
 * Plans the materialization of the selected assets' partitions in `range`.
 *
 * @param graph the validated graph
 * @param selection the selected keys (from `Selection.resolve`)
 * @param range the partitions to consider (`PartitionRange.all` for every one)
 * @param observations what storage holds (a list, or an index from `Observation.index`)
 * @param now the instant deciding which time windows are complete
 */
export const plan = (
  graph: AssetGraph,
  selection: Iterable<AssetKey>,
  range: PartitionRange,
  observations: Iterable<Observation> | ObservationIndex,
  now: Date,
  options: PlanOptions = {}
): Plan => {
  const ctx = context(options.dynamicKeys === undefined ? { now } : { now, dynamicKeys: options.dynamicKeys })
  const index = isIndex(observations) ? observations : indexObservations(observations)
  const selected = new Set(selection)
  const involved = new Set(selected)
  for (const key of upstreamOf(graph, selected)) involved.add(key)
  const tables = new Map<AssetKey, Staleness.AssetTable>()
  const stepOf = new Map<AssetKey, Int32Array>()
  const drafts: Array<DraftStep> = []
  const skipped: Array<Skipped> = []
  for (const asset of graph.order) {
    if (!involved.has(asset)) continue
    const table = Staleness.emptyTable(graph, asset, index, ctx)
    tables.set(asset, table)
    const steps = new Int32Array(table.set.keys.length).fill(-1)
    stepOf.set(asset, steps)
    const isSelected = selected.has(asset)
    const assetRank = graph.rank.get(asset) ?? 0
    const orderKeysOf = orderKeys(table.spec.partitions)
    const keys = table.set.keys
    for (let i = 0; i < keys.length; i++) {
      const partition = keys[i] as string
      const assessment = Staleness.assess(table, partition, tables, ctx)
      table.status[i] = assessment.status
      if (!isSelected) continue
      if (!range.contains(table.spec.partitions, partition)) {
        if (assessment.status !== Staleness.FRESH) skipped.push({ asset, partition, reason: "outside_range" })
        continue
      }
      if (table.spec.kind === "source") {
        skipped.push({ asset, partition, reason: assessment.status === Staleness.FRESH ? "source_asset" : "source_not_observed" })
        continue
      }
      if (assessment.nonexistent !== undefined) {
        skipped.push({ asset, partition, reason: "upstream_nonexistent", blockedBy: assessment.nonexistent })
        continue
      }
      let blocked: Skipped | undefined
      let staleUpstream: Staleness.AssetPartition | undefined
      const waitsFor: Array<number> = []
      for (const read of assessment.reads) {
        const upstreamStep = stepOf.get(read.asset)?.[read.index] ?? -1
        if (upstreamStep >= 0) {
          waitsFor.push(upstreamStep)
          continue
        }
        const code = read.table.status[read.index]
        const at = { asset: read.asset, partition: read.partition }
        if (code === Staleness.MISSING) {
          blocked = { asset, partition, reason: read.table.spec.kind === "source" ? "source_not_observed" : "upstream_missing", blockedBy: at }
          break
        }
        if (code !== Staleness.FRESH && staleUpstream === undefined) staleUpstream = at
      }
      if (blocked === undefined && staleUpstream !== undefined && options.noUpstream !== true) {
        blocked = { asset, partition, reason: "upstream_stale", blockedBy: staleUpstream }
      }
      if (blocked !== undefined) {
        skipped.push(blocked)
        continue
      }
      const reason: StepReason | undefined = assessment.status === Staleness.MISSING
        ? "missing"
        : assessment.status === Staleness.CODE_CHANGED
        ? "code_changed"
        : assessment.status === Staleness.UPSTREAM_CHANGED || waitsFor.length > 0
        ? "upstream_changed"
        : options.force === true
        ? "forced"
        : undefined
      if (reason === undefined) {
        skipped.push({ asset, partition, reason: "fresh" })
        continue
      }
      steps[i] = drafts.length
      drafts.push({
        asset,
        assetRank,
        partition,
        ...orderKeysOf(partition),
        reason,
        upstream: assessment.reads.map((read) => ({ asset: read.asset, partition: read.partition })),
        waitsFor
      })
    }
  }
  return { steps: order(drafts, graph.order.length), skipped, unknownKeys: unknownKeys(graph, selected, range, ctx) }
}
