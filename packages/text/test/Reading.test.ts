import { describe, expect, it } from "vitest"
import type { ItsFunction } from "wink-nlp"
import { read } from "../src/Reading.ts"
import { winkFor } from "../src/internal/wink.ts"
import { render } from "../src/Token.ts"
import { hardInputs } from "./helpers.ts"

describe("read", () => {
  it("renders back to the exact input, whitespace and all", () => {
    for (const input of hardInputs) expect(read(input, new Set(), (reading) => render(reading.tokens, reading.trailing))).toBe(input)
  })

  it("folds line breaks and tabs into the next token's whitespace", () => {
    const [tokens, trailing] = read("a\tb\n\nc  ", new Set(), (reading) => [reading.tokens.map((token) => [token.spaces, token.text]), reading.trailing])
    expect(tokens).toEqual([["", "a"], ["\t", "b"], ["\n\n", "c"]])
    expect(trailing).toBe("  ")
  })

  it("splits the punctuation wink reads into a URL, keeping balanced parentheses", () => {
    const texts = (text: string) => read(text, new Set(), (reading) => reading.tokens.map((token) => token.text))
    expect(texts("see https://example.com/a?b=1, now")).toEqual(["see", "https://example.com/a?b=1", ",", "now"])
    expect(texts("(https://en.wikipedia.org/wiki/Foo_(bar)).")).toEqual(["(", "https://en.wikipedia.org/wiki/Foo_(bar)", ")."])
  })

  it("gives lemmas, parts of speech and contraction pieces of the one reading", () => {
    const seen = read("it's running", new Set(["pos"]), (reading) => ({
      texts: reading.tokens.map((token) => token.text),
      lemma: reading.lemma(1),
      pos: reading.pos(2),
      contractions: [0, 1, 2].map(reading.contraction)
    }))
    expect(seen).toEqual({ texts: ["it", "'s", "running"], lemma: "be", pos: "VERB", contractions: [true, true, false] })
  })

  it("gives wink's own lemma of every token, also when it is remembered from an earlier reading", () => {
    const text = "It's what they'd said: she was running and saw a saw; I'd have seen they were RUNNING, can't you? Was it?"
    const annotations = new Set<"pos">(["pos"])
    const nlp = winkFor(annotations)
    const doc = nlp.readDoc(text)
    const fromWink = doc.tokens().out(nlp.its.lemma as ItsFunction<string>)
    const viaReading = () => read(text, annotations, (reading) => fromWink.map((_, index) => reading.lemma(index)))
    // The first reading fills the memo, the second answers from it: both are wink's.
    expect(viaReading()).toEqual(fromWink)
    expect(viaReading()).toEqual(fromWink)
    expect(fromWink).toContain("be")
  })

  it("reads a text the same way whatever was read before it (wink ignores the words it learned)", () => {
    const texts = (text: string, annotations: ReadonlySet<"pos">) => read(text, annotations, (reading) => reading.tokens.map((token) => `${token.text}/${reading.pos(token.index)}`))
    const sentence = "a porter from Manning's Fish House"
    for (const annotations of [new Set<"pos">(), new Set<"pos">(["pos"])]) {
      const fresh = texts(sentence, annotations)
      expect(fresh.slice(3, 5).map((token) => token.split("/")[0])).toEqual(["Manning", "'s"])
      // Left alone, wink would now hold `Manning's` whole and read it as one token from then on.
      texts("It belonged to Manning's.", annotations)
      expect(texts(sentence, annotations)).toEqual(fresh)
    }
  })

  it("forgets the words wink learned without changing how a text reads", () => {
    const nlp = winkFor(new Set())
    const sentence = "Zorblax's quixotry, glimmerfang and Manning's."
    const before = read(sentence, new Set(), (reading) => reading.tokens.map((token) => token.text))
    expect(nlp.learnedWords()).toBeGreaterThan(0)
    nlp.forgetLearnedWords()
    expect(nlp.learnedWords()).toBe(0)
    expect(read(sentence, new Set(), (reading) => reading.tokens.map((token) => token.text))).toEqual(before)
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
