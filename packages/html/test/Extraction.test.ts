import { describe, expect, it } from "vitest"
import { detectLanguage, extract, normalizeDate, stripSiteName } from "../src/index.ts"

const paragraph = (topic: string, n: number): string =>
  `<p>The ${topic} report, number ${n}, explains how the city council, after long debate, approved the new budget for parks, schools and roads, and why residents expect changes this year.</p>`

const articlePage = `<!doctype html>
<html lang="en"><head>
  <meta charset="UTF-8">
  <title>Council approves budget | The Daily Example</title>
  <meta property="og:site_name" content="The Daily Example">
  <meta property="og:title" content="Council approves budget">
  <meta name="description" content="The council approved the budget.">
  <link rel="canonical" href="/news/council-budget">
  <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"Council approves budget","datePublished":"2024-03-05T10:30:00+01:00","author":[{"@type":"Person","name":"Ada Writer"},{"@type":"Person","name":"Bo Editor"}]}]}</script>
  <style>.x { color: red }</style>
</head><body>
  <header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
  <div id="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
  <main><article class="article-body">
    <h1>Council approves budget</h1>
    <div class="byline">By Ada Writer, 5 March 2024</div>
    ${[1, 2, 3, 4, 5].map((n) => paragraph("budget", n)).join("\n")}
    <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
  </article></main>
  <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Another story entirely about something</a></li></ul></aside>
  <div class="comments"><p>Great article, I totally agree with everything the council did this year!</p></div>
  <footer>© 2024 The Daily Example. All rights reserved. Privacy policy and terms.</footer>
  <script>var tracking = "do not extract me";</script>
</body></html>`

describe("extract", () => {
  const page = extract(articlePage, { url: "https://daily.example/news/council-budget?utm_source=x" })

  it("keeps the article paragraphs, separated by blank lines", () => {
    const paragraphs = page.content.split("\n\n")
    expect(paragraphs).toHaveLength(5)
    expect(paragraphs[0]).toMatch(/^The budget report, number 1, explains/)
  })

  it("removes navigation, cookie banner, byline, share bar, sidebar, comments, footer, scripts and styles", () => {
    for (const boilerplate of ["Home", "cookies", "By Ada Writer", "Share on Facebook", "Most read", "Great article", "All rights reserved", "tracking", "color: red", "Council approves budget"]) {
      expect(page.content).not.toContain(boilerplate)
    }
  })

  it("reads title, description, canonical URL, date, author, language and charset", () => {
    expect(page).toMatchObject({
      title: "Council approves budget",
      description: "The council approved the budget.",
      canonicalUrl: "https://daily.example/news/council-budget",
      publishedAt: "2024-03-05T09:30:00.000Z",
      author: "Ada Writer, Bo Editor",
      language: "en",
      languageSource: "confirmed",
      charset: "utf-8",
      truncated: false
    })
  })

  it("strips the site name from <title> when no other source names the story", () => {
    const result = extract("<html><head><title>Council approves the budget for 2024 - The Daily Example</title><meta property='og:site_name' content='The Daily Example'></head><body><p>x</p></body></html>")
    expect(result.title).toBe("Council approves the budget for 2024")
    expect(stripSiteName("Home | Example", ["Example"])).toBe("Home")
    expect(stripSiteName("Breaking: storms hit the coast tonight | Site", [])).toBe("Breaking: storms hit the coast tonight")
  })

  it("prefers an <h1> that <title> confirms over a <title> with a section prefix", () => {
    const result = extract("<html><head><title>World News » Storm hits coast</title></head><body><h1>Storm hits coast</h1><h1>Site</h1></body></html>")
    expect(result.title).toBe("Storm hits coast")
  })

  it("reads dates from meta tags and <time>, and authors from meta and microdata", () => {
    const meta = extract(`<html><head><meta property="article:published_time" content="2023-07-01"><meta name="author" content="By Cy Reporter"></head><body></body></html>`)
    expect(meta).toMatchObject({ publishedAt: "2023-07-01", author: "Cy Reporter" })
    const time = extract(`<html><body><time datetime="2022-01-02T03:04:05Z">Jan 2</time><span itemprop="author">Di Poet</span></body></html>`)
    expect(time).toMatchObject({ publishedAt: "2022-01-02T03:04:05.000Z", author: "Di Poet" })
    expect(normalizeDate("not a date")).toBeUndefined()
  })

  it("overrules a wrong lang attribute when the text clearly is another language", () => {
    const german = Array.from({ length: 6 }, () => "<p>Die Stadt hat den Haushalt für das nächste Jahr beschlossen, und die Bürger sind mit der Entscheidung nicht zufrieden, weil sie auf mehr Geld für Schulen gehofft haben.</p>").join("")
    const result = extract(`<html lang="en"><body><article>${german}</article></body></html>`)
    expect(result).toMatchObject({ language: "de", languageSource: "overruled" })
    expect(detectLanguage("これは日本語の文章です。東京は大きい都市です。")).toBe("ja")
    expect(detectLanguage("123 456")).toBeUndefined()
  })

  it("declares the charset from http-equiv and decodes raw bytes by their meta charset", () => {
    const latin1 = Uint8Array.from([...Buffer.from("<html><head><meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'></head><body><p>caf"), 0xe9, ...Buffer.from("</p></body></html>")])
    const result = extract(latin1)
    expect(result.charset).toBe("iso-8859-1")
    expect(result.content).toBe("café")
  })

  it("keeps text held by <br>-separated lines and content served inside <noscript>", () => {
    const lines = "First line of a long forum post that talks about many things in detail.<br>Second line of the same post, with more detail about the problem at hand."
    const result = extract(`<html><body><noscript><div class="post">${lines}</div><div class="post">${lines}</div></noscript></body></html>`)
    expect(result.content.split("\n")).toHaveLength(5)
    expect(result.content).toContain("Second line of the same post")
  })

  it("writes one paragraph per block, a line per <br>, white space (NBSP, zero-width space) collapsed, empty blocks dropped", () => {
    const result = extract(`<html><body><div><p>a  <b>b</b></p><div></div><p>c<br> d <br><br>e&nbsp;&#8203;f</p>\n<table><tr><td>x</td><td>y <i>z</i></td></tr></table></div></body></html>`)
    expect(result.content).toBe("a b\n\nc\nd\n\ne f\n\nx\n\ny z")
  })

  it("drops the control characters U+0000 and U+0001 of a page's text (the writer's marks) instead of breaking lines or paragraphs on them", () => {
    const result = extract(`<html><body><div><p>a\u0001b&#1;c</p><p>d\u0000e<br>f</p></div></body></html>`)
    expect(result.content).toBe("abc\n\nde\nf")
  })

  it("reads metadata inside hidden elements, never their text as content", () => {
    const story = [1, 2, 3, 4, 5].map((n) => paragraph("budget", n)).join("")
    const result = extract(`<html><body><div hidden><span itemprop="author">Eve Hidden</span><time datetime="2021-05-06">May 6</time><p>Secret draft text that must not show anywhere.</p></div><article>${story}</article></body></html>`)
    expect(result).toMatchObject({ author: "Eve Hidden", publishedAt: "2021-05-06" })
    expect(result.content).not.toContain("Secret draft")
    expect(result.content).toContain("The budget report, number 1")
  })

  it("reads a page that declares its article in microdata alone as a declared article, not widened over the page around it", () => {
    const tip = `<div class="tip"><p>The weekly tip from our gardening team covers planting bulbs before the first frost arrives in the valley</p></div>`
    const page = (attributes: string): string =>
      `<html><body><div class="wrap"><div class="note">Readers can send their questions about the parks plan to the newsroom desk</div><div class="story"${attributes}>${[1, 2, 3, 4].map((n) => paragraph("budget", n)).join("")}</div>${tip}</div></body></html>`
    expect(extract(page("")).content).toContain("Readers can send their questions")
    const declared = extract(page(` itemscope itemtype="http://schema.org/NewsArticle"`)).content
    expect(declared).toContain("The budget report, number 4")
    expect(declared).not.toContain("Readers can send their questions")
  })

  it("reads a page of short items (not declared an article, little prose) whole, less its chrome", () => {
    const items = Array.from({ length: 12 }, (_, n) => `<div class="card"><h3><a href="/p/${n}">Walnut desk model ${n}</a></h3><span>Price $${100 + n}</span><span>In stock</span></div>`).join("")
    const result = extract(`<html><body><nav><a href="/">Home</a><a href="/shop">Shop</a></nav><main><h1>Desks</h1><div class="grid">${items}</div></main><footer>Copyright Example Shop</footer></body></html>`)
    for (const n of [0, 5, 11]) expect(result.content).toContain(`Walnut desk model ${n}`)
    expect(result.content).toContain("Price $105")
    expect(result.content).not.toContain("Copyright")
    expect(result.content).not.toContain("Home")
  })

  it("reads a listing whole less its boilerplate-named blocks, keeping link-dense item titles", () => {
    const items = Array.from({ length: 10 }, (_, n) => `<li><a href="/job/${n}">Senior engineer opening ${n}</a></li>`).join("")
    const result = extract(`<html><body><div class="top-menu"><a href="/">Jobs</a> <a href="/companies">Companies</a></div><ul class="results">${items}</ul><div class="site-footer-links"><a href="/about">About us</a></div></body></html>`)
    for (const n of [0, 9]) expect(result.content).toContain(`Senior engineer opening ${n}`)
    expect(result.content).not.toContain("Companies")
    expect(result.content).not.toContain("About us")
  })

  it("keeps every prose section of a page that is not an article and drops its link-dense block", () => {
    const prose = (topic: string) => `<p>Our ${topic} team works with you, step by step, to plan, build and run the service your company needs, and we report on progress every week.</p>`
    const page = `<html><body><div class="page"><section class="intro">${prose("consulting")}${prose("design")}${prose("support")}</section><section class="more"><h2>Why us</h2>${prose("security")}</section><div class="links">${"<a href='/x'>Link to another page</a> ".repeat(20)}</div></div></body></html>`
    const result = extract(page)
    expect(result.content).toContain("Our security team")
    expect(result.content).toContain("Our consulting team")
    expect(result.content).not.toContain("Link to another page")
  })

  it("drops sections opened by a boilerplate heading (related items, comments) in several languages", () => {
    const teaser = (n: number) => `<p>Teaser ${n} about another story, with a long summary, several clauses, and a promise that it is worth reading today.</p>`
    const page = `<html><body><article>${[1, 2, 3, 4].map((n) => paragraph("budget", n)).join("")}<h2>What the budget means</h2>${paragraph("impact", 5)}</article>
      <section><h2>Related articles</h2>${teaser(1)}${teaser(2)}</section>
      <div><h3>Kommentare:</h3>${teaser(3)}</div></body></html>`
    const result = extract(page)
    expect(result.content).toContain("What the budget means")
    expect(result.content).toContain("The impact report")
    expect(result.content).not.toContain("Teaser 1")
    expect(result.content).not.toContain("Teaser 3")
    expect(result.content).not.toContain("Related articles")
  })

  it("keeps a frame whose class names boilerplate when it holds most of the page's text and few links", () => {
    const story = [1, 2, 3, 4, 5, 6].map((n) => paragraph("frame", n)).join("")
    const promo = `<div class="intro"><p>${"Join thousands of players, sign up today, earn rewards, and play with friends. ".repeat(7)}</p></div>`
    const result = extract(`<html><body><div class="page_frame with_header"><div class="game_area">${story}</div></div>${promo}</body></html>`)
    expect(result.content).toContain("The frame report, number 1")
    expect(result.content).toContain("The frame report, number 6")
  })

  it("keeps long prose sections of a page that is not an article whatever their class names", () => {
    const prose = (topic: string) => `<p>Our ${topic} team works with you, step by step, to plan, build and run the service your company needs, and we report on progress every week.</p>`
    const widget = (topics: ReadonlyArray<string>) => `<div class="hs_cos_wrapper hs_cos_wrapper_widget" id="hs_cos_wrapper_widget_${topics[0]}"><div class="copy">${topics.map(prose).join("")}</div></div>`
    const page = `<html><body><div class="page"><section class="intro">${prose("consulting")}${prose("design")}${prose("support")}${prose("data")}${prose("cloud")}</section>${widget(["security", "testing", "training", "hosting"])}<div class="widget"><a href="/x">Short link block</a></div></div></body></html>`
    const result = extract(page)
    expect(result.content).toContain("Our consulting team")
    expect(result.content).toContain("Our security team")
    expect(result.content).toContain("Our hosting team")
    expect(result.content).not.toContain("Short link block")
  })

  it("rescues content that a script reveals from a hidden subtree, changing no other field", () => {
    const story = [1, 2, 3, 4].map((n) => paragraph("streamed", n)).join("")
    const page = `<html lang="en"><head><title>Streamed story | Example</title></head><body><div id="shell"><p>Loading…</p></div>
      <div hidden id="S:0"><article>${story}</article></div></body></html>`
    const shown = page.replace("<div hidden", "<div")
    const result = extract(page)
    expect(result.content).toContain("The streamed report, number 1")
    expect(result.content).toContain("The streamed report, number 4")
    const { content: _rescued, ...rest } = result
    const { content: _empty, ...withoutRescue } = extract(page.replace(story, ""))
    expect(rest).toEqual(withoutRescue)
    expect(extract(shown).content).toContain("The streamed report, number 4")
  })

  it("rescues an article that an unclosed <aside> swallows, pruning the menus inside it", () => {
    const story = [1, 2, 3, 4].map((n) => paragraph("swallowed", n)).join("")
    const page = `<html><body><aside class="announcement"><a href="/news">Big news: read it</a>
      <header><nav><a href="/">Home</a> <a href="/blog">Blog</a> <a href="/about">About us</a></nav></header>
      <main><article><h1>Title</h1>${story}</article></main><footer><p>Copyright notice of the site</p></footer></body></html>`
    const result = extract(page)
    expect(result.content).toContain("The swallowed report, number 1")
    expect(result.content).toContain("The swallowed report, number 4")
    expect(result.content).not.toContain("About us")
    expect(result.content).not.toContain("Copyright notice")
    const closedAside = extract(page.replace("Big news: read it</a>", "Big news: read it</a></aside><div>"))
    expect(closedAside.content).toContain("The swallowed report, number 4")
  })

  it("keeps a closed <aside> out even when it holds more text than the page's short content", () => {
    const sidebar = [1, 2, 3, 4].map((n) => paragraph("sidebar", n)).join("")
    const result = extract(`<html><body><main><p>A short note, the whole page.</p></main><aside>${sidebar}</aside></body></html>`)
    expect(result.content).toContain("A short note")
    expect(result.content).not.toContain("The sidebar report")
  })

  it("rescues a declared article wrapped whole in a closed <aside>, beside a shorter block of text", () => {
    const story = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => paragraph("wrapped", n)).join("")
    const promo = [1, 2].map((n) => paragraph("promo", n)).join("")
    const head = `<head><meta property="og:type" content="article"></head>`
    const page = `<html>${head}<body><div class="promo">${promo}</div><aside><article>${story}</article></aside></body></html>`
    const result = extract(page)
    expect(result.content).toContain("The wrapped report, number 1")
    expect(result.content).toContain("The wrapped report, number 8")
    const sidebar = `<html>${head}<body><article>${story}</article><aside><ul>${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `<li><a href="/${n}">${paragraph("sidebar", n)}</a></li>`).join("")}</ul></aside></body></html>`
    expect(extract(sidebar).content).not.toContain("The sidebar report")
  })

  it("keeps hidden subtrees out when the visible content is long enough, or when they hold little text", () => {
    const visible = [1, 2, 3].map((n) => paragraph("visible", n)).join("")
    const withHidden = extract(`<html><body><article>${visible}</article><div hidden>${paragraph("hidden", 1)}</div></body></html>`)
    expect(withHidden.content).toContain("The visible report, number 3")
    expect(withHidden.content).not.toContain("The hidden report")
    const nearlyEmpty = extract(`<html><body><p>Hi</p><div hidden><p>Menu item</p></div></body></html>`)
    expect(nearlyEmpty.content).not.toContain("Menu item")
  })

  it("reads the article body a page declares in JSON-LD when the page's own content is much shorter, and only then", () => {
    const declared = (body: string): string =>
      `<script type="application/ld+json">${JSON.stringify({ "@type": "NewsArticle", headline: "Council approves budget", articleBody: body })}</script>`
    const body = [1, 2, 3, 4, 5, 6].map((n) => `<p>The declared report, number ${n}, explains how the city council, after long debate, approved the new budget.</p>`).join("\n")
    const shell = extract(`<html><head>${declared(body)}</head><body><div id="app"><p>Loading the story, please wait a moment.</p></div></body></html>`)
    expect(shell.content.split("\n\n")).toEqual([1, 2, 3, 4, 5, 6].map((n) => `The declared report, number ${n}, explains how the city council, after long debate, approved the new budget.`))
    const teaser = `${"The declared summary of the budget story. ".repeat(13)}`
    const article = extract(`<html><head>${declared(teaser)}</head><body><article>${[1, 2, 3, 4].map((n) => paragraph("visible", n)).join("")}</article></body></html>`)
    expect(article.content).toContain("The visible report, number 4")
    expect(article.content).not.toContain("The declared summary")
  })
})
