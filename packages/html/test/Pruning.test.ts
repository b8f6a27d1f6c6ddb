import { describe, expect, it } from "vitest"
import { extractContent } from "../src/extract/Content.ts"
import { type DomElement, findElement, parseHtml } from "../src/extract/Dom.ts"
import { isNeverContent } from "../src/extract/Pruning.ts"

/** The first `span` of a page holding one span of the given class. */
const spanOfClass = (className: string): DomElement => findElement(parseHtml(`<p>Text <span class="${className}">label</span></p>`), "span") as DomElement

describe("isNeverContent's screen-reader-only text", () => {
  it("prunes elements whose class keeps them for screen readers only, as whole tokens of the class", () => {
    for (const className of ["sr-only", "sr-only sr-only-focusable", "is-sr-only", "h-sr-only", "visually-hidden", "visuallyhidden", "u-hiddenVisually", "screen-reader-text", "wt-screen-reader-only", "skip-link screen-reader-text"]) {
      expect(isNeverContent(spanOfClass(className)), className).toBe(true)
    }
  })

  it("keeps the classes that undo it, that only name it inside another word, and plain ones", () => {
    for (const className of ["focus:not-sr-only", "not-sr-only", "sr-only-focusable", "md:sr-only-ish", "visually-hidden-lg-up", "hidden-xs", "screen-reader", "label"]) {
      expect(isNeverContent(spanOfClass(className)), className).toBe(false)
    }
  })

  it("leaves the screen reader's labels out of an article's text", () => {
    const paragraphs = [1, 2, 3, 4].map((n) => `<p>The kettle note ${n} says, in plain words, that the kettle works well, lasts long, and costs little to keep running; it boils a litre in four minutes.</p>`).join("")
    const html = `<html><body><a class="skip-link screen-reader-text" href="#main">Skip to the kettle review now</a><article>${paragraphs}<p>Price: <span class="visually-hidden">Sale price, reduced from the list price of</span> $20</p></article></body></html>`
    const text = extractContent(parseHtml(html), { declaresArticle: true }).text
    expect(text).toContain("The kettle note 4 says")
    expect(text).toContain("Price: $20")
    expect(text).not.toContain("Sale price, reduced")
    expect(text).not.toContain("Skip to the kettle review")
  })
})

describe("boilerplateSection's subsections", () => {
  const prose = (n: string): string =>
    `<p>The harbour board met on Tuesday to weigh the ${n} plan, which would move the ferry terminal, widen the quay and rebuild the old customs house, at a cost the council has yet to settle.</p>`
  const teaser = (n: number): string =>
    `<h4><a href="/story/${n}">Lighthouse keeper number ${n} retires after forty years</a></h4><p>The keeper number ${n} looked after the lamp through storms, strikes and two wars, and will now move inland to be near his daughters.</p>`
  /** A print page: the article, then (in its container) a boilerplate heading and what follows it. */
  const page = (after: string): string =>
    `<html lang="en"><head><title>Ferry terminal to move</title></head><body><div class="print">${["alpha", "beta", "gamma", "delta"].map(prose).join("")}<h3>Most popular</h3>${after}</div></body></html>`

  it("leaves out the subsections a boilerplate heading opens inside the article's container", () => {
    const { text } = extractContent(parseHtml(page(Array.from({ length: 8 }, (_, i) => teaser(i)).join(""))), { declaresArticle: true })
    for (const word of ["alpha", "delta"]) expect(text).toContain(`the ${word} plan`)
    expect(text).not.toContain("keeper number")
  })

  it("keeps the article going on after the heading without a subheading", () => {
    const { text } = extractContent(parseHtml(page(prose("epsilon") + teaser(1))), { declaresArticle: true })
    expect(text).toContain("the epsilon plan")
  })
})

describe("isStrippedWhenStrict's section headers", () => {
  const step = (n: number): string =>
    `<section><header><h3>Step ${n}: water the pot</h3></header><p>The pot note ${n} says, in plain words, that the soil stays moist, the roots stay cool, and the leaves stay green all summer long.</p></section>`

  it("keeps the headers that open an article's sections, and strips the page's header", () => {
    const html = `<html><body><header><h3>Garden Site</h3><p>Tips for every season of the garden and the yard.</p></header><article><h1>Potted plants</h1>${[1, 2, 3, 4].map(step).join("")}</article></body></html>`
    const text = extractContent(parseHtml(html), { declaresArticle: true }).text
    expect(text).toContain("Step 1: water the pot")
    expect(text).toContain("Step 4: water the pot")
    expect(text).not.toContain("Garden Site")
  })

  it("strips a section's header that holds the headline or no heading", () => {
    const html = `<html><body><article><header><h1>Potted plants</h1><p>By Ann Lee</p></header>${[1, 2, 3, 4, 5].map((n) => `<section><header><span>#${n}</span> <span>Posted by Ann Lee on Monday at noon</span></header><p>The pot note ${n} says, in plain words, that the soil stays moist, the roots stay cool, and the leaves stay green.</p></section>`).join("")}</article></body></html>`
    const text = extractContent(parseHtml(html), { declaresArticle: true }).text
    expect(text).toContain("The pot note 5 says")
    expect(text).not.toContain("Posted by Ann Lee")
    expect(text).not.toContain("By Ann Lee")
  })
})
