import { describe, expect, it } from "vitest"
import { render, withText, type Token } from "../src/Token.ts"

const token: Token = { text: "Running", spaces: " ", type: "word", index: 3, value: "Running" }

describe("withText", () => {
  it("replaces the text and keeps every other field", () => {
    const copy = withText(token, "Run")
    expect(copy).toEqual({ ...token, text: "Run" })
    expect(token.text).toBe("Running")
  })

  it("replaces the whitespace before the token when given", () => {
    expect(withText(token, "", "\n")).toEqual({ ...token, text: "", spaces: "\n" })
  })
})

describe("render", () => {
  it("joins whitespace and texts, and gives a removed token's whitespace to the next kept one", () => {
    const tokens: ReadonlyArray<Token> = [
      { text: "Hello", spaces: "", type: "word", index: 0, value: "Hello" },
      { text: "", spaces: "  ", type: "punctuation", index: 1, value: "," },
      { text: "world", spaces: "", type: "word", index: 2, value: "world" },
    ]
    expect(render(tokens, "\n")).toBe("Hello  world\n")
  })
})
