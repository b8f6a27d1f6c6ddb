import { Result, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { AssetDefinition, AssetGraph, AssetSpec, Selection } from "../src/index.ts"
import type { Layer } from "../src/Layer.ts"

const definition = (key: string, layer: Layer, deps: ReadonlyArray<string>, tags: Record<string, string> = {}) =>
  layer === "source"
    ? AssetDefinition.source(AssetSpec.make({ key, layer, tags }))
    : AssetDefinition.make(AssetSpec.make({ key, layer, deps, tags }), () => Stream.empty)

const graph = Result.getOrThrow(AssetGraph.validate([
  definition("landing", "source", []),
  definition("raw/html-documents", "bronze", ["landing"]),
  definition("preprocess/url-normalization", "silver", ["raw/html-documents"], { nlp: "no" }),
  definition("preprocess/html-parsing", "silver", ["preprocess/url-normalization"], { nlp: "yes" }),
  definition("preprocess/text-normalization", "silver", ["preprocess/html-parsing"], { nlp: "yes" }),
  definition("annotated", "gold", ["preprocess/text-normalization"]),
  definition("model", "model", ["annotated"]),
  definition("post-train", "post-train", ["model", "annotated"])
]))

const select = (text: string) => Result.getOrThrow(Selection.resolve(graph, Result.getOrThrow(Selection.parse(text))))

describe("Selection", () => {
  it("selects keys, prefixes, layers and tags", () => {
    expect(select("model")).toEqual(["model"])
    expect(select("preprocess/*")).toEqual(["preprocess/url-normalization", "preprocess/html-parsing", "preprocess/text-normalization"])
    expect(select("layer:gold")).toEqual(["annotated"])
    expect(select("tag:nlp=yes")).toEqual(["preprocess/html-parsing", "preprocess/text-normalization"])
    expect(select("tag:nlp")).toHaveLength(3)
    expect(select("*")).toEqual(graph.order)
  })

  it("expands + upstream and downstream transitively", () => {
    expect(select("+annotated")).toEqual(graph.order.slice(0, 6))
    expect(select("preprocess/text-normalization+")).toEqual(["preprocess/text-normalization", "annotated", "model", "post-train"])
    expect(select("+model+")).toEqual(graph.order)
  })

  it("combines with or (space, comma) and and (&, and), and binding tighter", () => {
    expect(select("model, annotated")).toEqual(["annotated", "model"])
    expect(select("model annotated")).toEqual(["annotated", "model"])
    expect(select("layer:silver & tag:nlp=yes")).toEqual(["preprocess/html-parsing", "preprocess/text-normalization"])
    expect(select("+annotated and layer:silver")).toEqual(select("preprocess/*"))
    expect(select("layer:silver&tag:nlp=no model")).toEqual(["preprocess/url-normalization", "model"])
  })

  it("agrees with set algebra on its parts (and = intersection, or = union)", () => {
    const terms = ["+annotated", "layer:silver", "tag:nlp", "model+", "preprocess/*", "landing", "*"]
    for (const a of terms) {
      for (const b of terms) {
        const left = new Set(select(a))
        const right = new Set(select(b))
        expect(new Set(select(`${a} & ${b}`))).toEqual(new Set([...left].filter((key) => right.has(key))))
        expect(new Set(select(`${a}, ${b}`))).toEqual(new Set([...left, ...right]))
      }
    }
  })

  it("fails clearly on unknown assets, empty matches and syntax errors", () => {
    const unknown = Selection.resolve(graph, Result.getOrThrow(Selection.parse("+annotatd")))
    expect(Result.isFailure(unknown) && unknown.failure.reason).toBe("UnknownAsset")
    expect(Result.isFailure(unknown) && unknown.failure.message).toContain("annotated")
    const prefix = Selection.resolve(graph, Result.getOrThrow(Selection.parse("gold/*")))
    expect(Result.isFailure(prefix) && prefix.failure.reason).toBe("NoMatch")
    const tag = Selection.resolve(graph, Result.getOrThrow(Selection.parse("tag:vision")))
    expect(Result.isFailure(tag) && tag.failure.reason).toBe("NoMatch")
    for (const bad of ["", "& model", "model &", "model & & annotated", "layer:platinum", "+", "Model", "../x", "tag:"]) {
      const parsed = Selection.parse(bad)
      expect(Result.isFailure(parsed) && parsed.failure.reason, bad).toBe("Syntax")
    }
  })
})
