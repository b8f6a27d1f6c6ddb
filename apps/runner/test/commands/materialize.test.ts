import { AssetDefinition, AssetGraph, AssetSpec, inputsDigest, type Observation, PartitionRange, Partitions, Planner } from "@strata/core"
import { Effect, Result, Schema, Stream } from "effect"
import { describe, expect, it } from "vitest"
import type { TaskOutcome } from "../../src/Executor.ts"
import { StepError } from "../../src/Materializer.ts"
import { BLOCKED_JSON_LIMIT, blockedGroups, blockedJson, planText, summaryText } from "../../src/commands/materialize.ts"
import type { RunSummary } from "../../src/Run.ts"
import { definitions } from "../fixtures/chain/strata.config.ts"

/** "Now" for the plans: two months into the chain's partitions. */
const NOW = new Date("2021-03-01T00:00:00Z")

const graph = Effect.runSync(AssetGraph.make(definitions))
const range = Result.getOrThrow(PartitionRange.parse({ from: "2021-01-01", to: "2021-01-02" }))

const summaryOf = (plan: Planner.Plan, outcomes: ReadonlyArray<TaskOutcome<unknown>> = []): RunSummary =>
  ({ runId: "20210301T000000Z-abcdef", plan, outcomes, listCalls: 3, durationMs: 1234 }) as unknown as RunSummary

describe("planText", () => {
  it("lists each step with its reason", () => {
    const plan = Planner.plan(graph, graph.order, range, [], NOW)
    const text = planText(summaryOf(plan))
    expect(text).toContain("6 step(s) to run:")
    for (const step of plan.steps) expect(text).toContain(`${step.asset}@${step.partition}  (missing)`)
  })

  it("gives the reason of a code change and of a stale upstream", () => {
    const observations: Array<Observation.Observation> = []
    const cold = Planner.plan(graph, graph.order, range, [], NOW)
    for (const step of cold.steps) {
      observations.push({ asset: step.asset, partition: step.partition, codeVersion: step.asset === "chain/squares" ? "0" : "1", dataVersion: `d-${step.asset}@${step.partition}`, inputsDigest: "" })
    }
    const text = planText(summaryOf(Planner.plan(graph, graph.order, range, observations, NOW)))
    expect(text).toContain("chain/squares@2021-01-01  (code changed)")
    expect(text).toMatch(/chain\/totals@2021-01-01 {2}\((upstream changed|code changed)\)/)
  })

  it("summarizes what lies outside the range instead of listing every partition", () => {
    const plan = Planner.plan(graph, graph.order, range, [], NOW)
    const outside = plan.skipped.filter((s) => s.reason === "outside_range").length
    expect(outside).toBeGreaterThan(100)
    const text = planText(summaryOf(plan))
    expect(text).toContain(`${outside} outside range`)
    // A person reads this on a terminal: a line per step and a few of summary, not one per day of history.
    expect(text.split("\n").length).toBeLessThan(plan.steps.length + 10)
  })
})

describe("a source partition not in storage", () => {
  const keys = Partitions.staticKeys(["k1"])
  const drop = AssetDefinition.source(AssetSpec.make({ key: "raw/drop", layer: "source", description: "files put by hand", partitions: keys, schema: Schema.Unknown }))
  const reader = AssetDefinition.make(
    AssetSpec.make({ key: "silver/read", layer: "silver", description: "reads the drop", partitions: keys, deps: ["raw/drop"], schema: Schema.Unknown }),
    () => Stream.empty
  )
  const withSource = Effect.runSync(AssetGraph.make([drop, reader]))
  const plan = Planner.plan(withSource, withSource.order, Result.getOrThrow(PartitionRange.parse({})), [], NOW)
  const file = "file:///data/proj/raw/drop/k1/drop.jsonl"
  const sourceFileOf = (asset: string, partition: string) => (asset === "raw/drop" && partition === "k1" ? file : undefined)

  it("is explained by where its file is expected, for itself and for what reads it, never by selecting +asset", () => {
    const text = planText(summaryOf(plan), sourceFileOf)
    expect(text).toContain(`raw/drop@k1: source not observed: no file at ${file}`)
    expect(text).toContain(`silver/read@k1: source not observed (needs raw/drop@k1, a source: no file at ${file})`)
    expect(text).not.toContain("select +")
    expect(planText(summaryOf(plan))).toContain("raw/drop@k1: source not observed: put its file in storage")
  })

  it("is listed in --json with what it needs and the file expected, up to a limit that keeps the line small", () => {
    const many = { ...plan, skipped: Array.from({ length: BLOCKED_JSON_LIMIT + 5 }, () => plan.skipped[0]!) }
    expect(blockedJson(summaryOf(many), sourceFileOf)).toHaveLength(BLOCKED_JSON_LIMIT)
    expect(blockedJson(summaryOf(plan), sourceFileOf)).toEqual([
      { asset: "raw/drop", partition: "k1", reason: "source_not_observed", sourceFile: file },
      { asset: "silver/read", partition: "k1", reason: "source_not_observed", needs: "raw/drop@k1", sourceFile: file }
    ])
  })
})

describe("blocked partitions in the plan's text", () => {
  const days = Partitions.daily({ start: "2021-01-01" })
  const drop = AssetDefinition.source(AssetSpec.make({ key: "raw/drop", layer: "source", description: "files put by hand", partitions: days, schema: Schema.Unknown }))
  const derived = (key: string, dep: string) =>
    AssetDefinition.make(AssetSpec.make({ key, layer: "silver", description: key, partitions: days, deps: [dep], schema: Schema.Unknown }), () => Stream.empty)
  const sourced = Effect.runSync(AssetGraph.make([drop, derived("silver/read", "raw/drop"), derived("gold/sum", "silver/read")]))
  const threeDays = Result.getOrThrow(PartitionRange.parse({ from: "2021-01-01", to: "2021-01-03" }))
  const fileOf = (asset: string, partition: string) => (asset === "raw/drop" ? `file:///d/raw/drop/${partition}/drop.jsonl` : undefined)

  it("says a line per asset with the count and range of its partitions, tracing a wait back to the source whose files are missing", () => {
    const text = planText(summaryOf(Planner.plan(sourced, sourced.order, threeDays, [], NOW)), fileOf)
    const file = "file:///d/raw/drop/2021-01-01/drop.jsonl"
    expect(text).toContain(`  raw/drop: 3 partitions, 2021-01-01 … 2021-01-03: source not observed: e.g. no file at ${file}`)
    expect(text).toContain(`  silver/read: 3 partitions, 2021-01-01 … 2021-01-03: source not observed (they need partitions of raw/drop, a source: e.g. no file at ${file})`)
    expect(text).toContain(`  gold/sum: 3 partitions, 2021-01-01 … 2021-01-03: upstream missing (they need partitions of silver/read, which wait for the source raw/drop: e.g. no file at ${file})`)
    expect(text).not.toContain("select +")
  })

  it("gives --json the same groups, each with its count, key range, need and the source it waits for", () => {
    const plan = Planner.plan(sourced, sourced.order, threeDays, [], NOW)
    const blocked = plan.skipped.filter((skipped) => skipped.reason !== "outside_range" && skipped.reason !== "source_asset")
    expect(blockedGroups(blocked, fileOf)).toEqual([
      { asset: "raw/drop", reason: "source_not_observed", count: 3, first: "2021-01-01", last: "2021-01-03", waitsForSource: "raw/drop", sourceFile: "file:///d/raw/drop/2021-01-01/drop.jsonl" },
      { asset: "silver/read", reason: "source_not_observed", count: 3, first: "2021-01-01", last: "2021-01-03", needs: "raw/drop@2021-01-01", waitsForSource: "raw/drop", sourceFile: "file:///d/raw/drop/2021-01-01/drop.jsonl" },
      { asset: "gold/sum", reason: "upstream_missing", count: 3, first: "2021-01-01", last: "2021-01-03", needs: "silver/read@2021-01-01", waitsForSource: "raw/drop", sourceFile: "file:///d/raw/drop/2021-01-01/drop.jsonl" }
    ])
  })

  it("advises selecting the upstream too when it can be built", () => {
    const totalsOnly = graph.order.filter((key) => key === "chain/totals")
    const text = planText(summaryOf(Planner.plan(graph, totalsOnly, range, [], NOW)))
    expect(text).toContain("  chain/totals: 2 partitions, 2021-01-01 … 2021-01-02: upstream missing (they need partitions of chain/squares, e.g. chain/squares@2021-01-01; select +chain/totals to build them too)")
  })

  it("counts the groups beyond the first twenty instead of listing them", () => {
    const many = Array.from({ length: 25 }, (_, i) => derived(`silver/read${i}`, "raw/drop"))
    const wide = Effect.runSync(AssetGraph.make([drop, ...many]))
    const lines = planText(summaryOf(Planner.plan(wide, wide.order, threeDays, [], NOW)), fileOf).split("\n")
    expect(lines.filter((line) => line.includes(": 3 partitions, "))).toHaveLength(20)
    expect(lines.at(-1)).toBe("  ... and 6 more groups (--json lists up to 1000 partitions)")
  })
})

describe("summaryText", () => {
  it("says there is nothing to do, and how many partitions are fresh", () => {
    const cold = Planner.plan(graph, graph.order, range, [], NOW)
    const stored = new Map<string, Observation.Observation>()
    for (const step of cold.steps) {
      const digest = inputsDigest(step.upstream.map((u) => ({ ...u, dataVersion: stored.get(`${u.asset}@${u.partition}`)?.dataVersion ?? "" })))
      stored.set(`${step.asset}@${step.partition}`, { asset: step.asset, partition: step.partition, codeVersion: "1", dataVersion: `d-${step.asset}@${step.partition}`, inputsDigest: digest })
    }
    const observations = [...stored.values()]
    const fresh = Planner.plan(graph, graph.order, range, observations, NOW)
    if (fresh.steps.length > 0) return expect.unreachable(`expected a fresh plan, got ${fresh.steps.length} steps`)
    expect(summaryText(summaryOf(fresh))).toMatch(/^Nothing to do: 6 partition\(s\) fresh/)
  })

  it("counts the outcomes and lists every step that did not succeed, with why", () => {
    const plan = Planner.plan(graph, graph.order, range, [], NOW)
    const outcomes: Array<TaskOutcome<unknown>> = [
      { _tag: "Succeeded", id: "chain/numbers@2021-01-01", attempts: 1, durationMs: 3, value: undefined },
      { _tag: "Failed", id: "chain/numbers@2021-01-02", attempts: 1, durationMs: 3, error: new StepError({ reason: "Failed", asset: "chain/numbers", partition: "2021-01-02", message: "boom" }) },
      { _tag: "Skipped", id: "chain/squares@2021-01-02", because: "chain/numbers@2021-01-02" },
      { _tag: "Cancelled", id: "chain/squares@2021-01-01" }
    ]
    const text = summaryText(summaryOf(plan, outcomes))
    expect(text).toContain("1 materialized, 1 failed, 1 skipped, 1 cancelled")
    expect(text).toContain("chain/numbers@2021-01-02: failed after 1 attempt(s): boom")
    expect(text).toContain("chain/squares@2021-01-02: skipped: upstream chain/numbers@2021-01-02 failed")
    expect(text).toContain("chain/squares@2021-01-01: cancelled")
    expect(text).not.toContain("chain/numbers@2021-01-01:")
  })
})
