import { describe, expect, it } from "vitest"
import { ParagraphWriter } from "../src/extract/ParagraphWriter.ts"

/** A step of a writer's input. */
type Step = { readonly text: string } | "space" | "br" | "block"

/**
 * The reference the writer must equal: the raw text collected with marks at breaks, white space
 * collapsed by a regular expression, line breaks swallowing the spaces beside them, then the
 * blocks split, trimmed and joined.
 */
const reference = (steps: ReadonlyArray<Step>): string => {
  let raw = ""
  for (const step of steps) {
    if (step === "space") raw += " "
    else if (step === "br") raw += "\u0000"
    else if (step === "block") raw += "\u0001"
    else raw += step.text.replace(/[\u0000\u0001]/g, "")
  }
  const spaced = raw.replace(/[\s\u200b]+/g, " ").replace(/ ?\u0000 ?/g, "\n")
  return spaced.split("\u0001").map((block) => block.trim()).filter((block) => block !== "").join("\n\n")
}

const write = (steps: ReadonlyArray<Step>): string => {
  const writer = new ParagraphWriter()
  for (const step of steps) {
    if (step === "space") writer.whiteSpace()
    else if (step === "br") writer.lineBreak()
    else if (step === "block") writer.blockBoundary()
    else writer.text(step.text)
  }
  return writer.result()
}

/** Characters the random texts draw from: letters, every kind of white space, marks, a lone surrogate, an emoji. */
const alphabet = ["a", "b", "é", " ", " ", "  ", "\n", "\t", "\u00a0", "\u200b", "\u3000", "\ufeff", "\u2028", "\u0000", "\u0001", "\ud800", "😀", ",", "."]

/** A deterministic pseudo-random generator (a linear congruential one), so a failure replays. */
const generator = (seed: number): (() => number) => {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

describe("ParagraphWriter", () => {
  it("collapses white space, turns line breaks into newlines and trims each paragraph", () => {
    const steps: Array<Step> = [{ text: "  Hello \n world " }, "br", { text: " next\u00a0line " }, "block", "space", "block", { text: "\u200bSecond  " }, "br", "br", "block"]
    expect(write(steps)).toBe("Hello world\nnext line\n\nSecond")
  })

  it("equals the raw-text reference on random streams of text and breaks", () => {
    const random = generator(7)
    for (let round = 0; round < 3000; round++) {
      const steps: Array<Step> = []
      const count = Math.floor(random() * 12)
      for (let s = 0; s < count; s++) {
        const pick = random()
        if (pick < 0.1) steps.push("space")
        else if (pick < 0.25) steps.push("br")
        else if (pick < 0.4) steps.push("block")
        else {
          let text = ""
          const chars = Math.floor(random() * 8)
          for (let c = 0; c < chars; c++) text += alphabet[Math.floor(random() * alphabet.length)] as string
          steps.push({ text })
        }
      }
      expect(write(steps), JSON.stringify(steps)).toBe(reference(steps))
    }
  })
})
