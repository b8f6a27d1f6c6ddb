/**
 * The crawl generator is deterministic: the committed sample in `test-data/` (30 lines of
 * 2021-09-02 with seed `test-data-14`, chosen because it holds a malformed line and a line of
 * invalid UTF-8) is what the generator produces today, byte for byte, and it carries the
 * defects the pipeline must survive.
 */
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { generateDay } from "../src/crawl/CrawlGenerator.ts"

const SAMPLE = resolve(import.meta.dirname, "..", "..", "..", "test-data", "crawl-2021-09-02.jsonl")
const SAMPLE_TRUTH = resolve(import.meta.dirname, "..", "..", "..", "test-data", "crawl-2021-09-02.truth.jsonl")
const OPTIONS = { seed: "test-data-14", documents: 30 }

describe("CrawlGenerator", () => {
  it("reproduces the committed sample byte for byte", () => {
    const day = generateDay("2021-09-02", OPTIONS)
    expect(Buffer.from(day.bytes).equals(readFileSync(SAMPLE))).toBe(true)
    expect(day.truth.map((t) => JSON.stringify(t)).join("\n") + "\n").toBe(readFileSync(SAMPLE_TRUTH, "utf8"))
  })

  it("gives another day other bytes, and every clean line a labeled page", () => {
    const day = generateDay("2021-09-03", OPTIONS)
    expect(Buffer.from(day.bytes).equals(readFileSync(SAMPLE))).toBe(false)
    const strict = new TextDecoder("utf-8", { fatal: true })
    const lines = Buffer.from(readFileSync(SAMPLE)).toString("binary").split("\n").filter(Boolean)
    let malformed = 0
    let invalidUtf8 = 0
    const urls = new Set<string>()
    for (const line of lines) {
      let text: string
      try {
        text = strict.decode(Buffer.from(line, "binary"))
      } catch {
        invalidUtf8++
        continue
      }
      try {
        urls.add(new URL((JSON.parse(text) as { url: string }).url).pathname)
      } catch {
        malformed++
      }
    }
    expect(malformed).toBeGreaterThan(0)
    expect(invalidUtf8).toBeGreaterThan(0)
    const truth = readFileSync(SAMPLE_TRUTH, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { url: string; category: string })
    for (const page of truth) expect(urls.has(new URL(page.url).pathname)).toBe(true)
  })
})
