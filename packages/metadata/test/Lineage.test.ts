import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import * as Lineage from "../src/Lineage.ts"
import type { DataSource, Sidecar } from "../src/Sidecar.ts"
import { buildFixtureSidecar } from "./fixtures/fixtureSidecar.ts"

const sha = (char: string) => char.repeat(40)

/** Sidecars of a small pipeline: landing (external) -> raw -> normalized -> parsed, plus a diamond, a gap and a cycle. */
const pipeline = Effect.map(buildFixtureSidecar, (base) => {
  const make = (asset: string, partition: string, sha1: string, dataSource: ReadonlyArray<DataSource>): Sidecar => ({
    ...base,
    asset,
    partition,
    sha1,
    dataSource
  })
  const up = (asset: string, partition: string, sha1: string): DataSource => ({ kind: "asset", asset, partition, uri: `s3://b/${asset}/${partition}`, sha1 })
  const sidecars = [
    make("raw/html", "2021-09-02", sha("a"), [{ kind: "external", name: "crawler", uri: "s3://landing/2021-09-02/" }]),
    make("norm/url", "2021-09-02", sha("b"), [up("raw/html", "2021-09-02", sha("a"))]),
    make("parse/html", "2021-09-02", sha("c"), [
      up("norm/url", "2021-09-02", sha("b")),
      up("raw/html", "2021-09-02", sha("0")),
      up("gone/asset", "2021-09-02", sha("d"))
    ]),
    make("loop/a", "x", sha("e"), [up("loop/b", "x", sha("f"))]),
    make("loop/b", "x", sha("f"), [up("loop/a", "x", sha("e"))])
  ]
  const reads: Array<string> = []
  const read: Lineage.ReadSidecar = (asset, partition) =>
    Effect.sync(() => {
      reads.push(`${asset}@${partition}`)
      return Option.fromNullishOr(sidecars.find((s) => s.asset === asset && s.partition === partition))
    })
  return { read, reads }
})

describe("Lineage", () => {
  it.effect("walks upstream to the sources, marking missing sidecars and changed data", () =>
    Effect.gen(function* () {
      const { read, reads } = yield* pipeline
      const tree = yield* Lineage.walk(read, "parse/html", "2021-09-02")
      expect(tree.status).toBe("ok")
      const [norm, raw, gone] = tree.upstream
      expect(norm).toMatchObject({ kind: "partition", asset: "norm/url", status: "ok" })
      expect(norm?.kind === "partition" && norm.upstream[0]).toMatchObject({ asset: "raw/html", status: "ok" })
      expect(raw).toMatchObject({ asset: "raw/html", status: "changed", sha1: sha("a"), recordedSha1: sha("0") })
      expect(gone).toMatchObject({ asset: "gone/asset", status: "missing", upstream: [] })
      expect(reads.filter((key) => key === "raw/html@2021-09-02")).toHaveLength(1)
      const text = Lineage.render(tree, "text")
      expect(text.split("\n")[0]).toContain("parse/html@2021-09-02")
      expect(text).toContain("├── norm/url@2021-09-02")
      expect(text).toContain("│   └── raw/html@2021-09-02")
      expect(text).toContain("external: crawler (s3://landing/2021-09-02/)")
      expect(text).toContain("gone/asset@2021-09-02  [missing sidecar]")
      expect(text).toContain("[changed since read: recorded sha1 0000000000]")
      expect(JSON.parse(Lineage.render(tree, "json"))).toEqual(JSON.parse(JSON.stringify(tree)))
    }))

  it.effect("shows a source asset's partition with the URI and SHA-1 its reader recorded, without reading a sidecar", () =>
    Effect.gen(function* () {
      const { read, reads } = yield* pipeline
      const tree = yield* Lineage.walk(read, "parse/html", "2021-09-02", { isSource: (asset) => asset === "gone/asset" })
      const gone = tree.upstream[2]
      expect(gone).toEqual({ kind: "partition", asset: "gone/asset", partition: "2021-09-02", status: "source", uri: "s3://b/gone/asset/2021-09-02", sha1: sha("d"), upstream: [] })
      expect(reads).not.toContain("gone/asset@2021-09-02")
      expect(Lineage.render(tree, "text")).toContain(`gone/asset@2021-09-02  source  sha1 dddddddddd  s3://b/gone/asset/2021-09-02`)
      expect(Lineage.render(tree, "dot")).toContain('label="gone/asset@2021-09-02 [source]", shape=cylinder')
      // The walk's own root may be a source too: nothing recorded it.
      expect(yield* Lineage.walk(read, "gone/asset", "2021-09-02", { isSource: () => true })).toEqual({ kind: "partition", asset: "gone/asset", partition: "2021-09-02", status: "source", upstream: [] })
    }))

  it.effect("renders Mermaid and dot with one node per partition and an edge per read", () =>
    Effect.gen(function* () {
      const { read } = yield* pipeline
      const tree = yield* Lineage.walk(read, "parse/html", "2021-09-02")
      const mermaid = Lineage.render(tree, "mermaid")
      expect(mermaid.startsWith("flowchart LR")).toBe(true)
      expect(mermaid.match(/\["raw\/html@2021-09-02/g)).toHaveLength(1)
      expect(mermaid.match(/-->/g)).toHaveLength(5)
      const dot = Lineage.render(tree, "dot")
      expect(dot.startsWith("digraph lineage {")).toBe(true)
      expect(dot).toContain('label="gone/asset@2021-09-02 [missing sidecar]", style=dashed, color=red')
      expect(dot).toContain('label="crawler (external)", shape=ellipse')
      expect(dot.match(/ -> /g)).toHaveLength(5)
    }))

  it.effect("stops at a cycle with a marker", () =>
    Effect.gen(function* () {
      const { read } = yield* pipeline
      const tree = yield* Lineage.walk(read, "loop/a", "x")
      const b = tree.upstream[0]
      expect(b).toMatchObject({ asset: "loop/b", status: "ok" })
      expect(b?.kind === "partition" && b.upstream[0]).toMatchObject({ asset: "loop/a", status: "cycle", upstream: [] })
      expect(Lineage.render(tree, "text")).toContain("[cycle: already above]")
    }))

  it.effect("marks the starting partition missing when it has no sidecar", () =>
    Effect.gen(function* () {
      const { read } = yield* pipeline
      const tree = yield* Lineage.walk(read, "nothing/here", "2021-01-01")
      expect(tree).toMatchObject({ status: "missing", upstream: [] })
    }))
})
