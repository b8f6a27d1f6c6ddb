import { describe, expect, it } from "vitest"
import { computeBlockStats } from "../src/extract/BlockStats.ts"
import { attr, type DomElement, findElement, parseHtml, textOf, walkElements } from "../src/extract/Dom.ts"
import { isShortArticle } from "../src/extract/ShortArticle.ts"

const prose = (n: number): string => `<p>The council note ${n} says, in plain words, that the new park budget passed after a long night of debate, and that work starts in spring.</p>`

/** A page: `headline` above the story (one paragraph), then `rest` beside it. */
const page = (headline: string, rest: string) => {
  const body = findElement(parseHtml(`<html><body><div class="page">${headline}<div class="story">${prose(1)}</div>${rest}</div></body></html>`), "body") as DomElement
  const byClass = (name: string): DomElement => {
    let found: DomElement | undefined
    walkElements(body, (element) => {
      if (attr(element, "class") === name) found ??= element
      return found === undefined
    })
    return found as DomElement
  }
  const stats = computeBlockStats(body, () => false)
  const story = byClass("story")
  const whole = byClass("page")
  return {
    stats,
    short: { text: textOf(story), containers: [story], stats },
    looser: { text: textOf(whole), containers: [whole], stats }
  }
}

const otherSection = `<div class="more"><h3>More news</h3>${[2, 3, 4, 5, 6].map(prose).join("")}</div>`
const titles = ["Park budget passes"]

describe("isShortArticle", () => {
  it("keeps a short result under the page's headline when the looser one adds sections under other headings", () => {
    const { stats, short, looser } = page("<h1>Park budget passes</h1>", otherSection)
    expect(isShortArticle(short, looser, stats, titles)).toBe(true)
  })

  it("keeps it when the looser one adds link-dense blocks", () => {
    const links = `<ul>${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `<li><a href="/s/${n}">Another story from the city desk, number ${n} of the day</a></li>`).join("")}</ul>`
    const { stats, short, looser } = page("<h1>Park budget passes</h1>", links)
    expect(isShortArticle(short, looser, stats, titles)).toBe(true)
  })

  it("gives way when no headline of the page heads the short result", () => {
    const { stats, short, looser } = page("<h1>City news</h1>", otherSection)
    expect(isShortArticle(short, looser, stats, titles)).toBe(false)
    expect(isShortArticle(short, looser, stats, [])).toBe(false)
  })

  it("gives way when the looser result adds prose under no other heading (a listing's items after its intro)", () => {
    const { stats, short, looser } = page("<h1>Park budget passes</h1>", `<div class="more">${[2, 3, 4, 5, 6].map(prose).join("")}</div>`)
    expect(isShortArticle(short, looser, stats, titles)).toBe(false)
  })

  it("gives way to a looser result within the short one's container, or not much longer", () => {
    const { stats, short, looser } = page("<h1>Park budget passes</h1>", otherSection)
    expect(isShortArticle(short, { ...short, text: `${short.text} ${"more words ".repeat(60)}` }, stats, titles)).toBe(false)
    expect(isShortArticle(short, { ...looser, text: `${short.text} and a little more` }, stats, titles)).toBe(false)
  })
})
