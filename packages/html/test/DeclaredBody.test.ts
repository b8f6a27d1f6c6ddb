import { describe, expect, it } from "vitest"
import { holdsDeclaredBody } from "../src/extract/DeclaredBody.ts"

const body = "The council approved the new park budget on Tuesday, after a long night of debate. Work starts in spring."

describe("holdsDeclaredBody", () => {
  it("holds a declared body whose words the text holds in order, markup, punctuation and case aside", () => {
    expect(holdsDeclaredBody(`Council votes\n\nthe Council approved the new park budget on Tuesday — after a long night of debate.\n\nWork starts in spring.`, body)).toBe(true)
  })

  it("does not hold a body the text cuts, reorders or misses", () => {
    expect(holdsDeclaredBody("The council approved the new park budget on Tuesday, after a long night of debate.", body)).toBe(false)
    expect(holdsDeclaredBody("Work starts in spring. The council approved the new park budget on Tuesday, after a long night of debate.", body)).toBe(false)
    expect(holdsDeclaredBody("", body)).toBe(false)
    expect(holdsDeclaredBody("Anything at all.", undefined)).toBe(false)
  })

  it("reads a teaser (cut mid-sentence or with an ellipsis) and a label as no measure of the article", () => {
    const teaser = "The council approved the new park budget on Tuesday, after a long night of debate. Work starts"
    expect(holdsDeclaredBody(`${teaser} in spring.`, teaser)).toBe(false)
    expect(holdsDeclaredBody(`${body} More.`, `${body.slice(0, -1)}...`)).toBe(false)
    expect(holdsDeclaredBody(`${body} More.`, `${body.slice(0, -1)}…`)).toBe(false)
    expect(holdsDeclaredBody("Short note. Then more.", "Short note.")).toBe(false)
  })

  it("holds a whole body ending in a closing quote", () => {
    const quoted = `${body} "We are ready," the mayor said.”`
    expect(holdsDeclaredBody(quoted, quoted)).toBe(true)
  })
})
