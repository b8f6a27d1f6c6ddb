import { describe, expect, it } from "vitest"
import { paragraphsOf } from "../src/internal/paragraphs.ts"

/** The text a cut rebuilds. */
const rebuilt = (cut: NonNullable<ReturnType<typeof paragraphsOf>>): string =>
  cut.lead + cut.paragraphs.map((paragraph, i) => (i === 0 ? "" : cut.separators[i - 1]) + paragraph).join("") + cut.trail

describe("paragraphsOf", () => {
  it("cuts at blank lines, whatever whitespace surrounds them, and keeps every character", () => {
    const text = "\n  One. Still one.\nLine two of one.\n\nTwo.\r\n \r\n\tThree.  \n\n\n Four.\n\n"
    const cut = paragraphsOf(text)
    expect(cut?.paragraphs).toEqual(["One. Still one.\nLine two of one.", "Two.", "Three.", "Four."])
    expect(cut?.separators).toEqual(["\n\n", "\r\n \r\n\t", "  \n\n\n "])
    expect(cut?.lead).toBe("\n  ")
    expect(cut?.trail).toBe("\n\n")
    expect(rebuilt(cut as NonNullable<typeof cut>)).toBe(text)
  })

  it("gives nothing for a text of one paragraph, even with blank lines around it, or of whitespace alone", () => {
    for (const text of ["", "   ", "\n\n\n", "One line.\nAnother line.", "\n\nOnly one.\n\n"]) expect(paragraphsOf(text)).toBeUndefined()
  })

  it("rebuilds any text it cuts", () => {
    const pieces = ["a", "b.", " ", "\n", "\n\n", "\t", "\r\n", "é", "👍"]
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let n = 0; n < 500; n += 1) {
      const text = Array.from({ length: next() % 12 }, () => pieces[next() % pieces.length]).join("")
      const cut = paragraphsOf(text)
      if (cut === undefined) continue
      expect(rebuilt(cut)).toBe(text)
      for (const paragraph of cut.paragraphs) expect(paragraph).toMatch(/^\S(.*\S)?$/su)
      for (const separator of cut.separators) expect((separator.match(/\n/g) ?? []).length).toBeGreaterThanOrEqual(2)
    }
  })
})
