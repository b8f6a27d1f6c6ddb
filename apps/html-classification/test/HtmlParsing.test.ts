import { describe, expect, it } from "vitest"
import * as HtmlParsing from "../src/assets/HtmlParsing.ts"
import * as UrlNormalization from "../src/assets/UrlNormalization.ts"
import { materialize } from "./support/Harness.ts"
import { page, record, settings, story } from "./support/Fixtures.ts"

/** Rows of url-normalization made from crawler records. */
const normalized = (records: ReadonlyArray<ReturnType<typeof record>>) => UrlNormalization.normalizeDocuments(records).rows

const run = (rows: ReadonlyArray<unknown>) =>
  materialize(HtmlParsing.make(settings), { asset: HtmlParsing.KEY, partition: "2021-09-02", inputs: { [UrlNormalization.KEY]: [{ partition: "2021-09-02", rows }] } })

describe("preprocess/html-parsing", () => {
  it("extracts the article without boilerplate, with its metadata", async () => {
    const html = page({ title: "Harbor committee meets", paragraphs: story("harbor"), author: "Ann Carter", canonical: "https://example.com/harbor" })
    const result = await run(normalized([record("https://example.com/harbor", "2021-09-02T10:00:00Z", html)]))
    expect(result.quarantined).toHaveLength(0)
    const [row] = result.rows
    expect(row?.["title"]).toBe("Harbor committee meets")
    expect(row?.["content"]).toContain("committee met on Tuesday")
    expect(row?.["content"]).not.toContain("cookies")
    expect(row?.["content"]).not.toContain("rights reserved")
    expect(row?.["language"]).toBe("en")
    expect(row?.["author"]).toBe("Ann Carter")
    expect(row?.["canonical_url"]).toBe("https://example.com/harbor")
    expect(row?.["fetched_at"]).toBe("2021-09-02T10:00:00Z")
  })

  it("removes near duplicates and same-title pages, keeping the freshest, and skips non-HTML", async () => {
    const rows = normalized([
      record("https://example.com/harbor", "2021-09-02T10:00:00Z", page({ title: "Harbor committee meets", paragraphs: story("harbor") })),
      record("https://syndicate.example.org/harbor-copy", "2021-09-02T12:00:00Z", page({ title: "Harbour board convenes at last", paragraphs: story("harbor", " Updated.") })),
      record("https://example.com/harbor-again", "2021-09-02T09:00:00Z", page({ title: "Harbor committee meets", paragraphs: story("railway") })),
      record("https://example.com/railway", "2021-09-02T09:30:00Z", page({ title: "Railway plans unveiled", paragraphs: story("orchestra") })),
      { ...record("https://example.com/report.pdf", "2021-09-02T09:00:00Z", "%PDF-1.4"), content_type: "application/pdf" }
    ])
    const result = await run(rows)
    expect(result.rows.map((row) => row["url"]).sort()).toEqual(["https://example.com/railway", "https://syndicate.example.org/harbor-copy"])
    expect(result.recorded.metrics["duplicates_removed.near_duplicate"]).toBe(1)
    expect(result.recorded.metrics["duplicates_removed.duplicate_title"]).toBe(1)
    expect(result.recorded.metrics["duplicates_removed"]).toBe(2)
    expect(result.recorded.metrics["skipped_not_html"]).toBe(1)
  })
})
