import { describe, expect, it } from "vitest"
import { extract } from "../src/index.ts"

/** Generous wall-clock bound per pathological page on a busy 2-core machine. */
const maxSecondsPerPage = 5

const timed = (html: string | Uint8Array, options: Parameters<typeof extract>[1] = {}) => {
  const start = performance.now()
  const result = extract(html, options)
  return { result, seconds: (performance.now() - start) / 1000 }
}

describe("bad HTML", () => {
  it("survives 10,000 levels of unclosed nesting", () => {
    const { result, seconds } = timed(`<html><body>${"<div><span>".repeat(10_000)}deep text at the bottom of the page</body></html>`)
    expect(result.content).toContain("deep text at the bottom")
    expect(seconds).toBeLessThan(maxSecondsPerPage)
  })

  it("survives 10,000 nested unclosed paragraphs, tables and lists", () => {
    const { result, seconds } = timed(`${"<table><tr><td><ul><li><p>x ".repeat(10_000)}`)
    expect(typeof result.content).toBe("string")
    expect(seconds).toBeLessThan(maxSecondsPerPage)
  })

  it("cuts a 50 MB page at the input cap and stays bounded", () => {
    const chunk = "<p>Repeated paragraph of an enormous page, with enough words to be scored, and commas.</p>"
    const html = `<html><body><article>${chunk.repeat(Math.ceil(50_000_000 / chunk.length))}</article></body></html>`
    const { result, seconds } = timed(html, { maxInputChars: 2_000_000 })
    expect(result.truncated).toBe(true)
    expect(result.content.length).toBeGreaterThan(1_000_000)
    expect(seconds).toBeLessThan(maxSecondsPerPage * 2)
  })

  it("handles binary junk, NUL bytes and invalid UTF-8", () => {
    let state = 12345
    const bytes = Uint8Array.from({ length: 1_000_000 }, () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      return state >>> 24
    })
    const { result, seconds } = timed(bytes)
    expect(typeof result.content).toBe("string")
    expect(seconds).toBeLessThan(maxSecondsPerPage)
  })

  it("handles unclosed scripts, comments and styles without losing linear time", () => {
    for (const opener of ["<script>", "<!--", "<style>", "<svg>"]) {
      const { result, seconds } = timed(`<html><body><p>Visible text before the broken block.</p>${opener.repeat(20_000)}${"a".repeat(100_000)}`)
      expect(typeof result.content).toBe("string")
      expect(seconds).toBeLessThan(maxSecondsPerPage)
    }
  })

  it("returns empty fields, not errors, for empty and non-HTML input", () => {
    for (const input of ["", "   ", "just text", "<", "</p></div></body>", "{\"json\": true}", new Uint8Array(0)]) {
      const result = extract(input)
      expect(result.truncated).toBe(false)
      expect(typeof result.content).toBe("string")
    }
  })

  it("ignores malformed and oversized JSON-LD", () => {
    const result = extract(`<html><head><script type="application/ld+json">{"@type": "Article", "headline": </script><script type="application/ld+json">${"[".repeat(100_000)}</script></head><body><h1>Fallback</h1></body></html>`)
    expect(result.title).toBe("Fallback")
  })
})
