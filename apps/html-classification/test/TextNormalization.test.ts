import { MaterializeError, Partitions } from "@strata/core"
import { Effect, Stream } from "effect"
import { describe, expect, it } from "vitest"
import * as HtmlParsing from "../src/assets/HtmlParsing.ts"
import * as TextNormalization from "../src/assets/TextNormalization.ts"
import { makeDefinitions } from "../src/definitions.ts"
import * as Settings from "../src/Settings.ts"
import { makeContext, materialize } from "./support/Harness.ts"
import { settings } from "./support/Fixtures.ts"

const parsed: HtmlParsing.ParsedDocument = {
  url: "https://example.com/a",
  title: "The Dogs were running, quickly!",
  content: "The committee discussed the budget, and members voted: yes!",
  language: "en",
  description: null,
  canonical_url: null,
  published_at: null,
  author: null,
  fetched_at: "2021-09-02T10:00:00Z"
}

const run = (partition: string) =>
  materialize(TextNormalization.make(settings), { asset: TextNormalization.KEY, partition, inputs: { [HtmlParsing.KEY]: [{ partition: "2021-09-02", rows: [parsed] }] } })

describe("preprocess/text-normalization", () => {
  it("applies each version's configured rules and records them in the partition's process", async () => {
    const v1 = await run("v1/2021-09-02")
    const v2 = await run("v2/2021-09-02")
    const [one] = v1.rows
    const [two] = v2.rows
    expect(one?.["version"]).toBe("v1")
    expect(two?.["version"]).toBe("v2")
    expect(one?.["content"]).not.toMatch(/[,:!]/)
    expect(two?.["content"]).toContain(",")
    expect(two?.["content"]).toContain("discuss ")
    expect(one?.["content"]).toContain("discussed")
    expect(one?.["content"]).not.toBe(two?.["content"])
    expect(v1.recorded.process?.map((rule) => rule.rule)).toEqual(["remove_punctuation", "remove_special_characters"])
    expect(v2.recorded.process?.map((rule) => rule.rule)).toEqual(["remove_special_characters", "lemmatize"])
    expect(v2.recorded.process?.[1]?.params["mode"]).toBe("verbs")
  })

  it("adds a version as new partitions only, leaving every code version and the annotator's pin unchanged", () => {
    const withV3 = Settings.fromConfig({
      normalization: { versions: { ...Settings.DEFAULT_VERSIONS, v3: ["lower_case", "remove_stop_words"] } }
    })
    const before = makeDefinitions(settings)
    const after = makeDefinitions(withV3)
    const now = new Date("2021-09-04T00:00:00Z")
    const keysOf = (defs: typeof before) => {
      const spec = defs.find((d) => d.spec.key === TextNormalization.KEY)?.spec
      return Partitions.partitionKeys(spec?.partitions, { now })
    }
    const added = keysOf(after).filter((key) => !keysOf(before).includes(key))
    expect(added).toEqual(["v3/2021-09-01", "v3/2021-09-02", "v3/2021-09-03"])
    expect(after.map((d) => [d.spec.key, d.spec.codeVersion])).toEqual(before.map((d) => [d.spec.key, d.spec.codeVersion]))
    const annotated = after.find((d) => d.spec.key === "annotated")?.spec
    expect(annotated?.deps[0]?.mapping.describe()).toContain("version = v2")
  })

  it("reads a day once for every version: a sibling version's step takes the rows computed for it, reading nothing", async () => {
    const definition = TextNormalization.make(settings)
    if (definition._tag !== "Materialized") throw new Error("text-normalization is materialized")
    const input = { [HtmlParsing.KEY]: [{ partition: "2021-09-02", rows: [parsed] }] }
    const stepRows = (partition: string, unreadable: boolean) => {
      const { ctx } = makeContext({ asset: TextNormalization.KEY, partition, inputs: input })
      const inputs = unreadable
        ? new Map(
            [...ctx.inputs].map(([asset, partitions]) => [
              asset,
              partitions.map((one) => ({ ...one, rows: Stream.fail(new MaterializeError({ reason: "Unavailable", asset, partition: one.partition, message: "read" })) }))
            ])
          )
        : ctx.inputs
      return Effect.runPromise(Stream.runCollect(definition.materialize({ ...ctx, inputs })))
    }
    const v1 = await stepRows("v1/2021-09-02", false)
    const v2 = await stepRows("v2/2021-09-02", true)
    expect(v2).toEqual((await run("v2/2021-09-02")).rows)
    expect(v1).toEqual((await run("v1/2021-09-02")).rows)
    // Handed out once: a second v2 step of the same day reads its input again.
    await expect(stepRows("v2/2021-09-02", true)).rejects.toThrow(/read/)
  })

  it("a sibling's step running beside the step that computes its rows waits for them, and reads its input itself if that step fails", async () => {
    const definition = TextNormalization.make(settings)
    if (definition._tag !== "Materialized") throw new Error("text-normalization is materialized")
    const input = { [HtmlParsing.KEY]: [{ partition: "2021-09-02", rows: [parsed] }] }
    const unreadable = (asset: string, partition: string) => Stream.fail(new MaterializeError({ reason: "Unavailable", asset, partition, message: "read" }))
    const step = (partition: string, rows: "readable" | "unreadable" | "failing") => {
      const { ctx } = makeContext({ asset: TextNormalization.KEY, partition, inputs: input })
      const inputs = new Map(
        [...ctx.inputs].map(([asset, partitions]) => [
          asset,
          partitions.map((one) =>
            rows === "readable" ? one : rows === "unreadable" ? { ...one, rows: unreadable(asset, one.partition) } : { ...one, rows: Stream.concat(one.rows, unreadable(asset, one.partition)) }
          )
        ])
      )
      return Stream.runCollect(definition.materialize({ ...ctx, inputs }))
    }
    const [, v2] = await Effect.runPromise(Effect.all([step("v1/2021-09-02", "readable"), step("v2/2021-09-02", "unreadable")], { concurrency: "unbounded" }))
    expect(v2).toEqual((await run("v2/2021-09-02")).rows)
    const [failed, alone] = await Effect.runPromise(
      Effect.all([Effect.flip(step("v1/2021-09-02", "failing")), step("v2/2021-09-02", "readable")], { concurrency: "unbounded" })
    )
    expect(failed.message).toBe("read")
    expect(alone).toEqual((await run("v2/2021-09-02")).rows)
  })

  it("does not hand a sibling's rows to a step whose input has another data version", async () => {
    const definition = TextNormalization.make(settings)
    const other = { ...parsed, content: "Another page was written today." }
    await materialize(definition, { asset: TextNormalization.KEY, partition: "v1/2021-09-02", inputs: { [HtmlParsing.KEY]: [{ partition: "2021-09-02", rows: [parsed] }] } })
    const v2 = await materialize(definition, { asset: TextNormalization.KEY, partition: "v2/2021-09-02", inputs: { [HtmlParsing.KEY]: [{ partition: "2021-09-02", rows: [other] }] } })
    expect(v2.rows.map((row) => row["content"])).toEqual(["Another page be write today."])
  })

  it("fails a partition whose version is not configured, naming the settings", async () => {
    const result = run("v9/2021-09-02")
    await expect(result).rejects.toThrow(/v9.*settings\.normalization\.versions/)
  })
})
