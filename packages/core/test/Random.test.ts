import { describe, expect, it } from "@effect/vitest"
import * as Random from "../src/Random.ts"

describe("Random", () => {
  it("gives mulberry32's sequence of a seed: the same on every run, another for another seed", () => {
    const first = Random.floats(42)
    // mulberry32(42)'s first draws, as an independent implementation (Python, 32-bit arithmetic) gives them.
    expect([first(), first(), first()].map((x) => Math.round(x * 1e9))).toEqual([601_103_752, 448_290_559, 852_465_793])
    const again = Random.floats(42)
    const other = Random.floats(43)
    const a = Array.from({ length: 100 }, again)
    expect(Array.from({ length: 100 }, Random.floats(42))).toEqual(a)
    expect(Array.from({ length: 100 }, other)).not.toEqual(a)
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true)
  })

  it("draws integers within their bounds, picks from the items given, and comes true about as often as asked", () => {
    const random = Random.make(7)
    const ints = Array.from({ length: 2_000 }, () => random.int(3, 5))
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]))
    const items = ["a", "b"] as const
    expect(new Set(Array.from({ length: 200 }, () => random.pick(items)))).toEqual(new Set(items))
    const hits = Array.from({ length: 10_000 }, () => random.chance(0.3)).filter(Boolean).length
    expect(hits).toBeGreaterThan(2_700)
    expect(hits).toBeLessThan(3_300)
  })
})
