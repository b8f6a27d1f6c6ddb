import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import * as Profiler from "../src/Profiler.ts"
import { fixturePath } from "./fixtures/fixtureSidecar.ts"

const rows = readFileSync(fixturePath, "utf8")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line) as Record<string, unknown>)

/** Code points counted independently of the code under test. */
const codePoints = (text: string) => [...text].length

describe("Profiler", () => {
  it("profiles the unicode fixture (emoji, ZWJ sequences, CJK, combining marks, nulls)", () => {
    const profiler = Profiler.make(["url", "title", "content", "language", "words", "absent"])
    for (const row of rows) profiler.add(row)
    const { statistics } = profiler.result()
    expect(statistics.rows).toBe(rows.length)
    expect(statistics.columns).toBe(6)
    for (const name of ["title", "content", "language"]) {
      const values = rows.map((row) => row[name]).filter((value): value is string => typeof value === "string")
      const lengths = values.map(codePoints)
      const column = statistics.perColumn.find((c) => c.name === name)!
      expect(column.nulls).toBe(rows.length - values.length)
      expect(column.empties).toBe(values.filter((value) => value === "").length)
      expect(column.length?.min).toBe(Math.min(...lengths))
      expect(column.length?.max).toBe(Math.max(...lengths))
      expect(column.length?.mean).toBeCloseTo(lengths.reduce((a, b) => a + b, 0) / lengths.length, 3)
      expect(column.approxDistinct).toBe(new Set(values).size)
    }
    const words = statistics.perColumn.find((c) => c.name === "words")!
    const numbers = rows.map((row) => row["words"] as number)
    expect(words.value).toEqual({
      min: Math.min(...numbers),
      max: Math.max(...numbers),
      mean: Math.round((numbers.reduce((a, b) => a + b, 0) / numbers.length) * 1000) / 1000
    })
    expect(statistics.perColumn.find((c) => c.name === "absent")).toMatchObject({ nulls: rows.length, approxDistinct: 0 })
  })

  it("measures huge strings in code points on every path (loop, scratch buffer, regular expression)", () => {
    const huge = `${"a".repeat(3_000_000)}🙂${"é".repeat(10)}`
    const bmpOnly = "ßØ\u04d8x".repeat(5_000)
    const astralInside = `${"東".repeat(5_000)}𝒳${"ß".repeat(100)}`
    const loneSurrogate = `${"b".repeat(1_000)}\ud800${"c".repeat(10)}`
    const values = [huge, bmpOnly, astralInside, loneSurrogate, "short 🙂"]
    const profiler = Profiler.make(["text"])
    for (const text of values) profiler.add({ text })
    const column = profiler.result().statistics.perColumn[0]!
    const lengths = values.map(codePoints)
    expect(column.length?.max).toBe(Math.max(...lengths))
    expect(column.length?.min).toBe(Math.min(...lengths))
    expect(column.length?.mean).toBeCloseTo(lengths.reduce((a, b) => a + b, 0) / lengths.length, 3)
    for (const text of values) expect(Profiler.codePointLength(text)).toBe(codePoints(text))
  })

  it("reports top values only for columns with few, repeated values", () => {
    const profiler = Profiler.make(["category", "id"])
    const categories = ["news", "sport", "news", "tech", "news", "sport"]
    categories.forEach((category, id) => profiler.add({ category, id }))
    for (let id = 6; id < 6 + Profiler.TOP_VALUES_TRACKED + 1; id++) profiler.add({ category: "news", id })
    const [category, id] = profiler.result().statistics.perColumn
    expect(category?.topValues).toEqual([
      { value: "news", count: 3 + Profiler.TOP_VALUES_TRACKED + 1 },
      { value: "sport", count: 2 },
      { value: "tech", count: 1 }
    ])
    expect(id?.topValues).toBeUndefined()
  })

  it("draws the same sample for the same seed, and cuts long values", () => {
    const many = Array.from({ length: 1_000 }, (_, i) => ({ i, text: `row ${i} ${"x".repeat(i)}` }))
    const sampleOf = (seed: number) => {
      const profiler = Profiler.make(["i", "text"], { sampleSize: 4, seed })
      for (const row of many) profiler.add(row)
      return profiler.result().sample
    }
    expect(sampleOf(3)).toEqual(sampleOf(3))
    expect(sampleOf(3).map((row) => row["i"])).not.toEqual(sampleOf(4).map((row) => row["i"]))
    const indexes = sampleOf(3).map((row) => row["i"] as number)
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b))
    for (const row of sampleOf(3)) expect(codePoints(String(row["text"]))).toBeLessThan(260)
  })
})
