import { describe, expect, it } from "vitest"
import * as Limits from "../src/Limits.ts"

const params = (n: number, value = "v") => Array.from({ length: n }, (_, i) => ({ key: `p${i}`, value }))

describe("Limits.splitBatch", () => {
  it("splits 250 params into three requests of at most 100, keeping every param once and in order", () => {
    const batches = Limits.splitBatch({ params: params(250), metrics: [], tags: [] })
    expect(batches.map((batch) => batch.params.length)).toEqual([100, 100, 50])
    expect(batches.flatMap((batch) => batch.params.map((param) => param.key))).toEqual(params(250).map((param) => param.key))
  })

  it("keeps each request under 1,000 entities and 100 tags", () => {
    const metrics = Array.from({ length: 1500 }, (_, i) => ({ key: `m${i}`, value: i, timestamp: 1, step: 0 }))
    const tags = Array.from({ length: 150 }, (_, i) => ({ key: `t${i}`, value: "x" }))
    const batches = Limits.splitBatch({ params: params(50), metrics, tags })
    for (const batch of batches) {
      expect(batch.metrics.length + batch.params.length + batch.tags.length).toBeLessThanOrEqual(Limits.MAX_ENTITIES_PER_BATCH)
      expect(batch.tags.length).toBeLessThanOrEqual(Limits.MAX_TAGS_PER_BATCH)
    }
    expect(batches.reduce((sum, batch) => sum + batch.metrics.length, 0)).toBe(1500)
    expect(batches.reduce((sum, batch) => sum + batch.tags.length, 0)).toBe(150)
  })

  it("splits by size when long values would exceed the request size limit", () => {
    const tags = Array.from({ length: 100 }, (_, i) => ({ key: `t${i}`, value: "x".repeat(Limits.MAX_TAG_VALUE_LENGTH) }))
    const batches = Limits.splitBatch({ params: params(100, "y".repeat(Limits.MAX_PARAM_VALUE_LENGTH)), metrics: [], tags })
    // Counts alone would allow one request (100 params, 100 tags); 1.4 MB of values need at least two.
    expect(batches.length).toBeGreaterThanOrEqual(2)
    for (const batch of batches) expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThan(1_000_000)
  })

  it("sends nothing for an empty batch", () => {
    expect(Limits.splitBatch({ params: [], metrics: [], tags: [] })).toEqual([])
  })
})

describe("Limits checks", () => {
  it("refuses a param value over 6,000 characters, naming the key", () => {
    const error = Limits.checkParam({ key: "config.prompt", value: "a".repeat(Limits.MAX_PARAM_VALUE_LENGTH + 1) })
    expect(error?.reason).toBe("LimitExceeded")
    expect(error?.key).toBe("config.prompt")
    expect(error?.message).toContain("6000")
    expect(Limits.checkParam({ key: "config.prompt", value: "a".repeat(Limits.MAX_PARAM_VALUE_LENGTH) })).toBeUndefined()
  })

  it("refuses a tag value over 8,000 characters", () => {
    expect(Limits.checkTag({ key: "t", value: "a".repeat(Limits.MAX_TAG_VALUE_LENGTH + 1) })?.reason).toBe("LimitExceeded")
    expect(Limits.checkTag({ key: "t", value: "a".repeat(Limits.MAX_TAG_VALUE_LENGTH) })).toBeUndefined()
  })

  it("refuses keys MLflow refuses: long, bad characters, path-like", () => {
    expect(Limits.checkKey("param", "k".repeat(251))?.reason).toBe("LimitExceeded")
    expect(Limits.checkKey("param", "k".repeat(250))).toBeUndefined()
    expect(Limits.checkKey("param", "a@b")?.message).toContain("characters MLflow refuses")
    expect(Limits.checkKey("metric", "a/../b")).toBeDefined()
    expect(Limits.checkKey("metric", "/abs")).toBeDefined()
    expect(Limits.checkKey("metric", "trailing/")).toBeDefined()
    expect(Limits.checkKey("tag", "")).toBeDefined()
    expect(Limits.checkKey("tag", "mlflow.note.content")).toBeUndefined()
    expect(Limits.checkKey("tag", "rows in: série/été-1")).toBeUndefined()
  })

  it("refuses non-finite metrics and digests over 36 characters", () => {
    expect(Limits.checkMetric({ key: "m", value: Number.NaN, timestamp: 1, step: 0 })?.reason).toBe("LimitExceeded")
    const dataset = { name: "raw@2021-09-02", digest: "a".repeat(40), sourceType: "local", source: "{}" }
    expect(Limits.checkDataset(dataset)?.key).toBe("raw@2021-09-02")
    expect(Limits.checkDataset({ ...dataset, digest: "a".repeat(36) })).toBeUndefined()
  })

  it("refuses a param key given twice in one batch", () => {
    const error = Limits.checkBatch({ params: [{ key: "a", value: "1" }, { key: "a", value: "2" }], metrics: [], tags: [] })
    expect(error?.reason).toBe("InvalidParameter")
    expect(error?.key).toBe("a")
  })
})
