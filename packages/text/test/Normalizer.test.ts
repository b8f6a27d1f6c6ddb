import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Stream } from "effect"
import { vi } from "vitest"
import { winkFor } from "../src/internal/wink.ts"
import { normalizeRows, normalizer, normalizers } from "../src/Normalizer.ts"
import * as RuleSet from "../src/RuleSet.ts"
import { hardInputs, normalize } from "./helpers.ts"

const versionOf = (rules: ReadonlyArray<RuleSet.RuleConfig>) => Effect.runSync(RuleSet.make("test", rules))

describe("normalizers", () => {
  const article = [
    versionOf(["remove_punctuation", "remove_special_characters"]),
    versionOf(["remove_special_characters", { rule: "lemmatize", params: { mode: "verbs" } }]),
  ]
  const others = [
    versionOf(["lower_case", "remove_punctuation", "remove_stop_words"]),
    versionOf(["unicode_nfkc", "collapse_whitespace"]),
    versionOf([{ rule: "lemmatize", params: { mode: "all" } }, "remove_emojis"]),
  ]
  const texts = [...hardInputs, "She was running. Manning's.", "They've been reading Manning's books, haven't they?"]

  it("gives each set what its own normalizer gives, for sets that read the same text and sets that do not", () => {
    const sets = [...article, ...others]
    const each = sets.map((set) => normalizer(set))
    const all = normalizers(sets)
    for (const text of texts) expect(all(text)).toEqual(each.map((normalize) => normalize(text)))
  })

  it("reads a text once for sets that hand wink the same text", () => {
    const [tokenOnly, withPos] = article as [RuleSet.RuleSet, RuleSet.RuleSet]
    const richer = vi.spyOn(winkFor(withPos.annotations), "readDoc")
    const poorer = vi.spyOn(winkFor(tokenOnly.annotations), "readDoc")
    const both = normalizers(article)
    both("She was running, happily.")
    both("It is over.")
    expect(richer).toHaveBeenCalledTimes(2)
    expect(poorer).not.toHaveBeenCalled()
    richer.mockRestore()
    poorer.mockRestore()
  })
})

describe("normalizers by paragraph", () => {
  const article = [
    versionOf(["remove_punctuation", "remove_special_characters"]),
    versionOf(["remove_special_characters", { rule: "lemmatize", params: { mode: "verbs" } }]),
  ]
  const paragraphed = [
    "She was running.\n\nThe dogs were barking, loudly!\n \n\tThey've been reading Manning's books.  ",
    "\n\n  ...\n\nOnly punctuation above; https://example.com/a?b=1, below.\r\n\r\n!!!\n\n",
    "One line.\nAnother line of the same paragraph.\n\nA second paragraph 👍🏽 here.",
  ]

  it("gives what the document unit gives for sets that read tokens alone, blank lines and removed paragraphs included", () => {
    const tokenOnly = [
      versionOf(["remove_punctuation", "remove_special_characters"]),
      versionOf(["remove_punctuation", { rule: "collapse_whitespace", params: { keepNewlines: true } }, "normalize_urls"]),
      versionOf(["lower_case", "remove_emojis", "collapse_whitespace"]),
    ]
    const byDocument = normalizers(tokenOnly)
    const byParagraph = normalizers(tokenOnly, { unit: "paragraph" })
    for (const text of [...hardInputs, ...paragraphed]) expect(byParagraph(text)).toEqual(byDocument(text))
  })

  it("keeps a blank line whose next paragraph starts with a removed word (the document unit hands it to a removed token)", () => {
    const set = versionOf(["remove_punctuation", "remove_stop_words"])
    expect(normalizer(set, { unit: "paragraph" })("Dogs bark.\n\nThe cats sleep.")).toBe("Dogs bark\n\ncats sleep")
    expect(normalizer(set)("Dogs bark.\n\nThe  cats sleep.")).toBe("Dogs bark  cats sleep")
  })

  it("reads each paragraph alone: a set that tags parts of speech gives each paragraph's own output, joined by its blank lines", () => {
    const [, v2] = article as [RuleSet.RuleSet, RuleSet.RuleSet]
    const alone = normalizer(v2)
    const spy = vi.spyOn(winkFor(v2.annotations), "readDoc")
    const text = "Running was fun.\n\nShe was running.\n\n\nThey've been reading."
    expect(normalizer(v2, { unit: "paragraph" })(text)).toBe(`${alone("Running was fun.")}\n\n${alone("She was running.")}\n\n\n${alone("They've been reading.")}`)
    expect(spy).toHaveBeenCalledTimes(6)
    spy.mockRestore()
  })

  it("reads a paragraph met again from memory, with the outputs a reading gives, within its budget", () => {
    const [, withPos] = article as [RuleSet.RuleSet, RuleSet.RuleSet]
    const texts = [...paragraphed, ...paragraphed, paragraphed.join("\n\n"), ...hardInputs, ...hardInputs]
    const cold = normalizers(article, { unit: "paragraph" })
    const expected = texts.map(cold)
    const spy = vi.spyOn(winkFor(withPos.annotations), "readDoc")
    const remembering = normalizers(article, { unit: "paragraph", memoChars: 100_000 })
    expect(texts.map(remembering)).toEqual(expected)
    const distinct = new Set(texts.flatMap((text) => text.split(/\s*\n\s*\n\s*/).filter((unit) => unit.trim() !== "")))
    expect(spy.mock.calls.length).toBeLessThanOrEqual(distinct.size + hardInputs.length)
    expect(spy.mock.calls.length).toBeLessThan(texts.length)
    spy.mockClear()
    const forgetful = normalizers(article, { unit: "paragraph", memoChars: 40 })
    expect(texts.map(forgetful)).toEqual(expected)
    expect(spy.mock.calls.length).toBeGreaterThan(distinct.size)
    spy.mockRestore()
  })
})

describe("normalizer", () => {
  it("reads each document once with wink, whatever the number of token rules", () => {
    const set = versionOf(["remove_punctuation", "lower_case", "remove_stop_words", { rule: "lemmatize", params: { mode: "verbs" } }, "remove_emojis"])
    const spy = vi.spyOn(winkFor(set.annotations), "readDoc")
    const normalize = normalizer(set)
    expect(normalize("The Dogs were running, happily 👍🏽!")).toBe("dogs run happily")
    expect(normalize("It is over.")).toBe("")
    expect(spy).toHaveBeenCalledTimes(2)
    spy.mockRestore()
  })

  it("never reads the document when the set has only text rules", () => {
    const set = versionOf(["unicode_nfkc", "collapse_whitespace"])
    const spy = vi.spyOn(winkFor(set.annotations), "readDoc")
    expect(normalizer(set)("  ＡＢＣ \n ﬁne  ")).toBe("ABC fine")
    expect(spy).not.toHaveBeenCalled()
    spy.mockRestore()
  })

  it("runs text rules on the whole text before and after the token rules, in order", () => {
    expect(normalize(["unicode_nfkc", "remove_punctuation"], "ＡＢＣ，ｆｉｎｅ")).toBe("ABC fine")
    expect(normalize(["remove_punctuation", "collapse_whitespace"], "  a ,  b  ")).toBe("a b")
  })

  it("an empty rule set returns the text unchanged", () => {
    for (const input of hardInputs) expect(normalize([], input)).toBe(input)
  })

  it("a token rule that changes nothing returns the text unchanged, whitespace and all", () => {
    for (const input of hardInputs) expect(normalize(["normalize_urls"], input.replace(/https?:\S+/g, ""))).toBe(input.replace(/https?:\S+/g, ""))
  })
})

describe("normalizeRows", () => {
  const v1 = versionOf(["remove_punctuation", "remove_special_characters"])

  it.effect("normalizes a field of every row, in place or into another field", () =>
    Effect.gen(function* () {
      const rows = Stream.make({ id: 1, content: "Hello, world!" }, { id: 2, content: "$5 (five)" })
      const inPlace = yield* Stream.runCollect(rows.pipe(normalizeRows(v1, { field: "content" })))
      expect(inPlace).toEqual([{ id: 1, content: "Hello world" }, { id: 2, content: "5 five" }])
      const into = yield* Stream.runCollect(rows.pipe(normalizeRows(v1, { field: "content", into: "content_v1" })))
      expect(into[0]).toEqual({ id: 1, content: "Hello, world!", content_v1: "Hello world" })
    }),
  )

  it.effect("passes missing text through and fails on a non-string, naming the row", () =>
    Effect.gen(function* () {
      const rows = Stream.make<ReadonlyArray<{ id: number; content?: string | null }>>({ id: 1, content: null }, { id: 2 }, { id: 3, content: 7 as unknown as string })
      const exit = yield* Stream.runCollect(rows.pipe(normalizeRows(v1, { field: "content" }))).pipe(Effect.exit)
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) expect(String(exit.cause)).toContain('row 2: field "content" holds a number')
      const kept = yield* Stream.runCollect(rows.pipe(Stream.take(2), normalizeRows(v1, { field: "content" })))
      expect(kept).toEqual([{ id: 1, content: null }, { id: 2, content: undefined }])
    }),
  )
})
