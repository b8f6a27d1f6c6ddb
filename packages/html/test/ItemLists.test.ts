import { describe, expect, it } from "vitest"
import { extract } from "../src/Extraction.ts"

/** A paragraph of prose, `topic` and `n` its distinguishing words. */
const prose = (topic: string, n: number): string =>
  `<p>The ${topic} note ${n} says that the harbour board met on Tuesday to weigh the plan, which would move the ferry terminal, widen the quay and rebuild the old customs house, at a cost the council has yet to settle.</p>`

const page = (body: string): string =>
  `<html lang="en"><head><title>Harbour plan</title><meta property="og:type" content="article"></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><div class="wrap">${body}</div></body></html>`

describe("item lists of previews", () => {
  /** A preview of another story: its linked headline, its first paragraphs, and a link to the rest. */
  const preview = (n: number): string =>
    `<div class="card"><h3><a href="/story/${n}">Lighthouse keeper number ${n} retires after forty years</a></h3>${[1, 2, 3].map((p) => prose(`preview${n}`, p)).join("")}<a href="/story/${n}">Full story</a></div>`

  it("leaves out the previews of other stories after an article, however long each is", () => {
    const article = `<div class="story">${[1, 2, 3, 4, 5].map((n) => prose("story", n)).join("")}</div>`
    const previews = `<div class="elsewhere"><h2>Elsewhere today</h2>${[1, 2, 3, 4].map(preview).join("")}</div>`
    const { content } = extract(page(article + previews))
    expect(content).toContain("The story note 1")
    expect(content).toContain("The story note 5")
    expect(content).not.toContain("preview")
    expect(content).not.toContain("Full story")
  })

  it("keeps an article's sections that open with a linked heading and end with their prose", () => {
    const section = (n: number): string => `<section><h2><a href="#part-${n}">Part ${n} of the plan</a></h2>${[1, 2, 3].map((p) => prose(`part${n}`, p)).join("")}</section>`
    const { content } = extract(page(`<article>${[1, 2, 3, 4].map(section).join("")}</article>`))
    for (const n of [1, 2, 3, 4]) expect(content).toContain(`The part${n} note 3`)
  })
})
