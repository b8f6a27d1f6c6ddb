import { describe, expect, it } from "vitest"
import { extractContent } from "../src/extract/Content.ts"
import { parseHtml } from "../src/extract/Dom.ts"

/** A paragraph of prose long enough to score, `n` its distinguishing number. */
const prose = (n: number): string =>
  `<p>The harbour note ${n} says, in plain words, that the piers were rebuilt, the sea wall raised, and the old customs house turned into a market for the fishing boats.</p>`

/** A layout row holding `inner` three levels deep, beside a column of its own. */
const row = (inner: string, beside: string): string =>
  `<section class="row"><div class="container"><div class="column">${beside}</div><div class="column wide">${inner}</div></div></section>`

const story = (numbers: ReadonlyArray<number>): string => `<div class="story-text">${numbers.map(prose).join("")}</div>`

const credit = `<div class="meta"><p class="credit">Photo: Ann Lee</p><div class="byline">By Bo Kim, 12 May 2024</div></div>`

const read = (page: string, declaresArticle = true): string => extractContent(parseHtml(`<html><body><main>${page}</main></body></html>`), { declaresArticle }).text

describe("openingTwins", () => {
  it("joins the opening of a declared article, cut off from its body by a row of its own, in the page's order", () => {
    const text = read(row(story([1, 2]), credit) + row(story([3, 4, 5, 6, 7, 8]), ""))
    expect(text).toMatch(/^The harbour note 1[^]*The harbour note 2[^]*The harbour note 3[^]*The harbour note 8/)
  })

  it("does not join a block of the body's kind after the body, nor one without prose", () => {
    const next = row(`<div class="story-text"><p>The market note says the stalls open at six, close at noon and sell the catch of the night before to the town.</p></div>`, "")
    const links = row(`<div class="story-text"><p><a href="/1">Another story number one</a> <a href="/2">Another story number two</a></p></div>`, "")
    const text = read(links + row(story([3, 4, 5, 6, 7, 8]), credit) + next)
    expect(text.startsWith("The harbour note 3")).toBe(true)
    expect(text).not.toMatch(/market note|Another story/)
  })
})
