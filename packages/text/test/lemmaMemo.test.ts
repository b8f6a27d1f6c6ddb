import { describe, expect, it } from "vitest"
import { MAX_MEMO_LEMMAS, lemmaMemoOf, makeLemmaMemo } from "../src/internal/lemmaMemo.ts"

describe("makeLemmaMemo", () => {
  it("remembers a lemma by part of speech and text", () => {
    const memo = makeLemmaMemo()
    expect(memo.get("VERB", "was")).toBeUndefined()
    expect(memo.remember("VERB", "was", "be")).toBe("be")
    expect(memo.get("VERB", "was")).toBe("be")
    // Another part of speech is another entry: `saw` is `see` as a verb, `saw` as a noun.
    expect(memo.get("NOUN", "was")).toBeUndefined()
    memo.remember("NOUN", "saw", "saw")
    memo.remember("VERB", "saw", "see")
    expect([memo.get("NOUN", "saw"), memo.get("VERB", "saw")]).toEqual(["saw", "see"])
  })

  it("starts afresh once it holds MAX_MEMO_LEMMAS lemmas", () => {
    const memo = makeLemmaMemo()
    for (let i = 0; i < MAX_MEMO_LEMMAS; i += 1) memo.remember("NOUN", `w${i}`, `l${i}`)
    expect(memo.get("NOUN", "w0")).toBe("l0")
    memo.remember("VERB", "ran", "run")
    expect(memo.get("NOUN", "w0")).toBeUndefined()
    expect(memo.get("VERB", "ran")).toBe("run")
  })
})

describe("lemmaMemoOf", () => {
  it("gives each instance its own memo, the same one every time", () => {
    const a = {}
    const b = {}
    lemmaMemoOf(a).remember("VERB", "is", "be")
    expect(lemmaMemoOf(a).get("VERB", "is")).toBe("be")
    expect(lemmaMemoOf(b).get("VERB", "is")).toBeUndefined()
  })
})
