import { describe, expect, it } from "vitest"
import { extract } from "../src/Extraction.ts"
import { minCopyChars } from "../src/extract/RepeatedCopies.ts"

/** A paragraph of prose, `n` its distinguishing word. */
const prose = (n: string): string =>
  `<p>The harbour board met on Tuesday to weigh the ${n} plan, which would move the ferry terminal, widen the quay and rebuild the old customs house, at a cost the council has yet to settle.</p>`

const article = (words: ReadonlyArray<string>): string => words.map(prose).join("")

const page = (body: string): string =>
  `<html lang="en"><head><title>Harbour plan</title></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><main>${body}</main></body></html>`

/** How many times a phrase occurs in a text. */
const occurrences = (text: string, phrase: string): number => text.split(phrase).length - 1

const words = ["alpha", "beta", "gamma", "delta", "epsilon"]

describe("repeated copies", () => {
  it("reads once an article rendered once per screen size (responsive variants the style sheet hides)", () => {
    const variant = (name: string): string => `<div class="variant ${name}"><div class="rich-text">${article(words)}</div></div>`
    const { content } = extract(page(`<div class="content">${variant("v-desktop")}${variant("v-tablet")}${variant("v-phone")}</div>`))
    for (const word of words) expect(occurrences(content, `the ${word} plan`), word).toBe(1)
  })

  it("reads once an article repeated in a <noscript> beside it", () => {
    const { content } = extract(page(`<div class="post"><div class="body">${article(words)}</div><noscript><div class="body">${article(words)}</div></noscript></div>`))
    for (const word of words) expect(occurrences(content, `the ${word} plan`), word).toBe(1)
  })

  it("keeps blocks repeated word for word when they are shorter than a copy", () => {
    const day = (n: number): string => `<h3>Day ${n}</h3><div class="meal">${prose("breakfast")}</div>`
    expect(prose("breakfast").length).toBeLessThan(minCopyChars)
    const { content } = extract(page(`<div class="plan">${prose("opening")}${day(1)}${day(2)}${day(3)}${prose("closing")}</div>`))
    expect(occurrences(content, "the breakfast plan")).toBe(3)
  })

  it("keeps siblings of the same length whose words differ", () => {
    const { content } = extract(page(`<div class="content"><div>${article(words)}</div><div>${article(["omega", "zeta", "sigma", "kappa", "omicron"])}</div></div>`))
    for (const word of ["alpha", "epsilon", "omega", "omicron"]) expect(content).toContain(`the ${word} plan`)
  })
})
