import { HashedTfidf } from "@strata/label-cleaning"
import { describe, expect, it } from "vitest"
import * as Annotated from "../src/assets/Annotated.ts"
import * as Model from "../src/assets/Model.ts"
import * as PostTrain from "../src/assets/PostTrain.ts"
import { threeTopicSettings, topicPage } from "./support/Fixtures.ts"
import { materialize, materializeFailure } from "./support/Harness.ts"

const settings = threeTopicSettings
/** A page about `topic`, labeled `label` (a wrong label when they differ). */
const annotatedRow = (i: number, topic: string, label: string, day: string): Annotated.AnnotatedDocument =>
  topicPage({ i, topic, label, fetchedAt: `${day}T10:00:00Z`, words: 24, stride: 7 })

const topics = ["sports", "cooking", "finance"]
const day1 = Array.from({ length: 30 }, (_, i) => annotatedRow(i, topics[i % 3] as string, topics[i % 3] as string, "2021-09-01"))
// Day 2: fresh pages, two of them mislabeled, and one page of day 1 crawled again.
const day2 = [
  ...Array.from({ length: 30 }, (_, i) => annotatedRow(100 + i, topics[i % 3] as string, topics[i % 3] as string, "2021-09-02")),
  annotatedRow(200, "cooking", "finance", "2021-09-02"),
  annotatedRow(201, "sports", "cooking", "2021-09-02"),
  { ...annotatedRow(0, "sports", "sports", "2021-09-02") }
]

describe("model and post-train", () => {
  it("predicts every page of the window out of fold, once per page, and cleaning keeps, rectifies or removes each", async () => {
    const model = await materialize(Model.make(settings), {
      asset: Model.KEY,
      partition: "2021-09-02",
      inputs: { [Annotated.KEY]: [{ partition: "2021-09-01", rows: day1 }, { partition: "2021-09-02", rows: day2 }] }
    })
    expect(model.quarantined).toHaveLength(0)
    expect(model.rows).toHaveLength(62)
    expect(new Set(model.rows.map((row) => row["url"])).size).toBe(62)
    expect(model.rows.find((row) => row["url"] === "https://example.com/sports/0")?.["source_partition"]).toBe("2021-09-02")
    for (const row of model.rows) {
      const p = row["probabilities"] as ReadonlyArray<number>
      expect(p).toHaveLength(3)
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
      expect(row["predicted_confidence"]).toBe(Math.max(...p))
      expect(row["fold"]).toBeGreaterThanOrEqual(0)
      expect(row["fold"]).toBeLessThan(3)
    }
    const accuracy = model.rows.filter((row) => row["correct"] === true).length / model.rows.length
    expect(model.recorded.metrics["model.accuracy"]).toBeCloseTo(accuracy)
    expect(accuracy).toBeGreaterThan(0.9)
    const mislabeled = model.rows.find((row) => row["url"] === "https://example.com/cooking/200")
    expect(mislabeled?.["predicted_label"]).toBe("cooking")

    const post = await materialize(PostTrain.make(settings), {
      asset: PostTrain.KEY,
      partition: "2021-09-02",
      inputs: { [Model.KEY]: [{ partition: "2021-09-02", rows: model.rows }] }
    })
    expect(post.quarantined).toHaveLength(0)
    expect(post.rows).toHaveLength(model.rows.length)
    // Rows reference their page's annotated row (source_partition, url) instead of copying its text.
    const annotatedKeys = new Set([...day1.map((row) => `2021-09-01 ${row.url}`), ...day2.map((row) => `2021-09-02 ${row.url}`)])
    for (const row of [...model.rows, ...post.rows]) {
      expect(row).not.toHaveProperty("content")
      expect(row).not.toHaveProperty("title")
      expect(annotatedKeys.has(`${String(row["source_partition"])} ${String(row["url"])}`)).toBe(true)
    }
    for (const row of post.rows) {
      expect(PostTrain.ACTIONS).toContain(row["action"])
      if (row["action"] === "removed") expect(row["label"]).toBeNull()
      if (row["action"] === "kept") expect(row["label"]).toBe(row["given_label"])
      if (row["action"] === "rectified") expect(row["label"]).toBe(row["predicted_label"])
      if (row["action"] !== "kept") expect(row["is_label_issue"] === true || row["is_outlier"] === true).toBe(true)
    }
    for (const url of ["https://example.com/cooking/200", "https://example.com/sports/201"]) {
      const row = post.rows.find((r) => r["url"] === url)
      expect(row?.["is_label_issue"]).toBe(true)
      expect(row?.["action"]).not.toBe("kept")
    }
    const count = (action: string) => post.rows.filter((row) => row["action"] === action).length
    expect(post.recorded.metrics["cleaning.kept"]).toBe(count("kept"))
    expect(post.recorded.metrics["cleaning.rectified"]).toBe(count("rectified"))
    expect(post.recorded.metrics["cleaning.removed"]).toBe(count("removed"))
    expect(post.recorded.metrics["cleaning.label_issues"]).toBe(post.rows.filter((row) => row["is_label_issue"] === true).length)
  })

  it("refuses to train on a window with fewer pages than it needs", async () => {
    const error = await materializeFailure(Model.make(settings), {
      asset: Model.KEY,
      partition: "2021-09-01",
      inputs: { [Annotated.KEY]: [{ partition: "2021-09-01", rows: day1.slice(0, 1) }] }
    })
    expect(error.reason).toBe("InvalidInput")
    expect(error.message).toContain("materialize more days of annotated")
  })

  it("counts a page's text once across consecutive steps, as the featurizer does, and forgets what two steps did not use", () => {
    const hashing = Model.crossValOptions(settings).hashing ?? {}
    const memo = Model.termCountMemo(hashing)
    const text = Model.textOf(day1[0] as Annotated.AnnotatedDocument)
    const counter = HashedTfidf.termCounter(hashing)
    const distinct = counter.count(text)
    memo.nextStep()
    const first = memo.countsOf(text)
    expect(Array.from(first.columns)).toEqual(Array.from(counter.columns.subarray(0, distinct)))
    expect(Array.from(first.counts)).toEqual(Array.from(counter.counts.subarray(0, distinct)))
    expect(memo.countsOf(text)).toBe(first)
    memo.nextStep()
    expect(memo.countsOf(text)).toBe(first)
    memo.nextStep()
    memo.nextStep()
    const again = memo.countsOf(text)
    expect(again).not.toBe(first)
    expect(Array.from(again.columns)).toEqual(Array.from(first.columns))
    expect(memo.countsOf(`${text} more`)).not.toBe(again)
  })
})
