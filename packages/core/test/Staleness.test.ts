import { Result, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { AssetDefinition, AssetGraph, AssetKey, AssetSpec, inputsDigest, Observation, PartitionMapping, Partitions, Staleness } from "../src/index.ts"
import { random } from "./random.ts"

const now = new Date("2021-01-03T00:00:00Z")
const daily = Partitions.daily({ start: "2021-01-01" })
const graph = Result.getOrThrow(AssetGraph.validate([
  AssetDefinition.source(AssetSpec.make({ key: "landing", layer: "source", partitions: daily })),
  AssetDefinition.make(AssetSpec.make({ key: "raw", layer: "bronze", partitions: daily, deps: ["landing"], codeVersion: "1" }), () => Stream.empty),
  AssetDefinition.make(AssetSpec.make({ key: "clean", layer: "silver", partitions: daily, deps: ["raw"], codeVersion: "1" }), () => Stream.empty),
  AssetDefinition.make(AssetSpec.make({ key: "model", layer: "model", deps: [{ asset: "clean", mapping: PartitionMapping.all() }], codeVersion: "1" }), () => Stream.empty)
]))
const days = ["2021-01-01", "2021-01-02"]

/** Observations of a fully fresh graph, each recording the inputs it read. */
const freshObservations = (): Array<Observation.Observation> => {
  const out: Array<Observation.Observation> = []
  const version = (asset: string, partition: string) => out.find((o) => o.asset === asset && o.partition === partition)?.dataVersion ?? ""
  const commit = (asset: string, partition: string, inputs: ReadonlyArray<{ asset: string; partition: string }>) => {
    const digest = inputsDigest(inputs.map((input) => ({ ...input, dataVersion: version(input.asset, input.partition) })))
    out.push({ asset, partition, codeVersion: "1", dataVersion: `${asset}-${partition}-${digest}`, inputsDigest: digest })
  }
  for (const day of days) out.push({ asset: "landing", partition: day, codeVersion: "", dataVersion: `l-${day}`, inputsDigest: "" })
  for (const day of days) commit("raw", day, [{ asset: "landing", partition: day }])
  for (const day of days) commit("clean", day, [{ asset: "raw", partition: day }])
  commit("model", "all", days.map((day) => ({ asset: "clean", partition: day })))
  return out
}

const statusOf = (observations: ReadonlyArray<Observation.Observation>, asset: string, partition: string) =>
  Staleness.evaluate(graph, Observation.index(observations), Partitions.context({ now })).statusOf(AssetKey.make(asset), partition)

describe("inputsDigest", () => {
  it("ignores order and changes with any data version (property)", () => {
    const rng = random(31)
    for (let round = 0; round < 200; round++) {
      const inputs = Array.from({ length: rng.int(0, 8) }, (_, i) => ({ asset: `a${rng.int(0, 3)}`, partition: `p${i}`, dataVersion: `${rng.int(0, 1e9)}` }))
      const shuffled = [...inputs].sort(() => rng.next() - 0.5)
      expect(inputsDigest(shuffled)).toBe(inputsDigest(inputs))
      expect(inputsDigest(inputs)).toMatch(/^[0-9a-f]{32}$/)
      if (inputs.length > 0) {
        const changed = inputs.map((input, i) => (i === 0 ? { ...input, dataVersion: `${input.dataVersion}x` } : input))
        expect(inputsDigest(changed)).not.toBe(inputsDigest(inputs))
      }
    }
  })
})

describe("Staleness.evaluate", () => {
  it("is fresh when everything matches", () => {
    const observations = freshObservations()
    for (const asset of ["raw", "clean"]) for (const day of days) expect(statusOf(observations, asset, day)).toBe("fresh")
    expect(statusOf(observations, "model", "all")).toBe("fresh")
    expect(statusOf(observations, "landing", "2021-01-01")).toBe("fresh")
  })

  it("is missing without a commit, and marks the readers upstream_stale", () => {
    const observations = freshObservations().filter((o) => !(o.asset === "raw" && o.partition === "2021-01-02"))
    expect(statusOf(observations, "raw", "2021-01-02")).toBe("missing")
    expect(statusOf(observations, "clean", "2021-01-02")).toBe("upstream_changed")
    expect(statusOf(observations, "clean", "2021-01-01")).toBe("fresh")
  })

  it("detects a code change and propagates it downstream", () => {
    const observations = freshObservations().map((o) => (o.asset === "raw" && o.partition === "2021-01-01" ? { ...o, codeVersion: "0" } : o))
    expect(statusOf(observations, "raw", "2021-01-01")).toBe("code_changed")
    expect(statusOf(observations, "clean", "2021-01-01")).toBe("upstream_stale")
    expect(statusOf(observations, "model", "all")).toBe("upstream_stale")
    expect(statusOf(observations, "clean", "2021-01-02")).toBe("fresh")
  })

  it("detects an upstream data change through the inputs digest", () => {
    const observations = freshObservations().map((o) => (o.asset === "landing" && o.partition === "2021-01-02" ? { ...o, dataVersion: "new" } : o))
    expect(statusOf(observations, "raw", "2021-01-02")).toBe("upstream_changed")
    expect(statusOf(observations, "clean", "2021-01-02")).toBe("upstream_stale")
    expect(statusOf(observations, "raw", "2021-01-01")).toBe("fresh")
  })
})
