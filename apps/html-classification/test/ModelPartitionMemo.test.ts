import type { AssetDefinition } from "@strata/core"
import { Effect, Stream } from "effect"
import { describe, expect, it } from "vitest"
import * as Annotated from "../src/assets/Annotated.ts"
import * as Model from "../src/assets/Model.ts"
import { threeTopicSettings, topicPage } from "./support/Fixtures.ts"
import { makeContext } from "./support/Harness.ts"

const settings = threeTopicSettings
const TOPICS = ["sports", "cooking", "finance"]

/** An annotated page about `topic` (labeled `label`), fetched on `day` at `hour`. */
const page = (i: number, topic: string, label: string, day: string, hour = 10): Annotated.AnnotatedDocument =>
  topicPage({ i, topic, label, fetchedAt: `${day}T${String(hour).padStart(2, "0")}:00:00Z`, words: 20, stride: 5 })

/** A day of 18 pages (`first` onwards), and copies of pages of other days crawled again that day. */
const day = (date: string, first: number, again: ReadonlyArray<number> = []): ReadonlyArray<Annotated.AnnotatedDocument> => [
  ...Array.from({ length: 18 }, (_, i) => page(first + i, TOPICS[i % 3] as string, TOPICS[i % 3] as string, date)),
  ...again.map((i) => page(i, TOPICS[i % 3] as string, TOPICS[(i + 1) % 3] as string, date, 8))
]

const days: Readonly<Record<string, ReadonlyArray<Annotated.AnnotatedDocument>>> = {
  "2021-09-01": day("2021-09-01", 0),
  "2021-09-02": day("2021-09-02", 100, [1, 2]),
  // With a stale copy of a page of 2021-09-02, fetched before the copy there.
  "2021-09-03": [...day("2021-09-03", 200, [101, 4]), page(102, "finance", "sports", "2021-09-01")],
  "2021-09-04": day("2021-09-04", 300, [0, 201])
}

/** Materializes `definition` at `partition` over the annotated `window`, recording which input partitions it read. */
const step = async (
  definition: ReturnType<typeof Model.make>,
  partition: string,
  window: ReadonlyArray<{ readonly partition: string; readonly rows: ReadonlyArray<unknown> }>,
  reads: Array<string> = []
): Promise<ReadonlyArray<Model.Prediction>> => {
  const { ctx } = makeContext({ asset: Model.KEY, partition, inputs: { [Annotated.KEY]: window } })
  const inputs = new Map(
    [...ctx.inputs].map(([asset, partitions]) => [
      asset,
      partitions.map((input): AssetDefinition.InputPartition => ({
        ...input,
        rows: Stream.suspend(() => {
          reads.push(input.partition)
          return input.rows
        })
      }))
    ])
  )
  if (definition._tag !== "Materialized") throw new Error("model is materialized")
  return Array.from(await Effect.runPromise(Stream.runCollect(definition.materialize({ ...ctx, inputs })))) as ReadonlyArray<Model.Prediction>
}

/** The window of the given days, as they are. */
const windowOf = (...dates: ReadonlyArray<string>) => dates.map((date) => ({ partition: date, rows: days[date] ?? [] }))

describe("model's partition memo", () => {
  it("reads only the partitions it has not read at their data version, and predicts as a cold run does", async () => {
    const definition = Model.make(settings)
    const reads: Array<string> = []
    await step(definition, "2021-09-02", windowOf("2021-09-01", "2021-09-02"), reads)
    expect(reads).toEqual(["2021-09-01", "2021-09-02"])
    reads.length = 0
    const warm = await step(definition, "2021-09-03", windowOf("2021-09-01", "2021-09-02", "2021-09-03"), reads)
    expect(reads).toEqual(["2021-09-03"])
    const cold = await step(Model.make(settings), "2021-09-03", windowOf("2021-09-01", "2021-09-02", "2021-09-03"))
    expect(warm).toEqual(cold)
    // The freshest copy of a page crawled twice wins, wherever its partition was read from.
    const sourceOf = (url: string) => warm.find((row) => row.url === `https://example.com/${url}`)?.source_partition
    expect([sourceOf("cooking/4"), sourceOf("finance/101"), sourceOf("finance/102")]).toEqual(["2021-09-03", "2021-09-03", "2021-09-02"])
    expect(warm).toHaveLength(new Set(warm.map((row) => row.url)).size)
  })

  it("reads a partition again when its data version changed, and predicts from its new rows", async () => {
    const definition = Model.make(settings)
    await step(definition, "2021-09-03", windowOf("2021-09-02", "2021-09-03"))
    const relabeled = (days["2021-09-03"] ?? []).map((row) => (row.url === "https://example.com/sports/200" ? { ...row, label: "finance" } : row))
    const window = [...windowOf("2021-09-02"), { partition: "2021-09-03", rows: relabeled }, ...windowOf("2021-09-04")]
    const reads: Array<string> = []
    const warm = await step(definition, "2021-09-04", window, reads)
    expect(reads).toEqual(["2021-09-03", "2021-09-04"])
    expect(warm.find((row) => row.url === "https://example.com/sports/200")?.given_label).toBe("finance")
    expect(warm).toEqual(await step(Model.make(settings), "2021-09-04", window))
  })

  it("forgets a partition that neither the current step nor the one before used", async () => {
    const definition = Model.make(settings)
    await step(definition, "2021-09-02", windowOf("2021-09-01", "2021-09-02"))
    const reads: Array<string> = []
    await step(definition, "2021-09-04", windowOf("2021-09-03", "2021-09-04"), reads)
    await step(definition, "2021-09-02", windowOf("2021-09-01", "2021-09-02"), reads)
    await step(definition, "2021-09-02", windowOf("2021-09-01", "2021-09-02"), reads)
    expect(reads).toEqual(["2021-09-03", "2021-09-04", "2021-09-01", "2021-09-02"])
  })

  it("remembers nothing of a partition whose rows do not decode, so the same data fails again", async () => {
    const definition = Model.make(settings)
    const broken = [...(days["2021-09-01"] ?? []).slice(0, 5), { url: "https://example.com/x", label: "weather" }]
    for (let attempt = 0; attempt < 2; attempt++) {
      const failure = await step(definition, "2021-09-01", [{ partition: "2021-09-01", rows: broken }]).then(() => "succeeded", (error: unknown) => String(error))
      expect(failure).toContain("row 6 of annotated@2021-09-01")
    }
  })
})
