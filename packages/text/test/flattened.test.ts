import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { describe, expect, it } from "vitest"
import { flattened } from "../src/internal/flattened.ts"

setFlagsFromString("--expose-gc")
/** A full garbage collection, so that heap figures count live objects only. */
const collect = runInNewContext("gc") as () => void

/** Heap bytes taken by `count` kept strings of 100 concatenated pieces, flattened or not. */
const heapOf = (count: number, flatten: boolean): number => {
  collect()
  const before = process.memoryUsage().heapUsed
  const kept: Array<string> = []
  for (let n = 0; n < count; n += 1) {
    let text = ""
    for (let i = 0; i < 100; i += 1) text += ` w${(i * 7 + n) % 1000}`
    kept.push(flatten ? flattened(text) : text)
  }
  collect()
  const used = process.memoryUsage().heapUsed - before
  expect(kept).toHaveLength(count)
  return used
}

describe("flattened", () => {
  it("returns the same characters", () => {
    let text = ""
    for (const piece of ["a", "é", "👍", " b"]) text += piece
    expect(flattened(text)).toBe("aé👍 b")
  })

  it("keeps a concatenated string in a fraction of the memory its tree of pieces takes", () => {
    const flat = heapOf(20_000, true)
    const tree = heapOf(20_000, false)
    expect(flat * 3).toBeLessThan(tree)
  })
})
