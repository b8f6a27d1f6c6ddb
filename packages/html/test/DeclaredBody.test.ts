import { describe, expect, it } from "vitest"
import { holdsDeclaredBody, withDeclaredBody } from "../src/extract/DeclaredBody.ts"

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

describe("withDeclaredBody", () => {
  const paragraph = (n: number) => `Paragraph ${n} of the declared article tells what the council decided and why it matters to the town's residents.`
  const long = [1, 2, 3, 4, 5].map(paragraph).join("\n")

  it("gives a long declared body, as plain text in paragraphs, in place of a content under half its length", () => {
    const declared = `<p>${paragraph(1)}</p>\n${[2, 3, 4, 5].map(paragraph).join("\n")}`
    expect(withDeclaredBody("Subscribe to read.", declared)).toBe([1, 2, 3, 4, 5].map(paragraph).join("\n\n"))
  })

  it("keeps the content when it is half the declared body or more, or when the body is short (a teaser)", () => {
    const content = [1, 2, 3].map(paragraph).join("\n\n")
    expect(withDeclaredBody(content, long)).toBe(content)
    expect(withDeclaredBody("Subscribe to read.", paragraph(1))).toBe("Subscribe to read.")
    expect(withDeclaredBody("Subscribe to read.", undefined)).toBe("Subscribe to read.")
  })
})
