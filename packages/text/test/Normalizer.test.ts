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
    const each = sets.map(normalizer)
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
