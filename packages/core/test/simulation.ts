/**
 * Test harness: random asset graphs, an in-memory store of observations, an executor that
 * runs a plan in order with injected failures, and a reference staleness oracle written
 * independently of the planner (naive recursion over the mappings).
 */
import { Result, Stream } from "effect"
import { AssetDefinition, AssetGraph, AssetSpec, inputsDigest, PartitionMapping, Partitions } from "../src/index.ts"
import type { AssetDefinition as Definition } from "../src/AssetDefinition.ts"
import type { AssetKey } from "../src/AssetKey.ts"
import type { Observation } from "../src/Observation.ts"
import type { Plan } from "../src/Planner.ts"
import type { Random } from "./random.ts"

export const START = "2021-01-01"
export const NOW = new Date("2021-01-11T06:00:00Z")
export const daily = Partitions.daily({ start: START })
const ctx = Partitions.context({ now: NOW })
export const versionByDate = Partitions.multi({ version: Partitions.staticKeys(["v1", "v2"]), date: daily })

type Shape = "daily" | "multi" | "none"
const shapes: Record<Shape, Partitions.PartitionsDefinition | undefined> = { daily, multi: versionByDate, none: undefined }

/** Mappings that fit a downstream and upstream shape, never asking for keys that do not exist (or allowing it). */
const mappingsFor = (down: Shape, up: Shape): ReadonlyArray<PartitionMapping.PartitionMapping> => {
  const options: Array<PartitionMapping.PartitionMapping> = [PartitionMapping.all()]
  if (down === up && down !== "none") options.push(PartitionMapping.identity())
  if (up === "none") options.push(PartitionMapping.identity())
  if (down === "daily" && up === "daily") {
    options.push(PartitionMapping.timeOffset(-1, { allowsMissing: true }), PartitionMapping.timeWindow(3))
  }
  if (up === "multi" && down !== "multi") options.push(PartitionMapping.staticPin("version", "v2"))
  if ((down === "multi" && up === "daily") || (down === "daily" && up === "multi")) options.push(PartitionMapping.multiToSingle("date"))
  return options
}

/** A random valid graph: a daily source `landing`, then materialized assets depending on earlier ones. */
export const randomGraph = (rng: Random, size: number): AssetGraph.AssetGraph => {
  const made: Array<{ key: string; shape: Shape }> = [{ key: "landing", shape: "daily" }]
  const definitions: Array<Definition> = [AssetDefinition.source(AssetSpec.make({ key: "landing", layer: "source", partitions: daily }))]
  for (let i = 0; i < size; i++) {
    const key = `a${String(i).padStart(2, "0")}`
    const shape = rng.pick<Shape>(["daily", "daily", "multi", "none"])
    const parents = made.filter(() => rng.next() < 0.35)
    if (parents.length === 0) parents.push(rng.pick(made))
    const deps = parents.map((parent) => ({ asset: parent.key, mapping: rng.pick(mappingsFor(shape, parent.shape)) }))
    const partitions = shapes[shape]
    definitions.push(
      AssetDefinition.make(
        AssetSpec.make({ key, layer: "silver", deps, codeVersion: "1", ...(partitions === undefined ? {} : { partitions }) }),
        () => Stream.empty
      )
    )
    made.push({ key, shape })
  }
  return Result.getOrThrow(AssetGraph.validate(definitions))
}

/** Replaces one asset's code version. */
export const bumpCode = (graph: AssetGraph.AssetGraph, asset: AssetKey): AssetGraph.AssetGraph => {
  const definitions = graph.order.map((key) => {
    const definition = graph.definitions.get(key) as Definition
    if (key !== asset || definition._tag !== "Materialized") return definition
    return AssetDefinition.make({ ...definition.spec, codeVersion: `${Number(definition.spec.codeVersion) + 1}` }, definition.materialize)
  })
  return Result.getOrThrow(AssetGraph.validate(definitions))
}

/** Storage, in memory. */
export class Store {
  readonly observations = new Map<string, Observation>()
  static id(asset: string, partition: string) {
    return `${asset}@${partition}`
  }
  get(asset: string, partition: string) {
    return this.observations.get(Store.id(asset, partition))
  }
  put(observation: Observation) {
    this.observations.set(Store.id(observation.asset, observation.partition), observation)
  }
  list(): ReadonlyArray<Observation> {
    return [...this.observations.values()]
  }
}

/** Observes every partition of the source with a data version derived from `salt`. */
export const observeSource = (store: Store, salt: string) => {
  for (const partition of Partitions.partitionKeys(daily, { now: NOW })) {
    store.put({ asset: "landing", partition, codeVersion: "", dataVersion: `src-${salt}-${partition}`, inputsDigest: "" })
  }
}

/** What running a plan did. */
export interface Execution {
  readonly succeeded: ReadonlyArray<string>
  readonly failed: ReadonlyArray<string>
  readonly problems: ReadonlyArray<string>
}

/**
 * Runs a plan in order; a step fails with probability `failureRate`; a step waiting on a failed
 * or skipped step is skipped. Data versions are a deterministic function of the asset, partition,
 * code version and inputs, as a real pure asset would produce.
 */
export const execute = (graph: AssetGraph.AssetGraph, plan: Plan, store: Store, rng: Random, failureRate: number): Execution => {
  const done = new Array<boolean>(plan.steps.length).fill(false)
  const succeeded: Array<string> = []
  const failed: Array<string> = []
  const problems: Array<string> = []
  plan.steps.forEach((step, position) => {
    if (step.waitsFor.some((earlier) => earlier >= position)) problems.push(`${step.asset}@${step.partition} waits for a later step`)
    if (!step.waitsFor.every((earlier) => done[earlier])) return
    const inputs = step.upstream.map((upstream) => {
      const observed = store.get(upstream.asset, upstream.partition)
      if (observed === undefined) problems.push(`${step.asset}@${step.partition} reads ${upstream.asset}@${upstream.partition}, which is missing`)
      return { ...upstream, dataVersion: observed?.dataVersion ?? "" }
    })
    if (rng.next() < failureRate) {
      failed.push(Store.id(step.asset, step.partition))
      return
    }
    const codeVersion = graph.definitions.get(step.asset)?.spec.codeVersion ?? ""
    const digest = inputsDigest(inputs)
    store.put({ asset: step.asset, partition: step.partition, codeVersion, dataVersion: `d-${codeVersion}-${digest}`, inputsDigest: digest })
    done[position] = true
    succeeded.push(Store.id(step.asset, step.partition))
  })
  return { succeeded, failed, problems }
}

/** Reference staleness, by naive recursion: fresh when committed with the current code and inputs, and every input fresh. */
export const isFresh = (graph: AssetGraph.AssetGraph, store: Store, asset: AssetKey, partition: string, memo = new Map<string, boolean>()): boolean => {
  const id = Store.id(asset, partition)
  const known = memo.get(id)
  if (known !== undefined) return known
  const spec = graph.definitions.get(asset)?.spec
  const observed = store.get(asset, partition)
  let fresh = spec !== undefined && observed !== undefined
  if (fresh && spec !== undefined && spec.kind === "materialized" && observed !== undefined) {
    const inputs: Array<{ asset: string; partition: string; dataVersion: string }> = []
    for (const dep of spec.deps) {
      const upstreamSpec = graph.definitions.get(dep.asset)?.spec
      for (const key of dep.mapping.upstream(partition, spec.partitions, upstreamSpec?.partitions, ctx).keys) {
        const upstream = store.get(dep.asset, key)
        if (upstream === undefined || !isFresh(graph, store, dep.asset, key, memo)) fresh = false
        if (upstream !== undefined) inputs.push({ asset: dep.asset, partition: key, dataVersion: upstream.dataVersion })
      }
    }
    fresh = fresh && observed.codeVersion === spec.codeVersion && inputsDigest(inputs) === observed.inputsDigest
  }
  memo.set(id, fresh)
  return fresh
}

/** Every partition of every materialized asset, as `asset@partition`. */
export const allMaterialized = (graph: AssetGraph.AssetGraph): ReadonlyArray<readonly [AssetKey, string]> =>
  graph.order.flatMap((asset) => {
    const spec = graph.definitions.get(asset)?.spec
    return spec === undefined || spec.kind === "source"
      ? []
      : Partitions.partitionKeys(spec.partitions, { now: NOW }).map((partition) => [asset, partition] as const)
  })
