import { describe, expect, it } from "vitest"
import { extractContent } from "../src/extract/Content.ts"
import { parseHtml } from "../src/extract/Dom.ts"

/** A paragraph of prose without links, written in `tag`. */
const prose = (n: number, tag: string): string =>
  `<${tag}>The harbour note ${n} says, in plain words, that the piers were rebuilt, the sea wall raised, and the old customs house turned into a market.</${tag}>`

/** A paragraph citing two sources, a good share of its text in links. */
const citing = (tag: string): string =>
  `<${tag}>Posted on social media by <a href="/a">the analysts at the harbour board</a>, the figures show <a href="/b">a rise in the catch</a> of the fishing boats this year.</${tag}>`

const read = (body: string): string => extractContent(parseHtml(`<html><body><article>${body}</article></body></html>`), { declaresArticle: true }).text

describe("cleanBlocks' paragraphs written in other tags", () => {
  it("keeps a paragraph with links written as a div, or wrapped in divs, among its article's paragraphs", () => {
    const wrap = (inner: string): string => `<div class="paragraph"><div class="paragraph-inner">${inner}</div></div>`
    const divs = [1, 2].map((n) => prose(n, "div")).join("") + citing("div") + [3, 4, 5].map((n) => prose(n, "div")).join("")
    const wrapped = [1, 2].map((n) => wrap(prose(n, "p"))).join("") + wrap(citing("p")) + [3, 4, 5].map((n) => wrap(prose(n, "p"))).join("")
    for (const body of [divs, wrapped]) {
      const text = read(body)
      expect(text).toContain("Posted on social media by the analysts at the harbour board")
      expect(text).toContain("The harbour note 5 says")
    }
  })

  it("still removes a line of links written as a div among the paragraphs", () => {
    const tags = `<div>Tags: <a href="/t/1">Harbour works</a>, <a href="/t/2">Fishing boats</a>, <a href="/t/3">Customs house</a>, <a href="/t/4">Town council</a></div>`
    const text = read([1, 2].map((n) => prose(n, "div")).join("") + tags + [3, 4, 5].map((n) => prose(n, "div")).join(""))
    expect(text).toContain("The harbour note 5 says")
    expect(text).not.toContain("Fishing boats")
  })
})
