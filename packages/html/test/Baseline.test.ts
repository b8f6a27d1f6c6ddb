import { describe, expect, it } from "vitest"
import { baselineBlocks } from "../src/extract/Baseline.ts"
import { computeBlockStats } from "../src/extract/BlockStats.ts"
import { type DomElement, findElement, parseHtml, textOf } from "../src/extract/Dom.ts"

/** The baseline blocks' texts of a page, with `<nav>` and hidden elements pruned as the content extractor prunes them. */
const baselineTexts = (html: string): { texts: Array<string>; chars: number } => {
  const body = findElement(parseHtml(html), "body") as DomElement
  const page = computeBlockStats(body, (element) => element.name === "nav" || element.attribs["hidden"] !== undefined)
  const { blocks, chars } = baselineBlocks(body, page)
  return { texts: blocks.map((block) => textOf(block)), chars }
}

describe("baselineBlocks", () => {
  it("takes the outermost paragraph-like blocks in document order, ", () => {
    const { texts, chars } = baselineTexts(
      "<html><body><div><h2>Title</h2><p>First <b>para</b> text.</p></div><section><blockquote><p>Quoted.</p></blockquote><ul><li>Item one</li></ul></section></body></html>"
    )
    expect(texts).toEqual(["Title", "First para text.", "Quoted.", "Item one"])
    expect(chars).toBeGreaterThan(0)
  })

  it("counts the text of the blocks taken only", () => {
    const story = "<p>One paragraph of the story.</p><p>Another paragraph of it.</p>"
    const links = `<ul>${"<li><a href='/x'>A link elsewhere</a></li>".repeat(5)}</ul>`
    const alone = baselineTexts(`<html><body>${story}</body></html>`).chars
    expect(alone).toBeGreaterThan(0)
    expect(baselineTexts(`<html><body>${links}${story}<nav><p>Menu</p></nav></body></html>`).chars).toBe(alone)
  })

  it("leaves out link-dense blocks, the page header, forms and what the page statistics prune", () => {
    const { texts } = baselineTexts(
      `<html><body><header><p>Site name</p></header><nav><p>Menu text</p></nav><p hidden>Hidden text</p>` +
        `<form><p>Sign up text</p></form><ul><li><a href="/a">All link</a></li><li>Some <a href="/b">link</a> in prose text</li></ul><p>Kept text.</p></body></html>`
    )
    expect(texts).toEqual(["Some link in prose text", "Kept text."])
  })
})
