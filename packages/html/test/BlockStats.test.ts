import { describe, expect, it } from "vitest"
import { computeBlockStats } from "../src/extract/BlockStats.ts"
import { type DomElement, findElement, parseHtml } from "../src/extract/Dom.ts"

const page = parseHtml(`<html><body><div id="main"><p>First paragraph, with a comma.</p><ul id="menu"><li><a href="/a">Home</a></li><li><a href="/b">News</a></li></ul></div><nav>Skipped navigation</nav></body></html>`)
const body = findElement(page, "body") as DomElement
const byId = (id: string): DomElement => {
  const found = (function search(node: DomElement): DomElement | undefined {
    if (node.attribs["id"] === id) return node
    for (const child of node.children) if (child.type === "tag") {
      const hit = search(child)
      if (hit !== undefined) return hit
    }
    return undefined
  })(body)
  if (found === undefined) throw new Error(`no element #${id}`)
  return found
}

describe("computeBlockStats", () => {
  const stats = () => computeBlockStats(body, (element) => element.name === "nav")

  it("counts text, links, commas and list items bottom-up, without pruned subtrees", () => {
    const own = stats().of(body)
    expect(own.text).toBe("First paragraph, with a comma.".length + 1 + "Home".length + 1 + "News".length + 1)
    expect(own.linkText).toBe("Home".length + 1 + "News".length + 1)
    expect(own.commas).toBe(1)
    expect(own.listItems).toBe(2)
    expect(own.paragraphs).toBe(1)
  })

  it("removes a subtree from its ancestors' figures and marks its descendants removed", () => {
    const s = stats()
    const menu = byId("menu")
    s.remove(menu)
    expect(s.of(body).linkText).toBe(0)
    expect(s.of(body).listItems).toBe(0)
    expect(s.isRemoved(menu.children[0] as DomElement)).toBe(true)
    s.remove(menu.children[0] as DomElement)
    expect(s.of(body).text).toBe("First paragraph, with a comma.".length + 1)
  })

  it("keeps statistics computed earlier over the same elements usable after another computation", () => {
    const whole = stats()
    const main = byId("main")
    const part = computeBlockStats(main, () => false)
    part.remove(byId("menu"))
    expect(part.of(main).listItems).toBe(0)
    expect(whole.of(main).listItems).toBe(2)
    expect(whole.of(body).text).toBe(whole.of(main).text)
    expect(whole.isRemoved(byId("menu"))).toBe(false)
  })

  it("forks copies that share nothing once changed: removals in the fork or in the original stay in it", () => {
    const s = stats()
    const fork = s.fork()
    s.remove(byId("menu"))
    expect(s.of(body).listItems).toBe(0)
    expect(fork.of(body).listItems).toBe(2)
  })

  it("forks independent copies: a removal in one leaves the page's figures alone", () => {
    const s = stats()
    const before = s.of(body).text
    const fork = s.fork()
    fork.remove(byId("menu"))
    expect(fork.of(body).text).toBeLessThan(before)
    expect(s.of(body).text).toBe(before)
    expect(s.isRemoved(byId("menu"))).toBe(false)
  })

  it("takes a removed subtree's whole text from the link that holds it, so no link has more link text than text", () => {
    const card = parseHtml(`<html><body><div id="card"><a href="/x"><span class="badge">New</span> Walnut desk</a> In stock</div></body></html>`)
    const cardBody = findElement(card, "body") as DomElement
    const s = computeBlockStats(cardBody, () => false)
    const link = findElement(cardBody, "a") as DomElement
    s.remove(findElement(cardBody, "span") as DomElement)
    expect(s.of(link).linkText).toBe(s.of(link).text)
    expect(s.of(cardBody).linkText).toBe(s.of(link).text)
    expect(s.linkDensity(cardBody)).toBeLessThan(1)
  })

  it("counts the text of a card under an empty overlay link as link text, as if the card were inside its link", () => {
    const measure = (card: string): { readonly linkText: number; readonly text: number } => {
      const root = parseHtml(`<html><body><ul><li>${card}</li></ul></body></html>`)
      const item = findElement(root, "li") as DomElement
      return computeBlockStats(findElement(root, "body") as DomElement, () => false).of(item)
    }
    const blurb = "<div>Trail test</div><p>Twelve bikes, three days and one muddy hill: what we learned.</p>"
    const overlaid = measure(`<div class="text"><a href="/trail-test"></a>${blurb}</div>`)
    expect(overlaid.linkText).toBe(overlaid.text)
    expect(overlaid.text).toBeGreaterThan(0)
    // No href: an anchor or a placeholder, not a link.
    expect(measure(`<div class="text"><a id="top"></a>${blurb}</div>`).linkText).toBe(0)
    // An image link holds its image; a heading's permalink sits in a block holding no block.
    expect(measure(`<div class="text"><a href="/big.jpg"><img></a>${blurb}</div>`).linkText).toBe(0)
    expect(measure(`<h3><a href="#intro"></a>Intro to the test</h3>`).linkText).toBe(0)
    // Longer than a card: a section of an article holding an empty link.
    const section = `<div><a href="/x"></a><div>Section</div><p>${"A long sentence of the article's section, read as prose. ".repeat(12)}</p></div>`
    expect(measure(section).linkText).toBe(0)
    // A card holding a link with text is measured by that link alone.
    const linked = measure(`<div class="text"><a href="/trail-test"></a><div><a href="/trail-test">Trail test</a></div><p>Twelve bikes, three days and one muddy hill.</p></div>`)
    expect(linked.linkText).toBe("Trail test".length + 1)
  })
})
