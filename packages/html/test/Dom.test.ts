import { load } from "cheerio/slim"
import { describe, expect, it } from "vitest"
import { type DomElement, type DomNode, type DomRoot, findElement, isElement, isWithin, parsePrefiltered } from "../src/extract/Dom.ts"

/** A node and its subtree as plain data: type, name, attributes, text, children. */
const shape = (node: DomNode | DomRoot): unknown => {
  if (node.type === "text") return { text: node.data }
  if (node.type === "root") return { root: node.children.map(shape) }
  if (!isElement(node)) return { other: node.type }
  for (const child of node.children) expect(child.parent).toBe(node)
  return { name: node.name, type: node.type, attribs: { ...node.attribs }, children: node.children.map(shape) }
}

const pages = [
  `<!doctype html><html lang=en><head><title>A &amp; B</title><script type="application/ld+json">{"a":"<b>"}</script></head><body><p>one<p>two<div>three &nbsp;&copy four</div><br/><ul><li>x<li>y</ul></body></html>`,
  `<div class="a" id=b hidden><span>unclosed<table><tr><td>1<td>2</table><textarea><b>raw</b></textarea>`,
  `text only &lt;tag&gt; &#1; end`
]

describe("parsePrefiltered", () => {
  it("builds the document cheerio's load builds, one independent document per call", () => {
    const parsed = pages.map((page) => parsePrefiltered(page))
    pages.forEach((page, index) => {
      const expected = load(page).root()[0] as unknown as DomRoot
      expect(shape(parsed[index] as DomRoot)).toEqual(shape(expected))
      for (const child of (parsed[index] as DomRoot).children) expect(child.parent).toBe(parsed[index])
    })
  })
})

describe("isWithin", () => {
  it("holds for the container itself and what lies inside it, not for what lies outside or above", () => {
    const root = parsePrefiltered("<div id=outer><section><p>text</p></section></div><aside>other</aside>")
    const [outer, section, p, aside] = (["div", "section", "p", "aside"] as const).map((name) => findElement(root, name) as DomElement)
    expect(isWithin(outer as DomElement, outer as DomElement)).toBe(true)
    expect(isWithin(outer as DomElement, p as DomElement)).toBe(true)
    expect(isWithin(section as DomElement, outer as DomElement)).toBe(false)
    expect(isWithin(outer as DomElement, aside as DomElement)).toBe(false)
  })
})
