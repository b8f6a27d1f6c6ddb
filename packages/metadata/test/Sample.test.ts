import { describe, expect, it } from "vitest"
import * as Sample from "../src/Sample.ts"

describe("Sample", () => {
  it("cuts long strings on code points, never inside a surrogate pair, and says how much is left", () => {
    const text = "🙂".repeat(Sample.MAX_VALUE_CODE_POINTS + 50)
    const cut = Sample.cutString(text)
    expect(cut.startsWith("🙂".repeat(Sample.MAX_VALUE_CODE_POINTS))).toBe(true)
    expect(cut.endsWith("… (+50 code points)")).toBe(true)
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
    expect(Sample.cutString("short")).toBe("short")
  })

  it("turns any value into sidecar JSON", () => {
    const row = Sample.cutRow({
      when: new Date("2021-09-02T00:00:00Z"),
      big: 12n,
      missing: undefined,
      nan: Number.NaN,
      list: Array.from({ length: Sample.MAX_ARRAY_ITEMS + 3 }, (_, i) => i),
      nested: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } }
    })
    expect(row["when"]).toBe("2021-09-02T00:00:00.000Z")
    expect(row["big"]).toBe("12")
    expect("missing" in row).toBe(false)
    expect(row["nan"]).toBe("NaN")
    expect(row["list"]).toHaveLength(Sample.MAX_ARRAY_ITEMS + 1)
    expect((row["list"] as Array<unknown>).at(-1)).toBe("… (+3 items)")
    expect(JSON.stringify(row["nested"])).toContain("nested too deep")
  })

  it("samples uniformly: every row has about the same chance", () => {
    const hits = new Array<number>(10).fill(0)
    for (let seed = 0; seed < 2_000; seed++) {
      const reservoir = Sample.reservoir(2, seed)
      for (let i = 0; i < 10; i++) reservoir.add({ i })
      for (const row of reservoir.rows()) hits[row["i"] as number]!++
    }
    // Expected 2000 * 2 / 10 = 400 per row; allow 5 standard deviations (~ 5 * 18).
    for (const count of hits) expect(Math.abs(count - 400)).toBeLessThan(90)
  })
})
