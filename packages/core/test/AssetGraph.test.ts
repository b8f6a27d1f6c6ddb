import { Effect, Result, Schema, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { AssetDefinition, AssetGraph, AssetKey, AssetSpec, DefinitionError, PartitionMapping, Partitions } from "../src/index.ts"
import type { AssetDefinition as Definition } from "../src/AssetDefinition.ts"
import { random } from "./random.ts"

const daily = Partitions.daily({ start: "2021-01-01" })

const asset = (key: string, deps: AssetSpec.Input<unknown>["deps"] = [], partitions: Partitions.PartitionsDefinition | undefined = daily): Definition =>
  AssetDefinition.make(AssetSpec.make({ key, layer: "silver", deps, ...(partitions === undefined ? {} : { partitions }) }), () => Stream.empty)

const failure = (definitions: ReadonlyArray<Definition>): DefinitionError => {
  const result = AssetGraph.validate(definitions)
  if (Result.isSuccess(result)) throw new Error("expected a DefinitionError")
  return result.failure
}

describe("AssetGraph validation", () => {
  it("names both assets of an unknown dependency and suggests a close key", () => {
    const error = failure([asset("raw/html"), asset("silver/parsed", ["raw/htm"])])
    expect(error.reason).toBe("UnknownDependency")
    expect(error.asset).toBe("silver/parsed")
    expect(error.path).toEqual(["silver/parsed", "raw/htm"])
    expect(error.message).toContain("raw/html")
  })

  it("rejects a duplicate key", () => {
    const error = failure([asset("raw/html"), asset("raw/html")])
    expect(error.reason).toBe("DuplicateKey")
    expect(error.asset).toBe("raw/html")
  })

  it("reports a cycle with its path, each asset depending on the next (random rings)", () => {
    const rng = random(21)
    for (let round = 0; round < 30; round++) {
      const size = rng.int(1, 6)
      const ring = Array.from({ length: size }, (_, i) => `ring/a${i}`)
      const definitions = ring.map((key, i) => asset(key, [ring[(i + 1) % size] as string]))
      const error = failure([asset("outside"), ...definitions])
      expect(error.reason).toBe("Cycle")
      const path = error.path ?? []
      expect(path[0]).toBe(path.at(-1))
      expect(new Set(path.slice(0, -1))).toEqual(new Set(ring))
      path.slice(0, -1).forEach((key, i) => {
        const spec = definitions.find((definition) => definition.spec.key === key)?.spec
        expect(spec?.deps.map((dep) => dep.asset)).toContain(path[i + 1])
      })
    }
  })

  it("rejects a mapping that does not fit the partitions, naming both assets", () => {
    const versions = Partitions.staticKeys(["v1", "v2"])
    const error = failure([asset("versions", [], versions), asset("dated", ["versions"])])
    expect(error.reason).toBe("MappingMismatch")
    expect(error.path).toEqual(["dated", "versions"])
    const lookback = failure([asset("a"), asset("b", [{ asset: "a", mapping: PartitionMapping.timeWindow(0) }])])
    expect(lookback.reason).toBe("MappingMismatch")
  })

  it("rejects invalid specs at make time with the asset and the field", () => {
    expect(() => AssetSpec.make({ key: "Bad Key", layer: "silver" })).toThrow(DefinitionError)
    expect(() => AssetSpec.make({ key: "a", layer: "silver", partitions: Partitions.daily({ start: "nope" }) })).toThrow(/partitions/)
    expect(() => AssetSpec.make({ key: "a", layer: "silver", retry: { maxAttempts: 0 } })).toThrow(/maxAttempts/)
    expect(() => AssetSpec.make({ key: "landing", layer: "source", deps: ["x"] })).toThrow(/source asset/)
    expect(() => AssetDefinition.make(AssetSpec.make({ key: "landing", layer: "source" }), () => Stream.empty)).toThrow(/source/)
  })

  it("fills spec defaults and keeps the schema", () => {
    const schema = Schema.Struct({ url: Schema.String })
    const spec = AssetSpec.make({ key: "preprocess/url-normalization", layer: "silver", schema, deps: ["raw"] })
    expect(spec.dataset).toBe("url-normalization")
    expect(spec.kind).toBe("materialized")
    expect(spec.format).toEqual(AssetSpec.DEFAULT_FORMAT)
    expect(spec.deps[0]?.mapping.kind).toBe("identity")
    expect(spec.schema).toBe(schema)
  })
})

describe("AssetGraph order and walks", () => {
  it("orders every random DAG topologically, ties on key text, and walks match a naive closure", () => {
    const rng = random(22)
    for (let round = 0; round < 40; round++) {
      const size = rng.int(1, 12)
      const keys = Array.from({ length: size }, (_, i) => `n${String(rng.int(0, 999)).padStart(3, "0")}x${i}`)
      const deps = new Map(keys.map((key, i) => [key, keys.slice(0, i).filter(() => rng.next() < 0.3)]))
      const shuffled = [...keys].sort(() => rng.next() - 0.5)
      const graph = Effect.runSync(AssetGraph.make(shuffled.map((key) => asset(key, deps.get(key)))))
      const position = new Map(graph.order.map((key, i) => [key as string, i]))
      for (const [key, parents] of deps) for (const parent of parents) expect(position.get(parent)).toBeLessThan(position.get(key) ?? -1)
      const roots = graph.order.filter((key) => (deps.get(key) ?? []).length === 0)
      expect(graph.order[0]).toBe([...roots].sort()[0])
      const target = AssetKey.make(rng.pick(keys))
      const naive = new Set<string>()
      const visit = (key: string) => {
        for (const parent of deps.get(key) ?? []) if (!naive.has(parent)) (naive.add(parent), visit(parent))
      }
      visit(target)
      expect(new Set(AssetGraph.upstreamOf(graph, [target]))).toEqual(naive)
      for (const down of AssetGraph.downstreamOf(graph, [target])) expect(AssetGraph.upstreamOf(graph, [down]).has(target)).toBe(true)
    }
  })

  it("fails make as an Effect with the DefinitionError", () => {
    const exit = Effect.runSyncExit(AssetGraph.make([asset("a", ["missing"])]))
    expect(exit._tag).toBe("Failure")
  })
})
