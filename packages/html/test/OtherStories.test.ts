import { describe, expect, it } from "vitest"
import { extract } from "../src/Extraction.ts"

/** A paragraph of the page's brief, `n` its distinguishing word. */
const prose = (n: string): string =>
  `<p>The harbour board met on Tuesday to weigh the ${n} plan, which would move the ferry terminal, widen the quay and rebuild the old customs house, at a cost the council has yet to settle.</p>`

/** A paragraph of the columnist's essay, `n` its distinguishing number. */
const essay = (n: number): string =>
  `<p>Every town that lives by the sea tells itself a story number ${n} about its harbour, and ours has always been one of patience, of boats that came back late, of nets mended on the steps and of a market that opened, whatever the weather, before the church bells had finished ringing.</p>`

/** A declared article titled "Ferry terminal to move": its headline and brief, and beside it a columnist's essay under its own headline and `byline`. */
const page = (headline: string, byline: string): string =>
  `<html lang="en"><head><title>Ferry terminal to move | The Harbour Times</title><meta property="og:type" content="article"><meta property="og:title" content="Ferry terminal to move"></head><body><main>
  <div class="row"><div class="col-main"><h1>Ferry terminal to move</h1><div class="text">${["alpha", "beta", "gamma"].map(prose).join("")}</div></div>
  <div class="col-side"><h2>${headline}</h2>${byline}${Array.from({ length: 10 }, (_, i) => essay(i)).join("")}</div></div></main></body></html>`

describe("another story beside the page's", () => {
  it("is left out when it opens with its own headline and a byline", () => {
    const { content } = extract(page("What the sea taught us", "<p>By Martha Quayle</p>"))
    for (const word of ["alpha", "beta", "gamma"]) expect(content).toContain(`the ${word} plan`)
    expect(content).not.toContain("story number")
  })

  it("is left out when its byline is a block named so", () => {
    const { content } = extract(page("What the sea taught us", `<div class="meta"><span class="author-name">Martha Quayle</span></div>`))
    expect(content).toContain("the alpha plan")
    expect(content).not.toContain("story number")
  })

  it("is kept when its headline echoes the page's title (the page's own story, written otherwise)", () => {
    const { content } = extract(page("The ferry terminal is to move", "<p>By Martha Quayle</p>"))
    expect(content).toContain("story number")
  })

  it("is kept without a byline under its headline (a section of the page, not another article)", () => {
    const { content } = extract(page("What the sea taught us", ""))
    expect(content).toContain("story number")
  })
})
