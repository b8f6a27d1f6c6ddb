import { describe, expect, it } from "vitest"
import { MinHeap } from "../src/index.ts"
import { random } from "./random.ts"

describe("MinHeap", () => {
  it("pops items in ascending order, whatever order they were pushed in", () => {
    const rng = random(7)
    for (let round = 0; round < 20; round++) {
      const heap = MinHeap.make<number>((a, b) => a - b)
      const values = Array.from({ length: rng.int(0, 200) }, () => rng.int(-1000, 1000))
      const popped: Array<number> = []
      values.forEach((value, i) => {
        heap.push(value)
        // Interleave pops with pushes: the heap stays a heap after both.
        if (i % 7 === 3) popped.push(heap.pop() as number)
      })
      while (heap.size() > 0) popped.push(heap.pop() as number)
      expect(popped.length).toBe(values.length)
      expect([...popped].sort((a, b) => a - b)).toEqual([...values].sort((a, b) => a - b))
      const tail = popped.slice(values.filter((_, i) => i % 7 === 3).length)
      expect(tail).toEqual([...tail].sort((a, b) => a - b))
    }
  })

  it("pops undefined when empty", () => {
    const heap = MinHeap.make<string>((a, b) => a.localeCompare(b))
    expect(heap.pop()).toBeUndefined()
    heap.push("b")
    heap.push("a")
    expect([heap.pop(), heap.pop(), heap.pop()]).toEqual(["a", "b", undefined])
  })
})
