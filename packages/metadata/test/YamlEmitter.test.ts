import { describe, expect, it } from "@effect/vitest"
import { Random } from "@strata/core"
import { parse, stringify } from "yaml"
import { emit, type JsonValue } from "../src/internal/YamlEmitter.ts"

/** Strings that trip YAML writers: implicit types of YAML 1.1 and 1.2, indicators, quotes, line breaks, escapes, Unicode. */
const TRICKY_STRINGS: ReadonlyArray<string> = [
  "", " ", "   ", "plain text", "chain/numbers", "file:///tmp/a b/c.jsonl", "s3://bucket/key", "http://x:8080/a?b=c#d",
  "yes", "no", "Yes", "NO", "on", "Off", "y", "Y", "n", "N", "true", "False", "TRUE", "null", "Null", "~",
  "0", "1", "-1", "+1", "007", "0o17", "0x1F", "0b101", "1_000", "1,000", "1:20", "12:30:45", "1:20.5", "1.5", ".5", "-.5", "1.", ".",
  "1e3", "1E-7", "1e", "e3", ".inf", "-.Inf", ".NaN", "123abc", "2021-01-01", "2021-1-2", "2021-09-03T01:02:03.000Z",
  "2021-09-03 01:02:03", "20261129T103525Z-1e8572", "3f786850e387550fdab836ed7e6dc881de23001b", "1234567890123456789012345678901234567890",
  "1e100000000000000000000000000000000000000", "<<", "=", "-", "?", ":", "- x", "? x", "-x", "?x", ":x", "x:", "x:y", "a: b", "a:b c",
  "#x", "a #b", "a#b", "*alias", "&anchor", "!tag", "!!str", "|", ">", "@at", "`tick", "%YAML", "---", "--- x", "...", "a\n---\nb",
  "{a}", "[a]", "a, b", "a,b", "'", "\"", "quote \" only", "quote ' only", "both ' and \"", "'single'", "\"double\"",
  "back\\slash", "tab\tinside", "\ttab first", "tab last\t", "trailing ", " leading",
  "multi\nline", "trailing newline\n", "two newlines\n\n", "three\n\n\n", "\nleading newline", "  indented\nx", "x\n  indented",
  "a\n\nb", "a \nb", "a\n b", "last line space\n ", "\n", "\n\n", "a\r\nb", "carriage\rreturn",
  "line # not comment\nnext", "- item\n- item", "key: value\nother: 1",
  "café 🙂", "東京の天気", "été combining z͑͒a͓l͔g͕o", "👩‍👩‍👧",
  "\u0000nul", "bell\u0007", "esc\u001b", "del\u007f", "nel\u0085", "nbsp\u00a0", "ls\u2028ps\u2029", "\ufeffbom", "non\uffff",
  "lone \ud800 high", "lone \udc00 low", `long ${"word ".repeat(60)}end`, "x".repeat(300)
]

/** Values other than strings. */
const OTHER_VALUES: ReadonlyArray<JsonValue> = [
  null, true, false, 0, 1, -3, 1.5, 0.1 + 0.2, 1e21, 1e-7, -1e-300, Number.MAX_SAFE_INTEGER, [], {}, [[]], [{}], [[1, [2, [3]]], []],
  { a: { b: { c: [] } } }, [{ a: 1, b: [{ c: "d" }] }, "e"]
]

/** A seeded generator, so that the random cases are the same on every run. */
const random = Random.floats

/** Characters random strings are made of: YAML's indicators, whitespace, breaks, digits, letters of the implicit types, Unicode. */
const ALPHABET = [..." \t\n\r-?:,[]{}#&*!|>'\"%@`~.+_0123456789eEoxbTZ<=/\\yesnotrulfa", "é", "🙂", "\u0085", "\u2028", "\u007f", "\u0000"]

const randomString = (next: () => number): string => {
  const length = Math.floor(next() * 12)
  let text = ""
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)]
  return text
}

/** Random strings checked per run. */
const RANDOM_CASES = 3000

/** Every way a value can appear: top-level value and key, nested in a mapping, as a sequence item, in nested sequences. */
const placements = (value: JsonValue, key: string): ReadonlyArray<{ readonly [key: string]: JsonValue }> => [
  { value },
  { [key]: value },
  { outer: { inner: value, [key]: 1 } },
  { list: [value, value] },
  { list: [{ [key]: value, after: value }] },
  { list: [[value], [[value]]] }
]

const readsBack = (document: { readonly [key: string]: JsonValue }) => {
  const text = emit(document)
  // YAML 1.2 (the default, what Sidecar.decode reads) and YAML 1.1 readers both see the same values.
  expect(parse(text), text).toEqual(document)
  expect(parse(text, { version: "1.1" }), text).toEqual(document)
}

describe("YamlEmitter", () => {
  it("reads back identically, with YAML 1.2 and 1.1 parsers, every tricky string as a value and as a key", () => {
    for (const text of TRICKY_STRINGS) for (const document of placements(text, text)) readsBack(document)
  })

  it("reads back identically numbers, booleans, null and nested or empty collections", () => {
    for (const value of OTHER_VALUES) for (const document of placements(value, "k")) readsBack(document)
  })

  it("reads back identically thousands of random strings made of YAML's special characters", () => {
    const next = random(20210902)
    for (let i = 0; i < RANDOM_CASES; i++) {
      const text = randomString(next)
      readsBack({ [text]: text, list: [text, { [text]: [text] }] })
    }
  })

  it("writes what the yaml package writes for values it needs no escape for", () => {
    // Left out: what yaml writes raw but YAML does not print (C1, separators, lone surrogates), what
    // it writes plain but YAML 1.2 reads as a number (`0o17`) and what it leaves plain as a value
    // but not as a key (`<<`); both emitters escape or quote differently there, and both read back.
    const ordinary = TRICKY_STRINGS.filter((text) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\uffff\ud800-\udfff\r]|^\s|\s$|^0o|^<<$/.test(text))
    const differences = ordinary.flatMap((text) =>
      placements(text, text.includes("\n") ? "k" : text).flatMap((document) => {
        const ours = emit(document)
        const theirs = stringify(document, { version: "1.1", lineWidth: 0, aliasDuplicateObjects: false })
        return ours === theirs ? [] : [{ ours, theirs }]
      })
    )
    expect(differences).toEqual([])
  })

  it("quotes exactly what would not read back as a string, and keeps key order", () => {
    const text = emit({ b: "yes", a: "2021-09-02", c: "plain words", d: "a: b", e: "it's", f: 'say "hi"', g: "two\nlines" })
    expect(text).toBe(`b: "yes"\na: "2021-09-02"\nc: plain words\nd: "a: b"\ne: it's\nf: say "hi"\ng: |-\n  two\n  lines\n`)
  })
})
