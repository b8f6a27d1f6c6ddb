import { describe, expect, it } from "vitest"
import { extract } from "../src/Extraction.ts"

/** A paragraph of prose, `n` its distinguishing word. */
const prose = (n: string): string =>
  `<p>The harbour board met on Tuesday to weigh the ${n} plan, which would move the ferry terminal, widen the quay and rebuild the old customs house, at a cost the council has yet to settle.</p>`

/** One section of the article, its prose wrapped three levels deep beside an empty layout row. */
const section = (words: ReadonlyArray<string>): string =>
  `<div class="band"><div class="inner"><div class="row"><div class="col"></div></div><div class="row"><div class="text">${words.map(prose).join("")}</div></div></div></div>`

const page = (sections: string): string =>
  `<html lang="en"><head><title>Harbour plan</title><meta property="og:type" content="article"></head><body>
  <nav><a href="/">Home</a> <a href="/news">News</a></nav>${sections}
  <div class="band"><div class="inner"><div class="row"><div class="text"><p><a href="/a">Other story one</a></p><p><a href="/b">Other story two</a></p></div></div></div></div>
  </body></html>`

describe("wrapped siblings", () => {
  it("keeps every section of an article cut into sections wrapped alike", () => {
    const { content } = extract(page(section(["alpha", "beta", "gamma"]) + section(["delta", "epsilon", "zeta", "eta"]) + section(["theta", "iota", "kappa"])))
    for (const word of ["alpha", "gamma", "delta", "eta", "theta", "kappa"]) expect(content).toContain(`the ${word} plan`)
    expect(content.indexOf("alpha")).toBeLessThan(content.indexOf("delta"))
    expect(content.indexOf("delta")).toBeLessThan(content.indexOf("theta"))
  })

  it("does not take a sibling whose text is not prose wrapped as deep", () => {
    const { content } = extract(page(section(["alpha", "beta", "gamma"]) + section(["delta", "epsilon", "zeta", "eta"])))
    expect(content).not.toContain("Other story")
  })

  it("does not repeat a section", () => {
    const { content } = extract(page(section(["alpha", "beta", "gamma"]) + section(["delta", "epsilon", "zeta", "eta"])))
    expect(content.split("the delta plan").length).toBe(2)
  })
})
