import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { extractRows, extractStream, keepDeduplicated, makeDeduplicator } from "../src/index.ts"

const page = (n: number): string => `<html lang="en"><head><title>Story ${n} | Site</title></head><body><article><p>Story number ${n} tells, in plenty of words, a tale that is long enough to be the main content of its page.</p></article></body></html>`

describe("streaming", () => {
  it.effect("extracts rows as a Stream transform, dropping the HTML and keeping other fields", () =>
    Effect.gen(function* () {
      const rows = Stream.fromIterable([1, 2, 3].map((n) => ({ id: `r${n}`, url: `https://site.example/${n}`, html: page(n) })))
      const out = yield* Stream.runCollect(rows.pipe(extractStream()))
      expect(out.map((row) => [row.id, row.extraction.title, "html" in row])).toEqual([
        ["r1", "Story 1", false],
        ["r2", "Story 2", false],
        ["r3", "Story 3", false]
      ])
    }))

  it.effect("filters a stream with a deduplicator's result (second pass)", () =>
    Effect.gen(function* () {
      const rows = [
        { id: "a", url: "https://h.com/x?utm_source=1", fetchedAt: 1 },
        { id: "b", url: "https://h.com/x", fetchedAt: 2 },
        { id: "c", url: "https://h.com/y", fetchedAt: 3 }
      ]
      const dedup = makeDeduplicator()
      yield* Stream.runForEach(Stream.fromIterable(rows), (row) => Effect.sync(() => dedup.add(row)))
      const kept = yield* Stream.runCollect(Stream.fromIterable(rows).pipe(keepDeduplicated(dedup.result(), (row) => row.id)))
      expect(kept.map((row) => row.id)).toEqual(["b", "c"])
    }))

  it("maps async iterables lazily, one row at a time", async () => {
    let pulled = 0
    async function* source() {
      for (let n = 0; n < 1000; n++) {
        pulled++
        yield { url: `https://site.example/${n}`, html: page(n) }
      }
    }
    const titles: Array<string | undefined> = []
    for await (const row of extractRows(source())) {
      titles.push(row.extraction.title)
      if (titles.length === 3) break
    }
    expect(titles).toEqual(["Story 0", "Story 1", "Story 2"])
    expect(pulled).toBe(3)
  })
})
