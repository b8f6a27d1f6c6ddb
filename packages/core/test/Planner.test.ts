import { Result, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { AssetDefinition, AssetGraph, AssetKey, AssetSpec, Observation, PartitionMapping, PartitionRange, Partitions, plan } from "../src/index.ts"
import type { Plan } from "../src/Planner.ts"
import { random } from "./random.ts"
import { allMaterialized, bumpCode, daily, execute, isFresh, NOW, observeSource, randomGraph, Store } from "./simulation.ts"

/** The simulation runs hundreds of plans; give it more than the default five seconds. */
const SIMULATION_TIMEOUT_MS = 60_000

const everything = (graph: AssetGraph.AssetGraph) => graph.order

/** Structural invariants of any plan: no duplicate, waits point backwards, every planned upstream is waited for. */
const checkPlanShape = (result: Plan) => {
  const ids = result.steps.map((step) => `${step.asset}@${step.partition}`)
  const position = new Map(ids.map((id, i) => [id, i]))
  const problems: Array<string> = []
  if (position.size !== ids.length) problems.push("a step is listed twice")
  result.steps.forEach((step, i) => {
    if (step.waitsFor.some((earlier) => earlier >= i)) problems.push(`${ids[i]} waits for a later step`)
    const planned = step.upstream.map((u) => position.get(`${u.asset}@${u.partition}`)).filter((p) => p !== undefined)
    if ([...planned].sort().join() !== [...step.waitsFor].sort().join()) problems.push(`${ids[i]} does not wait for exactly its planned inputs`)
  })
  expect(problems).toEqual([])
}

/** Plans and executes until nothing is left, checking invariants on the way; returns the rounds used. */
const converge = (graph: AssetGraph.AssetGraph, store: Store, seed: number, failureRate: number) => {
  const rng = random(seed)
  const succeededOnce = new Set<string>()
  for (let round = 0; round < 60; round++) {
    const result = plan(graph, everything(graph), PartitionRange.all, store.list(), NOW)
    checkPlanShape(result)
    expect(plan(graph, everything(graph), PartitionRange.all, store.list(), NOW)).toEqual(result)
    if (result.steps.length === 0) return { rounds: round, last: result }
    const execution = execute(graph, result, store, rng, failureRate)
    expect(execution.problems).toEqual([])
    expect(execution.succeeded.filter((id) => succeededOnce.has(id))).toEqual([])
    for (const id of execution.succeeded) succeededOnce.add(id)
  }
  throw new Error("the planner did not converge in 60 rounds")
}

describe("plan, simulated to completion with injected failures", () => {
  it("ends with every partition fresh, requesting nothing twice; a code bump re-plans exactly that asset and its downstream", () => {
    for (let seed = 1; seed <= 25; seed++) {
      const rng = random(seed * 7919)
      const graph = randomGraph(rng, rng.int(3, 8))
      const store = new Store()
      observeSource(store, "a")
      const { last } = converge(graph, store, seed, 0.3)
      const memo = new Map<string, boolean>()
      const stale = allMaterialized(graph).filter(([asset, partition]) => !isFresh(graph, store, asset, partition, memo))
      expect(stale, `seed ${seed}`).toEqual([])
      expect(last.skipped.filter((item) => item.reason !== "fresh" && item.reason !== "source_asset")).toEqual([])

      const materialized = graph.order.filter((key) => graph.definitions.get(key)?.spec.kind === "materialized")
      const bumped = rng.pick(materialized)
      const next = bumpCode(graph, bumped)
      const replanned = plan(next, everything(next), PartitionRange.all, store.list(), NOW)
      const expectedAssets = new Set([bumped, ...AssetGraph.downstreamOf(next, [bumped])])
      expect(new Set(replanned.steps.map((step) => step.asset))).toEqual(expectedAssets)
      const bumpedSteps = replanned.steps.filter((step) => step.asset === bumped)
      expect(bumpedSteps.every((step) => step.reason === "code_changed")).toBe(true)
      expect(bumpedSteps).toHaveLength(Partitions.partitionKeys(next.definitions.get(bumped)?.spec.partitions, { now: NOW }).length)
      expect(replanned.steps.filter((step) => step.asset !== bumped).every((step) => step.reason === "upstream_changed")).toBe(true)
      converge(next, store, seed + 1000, 0.2)
      const memoNext = new Map<string, boolean>()
      expect(allMaterialized(next).every(([asset, partition]) => isFresh(next, store, asset, partition, memoNext))).toBe(true)
    }
  }, SIMULATION_TIMEOUT_MS)

  it("re-plans exactly the readers of a changed source partition", () => {
    const rng = random(99)
    const graph = randomGraph(rng, 6)
    const store = new Store()
    observeSource(store, "a")
    converge(graph, store, 5, 0)
    const day = "2021-01-04"
    const before = store.get("landing", day)
    store.put({ ...(before as Observation.Observation), dataVersion: "changed" })
    const result = plan(graph, everything(graph), PartitionRange.all, store.list(), NOW)
    const ctx = Partitions.context({ now: NOW })
    const readers = new Set<string>()
    const queue: Array<[AssetKey.AssetKey, string]> = [[AssetKey.make("landing"), day]]
    while (queue.length > 0) {
      const [asset, partition] = queue.pop() as [AssetKey.AssetKey, string]
      for (const dep of AssetGraph.downstreamPartitions(graph, asset, partition, ctx)) {
        for (const key of dep.keys) {
          const id = `${dep.asset}@${key}`
          if (!readers.has(id)) (readers.add(id), queue.push([dep.asset, key]))
        }
      }
    }
    expect(new Set(result.steps.map((step) => `${step.asset}@${step.partition}`))).toEqual(readers)
  })
})

const chain = () => {
  const definitions = [
    AssetDefinition.source(AssetSpec.make({ key: "landing", layer: "source", partitions: daily })),
    AssetDefinition.make(AssetSpec.make({ key: "raw", layer: "bronze", partitions: daily, deps: ["landing"] }), () => Stream.empty),
    AssetDefinition.make(
      AssetSpec.make({ key: "delta", layer: "silver", partitions: daily, deps: ["raw", { asset: "raw", mapping: PartitionMapping.timeOffset(-1) }] }),
      () => Stream.empty
    ),
    AssetDefinition.make(AssetSpec.make({ key: "gold", layer: "gold", partitions: daily, deps: ["delta"] }), () => Stream.empty)
  ]
  return Result.getOrThrow(AssetGraph.validate(definitions))
}

const keysOf = (items: ReadonlyArray<{ asset: string; partition: string }>) => items.map((item) => `${item.asset}@${item.partition}`)

describe("plan reasons and options", () => {
  it("leaves out the first day of a day-before mapping as upstream_nonexistent, and its readers as upstream_missing", () => {
    const graph = chain()
    const store = new Store()
    observeSource(store, "a")
    const result = plan(graph, graph.order, PartitionRange.all, store.list(), NOW)
    expect(result.skipped.find((item) => item.asset === "delta" && item.partition === "2021-01-01")).toMatchObject({
      reason: "upstream_nonexistent",
      blockedBy: { asset: "raw", partition: "2020-12-31" }
    })
    expect(result.skipped.find((item) => item.asset === "gold" && item.partition === "2021-01-01")?.reason).toBe("upstream_missing")
    const delta = result.steps.find((step) => step.asset === "delta" && step.partition === "2021-01-05")
    expect(keysOf(delta?.upstream ?? [])).toEqual(["raw@2021-01-05", "raw@2021-01-04"])
  })

  it("orders ready steps by partition key text, then asset rank", () => {
    const graph = chain()
    const store = new Store()
    observeSource(store, "a")
    const result = plan(graph, graph.order, PartitionRange.all, store.list(), NOW)
    const raws = result.steps.filter((step) => step.asset === "raw").map((step) => step.partition)
    expect(raws).toEqual([...raws].sort())
    expect(keysOf(result.steps.slice(0, 2))).toEqual(["raw@2021-01-01", "raw@2021-01-02"])
  })

  it("orders multi-dimensional keys time first: a backfill goes day by day across versions", () => {
    const versioned = Partitions.multi({ version: Partitions.staticKeys(["v1", "v2"]), date: daily })
    const definitions = [
      AssetDefinition.make(AssetSpec.make({ key: "parsed", layer: "silver", partitions: daily }), () => Stream.empty),
      AssetDefinition.make(
        AssetSpec.make({ key: "normalized", layer: "silver", partitions: versioned, deps: [{ asset: "parsed", mapping: PartitionMapping.multiToSingle("date") }] }),
        () => Stream.empty
      ),
      AssetDefinition.make(
        AssetSpec.make({ key: "annotated", layer: "gold", partitions: daily, deps: [{ asset: "normalized", mapping: PartitionMapping.staticPin("version", "v2") }] }),
        () => Stream.empty
      )
    ]
    const graph = Result.getOrThrow(AssetGraph.validate(definitions))
    const range = Result.getOrThrow(PartitionRange.parse({ from: "2021-01-01", to: "2021-01-02" }))
    const result = plan(graph, graph.order, range, new Store().list(), NOW)
    checkPlanShape(result)
    expect(keysOf(result.steps)).toEqual([
      "parsed@2021-01-01",
      "normalized@v1/2021-01-01",
      "normalized@v2/2021-01-01",
      "annotated@2021-01-01",
      "parsed@2021-01-02",
      "normalized@v1/2021-01-02",
      "normalized@v2/2021-01-02",
      "annotated@2021-01-02"
    ])
  })

  it("orders keys of three dimensions by their time dimension first, then the others in spec order", () => {
    const threeWay = Partitions.multi({ version: Partitions.staticKeys(["v1", "v2"]), date: daily, region: Partitions.staticKeys(["eu", "us"]) })
    const graph = Result.getOrThrow(AssetGraph.validate([AssetDefinition.make(AssetSpec.make({ key: "cube", layer: "silver", partitions: threeWay }), () => Stream.empty)]))
    const range = Result.getOrThrow(PartitionRange.parse({ from: "2021-01-01", to: "2021-01-02" }))
    const result = plan(graph, graph.order, range, new Store().list(), NOW)
    expect(result.steps.map((step) => step.partition)).toEqual([
      "v1/2021-01-01/eu",
      "v1/2021-01-01/us",
      "v2/2021-01-01/eu",
      "v2/2021-01-01/us",
      "v1/2021-01-02/eu",
      "v1/2021-01-02/us",
      "v2/2021-01-02/eu",
      "v2/2021-01-02/us"
    ])
  })

  it("limits to the range and reports what it leaves out of it", () => {
    const graph = chain()
    const store = new Store()
    observeSource(store, "a")
    const range = Result.getOrThrow(PartitionRange.parse({ from: "2021-01-03", to: "2021-01-04" }))
    const result = plan(graph, [AssetKey.make("raw")], range, store.list(), NOW)
    expect(keysOf(result.steps)).toEqual(["raw@2021-01-03", "raw@2021-01-04"])
    expect(result.skipped.filter((item) => item.reason === "outside_range")).toHaveLength(8)
  })

  it("names the explicit keys that are a partition of no selected asset, in the order given", () => {
    const graph = chain()
    const store = new Store()
    observeSource(store, "a")
    const keys = ["2021-02-30", "2021-01-03", "2021-01-11", "all"]
    const range = Result.getOrThrow(PartitionRange.parse({ keys }))
    const result = plan(graph, [AssetKey.make("raw")], range, store.list(), NOW)
    // 2021-01-11 is not complete at NOW; "all" names the partition of unpartitioned assets only.
    expect(result.unknownKeys).toEqual(["2021-02-30", "2021-01-11", "all"])
    expect(keysOf(result.steps)).toEqual(["raw@2021-01-03"])
    // A key a selected asset has is known even when the plan leaves it out (fresh).
    expect(plan(graph, [AssetKey.make("landing")], Result.getOrThrow(PartitionRange.parse({ keys: ["2021-01-03"] })), store.list(), NOW).unknownKeys).toEqual([])
    expect(plan(graph, [AssetKey.make("raw")], PartitionRange.all, store.list(), NOW).unknownKeys).toEqual([])
  })

  it("holds back readers of a stale unselected upstream unless noUpstream, and forces fresh partitions", () => {
    const graph = chain()
    const store = new Store()
    observeSource(store, "a")
    converge(graph, store, 3, 0)
    const staleGraph = bumpCode(graph, AssetKey.make("raw"))
    const gold = [AssetKey.make("gold")]
    const onlyDelta = [AssetKey.make("delta")]
    const held = plan(staleGraph, onlyDelta, PartitionRange.all, store.list(), NOW)
    expect(held.steps).toEqual([])
    expect(held.skipped.filter((item) => item.reason === "upstream_stale")).toHaveLength(9)
    const anyway = plan(staleGraph, onlyDelta, PartitionRange.all, store.list(), NOW, { noUpstream: true })
    expect(anyway.steps).toEqual([])
    const forced = plan(graph, gold, PartitionRange.all, store.list(), NOW, { force: true })
    expect(forced.steps.map((step) => step.reason)).toEqual(Array(9).fill("forced"))
    const forcedStale = plan(staleGraph, onlyDelta, PartitionRange.all, store.list(), NOW, { force: true, noUpstream: true })
    expect(forcedStale.steps).toHaveLength(9)
  })

  it("leaves out readers of an upstream that is missing and not selected", () => {
    const graph = chain()
    const store = new Store()
    observeSource(store, "a")
    const result = plan(graph, [AssetKey.make("gold")], PartitionRange.all, store.list(), NOW)
    expect(result.steps).toEqual([])
    expect(result.skipped.every((item) => item.reason === "upstream_missing")).toBe(true)
    const noSource = plan(graph, [AssetKey.make("raw")], PartitionRange.all, [], NOW)
    expect(noSource.skipped.every((item) => item.reason === "source_not_observed")).toBe(true)
  })
})
