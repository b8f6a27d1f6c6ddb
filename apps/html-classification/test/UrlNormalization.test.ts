import { describe, expect, it } from "vitest"
import * as UrlNormalization from "../src/assets/UrlNormalization.ts"
import { materialize } from "./support/Harness.ts"
import { record, settings } from "./support/Fixtures.ts"

const definition = UrlNormalization.make(settings)

const run = (rows: ReadonlyArray<unknown>) =>
  materialize(definition, { asset: UrlNormalization.KEY, partition: "2021-09-02", inputs: { "raw/html-documents": [{ partition: "2021-09-02", rows }] } })

describe("preprocess/url-normalization", () => {
  it("keeps the freshest copy of a page whatever the URL variant", async () => {
    const result = await run([
      record("https://Example.com:443/a?utm_source=news&b=2&a=1#top", "2021-09-02T12:00:00Z", "<p>fresh</p>"),
      record("https://example.com/a?a=1&b=2", "2021-09-02T08:00:00Z", "<p>stale</p>"),
      record("https://example.com/a?b=2&a=1&gclid=x", "2021-09-02T10:00:00Z", "<p>middle</p>")
    ])
    expect(result.rows).toHaveLength(1)
    const [row] = result.rows
    expect(row?.["url"]).toBe("https://example.com/a?a=1&b=2")
    expect(row?.["html"]).toBe("<p>fresh</p>")
    expect(row?.["source_url"]).toBe("https://Example.com:443/a?utm_source=news&b=2&a=1#top")
    expect(row?.["tracking_params_removed"]).toEqual(["utm_source"])
    expect(result.recorded.metrics["duplicates_removed.duplicate_url"]).toBe(2)
    expect(result.recorded.metrics["duplicates_removed"]).toBe(2)
  })

  it("sends invalid URLs to quarantine with the normalizer's reason and counts them", async () => {
    const result = await run([
      record("https://example.com/ok", "2021-09-02T12:00:00Z", "<p>ok</p>"),
      record("ftp://example.com/file", "2021-09-02T12:00:00Z", "<p>ftp</p>"),
      record("not a url", "2021-09-02T12:00:00Z", "<p>nothing</p>")
    ])
    expect(result.rows.map((row) => row["url"])).toEqual(["https://example.com/ok"])
    expect(result.quarantined).toHaveLength(2)
    expect(result.quarantined.every((item) => item.detail.includes("invalid URL"))).toBe(true)
    expect(result.recorded.metrics["invalid_urls"]).toBe(2)
  })

  it("removes the same HTML under two URLs, keeping the fresher", async () => {
    const result = await run([
      record("https://example.com/b", "2021-09-02T09:00:00Z", "<p>same bytes</p>"),
      record("https://mirror.example.org/b", "2021-09-02T11:00:00Z", "<p>same bytes</p>"),
      record("https://example.com/c", "2021-09-02T10:00:00Z", "<p>other</p>")
    ])
    expect(result.rows.map((row) => row["url"]).sort()).toEqual(["https://example.com/c", "https://mirror.example.org/b"])
    expect(result.recorded.metrics["duplicates_removed.duplicate_content"]).toBe(1)
  })
})
