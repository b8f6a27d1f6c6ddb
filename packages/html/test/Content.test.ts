import { describe, expect, it } from "vitest"
import { extractContent } from "../src/extract/Content.ts"
import { parseHtml } from "../src/extract/Dom.ts"

/** A paragraph of prose long enough to score (three commas, over 150 characters). */
const prose = (topic: string, n: number): string =>
  `<p>The ${topic} note ${n} says, in plain words, that the kettle works well, lasts long, and costs little to keep running; it boils a full litre in under four minutes and switches itself off.</p>`

/** A short paragraph of prose (three commas, under 150 characters). */
const shortProse = (topic: string, n: number): string =>
  `<p>The ${topic} note ${n} says, in plain words, that the thing works well, lasts long, and costs little to keep running.</p>`

/** A service page: `intro` in its top section, a list of area links, and six offer sections below. */
const servicePage = (intro: string): string => {
  const areas = Array.from({ length: 30 }, (_, n) => `<li><a href="/area/${n}">Service area number ${n} and surroundings</a></li>`).join("")
  const offers = [1, 2, 3, 4, 5, 6]
    .map((n) => `<div class="col"><h3>Offer ${n}</h3><p>The offer note ${n} covers the visit and the parts and the labour for one full year from the day of the repair</p></div>`)
    .join("")
  return `<html><body><div class="top"><div class="intro">${intro}</div></div><ul>${areas}</ul><div class="lower"><div class="cols">${offers}</div></div></body></html>`
}

describe("extractContent", () => {
  it("keeps a short article holding the whole body the page declares, where a looser attempt widens to the prose around it", () => {
    const article = `<article><h1>Park budget passes</h1>${shortProse("budget", 1)}${shortProse("budget", 2)}</article>`
    const rail = `<div class="sidebar-promo">${[1, 2, 3, 4, 5].map((n) => prose("promo", n)).join("")}</div>`
    const root = parseHtml(`<html><body><div class="page">${article}${rail}</div></body></html>`)
    const declaredBody = extractContent(root, { declaresArticle: true, declaredBody: "The budget note 1 says, in plain words, that the thing works well, lasts long, and costs little to keep running." }).text
    expect(declaredBody).toContain("budget note 2")
    expect(declaredBody).not.toContain("promo note")
    // Without the declared body (or with a teaser cut from it) the short article gives way to a looser attempt.
    expect(extractContent(root, { declaresArticle: true }).text).toContain("promo note")
    expect(extractContent(root, { declaresArticle: true, declaredBody: "The budget note 1 says, in plain words, that the thing works well, lasts long, and costs" }).text).toContain("promo note")
  })

  it("keeps a short article under the page's headline, where a looser attempt widens to sections under other headings", () => {
    for (const rail of ["related-news", "sidebar-box"]) {
      const html = `<html><body><div class="page"><h1>Park budget passes</h1><div class="story">${prose("budget", 1)}${prose("budget", 2)}</div><div class="${rail}"><h3>Weather in the valley</h3>${[1, 2, 3, 4, 5].map((n) => `<div class="item"><h4>Forecast ${n}</h4>${prose("city", n)}</div>`).join("")}</div></div></body></html>`
      const text = extractContent(parseHtml(html), { declaresArticle: true, titles: ["Park budget passes"] }).text
      expect(text).toContain("budget note 2")
      expect(text).not.toContain("city note")
      // Without the headline naming the page, the short article gives way to the looser attempt.
      expect(extractContent(parseHtml(html), { declaresArticle: true, titles: ["Council news"] }).text).toContain("city note")
    }
  })

  it("keeps a short result holding the whole declared body over the second opinion's longer prose elsewhere and the baseline", () => {
    const body = "The budget note 1 says, in plain words, that the thing works well, lasts long, and costs little to keep running."
    for (const rail of ["related-links", "comments"]) {
      const html = `<html><body><div class="page"><article><h1>Park budget passes</h1>${shortProse("budget", 1)}${shortProse("budget", 2)}</article><div class="${rail}">${[1, 2, 3, 4, 5].map((n) => prose("promo", n)).join("")}</div></div></body></html>`
      const text = extractContent(parseHtml(html), { declaresArticle: true, declaredBody: body }).text
      expect(text).toContain("budget note 2")
      expect(text).not.toContain("promo note")
    }
  })

  it("drops a hover card of links inside a paragraph, keeping the paragraph's own text and links", () => {
    const card = `<span class="card"><a href="/p/ann">Ann Lee</a><a href="/s/1">Ann Lee wins the vote on the park budget after a long night</a> <a href="/s/2">Council hears Ann Lee on the new school roads plan</a> <a href="/p/ann">MORE</a></span>`
    const lead = `<p>The mayor thanked <span class="person"><a href="/p/ann">Ann Lee</a>${card}</span> for the budget, which funds parks, schools and roads, and residents cheered.</p>`
    const story = [1, 2, 3].map((n) => prose("budget", n)).join("")
    const text = extractContent(parseHtml(`<html><body><article>${lead}${story}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("The mayor thanked Ann Lee for the budget")
    expect(text).not.toContain("wins the vote")
    const shortLinks = `<p>The mayor thanked <span><a href="/p/ann">Ann Lee</a> and <a href="/p/bo">Bo Kim</a></span> for the budget, which funds parks, schools and roads.</p>`
    const kept = extractContent(parseHtml(`<html><body><article>${shortLinks}${story}</article></body></html>`), { declaresArticle: true }).text
    expect(kept).toContain("Ann Lee and Bo Kim for the budget")
  })

  it("joins a sibling of the top candidate's class whose paragraphs sit too deep to be scored", () => {
    const deep = (inner: string): string => `<div class="part"><div class="a"><div class="b"><div class="c"><div class="d"><div class="e">${inner}</div></div></div></div></div></div>`
    const first = deep([1, 2, 3].map((n) => prose("opening", n)).join(""))
    const rest = `<div class="part"><section><div>${[4, 5, 6, 7, 8].map((n) => prose("closing", n)).join("")}</div></section></div>`
    const links = `<div class="part"><ul>${[1, 2, 3].map((n) => `<li><a href="/${n}">Another story number ${n}</a></li>`).join("")}</ul></div>`
    const text = extractContent(parseHtml(`<html><body><div class="page">${first}<figure><p>A caption of the figure between the parts</p></figure>${rest}${links}</div></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("The opening note 1")
    expect(text).toContain("The closing note 8")
    expect(text).not.toContain("Another story number")
  })

  it("keeps an element whose microdata names it the item's description, whatever its class says", () => {
    const story = [1, 2, 3].map((n) => prose("maker", n)).join("")
    const summary = `<div class="meta"%s>A steel kettle for the stove, with a whistle</div>`
    const withProp = `<html><body><article>${summary.replace("%s", ' itemprop="description"')}${story}</article></body></html>`
    const withoutProp = withProp.replace(' itemprop="description"', "")
    for (const declaresArticle of [false, true]) {
      const kept = extractContent(parseHtml(withProp), { declaresArticle }).text
      expect(kept).toContain("with a whistle")
      expect(kept).toContain("The maker note 3")
      expect(extractContent(parseHtml(withoutProp), { declaresArticle }).text).not.toContain("with a whistle")
    }
  })

  it("scores a page not declared an article whose main prose one element holds, however little of the page is prose, instead of reading it whole", () => {
    const story = [1, 2, 3, 4].map((n) => prose("budget", n)).join("")
    const others = Array.from({ length: 40 }, (_, n) => `<div><a href="/story/${n}">Another linked headline of the site's other story number ${n}</a> <span>May ${n % 28 + 1}</span></div>`).join("")
    const html = (body: string): string => `<html><body><div class="story">${body}</div><div class="more">${others}</div></body></html>`
    const article = extractContent(parseHtml(html(story)), { declaresArticle: false })
    expect(article.strategy).toBe("article")
    expect(article.text).toContain("The budget note 4")
    expect(article.text).not.toContain("other story number")
    // Prose spread over short blurbs, none holding the page's paragraphs: read whole.
    const blurbs = [1, 2, 3, 4].map((n) => `<div class="blurb">${prose("blurb", n)}</div>`).join("")
    const listing = extractContent(parseHtml(html(blurbs)), { declaresArticle: false })
    expect(listing.strategy).toBe("page")
    expect(listing.text).toContain("other story number 39")
  })

  it("does not widen the containers of a page not declared an article that hold all its prose, and widens them when prose stands elsewhere", () => {
    const note = `<div class="note">Readers can send their questions about the plan to the desk</div>`
    const story = `<div class="story">${[1, 2, 3, 4].map((n) => prose("budget", n)).join("")}</div>`
    const alone = extractContent(parseHtml(`<html><body><div class="wrap">${note}${story}</div></body></html>`), { declaresArticle: false }).text
    expect(alone).toContain("The budget note 4")
    expect(alone).not.toContain("Readers can send")
    const tip = `<div class="tip"><p>The weekly tip from our gardening team covers planting bulbs before the first frost arrives in the valley</p></div>`
    const beside = extractContent(parseHtml(`<html><body><div class="wrap">${note}${story}${tip}</div></body></html>`), { declaresArticle: false }).text
    expect(beside).toContain("Readers can send")
    expect(beside).toContain("The weekly tip")
  })

  it("drops a short block of customer reviews on a page not declared an article, and keeps it on an article", () => {
    const reviews = [1, 2, 3].map((n) => `<div class="review">${shortProse("buyer", n)}</div>`).join("")
    const description = [1, 2, 3, 4].map((n) => prose("maker", n)).join("")
    const html = `<html><body><main><div class="product"><h1>Kettle</h1><div class="description">${description}</div><div class="product-reviews">${reviews}</div></div></main></body></html>`
    const product = extractContent(parseHtml(html), { declaresArticle: false }).text
    expect(product).toContain("The maker note 4")
    expect(product).not.toContain("The buyer note")
    const article = extractContent(parseHtml(html), { declaresArticle: true }).text
    expect(article).toContain("The maker note 4")
    expect(article).toContain("The buyer note 3")
  })

  it("gives way to the page's paragraph blocks when the scored result, written in short paragraphs, holds too little of them, on any page", () => {
    const page = servicePage([1, 2, 3].map((n) => `<h2>Part ${n}</h2>${prose("intro", n)}`).join(""))
    for (const declaresArticle of [false, true]) {
      const result = extractContent(parseHtml(page), { declaresArticle })
      expect(result.strategy).toBe("baseline")
      expect(result.text).toContain("The intro note 2")
      expect(result.text).toContain("The offer note 5")
      expect(result.text).not.toContain("Service area number")
    }
  })

  it("keeps an article in short paragraphs beside a long section opened by a comments heading, instead of giving way to the baseline", () => {
    const story = [1, 2, 3, 4, 5, 6].map((n) => shortProse("story", n)).join("")
    const replies = Array.from({ length: 30 }, (_, n) => `<div class="c">${shortProse("reader", n)}</div>`).join("")
    const page = `<html><body><div class="main"><div class="story">${story}</div><div class="talk"><h3>42 Comments</h3>${replies}</div></div></body></html>`
    const commented = extractContent(parseHtml(page), { declaresArticle: true })
    expect(commented.strategy).toBe("article")
    expect(commented.text).toContain("The story note 6")
    expect(commented.text).not.toContain("The reader note")
  })

  it("keeps a scored result written in long prose paragraphs, however much other paragraph text the page holds", () => {
    const page = servicePage([1, 2, 3].map((n) => prose("intro", n)).join(""))
    for (const declaresArticle of [false, true]) {
      const result = extractContent(parseHtml(page), { declaresArticle })
      expect(result.strategy).toBe("article")
      expect(result.text).toContain("The intro note 2")
      expect(result.text).not.toContain("The offer note 5")
    }
  })

  it("keeps the scored container when it holds most of the page's paragraph blocks", () => {
    const story = [1, 2, 3, 4].map((n) => prose("story", n)).join("")
    const html = `<html><body><div class="content">${story}</div><div class="tagline"><p>A small note under the story, short.</p></div></body></html>`
    const page = extractContent(parseHtml(html), { declaresArticle: false })
    expect(page.strategy).toBe("article")
    expect(page.text).toContain("The story note 4")
  })

  it("does not join a list of teasers beside an article to it, however well the list scores", () => {
    const story = [1, 2, 3, 4, 5, 6].map((n) => prose("story", n)).join("")
    const cards = Array.from({ length: 8 }, (_, n) => `<div class="card"><h3><a href="/t/${n}">Teaser title ${n}</a></h3>${shortProse("teaser", n)}</div>`).join("")
    const page = `<html><body><div class="page"><div class="story">${story}</div><div class="grid">${cards}</div></div></body></html>`
    const text = extractContent(parseHtml(page), { declaresArticle: true }).text
    expect(text).toContain("The story note 6")
    expect(text).not.toContain("The teaser note")
  })

  it("chooses the article over a longer list of comments beside it", () => {
    const story = [1, 2, 3, 4, 5, 6].map((n) => prose("story", n)).join("")
    const comments = Array.from({ length: 40 }, (_, n) => `<div class="c"><div><a href="/u/${n}">reader${n}</a> <span>2 hours ago</span></div>${shortProse("reader", n)}<a href="#reply">Reply</a></div>`).join("")
    const page = `<html><body><div class="page"><div class="story">${story}</div><div class="talk">${comments}</div></div></body></html>`
    for (const declaresArticle of [false, true]) {
      const text = extractContent(parseHtml(page), { declaresArticle }).text
      expect(text).toContain("The story note 1")
      expect(text).toContain("The story note 6")
      expect(text).not.toContain("The reader note")
    }
  })

  it("keeps a listicle's items with its short introduction", () => {
    const intro = [1, 2, 3].map((n) => `<p>The intro note ${n} names the new stars, Bridges, Huso, Yamada, Laliko, Noreetuh, Yemenat, the old hands, the bistros, the bars, the diners, the cafes, all of them, in one list.</p>`).join("")
    const items = Array.from({ length: 150 }, (_, n) => `<div class="venue"><h3><a href="/v/${n}">Venue ${n}</a></h3>${shortProse("venue", n)}</div>`).join("")
    const page = `<html><body><div class="page"><div class="lead">${intro}</div><div class="venues">${items}</div></div></body></html>`
    const text = extractContent(parseHtml(page), { declaresArticle: true }).text
    expect(text).toContain("The venue note 149")
  })

  it("joins a procedure's steps, whose links sit inside their prose, to the article as its sibling", () => {
    const story = [1, 2, 3, 4, 5, 6].map((n) => prose("story", n)).join("")
    const steps = Array.from({ length: 10 }, (_, n) => `<li><p>The step ${n} runs first, then reads the <a href="#s${n}">clause ${n}</a> below, groups the rows, and keeps the rows that match the condition given.</p></li>`).join("")
    const page = `<html><body><div class="page"><div class="story">${story}</div><ol>${steps}</ol></div></body></html>`
    const text = extractContent(parseHtml(page), { declaresArticle: true }).text
    expect(text).toContain("The story note 6")
    expect(text).toContain("The step 9 runs first")
  })

  it("measures the baseline without the list of comments it chose an article in short paragraphs over", () => {
    const story = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => shortProse("story", n)).join("")
    const comments = Array.from({ length: 40 }, (_, n) => `<div class="c"><div><a href="/u/${n}">reader${n}</a> <span>2 hours ago</span></div>${shortProse("reader", n)}<a href="#reply">Reply</a></div>`).join("")
    const page = `<html><body><div class="page"><div class="story">${story}</div><div class="talk">${comments}</div></div></body></html>`
    const result = extractContent(parseHtml(page), { declaresArticle: true })
    expect(result.strategy).toBe("article")
    expect(result.text).toContain("The story note 8")
    expect(result.text).not.toContain("The reader note")
  })

  it("reads an article without the longer list of comments inside its own container", () => {
    const story = [1, 2, 3, 4, 5, 6].map((n) => prose("story", n)).join("")
    const comments = Array.from({ length: 40 }, (_, n) => `<div class="c"><div><a href="/u/${n}">reader${n}</a> <span>2 hours ago</span></div>${shortProse("reader", n)}<a href="#reply">Reply</a></div>`).join("")
    const page = `<html><body><div class="page"><div class="story">${story}<div class="talk">${comments}</div></div></div></body></html>`
    for (const declaresArticle of [false, true]) {
      const text = extractContent(parseHtml(page), { declaresArticle }).text
      expect(text).toContain("The story note 1")
      expect(text).toContain("The story note 6")
      expect(text).not.toContain("The reader note")
    }
  })

  /** A comment: its author's link, then its text in a block (the shape of an item list). */
  const comment = (n: number, paragraph: string): string => `<div class="item"><div class="who"><a href="/u/${n}">reader${n}</a> said</div><div class="said">${paragraph}</div></div>`

  it("does not widen the article of a page not declared one over the list of comments beside it", () => {
    const story = [1, 2, 3, 4, 5, 6].map((n) => prose("story", n)).join("")
    const comments = Array.from({ length: 8 }, (_, n) => comment(n, shortProse("reader", n))).join("")
    const page = `<html><body><div class="wrapper"><div class="story">${story}</div><div class="responses">${comments}</div></div></body></html>`
    const text = extractContent(parseHtml(page), { declaresArticle: false }).text
    expect(text).toContain("The story note 6")
    expect(text).not.toContain("The reader note")
  })

  /** Comments under a heading that is not a boilerplate heading, each reply two paragraphs of prose. */
  const responses = (count: number): string =>
    `<div class="responses"><h3>Responses</h3>${Array.from({ length: count }, (_, n) => comment(n, `${prose("reader", n)}${shortProse("reply", n)}`)).join("")}</div>`

  it("finds the list of comments nested deep below the wrapper that holds it and the article", () => {
    const story = [1, 2, 3, 4, 5, 6].map((n) => prose("story", n)).join("")
    const nested = (inner: string, depth: number): string => (depth === 0 ? inner : `<div class="level${depth}">${nested(inner, depth - 1)}</div>`)
    const page = `<html><body><div class="page"><div class="story">${story}</div>${nested(responses(30), 6)}</div></body></html>`
    for (const declaresArticle of [false, true]) {
      const text = extractContent(parseHtml(page), { declaresArticle }).text
      expect(text).toContain("The story note 6")
      expect(text).not.toContain("The reader note")
    }
  })

  it("passes over the comments that the parent a declared article's body climbed to owes its score to", () => {
    const story = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => shortProse("story", n)).join("")
    const page = `<html><body><div class="frame"><div class="column"><div class="story">${story}</div></div>${responses(30)}</div></body></html>`
    const result = extractContent(parseHtml(page), { declaresArticle: true })
    expect(result.text).toContain("The story note 8")
    expect(result.text).not.toContain("The reader note")
  })

  it("passes over teasers inside the article element that hold half, not most, of the ancestor a declared article's body climbed to", () => {
    const story = [1, 2, 3, 4, 5].map((n) => prose("story", n)).join("")
    const teasers = Array.from(
      { length: 10 },
      (_, n) => `<div class="item"><h3><a href="/other/${n}">Other story ${n} in the news</a></h3><p>The teaser ${n} tells of a council vote, a school fair, a road works plan and the weather for the weekend ahead.</p></div>`
    ).join("")
    const page = `<html><body><div class="page"><article><h1>Kettle review</h1><div class="text">${story}</div><div class="more">${teasers}</div></article></div></body></html>`
    const result = extractContent(parseHtml(page), { declaresArticle: true })
    expect(result.text).toContain("The story note 5")
    expect(result.text).not.toContain("The teaser")
  })

  it("measures and reads the baseline without the comments beside an article in short paragraphs", () => {
    const story = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => shortProse("story", n)).join("")
    const shortReplies = `<div class="responses"><h3>Responses</h3>${Array.from({ length: 30 }, (_, n) => comment(n, shortProse("reader", n))).join("")}</div>`
    const kept = `<html><body><div class="page"><div class="story">${story}</div>${shortReplies}</div></body></html>`
    const result = extractContent(parseHtml(kept), { declaresArticle: true })
    expect(result.strategy).toBe("article")
    expect(result.text).toContain("The story note 8")
    expect(result.text).not.toContain("The reader note")
    const offers = [1, 2, 3, 4, 5, 6]
      .map((n) => `<div class="col"><h3>Offer ${n}</h3><p>The offer note ${n} covers the visit and the parts and the labour for one full year from the day of the repair</p></div>`)
      .join("")
    const spread = `<html><body><div class="main"><div class="story">${story}</div>${shortReplies}</div><div class="lower"><div class="cols">${offers}</div></div></body></html>`
    const baseline = extractContent(parseHtml(spread), { declaresArticle: true })
    expect(baseline.strategy).toBe("baseline")
    expect(baseline.text).toContain("The story note 8")
    expect(baseline.text).toContain("The offer note 6")
    expect(baseline.text).not.toContain("The reader note")
  })

  it("reads the baseline of a declared article without its headline, captions and short notices", () => {
    const story = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => shortProse("story", n)).join("")
    const offers = [1, 2, 3, 4, 5, 6]
      .map((n) => `<div class="col"><h3>Offer ${n}</h3><p>The offer note ${n} covers the visit and the parts and the labour for one full year from the day of the repair</p></div>`)
      .join("")
    const furniture = `<h1>The harbour opens again</h1><figure><figcaption>The harbour at dawn, seen from the pier</figcaption></figure>`
    const notices = `<p>Have a tip? Jane Doe may be reached at jane@example.com.</p><p>Get the latest updates right in your inbox.</p>`
    const page = `<html><body><div class="main">${furniture}<div class="story">${story}${notices}</div></div><div class="lower"><div class="cols">${offers}</div></div></body></html>`
    const result = extractContent(parseHtml(page), { declaresArticle: true })
    expect(result.strategy).toBe("baseline")
    expect(result.text).toContain("The story note 8")
    expect(result.text).toContain("The offer note 6")
    for (const dropped of ["The harbour opens again", "seen from the pier", "may be reached", "right in your inbox"]) expect(result.text).not.toContain(dropped)
  })
})

describe("extractContent's teaser paragraphs", () => {
  const story = [1, 2, 3, 4].map((n) => prose("harbour", n)).join("")

  it("drops a paragraph of a declared article that is a linked headline of another article, and keeps it on other pages", () => {
    const teaser = `<p><strong><a href="/other">SINGER ELIMINATED FROM THE DANCE SHOW</a></strong></p>`
    const page = `<html><body><article>${story}${teaser}${prose("harbour", 5)}</article></body></html>`
    expect(extractContent(parseHtml(page), { declaresArticle: true }).text).not.toContain("SINGER ELIMINATED")
    expect(extractContent(parseHtml(page), { declaresArticle: false }).text).toContain("SINGER ELIMINATED")
  })

  it("keeps linked paragraphs that are short calls to action or cited web addresses, and paragraphs with a link inside prose", () => {
    const cta = `<p><a href="/join">Learn more</a></p>`
    const source = `<p><a href="http://example.org/report">http://example.org/report/2019/harbour-budget.html</a></p>`
    const inline = `<p>Read <a href="/report">the council's full report on the harbour budget</a> here.</p>`
    const text = extractContent(parseHtml(`<html><body><article>${story}${cta}${source}${inline}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("Learn more")
    expect(text).toContain("http://example.org/report/2019/harbour-budget.html")
    expect(text).toContain("the council's full report")
  })
})

describe("extractContent's baseline without the page's footer", () => {
  it("measures and reads the baseline without a footer written in divs, and keeps a wrapper named a footer that holds most of the page", () => {
    const story = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => shortProse("story", n)).join("")
    const offers = [1, 2, 3, 4, 5, 6]
      .map((n) => `<div class="col"><h3>Offer ${n}</h3><p>The offer note ${n} covers the visit and the parts and the labour for one full year from the day of the repair</p></div>`)
      .join("")
    const footer = `<div class="site-footer"><p class="disclaimer">Registration on or use of this site constitutes acceptance of our user agreement and privacy policy</p></div>`
    const spread = `<html><body><div class="main"><div class="story">${story}</div></div><div class="lower"><div class="cols">${offers}</div></div>${footer}</body></html>`
    const result = extractContent(parseHtml(spread), { declaresArticle: true })
    expect(result.strategy).toBe("baseline")
    expect(result.text).toContain("The offer note 6")
    expect(result.text).not.toContain("Registration on or use of this site")
    const wrapped = `<html><body><div class="flex-wrap-footer"><div class="main"><div class="story">${story}</div></div><div class="lower"><div class="cols">${offers}</div></div></div></body></html>`
    const whole = extractContent(parseHtml(wrapped), { declaresArticle: true })
    expect(whole.text).toContain("The story note 8")
    expect(whole.text).toContain("The offer note 6")
  })
})

describe("extractContent's baseline of a declared article without its comments and sidebar", () => {
  const story = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => shortProse("story", n)).join("")
  const offers = [1, 2, 3, 4, 5, 6]
    .map((n) => `<div class="col"><h3>Offer ${n}</h3><p>The offer note ${n} covers the visit and the parts and the labour for one full year from the day of the repair</p></div>`)
    .join("")
  /** Replies in plain paragraphs under a heading that is no boilerplate heading ("112 Leave a reply" counts its replies). */
  const comments = `<div id="comments" class="comments-area"><h3>112 Leave a reply</h3>${[1, 2, 3, 4, 5, 6].map((n) => `<div class="wc-comment"><p>Anna wrote on 6 January:</p>${shortProse("reader", n)}</div>`).join("")}</div>`
  const sidebar = `<div id="secondary" class="site-sidebar"><h3>Hello!</h3><p>I am the cook of this blog, a collection of the foods and the places we have enjoyed, written down since 2012 so that you can cook them too.</p></div>`

  it("measures and reads the baseline without the comments section and the sidebar, named so", () => {
    const page = `<html><body><div class="main"><div class="story">${story}</div></div><div class="lower"><div class="cols">${offers}</div></div>${comments}${sidebar}</body></html>`
    const result = extractContent(parseHtml(page), { declaresArticle: true })
    expect(result.strategy).toBe("baseline")
    expect(result.text).toContain("The story note 8")
    expect(result.text).toContain("The offer note 6")
    for (const dropped of ["The reader note", "Anna wrote", "I am the cook"]) expect(result.text).not.toContain(dropped)
  })

  it("keeps a wrapper named for comments that holds most of the page", () => {
    const page = `<html><body><div class="comments-wrap"><div class="main"><div class="story">${story}</div></div><div class="lower"><div class="cols">${offers}</div></div></div></body></html>`
    const result = extractContent(parseHtml(page), { declaresArticle: true })
    expect(result.text).toContain("The story note 8")
    expect(result.text).toContain("The offer note 6")
  })
})

describe("extractContent's teaser lists", () => {
  const story = [1, 2, 3, 4].map((n) => prose("harbour", n)).join("")
  const linkedItem = (headline: string): string => `<ul><li><h4><a href="/other">${headline}</a></h4></li></ul>`

  it("drops lists of a declared article whose items are linked headlines of other articles, and keeps them on other pages", () => {
    const more = `<h4>More:</h4>${linkedItem("Council weighs a new ferry route to the islands")}${linkedItem("Fishing fleet returns early as storms close in")}`
    const page = `<html><body><article>${story}${more}${prose("harbour", 5)}</article></body></html>`
    const article = extractContent(parseHtml(page), { declaresArticle: true }).text
    expect(article).not.toContain("new ferry route")
    expect(article).not.toContain("Fishing fleet returns")
    expect(article).toContain("The harbour note 5")
    expect(extractContent(parseHtml(page), { declaresArticle: false }).text).toContain("new ferry route")
  })

  it("drops a declared article's list of linked tags, and keeps a list mixing tags and other links", () => {
    const tags = `<ul><li><a href="/t/asia">Asia Pacific</a></li><li><a href="/t/china">China</a></li><li><a href="/t/xi">Xi Jinping</a></li></ul>`
    const mixed = `<ul><li><a href="/t/ports">Ports</a></li><li><a href="/r">The port authority's annual report, 2019.</a></li></ul>`
    const text = extractContent(parseHtml(`<html><body><article>${story}${tags}${prose("harbour", 5)}${mixed}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("The harbour note 5")
    expect(text).not.toContain("Xi Jinping")
    expect(text).toContain("annual report")
  })

  it("keeps lists of linked offers with prices or of linked sentences", () => {
    const offers = `<ul><li><a href="/buy">Get the harbour kettle at the store for $49</a></li></ul>`
    const sentences = `<ul><li><a href="/a">The council approved the budget.</a></li><li><a href="/b">The mayor signed it the same day.</a></li></ul>`
    const text = extractContent(parseHtml(`<html><body><article>${story}${offers}${sentences}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("Get the harbour kettle at the store for $49")
    expect(text).toContain("The mayor signed it the same day.")
  })
})

describe("extractContent's notices", () => {
  const story = [1, 2, 3, 4].map((n) => prose("harbour", n)).join("")

  it("drops short calls to follow or subscribe and copyright lines after an article, on any page", () => {
    const notices = `<p><em>Jane Doe can be reached at jane@example.com. Follow her on Twitter <a href="/t">@janedoe</a>.</em></p><p>Get the latest updates right in your inbox. <a href="/s">Subscribe to our newsletters</a>.</p><p>© 2019 Example News. All rights reserved.</p>`
    for (const declaresArticle of [true, false]) {
      const text = extractContent(parseHtml(`<html><body><article>${story}${notices}</article></body></html>`), { declaresArticle }).text
      expect(text).toContain("The harbour note 4")
      expect(text).not.toContain("can be reached")
      expect(text).not.toContain("Subscribe to our newsletters")
      expect(text).not.toContain("All rights reserved")
    }
  })

  it("reads a notice phrase broken by inline markup as one phrase", () => {
    const broken = `<p><i>Follow Example News on </i><a href="/i">Instagram</a><i>, </i><a href="/t">Twitter</a><i>.</i></p>`
    const text = extractContent(parseHtml(`<html lang="en"><body><article>${story}${broken}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("The harbour note 4")
    expect(text).not.toContain("Follow Example News")
  })

  it("drops a notice written as a line of a larger block, between line breaks", () => {
    const line = (n: number): string => `The harbour note ${n} says, in plain words, that the council funds the boats, the piers, and the nets of the town for one more year.<br><br>`
    const block = `<div class="text">${line(1)}${line(2)}We use cookies to count our readers.<br><br>${line(3)}${line(4)}${line(5)}</div>`
    for (const declaresArticle of [true, false]) {
      const text = extractContent(parseHtml(`<html><body><article>${block}</article></body></html>`), { declaresArticle }).text
      expect(text).toContain("The harbour note 5")
      expect(text).not.toContain("We use cookies")
    }
  })

  it("keeps a long paragraph of prose that mentions a newsletter", () => {
    const long = `<p>The harbour master says that fishermen, who once read the tides from the sky, now subscribe to the port's weather newsletter, which arrives each morning with the forecast, the tide tables, the list of closed berths and the prices paid at the fish market the day before, and that nobody goes out without reading it first.</p>`
    const text = extractContent(parseHtml(`<html><body><article>${story}${long}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("weather newsletter")
  })
})

describe("extractContent's hover cards and narrowing", () => {
  it("prunes hover cards before scoring: paragraphs carrying them are read as the article's prose, without the cards", () => {
    const card = (n: number): string => `<span class="card">${[1, 2, 3, 4].map((k) => `<a href="/s/${n}/${k}">Another story about the mayor number ${k} and the council vote</a>`).join(" ")}</span>`
    const paragraph = (n: number): string => `<p>The harbour note ${n} says, in plain words, that <span class="person"><a href="/p/ann">Ann Lee</a>${card(n)}</span> funds the boats, the piers, and the nets of the town.</p>`
    const page = `<html><body><div class="wrap"><div class="story">${[1, 2, 3, 4, 5].map(paragraph).join("")}</div></div><div class="wrap2"><div class="shop">${[1, 2].map((n) => shortProse("bakery", n)).join("")}</div></div></body></html>`
    const result = extractContent(parseHtml(page), { declaresArticle: false })
    expect(result.strategy).toBe("article")
    expect(result.text).toContain("The harbour note 3 says, in plain words, that Ann Lee funds the boats")
    expect(result.text).not.toContain("Another story")
  })

  it("narrows a declared article's container that owes its rank to its class to the element inside holding nearly all its text", () => {
    const paragraph = (n: number): string => `<p>The harbour note ${n} says, in plain words, that the council funds the boats, the piers, and the nets of the town for one more year.</p>`
    const story = `<div class="mid"><div class="field">${[1, 2, 3, 4, 5, 6, 7, 8].map(paragraph).join("")}</div></div>`
    const address = `<div class="bottom"><div><p>The Town Paper, 1 Harbour Street, Suite 9, Seaton, 555-0100 tel, 555-0101 fax.</p></div></div>`
    const page = `<html><body><div class="page"><div class="byl">By Ann Lee, 11/18/19 11:04 PM EST</div>${story}${address}</div></body></html>`
    const text = extractContent(parseHtml(page), { declaresArticle: true }).text
    expect(text).toContain("The harbour note 8")
    expect(text).not.toContain("Harbour Street")
    expect(text).not.toContain("By Ann Lee")
  })
})

describe("extractContent's standfirst", () => {
  const lead = `<div class="intro"><p>The harbour reopens this spring after two years of works on the piers and the sea wall</p></div>`
  const body = `<div class="body">${[1, 2, 3, 4, 5].map((n) => prose("harbour", n)).join("")}</div>`

  it("joins the lead set apart just before a declared article's body", () => {
    const page = `<html><body><div class="story">${lead}${body}</div><div class="more"><p>Unrelated words that follow the story and do not belong to it at all.</p></div></body></html>`
    expect(extractContent(parseHtml(page), { declaresArticle: true }).text).toMatch(/^The harbour reopens this spring[^]*The harbour note 5/)
  })

  it("does not join a lead that holds a link, a heading or a list", () => {
    for (const other of [
      `<div class="intro"><p>This post may contain <a href="/d">referral links</a>, see the disclosure page for more about them</p></div>`,
      `<div class="intro"><h3>Donate</h3><p>Every small gift helps the people of the harbour who lost their boats this year</p></div>`
    ]) {
      const text = extractContent(parseHtml(`<html><body><div class="story">${other}${body}</div></body></html>`), { declaresArticle: true }).text
      expect(text).toContain("The harbour note 5")
      expect(text).not.toMatch(/referral links|Every small gift/)
    }
  })
})

describe("extractContent's hidden panels", () => {
  it("reads the collapsed sections of an accordion, and not a hidden modal", () => {
    const section = (n: number): string => `<h3 id="h${n}">Step ${n}</h3><div role="region" aria-labelledby="h${n}" style="display:none">${prose("guide", n)}</div>`
    const modal = `<div class="modal" aria-labelledby="m" style="display:none"><p>Call the hotline any time, every day, for free and confidential support from our team.</p></div>`
    const text = extractContent(parseHtml(`<html><body><article>${prose("intro", 0)}${[1, 2, 3].map(section).join("")}${modal}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("The guide note 3")
    expect(text).not.toContain("hotline")
  })
})

describe("extractContent's short lists", () => {
  it("keeps a short list of the article's points that one longer item makes score below zero", () => {
    const points = `<ul><li>New tasks for the game!</li><li>More questions for your opponent</li><li>Bugs fixed</li></ul>`
    for (const declaresArticle of [true, false]) {
      const text = extractContent(parseHtml(`<html><body><article>${prose("game", 1)}${points}${prose("game", 2)}${prose("game", 3)}</article></body></html>`), { declaresArticle }).text
      expect(text).toContain("More questions for your opponent")
      expect(text).toContain("Bugs fixed")
    }
  })

  it("still drops a short list whose class or id names boilerplate", () => {
    const tags = `<ul class="sidebar-widget"><li>Tagged under the harbour and the boats of the town</li><li>Boats</li></ul>`
    const text = extractContent(parseHtml(`<html><body><article>${prose("game", 1)}${tags}${prose("game", 2)}${prose("game", 3)}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("The game note 3")
    expect(text).not.toContain("Tagged under")
  })
})

describe("extractContent's orphan headings", () => {
  const story = [1, 2, 3, 4].map((n) => prose("harbour", n)).join("")

  it("drops a heading whose section was cleaned away, and keeps a heading followed by text", () => {
    const places = `<div class="places"><h3>Places in this story</h3><div class="tags"><a href="/t/uk">United Kingdom</a>, <a href="/t/london">London</a></div></div>`
    const section = `<div class="part"><h3>The new piers</h3>${prose("pier", 1)}</div>`
    for (const declaresArticle of [true, false]) {
      const text = extractContent(parseHtml(`<html><body><article>${story}${section}${places}</article></body></html>`), { declaresArticle }).text
      expect(text).toContain("The new piers")
      expect(text).toContain("The pier note 1")
      expect(text).not.toContain("Places in this story")
    }
  })
})

describe("extractContent's trailing headings", () => {
  const story = [1, 2, 3, 4].map((n) => prose("harbour", n)).join("")

  it("drops a heading the content ends on, and keeps one written as a sentence", () => {
    const topics = `<div class="topics"><h3>Topics</h3><nav><a href="/t/uk">United Kingdom</a> <a href="/t/london">London</a></nav></div>`
    for (const declaresArticle of [true, false]) {
      const text = extractContent(parseHtml(`<html><body><article>${story}${topics}</article></body></html>`), { declaresArticle }).text
      expect(text).toContain("The harbour note 4")
      expect(text).not.toContain("Topics")
    }
    const sentence = extractContent(parseHtml(`<html><body><article>${story}<h3>The harbour stays open.</h3></article></body></html>`), { declaresArticle: true }).text
    expect(sentence).toContain("The harbour stays open.")
  })
})

describe("extractContent's filing lines and furniture labels", () => {
  const story = [1, 2, 3, 4].map((n) => prose("harbour", n)).join("")

  it("drops the article's filing line, and keeps the same label as one field of a list of details", () => {
    const filed = `<p>Filed under: <a href="/c/politics">Politics</a>, <a href="/c/harbours">Harbours</a> |</p>`
    const fields = ["Optik: Teleobjektiv", "Brennweite in mm: 180", "Kameramodell: Canon EOS 60 Da", "ISO-Zahl: 640", "Belichtungszeit: 60 x 3 Minuten", "Ort: Kasberg im Frankenland"]
    const details = `<h3>Detailangaben</h3><ul><li>Kategorie: <a href="/c/first">Erste Versuche</a></li>${fields.map((field) => `<li>${field}</li>`).join("")}</ul>`
    const text = extractContent(parseHtml(`<html><body><article>${story}${filed}${details}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("The harbour note 4")
    expect(text).toContain("Kategorie: Erste Versuche")
    expect(text).not.toContain("Filed under")
  })

  it("drops skip links and placeholders written as bare links or spans, outside any block of their own", () => {
    const page = `<html><body><article><a class="jump" href="#story">Skip to main content</a>${story}<span class="slot">Loading...</span></article></body></html>`
    const text = extractContent(parseHtml(page), { declaresArticle: true }).text
    expect(text).toContain("The harbour note 4")
    expect(text).not.toContain("Skip to")
    expect(text).not.toContain("Loading")
  })
})

describe("extractContent's furniture", () => {
  it("drops a photo caption of a news article, longer than 300 characters, named as a caption", () => {
    const caption = `<div class="InlineImage-imageEmbedCaption">The mayor of the town, centre, in a blue coat, the harbour master, left, and the clerk of the council, right, pass the new ferry, operated by the Harbour Line, during the opening of the north pier at the Old Harbour in Seaton, on the east coast, on Monday, Nov. 13, 2017, before a crowd of some two thousand people from the town and the villages around it.</div>`
    const page = `<html><body><article>${prose("harbour", 1)}${prose("harbour", 2)}<div class="image">${caption}</div>${[3, 4, 5, 6].map((n) => prose("harbour", n)).join("")}</article></body></html>`
    const text = extractContent(parseHtml(page), { declaresArticle: true }).text
    expect(text).toContain("The harbour note 6")
    expect(text).not.toContain("in a blue coat")
  })
})

describe("extractContent's cleaning of a declared article", () => {
  it("keeps a long block of prose holding a box of related links, which the container's cleaning would drop for its links", () => {
    const paragraph = (n: number): string => `<p>The harbour note ${n} says that the council funds the boats and the piers and the nets of the town for one more year, and then more.</p>`
    const caption = `<div class="image"><p>In this file photo, made available by the council, the harbour master, left, the mayor, right, and the clerk, centre, walk, talk, and wave along the new pier, during its opening, in May.</p></div>`
    const links = `<ul>${[1, 2, 3, 4, 5].map((n) => `<li><a href="/s/${n}">Another story about the harbour number ${n}</a></li>`).join("")}</ul>`
    const page = `<html><body><div class="content-primary" id="main">${caption}<div class="clearfix"><div class="body">${[1, 2, 3].map(paragraph).join("")}</div>${links}</div></div></body></html>`
    const text = extractContent(parseHtml(page), { declaresArticle: true }).text
    expect(text).toContain("The harbour note 1")
    expect(text).toContain("The harbour note 3")
  })
})

describe("extractContent's second opinion on wrapped paragraphs", () => {
  it("finds a declared article whose every paragraph is wrapped alone in blocks, when the scored result is an image caption", () => {
    const paragraph = (n: number): string =>
      `<div class="paragraph"><div class="paragraph-inner"><p>The harbour note ${n} says that the council funds the boats and the piers and the nets of the town for one more year, and then more.</p></div></div>`
    const caption = `<div class="image"><p>In this file photo, made available by the council, the harbour master, left, the mayor, right, and the clerk, centre, walk, talk, and wave along the new pier, during its opening, in May.</p></div>`
    const links = `<ul>${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => `<li><a href="/s/${n}">Another story about the harbour number ${n}</a></li>`).join("")}</ul>`
    const page = `<html><body><div class="content-primary" id="main">${caption}<div class="clearfix"><div class="body">${[1, 2, 3, 4, 5].map(paragraph).join("")}</div>${links}</div></div></body></html>`
    const text = extractContent(parseHtml(page), { declaresArticle: true }).text
    expect(text).toContain("The harbour note 1")
    expect(text).toContain("The harbour note 5")
    expect(text).not.toContain("file photo")
  })
})

describe("extractContent's reading root and second opinion", () => {
  it("reads an article the parser puts outside the body, after an early `</html>`, and an HTML fragment without a body", () => {
    const story = [1, 2, 3, 4].map((n) => prose("story", n)).join("")
    const closedEarly = extractContent(parseHtml(`<html><body><div class="top">Home</div></body></html><div class="page"><article>${story}</article></div>`), { declaresArticle: true })
    expect(closedEarly.text).toContain("The story note 1")
    expect(closedEarly.text).toContain("The story note 4")
    expect(closedEarly.text).not.toContain("Home")
    const fragment = extractContent(parseHtml(`<div class="entry">${story}</div>`), { declaresArticle: false })
    expect(fragment.text).toContain("The story note 4")
  })

  it("reads a body pasted after an empty one that a second document opened first", () => {
    const story = [1, 2, 3, 4].map((n) => prose("story", n)).join("")
    const html = `<html><head><title>T</title></head><body></body></html><html><body><main><article>${story}</article></main></body></html>`
    expect(extractContent(parseHtml(html), { declaresArticle: true }).text).toContain("The story note 3")
  })

  it("reads a document that opens no body and never closes its head, which the parser leaves inside the head", () => {
    const story = [1, 2, 3, 4].map((n) => prose("harbour", n)).join("")
    const result = extractContent(parseHtml(`<!DOCTYPE html><html><head><title>The harbour page</title><meta charset="utf-8"><div id="article">${story}</div></html>`), { declaresArticle: true })
    expect(result.text).toContain("The harbour note 4")
    expect(result.text).not.toContain("The harbour page")
  })

  it("keeps reading a short body when the document holds little more outside it", () => {
    const html = `<html><body><div class="note">${shortProse("body", 1)}</div></body></html><p>A closing line.</p>`
    const text = extractContent(parseHtml(html), { declaresArticle: false }).text
    expect(text).toContain("The body note 1")
    expect(text).not.toContain("A closing line")
  })

  it("takes the element holding the page's main prose over a much shorter scored result", () => {
    const standfirst = `<div class="lead">${[1, 2, 3].map((n) => prose("summary", n)).join("")}</div>`
    const story = `<div class="story-text js-share-highlight">${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => prose("story", n)).join("")}</div>`
    const popular = Array.from({ length: 10 }, (_, n) => `<div class="item"><a href="/p/${n}">Popular story number ${n} of the week</a>${shortProse("popular", n)}</div>`).join("")
    const result = extractContent(parseHtml(`<html><body><div class="page">${standfirst}<div class="wrap">${story}</div><div class="popular">${popular}</div></div></body></html>`), { declaresArticle: true })
    expect(result.text).toContain("The story note 1")
    expect(result.text).toContain("The story note 8")
    expect(result.text).not.toContain("The popular note")
  })

  it("keeps a declared article over the longer thread of comments under it, outside its container", () => {
    const story = `<div class="entry">${[1, 2, 3, 4].map((n) => prose("story", n)).join("")}</div>`
    const reply = (n: number): string =>
      `<dt><span class="author">Reader ${n}</span> <a href="#c${n}">May ${n}, 2015 at 10:25 pm</a></dt><dd><div class="text"><p>The reply note ${n} says, in plain words, that the list is wrong, that the singer belongs higher up, and that the author should listen to the old records again before writing.</p></div></dd>`
    const thread = `<div id="comments"><dl id="reply_list">${Array.from({ length: 14 }, (_, n) => reply(n + 1)).join("")}</dl></div>`
    const result = extractContent(parseHtml(`<html><body><div class="post"><h1>The hundred best singers</h1>${story}<div class="meta">Filed under music</div>${thread}</div></body></html>`), { declaresArticle: true })
    expect(result.text).toContain("The story note 1")
    expect(result.text).toContain("The story note 4")
    expect(result.text).not.toContain("The reply note")
  })
})

describe("extractContent's boilerplate beside a short article", () => {
  /** A site index: eight columns of a heading, three paragraphs and a dozen links each (longer than a teaser, half links). */
  const siteIndex = `<div class="site-index">${Array.from(
    { length: 8 },
    (_, n) =>
      `<div class="col"><h4>Section ${n}</h4>${[1, 2, 3].map((k) => prose(`section ${n}`, k)).join("")}<ul>${Array.from({ length: 12 }, (_, k) => `<li><a href="/s/${n}/${k}">Index link ${n}-${k} to another page of the site</a></li>`).join("")}</ul></div>`
  ).join("")}</div>`

  it("takes a site index of columns of headings, blurbs and link lists, appended to the page, as a list, not the article", () => {
    const story = [1, 2, 3, 4, 5].map((n) => shortProse("story", n)).join("")
    const html = `<html><body><div class="page"><div class="story">${story}</div></div>${siteIndex}</body></html>`
    const result = extractContent(parseHtml(html), { declaresArticle: true })
    expect(result.text).toContain("The story note 1")
    expect(result.text).toContain("The story note 5")
    expect(result.text).not.toContain("section 0 note")
    expect(result.text).not.toContain("Index link")
  })

  it("prunes a news site's short list of other stories a heading opens inside the article's own container", () => {
    const story = [1, 2, 3, 4, 5].map((n) => prose("story", n)).join("")
    const items = [1, 2, 3].map((n) => `<li><a href="/m/${n}">Another story number ${n}</a><p>The teaser note ${n} says, in plain words, what the other story is about, who is in it, and why it matters.</p></li>`).join("")
    for (const heading of ["Most read", "Trending now", "Read more", "Don't miss", "Meistgelesen"]) {
      const html = `<html><body><article><div class="body">${story}<div class="box"><h3>${heading}</h3><ol>${items}</ol></div></div></article></body></html>`
      const result = extractContent(parseHtml(html), { declaresArticle: true })
      expect(result.text, heading).toContain("The story note 5")
      expect(result.text, heading).not.toContain("The teaser note")
    }
  })

  it("prunes the author's biography a heading opens, even when the article is too short for the strictest attempt", () => {
    const story = [1, 2].map((n) => shortProse("story", n)).join("")
    const bio = `<div class="about"><h3>About the writer</h3>${[1, 2, 3, 4, 5, 6].map((n) => prose("writer", n)).join("")}</div>`
    const html = `<html><body><div class="page"><div class="story">${story}</div>${bio}</div></body></html>`
    const result = extractContent(parseHtml(html), { declaresArticle: true })
    expect(result.text).toContain("The story note 2")
    expect(result.text).not.toContain("The writer note")
  })

  it("keeps a comments section out of a declared article shorter than the strictest attempt's minimum", () => {
    const story = [1, 2].map((n) => shortProse("story", n)).join("")
    const talk = `<div class="talk"><h3>Comments</h3>${[1, 2, 3, 4, 5, 6].map((n) => prose("reader", n)).join("")}</div>`
    const html = `<html><body><div class="page"><div class="story">${story}</div>${talk}</div></body></html>`
    const result = extractContent(parseHtml(html), { declaresArticle: true })
    expect(result.text).toContain("The story note 2")
    expect(result.text).not.toContain("The reader note")
    const notArticle = extractContent(parseHtml(html), { declaresArticle: false })
    expect(notArticle.text).toContain("The reader note")
  })

  it("passes over the comments that most of the best-scored element's text is, beside an article written in lines without paragraphs", () => {
    const lines = Array.from({ length: 12 }, (_, n) => `The story line ${n} says, in plain words, that the kettle works well, lasts long, and costs little to keep running.<br><br>`).join("")
    const said = (n: number): string => `<div class="item"><div class="who"><a href="/u/${n}">reader${n}</a> said</div><div class="said">${prose("reader", n)}</div></div>`
    const replies = `<div class="responses"><h3>Responses</h3>${Array.from({ length: 10 }, (_, n) => said(n)).join("")}</div>`
    const html = `<html><body><div class="frame"><div class="story">${lines}</div>${replies}</div></body></html>`
    const result = extractContent(parseHtml(html), { declaresArticle: true })
    expect(result.text).toContain("The story line 11")
    expect(result.text).not.toContain("The reader note")
  })
})

describe("extractContent's boilerplate in other languages", () => {
  const story = [1, 2, 3, 4, 5].map((n) => prose("story", n)).join("")
  const items = [1, 2, 3].map((n) => `<li><a href="/m/${n}">Ein anderer Artikel Nummer ${n}</a><p>The teaser note ${n} says, in plain words, what the other story is about, who is in it, and why it matters.</p></li>`).join("")

  it("prunes the section a German, French, Spanish, Italian, Portuguese, Dutch or Polish boilerplate heading opens", () => {
    for (const heading of ["Auch interessant", "Lesen Sie auch:", "Mehr zum Thema", "À lire aussi", "Le puede interesar", "Potrebbe interessarti", "Leia também", "Lees ook", "Czytaj też", "142 Antworten zu „Ein Projekt“"]) {
      const html = `<html><body><article><div class="body">${story}<div class="box"><h3>${heading}</h3><ol>${items}</ol></div></div></article></body></html>`
      const result = extractContent(parseHtml(html), { declaresArticle: true })
      expect(result.text, heading).toContain("The story note 5")
      expect(result.text, heading).not.toContain("The teaser note")
    }
  })

  it("drops a boilerplate heading written as a paragraph, and a line opening with one before a link, and keeps prose that opens alike", () => {
    const lines = `<p><strong>Auch interessant:</strong></p><p>Czytaj też: <a href="/a">Wyścig zbrojeń ruszył z kopyta</a></p><p>Le puede interesar: <a href="/b">JEP abrirá tres nuevos macrocasos</a></p>`
    const kept = `<p>Read also: the council's own report, which says the same.</p>`
    for (const declaresArticle of [true, false]) {
      const text = extractContent(parseHtml(`<html><body><article>${story}${lines}${kept}</article></body></html>`), { declaresArticle }).text
      expect(text).toContain("The story note 5")
      expect(text).not.toContain("Auch interessant")
      expect(text).not.toContain("Czytaj też")
      expect(text).not.toContain("Le puede interesar")
      expect(text).toContain("Read also: the council's own report")
    }
  })

  it("drops share labels, likes widgets, calls to subscribe and to log in to comment, in other languages", () => {
    const notices = `<div><h3>Teilen mit:</h3></div><div><span>Gefällt mir</span> <span>Wird geladen...</span></div><p>Zapraszamy też do subskrypcji tygodnika.</p><p>Um den Tipp "Tomaten schneiden" kommentieren zu können, müssen Sie eingeloggt sein.</p><p>Nous utilisons des cookies pour améliorer votre expérience.</p>`
    const text = extractContent(parseHtml(`<html><body><article>${story}${notices}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("The story note 5")
    for (const gone of ["Teilen mit", "Wird geladen", "subskrypcji", "eingeloggt", "cookies"]) expect(text).not.toContain(gone)
  })

  it("reads a page that declares itself English for English notices only: another language's phrase there is the page's text", () => {
    const cookieLine = "<p>Nous utilisons des cookies pour améliorer votre expérience.</p>"
    const read = (lang: string) => extractContent(parseHtml(`<html lang="${lang}"><body><article>${story}${cookieLine}<p>We use cookies to count readers.</p></article></body></html>`), { declaresArticle: true }).text
    expect(read("fr")).not.toContain("Nous utilisons des cookies")
    expect(read("en-GB")).toContain("Nous utilisons des cookies")
    for (const lang of ["fr", "en-GB"]) expect(read(lang)).not.toContain("We use cookies")
  })

  it("drops date lines and a declared article's dates outside its paragraphs, and keeps a table's dates and a date inside prose", () => {
    const dates = `<p>Aktualisiert am 17.01.2021.</p><div>23.10.2018</div><time datetime="2020-04-03">Publiziert: 03.04.2020, 12:35</time>`
    const table = `<table><tr><td>2021-03-01</td><td>+13.1%</td></tr><tr><td>2021-04-01</td><td>+11.9%</td></tr></table>`
    const inProse = `<p>The council met on <time datetime="2020-03-03">March 3, 2020</time>, and voted, after a long debate, to keep the harbour open.</p>`
    const text = extractContent(parseHtml(`<html><body><article>${story}${inProse}${dates}${table}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("The story note 5")
    expect(text).toContain("met on March 3, 2020")
    expect(text).toContain("2021-03-01")
    expect(text).not.toContain("Aktualisiert")
    expect(text).not.toContain("23.10.2018")
    expect(text).not.toContain("Publiziert")
  })

  it("drops a picture's credit and a source line, in any language", () => {
    const credits = `<p><em>Titelbild: Jane Doe/Agentur</em></p><p>(Credit: Jane Doe / Example Agency)</p><p>Quelle: Deutscher Verband (DV), 2. Februar 2022</p>`
    const text = extractContent(parseHtml(`<html><body><article>${story}${credits}</article></body></html>`), { declaresArticle: true }).text
    expect(text).toContain("The story note 5")
    for (const gone of ["Titelbild", "Credit:", "Quelle:"]) expect(text).not.toContain(gone)
  })
})

describe("extractContent's teaser cards under overlay links", () => {
  /** A teaser card whose clickable area is an empty link stretched over it: its title and blurb stand beside the link. */
  const card = (n: number): string =>
    `<li><div class="image"><a href="/t/${n}"></a><img></div><div class="text"><div class="topline">Topic ${n}</div><a href="/t/${n}"></a><div class="title">Teaser title ${n}</div><p><span class="date">01.02.2022</span>The teaser blurb ${n} tells, in a sentence or two, what the other story holds, and why to read it.</p></div></li>`

  it("does not widen the article of a page not declared one over a list of such cards beside it", () => {
    const story = [1, 2, 3, 4, 5, 6].map((n) => prose("story", n)).join("")
    const cards = Array.from({ length: 12 }, (_, n) => card(n)).join("")
    const page = `<html><body><div class="main"><div class="story">${story}</div><ul class="teasers">${cards}</ul></div></body></html>`
    const text = extractContent(parseHtml(page), { declaresArticle: false }).text
    expect(text).toContain("The story note 6")
    expect(text).not.toContain("The teaser blurb")
  })
})

describe("extractContent's pages read whole", () => {
  /** A menu: short labels, each a link alone. */
  const menu = (name: string, labels: ReadonlyArray<string>): string => `<ul class="${name}">${labels.map((label) => `<li><a href="/${label}">${label}</a></li>`).join("")}</ul>`
  const sections = ["News", "Africa", "World", "Germany", "Sport", "Culture", "Science", "Business"]
  const languages = ["English", "Deutsch", "Français", "Español", "Português", "Polski", "Türkçe", "Русский"]

  it("leaves out the menus of a page read whole, and keeps its short story", () => {
    const story = `<h1>Fertile land lost every year</h1><p>Twenty-four billion tonnes of fertile land are lost every year, a study finds.</p><div class="meta">Author: A. Writer</div>`
    const page = `<html><body><div class="top">${menu("langs", languages)}</div><div class="bar">${menu("sections", sections)}</div><div class="story">${story}</div></body></html>`
    const result = extractContent(parseHtml(page), { declaresArticle: false })
    expect(result.strategy).toBe("page")
    expect(result.text).toContain("Twenty-four billion tonnes")
    expect(result.text).toContain("Author: A. Writer")
    expect(result.text).not.toContain("Français")
    expect(result.text).not.toContain("Culture")
  })

  it("keeps a listing written as links alone, which holds most of the page, and the items of a grid with prices", () => {
    const categories = Array.from({ length: 40 }, (_, n) => `Fastener kind ${n}`)
    const listing = `<h1>Fasteners and hardware</h1><div class="browse">${["A", "B", "C", "D"].map((letter, l) => `<h3>${letter}</h3>${menu(`cats-${letter}`, categories.slice(l * 10, l * 10 + 10))}`).join("")}</div>`
    const page = `<html><body><div class="bar">${menu("sections", sections)}</div><div class="content">${listing}</div></body></html>`
    const result = extractContent(parseHtml(page), { declaresArticle: false })
    expect(result.strategy).toBe("page")
    expect(result.text).toContain("Fastener kind 0")
    expect(result.text).toContain("Fastener kind 39")
    expect(result.text).not.toContain("Culture")
    const tiles = Array.from({ length: 12 }, (_, n) => `<div class="tile"><a href="/d/${n}">+5 Free</a><a href="/d/${n}">+ More</a><a href="/d/${n}">Standing desk ${n}</a><div>$${500 + n}+</div></div>`).join("")
    const grid = extractContent(parseHtml(`<html><body><div class="bar">${menu("sections", sections)}</div><div class="grid">${tiles}</div></body></html>`), { declaresArticle: false })
    expect(grid.strategy).toBe("page")
    expect(grid.text).toContain("Standing desk 11")
  })
})
