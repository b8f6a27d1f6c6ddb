import { getHeapStatistics } from "node:v8"
import { describe, expect, it } from "vitest"
import * as HeapCollector from "../src/HeapCollector.ts"

const MB = 1024 * 1024

/** Allocates about `mb` MB of objects that are garbage once the function returns. */
const makeGarbage = (mb: number): number => {
  let kept = 0
  for (let i = 0; i < mb * 16; i++) {
    const block = Array.from({ length: 4096 }, (_, k) => ({ k }))
    kept += block.length
  }
  return kept
}

describe("HeapCollector", () => {
  it("collects after a step once the old generation has grown by the threshold, and the heap shrinks", () => {
    const collector = HeapCollector.make(8, 0)
    collector.afterStep()
    expect(collector.collections()).toBe(0)
    // Garbage that lives past the young generation: kept alive until the step "ends".
    const survivors: Array<unknown> = []
    for (let i = 0; i < 160; i++) survivors.push(Array.from({ length: 4096 }, (_, k) => ({ k, i })))
    makeGarbage(16)
    survivors.length = 0
    const before = getHeapStatistics().used_heap_size
    collector.afterStep()
    expect(collector.collections()).toBe(1)
    expect(getHeapStatistics().used_heap_size).toBeLessThan(before - 4 * MB)
    collector.afterStep()
    expect(collector.collections()).toBe(1)
  })

  it("looks at the heap at most once every check interval", () => {
    const collector = HeapCollector.make(8, 60_000)
    // The growth that makes the collector of the test above collect.
    const survivors: Array<unknown> = []
    for (let i = 0; i < 160; i++) survivors.push(Array.from({ length: 4096 }, (_, k) => ({ k, i })))
    makeGarbage(16)
    survivors.length = 0
    collector.afterStep()
    expect(collector.collections()).toBe(0)
  })

  it("never collects when the threshold is 0", () => {
    const collector = HeapCollector.make(0)
    makeGarbage(16)
    collector.afterStep()
    expect(collector.collections()).toBe(0)
  })
})
