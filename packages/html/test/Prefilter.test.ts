import { describe, expect, it } from "vitest"
import { maxNestingDepth, prefilterHtml, prefilterHtmlWithStats } from "../src/extract/Prefilter.ts"

describe("prefilterHtml", () => {
  it("cuts comments, scripts and styles, keeps JSON-LD and the text around them", () => {
    const html = `<p>a</p><!-- <p>hidden</p> --><SCRIPT>if (x < y) document.write("<p>no</p>")</script ><style>p{}</style><script type="application/ld+json">{"@type":"Article"}</script><p>b</p>`
    const filtered = prefilterHtml(html)
    expect(filtered).not.toContain("hidden")
    expect(filtered).not.toContain("document.write")
    expect(filtered).not.toContain("p{}")
    expect(filtered).toContain(`{"@type":"Article"}`)
    expect(filtered).toMatch(/<p>a<\/p>.*<p>b<\/p>/)
  })

  it("drops an unclosed script to the end, as the parser reads it", () => {
    expect(prefilterHtml("<p>kept</p><script>var a = '<p>lost</p>'")).toBe("<p>kept</p>")
  })

  it("reads a self-closing <title/> or <style/> in an icon as closed, not as raw text running on", () => {
    expect(prefilterHtml(`<header><svg><title/><path d="M0"/></svg></header><div><p>article</p></div><title>x</title>`)).toBe("<header></header><div><p>article</p></div><title>x</title>")
    expect(prefilterHtml(`<svg viewBox="0 0 1 1"><style /></svg><p>after the icon</p>`)).toBe("<p>after the icon</p>")
  })

  it("keeps the attributes the extractor reads and drops the others", () => {
    const filtered = prefilterHtml(`<div class="a" id=b data-x='1' onclick="go()" role=main><a href="/x" title="t">link</a><link rel=canonical href="/c"><span style="color:red">s</span><span style="display: none">h</span></div>`)
    expect(filtered).toBe(`<div class="a" id=b role=main><a href>link</a><link rel=canonical href="/c"><span>s</span><span style="display: none"></span></div>`)
  })

  it("keeps a microdata itemtype, which declares the page's article", () => {
    expect(prefilterHtml(`<article itemscope itemtype="http://schema.org/NewsArticle"><p>x</p></article>`)).toBe(`<article itemtype="http://schema.org/NewsArticle"><p>x</p></article>`)
  })

  it("drops <link> elements but the canonical one", () => {
    expect(prefilterHtml(`<link rel=stylesheet href="a.css"><link rel="preload" href="f.woff"><LINK REL="Canonical" HREF="/c">`)).toBe(`<link REL="Canonical" HREF="/c">`)
  })

  it("keeps hidden elements empty, but for what metadata reads inside them", () => {
    const html = `<div hidden><p>secret</p><meta itemprop="datePublished" content="2020-01-02"><link rel=canonical href="/c"><span itemprop="author">Ann <b>Lee</b></span><h1>Headline</h1><time datetime="2020-01-02">2 Jan</time><script type="application/ld+json">{}</script><ul><li>menu</li></ul></div><p>after</p>`
    expect(prefilterHtml(html)).toBe(
      `<div hidden><meta itemprop="datePublished" content="2020-01-02"><link rel=canonical href="/c"><span itemprop="author">Ann <b>Lee</b></span><h1>Headline</h1><time datetime="2020-01-02">2 Jan</time><script type="application/ld+json">{}</script></div><p>after</p>`
    )
    expect(prefilterHtml(`<p aria-hidden="true">x<b>y</b></p><p aria-hidden="false">shown</p><div style="visibility: hidden">z</div>`)).toBe(`<p aria-hidden="true"></p><p aria-hidden="false">shown</p><div style="visibility: hidden"></div>`)
  })

  it("keeps a hidden panel that its control shows (a collapsed accordion's section, a tab's panel), and prunes other hidden elements labelled alike", () => {
    const panel = `<div id="p1" role="region" aria-labelledby="h1" style="display:none"><p>Step one</p></div><div role="tabpanel" aria-labelledby="t2" hidden><p>Specs</p></div>`
    expect(prefilterHtml(panel)).toBe(`<div id="p1" role="region" aria-labelledby="h1" style="display:none"><p>Step one</p></div><div role="tabpanel" aria-labelledby="t2" hidden><p>Specs</p></div>`)
    const modal = `<div class="modal" aria-labelledby="m1" style="display:none"><p>Call us</p></div><div role="region" aria-labelledby="r1" aria-hidden="true"><p>Gone</p></div>`
    expect(prefilterHtml(modal)).toBe(`<div class="modal" aria-labelledby="m1" style="display:none"></div><div role="region" aria-labelledby="r1" aria-hidden="true"></div>`)
  })

  it("counts the text cut in hidden subtrees", () => {
    const filtered = prefilterHtmlWithStats(`<p>shown</p><div hidden><p>abc</p><b>de</b></div><span style="display:none">fgh</span>`)
    expect(filtered.html).toBe(`<p>shown</p><div hidden></div><span style="display:none"></span>`)
    expect(filtered.hiddenTextChars).toBe("abcdefgh".length)
  })

  it("keeps hidden subtrees, without the attributes that hide them, when asked to reveal them", () => {
    const html = `<div hidden id="S:0"><p>story</p></div><p aria-hidden="true">x</p><p aria-hidden="false">y</p><div style="display: none">z</div><div role="navigation"><a href="/">Home</a></div>`
    expect(prefilterHtml(html, { revealHidden: true })).toBe(`<div id="S:0"><p>story</p></div><p>x</p><p aria-hidden="false">y</p><div>z</div><div role="navigation"></div>`)
  })

  it("counts the text cut in chrome elements that their own closing tag never closed", () => {
    const closed = prefilterHtmlWithStats(`<body><aside><p>abc</p></aside><p>shown</p></body>`)
    expect(closed.html).toBe(`<body><p>shown</p></body>`)
    expect(closed.unclosedChromeTextChars).toBe(0)
    const byAncestor = prefilterHtmlWithStats(`<body><div><aside><p>abc</p><p>de</p></div><p>shown</p></body>`)
    expect(byAncestor.html).toBe(`<body><div></div><p>shown</p></body>`)
    expect(byAncestor.unclosedChromeTextChars).toBe("abcde".length)
    const toTheEnd = prefilterHtmlWithStats(`<body><aside class="banner"><a>News</a><main><p>fgh</p>`)
    expect(toTheEnd.unclosedChromeTextChars).toBe("Newsfgh".length)
  })

  it("counts the text of the chrome element that held the most, closed or not, and the text kept", () => {
    const cut = prefilterHtmlWithStats(`<body><nav><a>Home</a></nav><aside><p>abcdefgh</p></aside><footer><p>ij</p><div><aside><p>klm</p></div></body>`)
    expect(cut.largestChromeTextChars).toBe("abcdefgh".length)
    expect(prefilterHtmlWithStats(`<body><p>shown</p></body>`).largestChromeTextChars).toBe(0)
    expect(cut.keptTextChars).toBe(0)
    const kept = prefilterHtmlWithStats(`<body><p>shown</p>\n<div hidden>x</div><p>ok</p></body>`)
    expect(kept.keptTextChars).toBe("shownok".length)
  })

  it("keeps chrome elements and chrome roles, with their subtrees, when asked to reveal chrome", () => {
    const html = `<aside><p>story</p></aside><nav><a href="/">Home</a></nav><div role="navigation"><a>Menu</a></div><svg><text>icon</text></svg>`
    expect(prefilterHtml(html, { revealChrome: true })).toBe(`<aside><p>story</p></aside><nav><a href>Home</a></nav><div role="navigation"><a>Menu</a></div>`)
    expect(prefilterHtml(html)).toBe(`<div role="navigation"></div>`)
  })

  it("keeps elements with a chrome role empty, as hidden ones", () => {
    expect(prefilterHtml(`<div role="navigation"><a href="/">Home</a></div><div role="main"><p>story</p></div>`)).toBe(`<div role="navigation"></div><div role="main"><p>story</p></div>`)
  })

  it("keeps hidden descendants of an element metadata reads, and the document frame whole", () => {
    expect(prefilterHtml(`<h1>Title<span hidden> (draft)</span></h1>`)).toBe(`<h1>Title<span hidden> (draft)</span></h1>`)
    expect(prefilterHtml(`<body hidden><p>text</p></body>`)).toBe(`<body hidden><p>text</p></body>`)
  })

  it("ends a hidden subtree where the parser does: at its closing tag or at an outer one", () => {
    expect(prefilterHtml(`<div><section hidden><div><p>x</div></section><p>after</p></div>`)).toBe(`<div><section hidden></section><p>after</p></div>`)
    expect(prefilterHtml(`<div><span hidden><i>x</div><p>after</p>`)).toBe(`<div><span hidden></div><p>after</p>`)
  })

  it("drops white space next to block boundaries and keeps it between inline elements", () => {
    const html = `<div>\n  <p>one</p>\n  <p>two <b>bold</b> <i>italic</i></p>\n  <!-- note -->\n  <ul>\n <li>a</li>\n <li>b</li>\n</ul>\n</div>\n<span>x</span> <span>y</span>`
    expect(prefilterHtml(html)).toBe(`<div><p>one</p><p>two <b>bold</b> <i>italic</i></p><ul><li>a</li><li>b</li></ul></div>\n<span>x</span> <span>y</span>`)
  })

  it("reads a quoted value to its closing quote, even with > inside", () => {
    expect(prefilterHtml(`<img alt="a > b" class='c>d'>text`)).toBe(`<img class='c>d'>text`)
  })

  it("cuts svg subtrees, ended by their own closing tag or by an outer one", () => {
    expect(prefilterHtml("<div><svg class=icon><path d='M0'/><g><text>in svg</text></g></svg><p>after</p></div>")).toBe("<div><p>after</p></div>")
    expect(prefilterHtml("<div><svg><g></div><p>after an unclosed svg</p>")).toBe("<div></div><p>after an unclosed svg</p>")
  })

  it("cuts page chrome (navigation, asides, footers, forms' widgets), keeping a JSON-LD script found inside", () => {
    const html = `<div><nav class=menu><ul><li><a href="/">Home</a></li></ul></nav><p>story</p><aside><time datetime="2019-01-01">other page</time></aside><footer>About us<script type="application/ld+json">{"@type":"Article"}</script><script>track()</script></footer><select><option>One</option></select><button>Buy</button></div><p>after</p>`
    const filtered = prefilterHtml(html)
    expect(filtered).toBe(`<div><p>story</p><script type="application/ld+json">{"@type":"Article"}</script></div><p>after</p>`)
  })

  it("keeps a cut subtree's raw text out: an svg's title is not the page's", () => {
    expect(prefilterHtml("<svg><title>Icon</title><path/></svg><title>Page</title>")).toBe("<title>Page</title>")
  })

  it("ends raw text at its closing tag in any case, followed by white space, / or >, not at a longer name", () => {
    expect(prefilterHtml(`<title>a</titles> b</TiTlE\t>c`)).toBe(`<title>a</titles> b</title>c`)
    expect(prefilterHtml(`<style>x</styl></style/>kept`)).toBe("kept")
    expect(prefilterHtml(`<textarea>never closed</textare`)).toBe(`<textarea>never closed</textare</textarea>`)
  })

  it("finds the end of a tag in a cut subtree past quoted > characters, and keeps JSON-LD there", () => {
    expect(prefilterHtml(`<nav><a title="a > b" data-x='<p>'>x</a><script type=application/ld+json>{}</script></nav><p>after</p>`)).toBe(
      `<script type=application/ld+json>{}</script><p>after</p>`
    )
  })

  it("keeps the text of raw-text elements verbatim", () => {
    expect(prefilterHtml("<title>a <b> c</title><textarea>x <i>y</i></textarea>")).toBe("<title>a <b> c</title><textarea>x <i>y</i></textarea>")
  })

  it("copies text with stray < characters unchanged", () => {
    expect(prefilterHtml("a < b and 1<2 <3")).toBe("a < b and 1<2 <3")
  })

  it("drops tags nested deeper than the limit, and keeps their text", () => {
    const depth = maxNestingDepth + 50
    const filtered = prefilterHtml(`${"<div>".repeat(depth)}deep text${"</div>".repeat(depth)}`)
    expect(filtered.match(/<div>/g)).toHaveLength(maxNestingDepth)
    expect(filtered).toContain("deep text")
  })

  it("stops at an unterminated tag or comment, as the parser does", () => {
    expect(prefilterHtml(`<p>kept</p><div class="never closed`)).toBe("<p>kept</p>")
    expect(prefilterHtml(`<p>kept</p><!-- open comment <p>lost</p>`)).toBe("<p>kept</p>")
  })

  it("reads <![CDATA[ outside svg and math as browsers do, a bogus comment up to the first >, so an unclosed one does not swallow the page", () => {
    const filtered = prefilterHtml(`<body><![CDATA[ <div><p>First post</p><p>Second post</p></div></body>`)
    expect(filtered).toContain("First post")
    expect(filtered).toContain("Second post")
    expect(prefilterHtml(`<svg><![CDATA[ a > b ]]></svg><p>after</p>`)).toBe("<p>after</p>")
  })
})
