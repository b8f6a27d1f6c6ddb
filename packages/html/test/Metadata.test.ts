import { describe, expect, it } from "vitest"
import { parseHtml } from "../src/extract/Dom.ts"
import { isArticleItemType, parseJsonLd, readMetadata } from "../src/extract/Metadata.ts"

describe("readMetadata's microdata declaration", () => {
  it("declares an article when exactly one element's itemtype is a schema.org article type", () => {
    const page = `<html><body><article itemscope itemtype="http://schema.org/NewsArticle"><h1>Title</h1><p>Text.</p></article></body></html>`
    expect(readMetadata(parseHtml(page)).itemDeclaresArticle).toBe(true)
  })

  it("declares no article for a listing whose teasers are each marked an article, nor for a product", () => {
    const teasers = [1, 2, 3].map((n) => `<div itemscope itemtype="https://schema.org/BlogPosting"><a href="/p/${n}">Post ${n}</a></div>`).join("")
    expect(readMetadata(parseHtml(`<html><body>${teasers}</body></html>`)).itemDeclaresArticle).toBe(false)
    expect(readMetadata(parseHtml(`<html><body><div itemscope itemtype="https://schema.org/Product">Kettle</div></body></html>`)).itemDeclaresArticle).toBe(false)
  })

  it("names the schema.org article types, as http or https URLs, one of several types or with a trailing slash", () => {
    for (const type of ["http://schema.org/Article", "https://schema.org/NewsArticle/", "https://schema.org/BlogPosting", "http://schema.org/WebPage http://schema.org/ReportageNewsArticle"]) {
      expect(isArticleItemType(type)).toBe(true)
    }
    for (const type of ["http://schema.org/Product", "https://schema.org/WebPage", "https://example.com/Article/list", ""]) expect(isArticleItemType(type)).toBe(false)
  })
})

describe("readMetadata's JSON-LD", () => {
  it("reads a block whose strings hold raw line breaks and tabs, as lenient readers do", () => {
    const block = `{"@context":"https://schema.org","@type":"NewsArticle","headline":"Rates rise","articleBody":"First line.\n\tSecond line."}`
    const metadata = readMetadata(parseHtml(`<html><head><script type="application/ld+json">${block}</script></head><body></body></html>`))
    expect(metadata.jsonLd.declaresArticle).toBe(true)
    expect(metadata.jsonLd.headline).toBe("Rates rise")
    expect(metadata.jsonLd.articleBody).toBe("First line.  Second line.")
  })

  it("returns undefined for a block that is not JSON, control characters aside", () => {
    expect(parseJsonLd(`{"@type": "Article",}`)).toBeUndefined()
    expect(parseJsonLd(`{"a":"b\u0001c"}`)).toEqual({ a: "b c" })
  })
})
