import { describe, expect, it } from "vitest"
import * as RawHtmlDocuments from "../src/assets/RawHtmlDocuments.ts"
import { generateDay } from "../src/crawl/CrawlGenerator.ts"
import { materialize } from "./support/Harness.ts"
import { record, settings } from "./support/Fixtures.ts"

const definition = RawHtmlDocuments.make(settings)

/** Loading the Brown Corpus for the generator takes seconds on a busy machine. */
const GENERATOR_TIMEOUT_MS = 30_000

/** Decodes a landing file as the runner does: lines that are not JSON are left out (the runner quarantines them). */
const decodeLines = (bytes: Uint8Array): ReadonlyArray<unknown> => {
  const decoder = new TextDecoder("utf-8", { fatal: true })
  const rows: Array<unknown> = []
  let start = 0
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue
    const line = bytes.subarray(start, i)
    start = i + 1
    if (line.length === 0) continue
    try {
      rows.push(JSON.parse(decoder.decode(line)))
    } catch {
      // a malformed line or invalid UTF-8: quarantined by the runner before the asset sees it
    }
  }
  return rows
}

describe("raw/html-documents", () => {
  it("passes every valid generated crawl record through unchanged", async () => {
    const day = generateDay("2021-09-02", { seed: "test", documents: 80 })
    const lines = decodeLines(day.bytes)
    const result = await materialize(definition, { asset: RawHtmlDocuments.KEY, partition: "2021-09-02", inputs: { landing: [{ partition: "2021-09-02", rows: lines }] } })
    expect(result.quarantined).toHaveLength(0)
    expect(result.rows).toEqual(lines)
  }, GENERATOR_TIMEOUT_MS)

  it("quarantines records that break the crawler's contract", async () => {
    const good = record("https://example.com/a", "2021-09-02T10:00:00Z", "<p>a</p>")
    const result = await materialize(definition, {
      asset: RawHtmlDocuments.KEY,
      partition: "2021-09-02",
      inputs: {
        landing: [{
          partition: "2021-09-02",
          rows: [good, { ...good, status: "200" }, { ...good, fetched_at: "yesterday" }, { url: "https://example.com/b" }, { ...good, url: "" }]
        }]
      }
    })
    expect(result.rows).toEqual([good])
    expect(result.quarantined.map((item) => item.detail)).toHaveLength(4)
    expect(result.quarantined[1]?.detail).toContain("ISO 8601")
  })
})
