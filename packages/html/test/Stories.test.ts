import { describe, expect, it } from "vitest"
import { extract } from "../src/Extraction.ts"

/** A paragraph of prose, `n` its distinguishing word. */
const prose = (n: string): string =>
  `<p>The harbour board met on Tuesday to weigh the ${n} plan, which would move the ferry terminal, widen the quay and rebuild the old customs house, at a cost the council has yet to settle.</p>`

/** A story: its heading (in `tag`), then its prose, one paragraph per word. */
const story = (wrapper: string, tag: string, heading: string, words: ReadonlyArray<string>): string =>
  `<${wrapper} class="story"><${tag}>${heading}</${tag}><div class="body">${words.map(prose).join("")}</div></${wrapper}>`

/** A declared article titled `title`, its stories one after the other as a page that loads the next ones does. */
const page = (title: string, stories: string): string =>
  `<html lang="en"><head><title>${title} | The Harbour Times</title><meta property="og:type" content="article"><meta property="og:title" content="${title}"></head><body>
  <nav><a href="/">Home</a> <a href="/news">News</a></nav><main><div class="stream">${stories}</div></main></body></html>`

const ferry = (wrapper = "article", tag = "h1"): string => story(wrapper, tag, "Ferry terminal to move", ["alpha", "beta", "gamma"])
const market = (wrapper = "article", tag = "h1"): string => story(wrapper, tag, "Fish market reopens", ["delta", "epsilon", "zeta", "eta", "theta"])
const bridge = (wrapper = "article", tag = "h1"): string => story(wrapper, tag, "Bridge closed for repairs", ["iota", "kappa", "lambda", "mu", "nu", "xi"])

describe("the page's story among stories alike", () => {
  it("keeps the story the page is titled after, not the longer ones loaded after it", () => {
    const { content } = extract(page("Ferry terminal to move", ferry() + market() + bridge()))
    for (const word of ["alpha", "beta", "gamma"]) expect(content).toContain(`the ${word} plan`)
    for (const word of ["delta", "theta", "iota", "xi"]) expect(content).not.toContain(`the ${word} plan`)
  })

  it("keeps the page's story when it stands between others", () => {
    const { content } = extract(page("Fish market reopens", bridge() + market() + ferry()))
    for (const word of ["delta", "epsilon", "zeta", "eta", "theta"]) expect(content).toContain(`the ${word} plan`)
    for (const word of ["alpha", "iota", "xi"]) expect(content).not.toContain(`the ${word} plan`)
  })

  it("keeps a short story of the page's beside far longer ones that no second opinion replaces it with", () => {
    const harbour = story("article", "h1", "Harbour dredging resumes", ["rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"])
    const { content } = extract(page("Ferry terminal to move", market() + ferry() + harbour))
    for (const word of ["alpha", "beta", "gamma"]) expect(content).toContain(`the ${word} plan`)
    for (const word of ["delta", "rho", "omega"]) expect(content).not.toContain(`the ${word} plan`)
  })

  it("keeps one of stories in blocks of one class that all join the top candidate", () => {
    const { content } = extract(page("Ferry terminal to move", ferry("div") + market("div") + bridge("div")))
    expect(content).toContain("the alpha plan")
    expect(content).not.toContain("the delta plan")
    expect(content).not.toContain("the iota plan")
  })

  it("keeps every section of an article whose first section holds the page's heading", () => {
    const sections = story("div", "h1", "Ferry terminal to move", ["alpha", "beta", "gamma"]) + story("div", "h2", "What the quay will cost", ["delta", "epsilon", "zeta"]) + story("div", "h2", "When work starts", ["eta", "theta", "iota"])
    const { content } = extract(page("Ferry terminal to move", sections))
    for (const word of ["alpha", "delta", "iota"]) expect(content).toContain(`the ${word} plan`)
  })

  it("keeps sections whose headings only hold the title's words", () => {
    const sections = story("div", "h2", "Why the ferry terminal moves", ["alpha", "beta", "gamma"]) + story("div", "h2", "Ferry terminal costs", ["delta", "epsilon", "zeta"]) + story("div", "h2", "Ferry terminal: when", ["eta", "theta", "iota"])
    const { content } = extract(page("Ferry terminal", sections))
    for (const word of ["alpha", "gamma", "delta", "zeta", "eta", "iota"]) expect(content).toContain(`the ${word} plan`)
  })

  it("changes nothing when no story is the page's", () => {
    const { content } = extract(page("Harbour news this week", ferry("div") + market("div") + bridge("div")))
    for (const word of ["alpha", "delta", "iota"]) expect(content).toContain(`the ${word} plan`)
  })
})
