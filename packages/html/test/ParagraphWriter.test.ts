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

const write = (steps: ReadonlyArray<Step>, dropsLine?: (line: string) => boolean): string => {
  const writer = new ParagraphWriter(dropsLine)
  for (const step of steps) {
    if (step === "space") writer.whiteSpace()
    else if (step === "br") writer.lineBreak()
    else if (step === "block") writer.blockBoundary()
    else writer.text(step.text)
  }
  return writer.result()
}

/**
 * The reference with a line filter, from the writer's paragraphs written without one: in a
 * paragraph cut into lines, the lines the filter drops go with the breaks before them (the
 * first line kept takes none), and a paragraph left empty goes.
 */
const withoutLines = (paragraphs: ReadonlyArray<string>, dropsLine: (line: string) => boolean): string =>
  paragraphs
    .map((paragraph) => {
      if (!paragraph.includes("\n")) return paragraph
      const parts = paragraph.split(/(\n+)/)
      let kept = ""
      for (let i = 0; i < parts.length; i += 2) {
        const line = parts[i] as string
        if (dropsLine(line)) continue
        if (kept !== "") kept += parts[i - 1] as string
        kept += line
      }
      return kept
    })
    .filter((paragraph) => paragraph !== "")
    .join("\n\n")

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

/**
 * A random stream of up to eleven steps: white space (a tenth), line breaks (`breakShare`), block
 * boundaries (a tenth after them) and texts of up to `maxChars - 1` characters of {@link alphabet}.
 */
const randomSteps = (random: () => number, breakShare: number, maxChars: number): Array<Step> => {
  const steps: Array<Step> = []
  const count = Math.floor(random() * 12)
  for (let s = 0; s < count; s++) {
    const pick = random()
    if (pick < 0.1) steps.push("space")
    else if (pick < 0.1 + breakShare) steps.push("br")
    else if (pick < 0.2 + breakShare) steps.push("block")
    else {
      let text = ""
      const chars = Math.floor(random() * maxChars)
      for (let c = 0; c < chars; c++) text += alphabet[Math.floor(random() * alphabet.length)] as string
      steps.push({ text })
    }
  }
  return steps
}

describe("ParagraphWriter", () => {
  it("collapses white space, turns line breaks into newlines and trims each paragraph", () => {
    const steps: Array<Step> = [{ text: "  Hello \n world " }, "br", { text: " next\u00a0line " }, "block", "space", "block", { text: "\u200bSecond  " }, "br", "br", "block"]
    expect(write(steps)).toBe("Hello world\nnext line\n\nSecond")
  })

  it("equals the raw-text reference on random streams of text and breaks", () => {
    const random = generator(7)
    for (let round = 0; round < 3000; round++) {
      const steps = randomSteps(random, 0.15, 8)
      expect(write(steps), JSON.stringify(steps)).toBe(reference(steps))
    }
  })

  it("drops the lines a filter judges in paragraphs cut into lines, never a paragraph of one line", () => {
    const notice = (line: string): boolean => line.startsWith("Follow")
    const steps: Array<Step> = [{ text: "Follow us" }, "block", { text: "Story" }, "br", { text: "Follow us" }, "br", "br", { text: "More" }, "block", { text: "Follow us" }, "br", { text: "Tail" }, "block", { text: "Lead" }, "br", { text: "Follow" }, "block"]
    expect(write(steps, notice)).toBe("Follow us\n\nStory\n\nMore\n\nTail\n\nLead")
  })

  it("equals the filtered reference on random streams of text, breaks and judged lines", () => {
    const random = generator(11)
    const dropsLine = (line: string): boolean => line.includes("a")
    for (let round = 0; round < 3000; round++) {
      const steps = randomSteps(random, 0.2, 6)
      const blocks: Array<Array<Step>> = [[]]
      for (const step of steps) {
        if (step === "block") blocks.push([])
        else (blocks[blocks.length - 1] as Array<Step>).push(step)
      }
      const paragraphs = blocks.map((block) => write(block)).filter((paragraph) => paragraph !== "")
      expect(write([...steps, "block"], dropsLine), JSON.stringify(steps)).toBe(withoutLines(paragraphs, dropsLine))
    }
  })
})
