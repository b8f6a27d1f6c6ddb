import { describe, expect, it } from "vitest"
import * as Csv from "../src/Csv.ts"

describe("Csv", () => {
  it("round-trips fields with commas, quotes, line breaks and surrounding spaces", () => {
    const rows = [
      ["id", "text"],
      ["1", 'He said "hi", then left'],
      ["2", "line one\nline two\r\nline three"],
      ["3", " padded "],
      ["4", ""]
    ]
    const text = Csv.encode(rows)
    expect(text).toContain('"He said ""hi"", then left"')
    const parsed = Csv.parse(text)
    expect("records" in parsed && parsed.records.map((r) => r.fields)).toEqual(rows)
    expect("records" in parsed && parsed.records.map((r) => r.line)).toEqual([1, 2, 3, 6, 7])
  })

  it("accepts CRLF and a byte-order mark, and skips blank lines", () => {
    const parsed = Csv.parse("\uFEFFa,b\r\n\r\n1,2\r\n")
    expect("records" in parsed && parsed.records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 3, fields: ["1", "2"] }
    ])
  })

  it("reports the line of an unclosed quote, a stray quote and text after a closing quote", () => {
    expect(Csv.parse('a\n"open,\nmore')).toEqual({ error: { line: 2, message: expect.stringContaining("never closed") } })
    expect(Csv.parse('a\nab"c')).toEqual({ error: { line: 2, message: expect.stringContaining("inside an unquoted field") } })
    expect(Csv.parse('a\n"x"y')).toEqual({ error: { line: 2, message: expect.stringContaining("follows a closing quote") } })
  })
})
