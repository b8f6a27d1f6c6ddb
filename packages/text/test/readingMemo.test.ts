import { describe, expect, it } from "vitest"
import { makeReadingMemo } from "../src/internal/readingMemo.ts"

describe("makeReadingMemo", () => {
  it("remembers outputs by text and counts the characters of texts and outputs", () => {
    const memo = makeReadingMemo(100)
    expect(memo.get("abc")).toBeUndefined()
    expect(memo.remember("abc", ["ab", "c"])).toEqual(["ab", "c"])
    expect(memo.get("abc")).toEqual(["ab", "c"])
    expect(memo.size()).toBe(6)
  })

  it("forgets the least recently used texts once over its budget, and never keeps an entry larger than the budget", () => {
    const memo = makeReadingMemo(20)
    memo.remember("aaaa", ["aaaa"])
    memo.remember("bbbb", ["bbbb"])
    memo.get("aaaa")
    memo.remember("cccc", ["cccc"])
    expect(memo.get("bbbb")).toBeUndefined()
    expect(memo.get("aaaa")).toEqual(["aaaa"])
    expect(memo.get("cccc")).toEqual(["cccc"])
    expect(memo.size()).toBeLessThanOrEqual(20)
    memo.remember("x".repeat(15), ["y".repeat(15)])
    expect(memo.get("x".repeat(15))).toBeUndefined()
    expect(memo.get("aaaa")).toEqual(["aaaa"])
  })
})
