import { describe, expect, it } from "vitest"
import { computeBlockStats } from "../src/extract/BlockStats.ts"
import { type DomElement, findElement, parseHtml } from "../src/extract/Dom.ts"
import { menusIn } from "../src/extract/Menus.ts"

/** The classes of the menus {@link menusIn} finds in a page. */
const menuClasses = (html: string): Array<string> => {
  const body = findElement(parseHtml(html), "body") as DomElement
  return menusIn(body, computeBlockStats(body, () => false)).map((menu) => menu.attribs["class"] ?? "")
}

const links = (labels: ReadonlyArray<string>): string => labels.map((label) => `<li><a href="/${label}">${label}</a></li>`).join("")
const prose = `<p>${"A sentence of the page's own text, long enough to hold most of it. ".repeat(6)}</p>`

describe("menusIn", () => {
  it("finds the outermost blocks of short links alone", () => {
    const html = `<html><body><div class="nav"><ul class="first">${links(["Home", "News", "Sport"])}</ul><ul class="second">${links(["Help", "About"])}</ul></div>${prose}</body></html>`
    expect(menuClasses(html)).toEqual(["nav"])
  })

  it("passes over fewer links than a menu's, long titles, and links beside as much other text", () => {
    const few = `<ul class="few">${links(["Home", "News"])}</ul>`
    const titles = `<ul class="titles">${links(["A headline of another story, as long as headlines are", "A second headline of another story, as long as the first", "A third headline of another story, long as well"])}</ul>`
    const priced = `<ul class="priced">${["Desk", "Chair", "Lamp"].map((item) => `<li><a href="/${item}">${item}</a> from $129.99 each</li>`).join("")}</ul>`
    expect(menuClasses(`<html><body>${few}${titles}${priced}${prose}</body></html>`)).toEqual([])
  })

  it("keeps the block of links that holds most of the page, and the blocks of links inside it", () => {
    const index = `<div class="index">${["A", "B"].map((letter) => `<h3>${letter}</h3><ul class="part">${links(Array.from({ length: 12 }, (_, n) => `${letter} kind ${n}`))}</ul>`).join("")}</div>`
    expect(menuClasses(`<html><body><ul class="top">${links(["Home", "News", "Sport"])}</ul>${index}</body></html>`)).toEqual(["top"])
  })
})
