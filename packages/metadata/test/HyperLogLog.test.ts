import { describe, expect, it } from "vitest"
import * as HyperLogLog from "../src/HyperLogLog.ts"
import * as Profiler from "../src/Profiler.ts"

/** Allowed relative error: four standard errors (a failure is then a real defect, not bad luck). */
const BOUND = 4 * HyperLogLog.STANDARD_ERROR

describe("HyperLogLog", () => {
  it("is exact-ish on small sets and zero on none", () => {
    const hll = HyperLogLog.make()
    expect(hll.estimate()).toBe(0)
    for (let i = 0; i < 100; i++) hll.addString(`value-${i % 50}`)
    expect(Math.abs(hll.estimate() - 50)).toBeLessThanOrEqual(1)
  })

  it.each([1_000, 20_000, 300_000])("estimates %i distinct short strings within the error bound", (n) => {
    const hll = HyperLogLog.make()
    for (let i = 0; i < n; i++) hll.addString(`https://example.com/page/${i}`)
    for (let i = 0; i < n; i += 3) hll.addString(`https://example.com/page/${i}`)
    expect(Math.abs(hll.estimate() - n) / n).toBeLessThan(BOUND)
  })

  it("estimates distinct numbers and long documents within the error bound", () => {
    const numbers = HyperLogLog.make()
    for (let i = 0; i < 100_000; i++) numbers.addNumber(i * 0.5)
    expect(Math.abs(numbers.estimate() - 100_000) / 100_000).toBeLessThan(BOUND)
    const profiler = Profiler.make(["content"])
    const n = 20_000
    for (let i = 0; i < n; i++) profiler.add({ content: `${"lorem ipsum ".repeat(100)}document ${i} ${"dolor ".repeat(i % 7)}` })
    for (let i = 0; i < n; i += 2) profiler.add({ content: `${"lorem ipsum ".repeat(100)}document ${i} ${"dolor ".repeat(i % 7)}` })
    const estimate = profiler.result().statistics.perColumn[0]!.approxDistinct
    expect(Math.abs(estimate - n) / n).toBeLessThan(BOUND)
  })

  it("gives the textbook estimate from its registers at every size, across the linear-counting shortcut", () => {
    // The estimate of Flajolet et al. with linear counting, computed here from the registers alone.
    const m = HyperLogLog.REGISTER_COUNT
    const alpha = 0.7213 / (1 + 1.079 / m)
    const textbook = (registers: Uint8Array) => {
      let sum = 0
      let zeros = 0
      for (const rank of registers) {
        sum += 2 ** -rank
        if (rank === 0) zeros++
      }
      const raw = (alpha * m * m) / sum
      return Math.round(raw <= 2.5 * m && zeros > 0 ? m * Math.log(m / zeros) : raw)
    }
    const merged = HyperLogLog.make()
    for (const n of [0, 1, 10, 200, 300, 1_000, 5_000, 10_000, 12_000, 20_000, 40_000, 100_000]) {
      // A fresh sketch each time: small ones are still sparse when estimated.
      const hll = HyperLogLog.make()
      for (let i = 0; i < n; i++) hll.addString(`value ${i}`)
      const estimate = hll.estimate()
      expect(estimate, `${n} values`).toBe(textbook(hll.registers))
      expect(hll.estimate(), `${n} values, once its registers are read`).toBe(estimate)
      merged.merge(hll)
      expect(merged.estimate(), `${n} values, merged`).toBe(textbook(merged.registers))
    }
  })

  it("merges sketches into the union", () => {
    const a = HyperLogLog.make()
    const b = HyperLogLog.make()
    for (let i = 0; i < 30_000; i++) a.addString(`k${i}`)
    for (let i = 20_000; i < 50_000; i++) b.addString(`k${i}`)
    a.merge(b)
    expect(Math.abs(a.estimate() - 50_000) / 50_000).toBeLessThan(BOUND)
  })
})
