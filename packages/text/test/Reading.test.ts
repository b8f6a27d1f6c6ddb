import { describe, expect, it } from "vitest"
import { read } from "../src/Reading.ts"
import { render } from "../src/Token.ts"
import { hardInputs } from "./helpers.ts"

describe("read", () => {
  it("renders back to the exact input, whitespace and all", () => {
    for (const input of hardInputs) expect(render(read(input, new Set()).tokens, read(input, new Set()).trailing)).toBe(input)
  })

  it("folds line breaks and tabs into the next token's whitespace", () => {
    const reading = read("a\tb\n\nc  ", new Set())
    expect(reading.tokens.map((token) => [token.spaces, token.text])).toEqual([["", "a"], ["\t", "b"], ["\n\n", "c"]])
    expect(reading.trailing).toBe("  ")
  })

  it("splits the punctuation wink reads into a URL, keeping balanced parentheses", () => {
    const texts = (text: string) => read(text, new Set()).tokens.map((token) => token.text)
    expect(texts("see https://example.com/a?b=1, now")).toEqual(["see", "https://example.com/a?b=1", ",", "now"])
    expect(texts("(https://en.wikipedia.org/wiki/Foo_(bar)).")).toEqual(["(", "https://en.wikipedia.org/wiki/Foo_(bar)", ")."])
  })

  it("gives lemmas, parts of speech and contraction pieces of the one reading", () => {
    const reading = read("it's running", new Set(["pos"]))
    expect(reading.tokens.map((token) => token.text)).toEqual(["it", "'s", "running"])
    expect(reading.lemma(1)).toBe("be")
    expect(reading.pos(2)).toBe("VERB")
    expect([0, 1, 2].map(reading.contraction)).toEqual([true, true, false])
  })
})

describe("render", () => {
  const token = (text: string, spaces: string) => ({ text, spaces, type: "word", index: 0, value: text })

  it("joins the neighbours of a removed token with one space, never fusing words", () => {
    expect(render([token("Hello", ""), token("", ""), token("world", "")], "")).toBe("Hello world")
    expect(render([token("a", ""), token("", " "), token("b", "")], "")).toBe("a b")
  })

  it("starts with the document's leading whitespace when the first tokens are removed", () => {
    expect(render([token("", ""), token("", " "), token("x", " ")], "")).toBe("x")
    expect(render([token("", "  "), token("x", " ")], "\n")).toBe("  x\n")
  })
})
