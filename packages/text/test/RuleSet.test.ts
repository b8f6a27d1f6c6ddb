import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { ruleNames } from "../src/Catalogue.ts"
import { normalizer } from "../src/Normalizer.ts"
import * as RuleSet from "../src/RuleSet.ts"
import { RuleSetError } from "../src/RuleSetError.ts"

/** The article's versions, as a pipeline would declare them. */
const articleConfig = {
  v1: ["remove_punctuation", "remove_special_characters"],
  v2: ["remove_special_characters", { rule: "lemmatize", params: { mode: "verbs" } }],
}

const failure = <A>(effect: Effect.Effect<A, RuleSetError>): RuleSetError => {
  const exit = Effect.runSyncExit(effect)
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = exit.cause.reasons.flatMap((reason) => (reason._tag === "Fail" ? [reason.error] : []))[0]
  if (!(error instanceof RuleSetError)) throw new Error("expected a RuleSetError")
  return error
}

describe("RuleSet", () => {
  it.effect("reproduces the article's v2 example exactly", () =>
    Effect.gen(function* () {
      const versions = yield* RuleSet.fromConfig(articleConfig)
      const v2 = versions["v2"]
      if (v2 === undefined) throw new Error("v2 missing")
      expect(normalizer(v2)("this is an example")).toBe("this be an example")
    }),
  )

  it.effect("v1 removes punctuation and special characters and keeps words, numbers and URLs", () =>
    Effect.gen(function* () {
      const versions = yield* RuleSet.fromConfig(articleConfig)
      const v1 = normalizer(versions["v1"] as RuleSet.RuleSet)
      expect(v1("this is an example")).toBe("this is an example")
      expect(v1("Hello, world! Price: $3.14 (1,000 items) ©2024 👍🏽")).toBe("Hello world Price 3.14 1,000 items 2024")
      expect(v1("Read https://example.com/a?b=1, then stop.")).toBe("Read https://example.com/a?b=1 then stop")
    }),
  )

  it.effect("v2 keeps punctuation and lemmatizes only verbs", () =>
    Effect.gen(function* () {
      const versions = yield* RuleSet.fromConfig(articleConfig)
      const v2 = normalizer(versions["v2"] as RuleSet.RuleSet)
      expect(v2("The dogs were running, #happy!")).toBe("The dogs be run, #happy!")
    }),
  )

  it.effect("describe lists the ordered rules with every parameter, defaults filled", () =>
    Effect.gen(function* () {
      const versions = yield* RuleSet.fromConfig(articleConfig)
      expect(versions["v1"]?.describe()).toEqual([
        { rule: "remove_punctuation", params: { keepIntraWord: true } },
        { rule: "remove_special_characters", params: { keep: "" } },
      ])
      expect(versions["v2"]?.describe()).toEqual([
        { rule: "remove_special_characters", params: { keep: "" } },
        { rule: "lemmatize", params: { mode: "verbs", preserveCase: true } },
      ])
    }),
  )

  it.effect("asks wink only for the annotations the rules need", () =>
    Effect.gen(function* () {
      const versions = yield* RuleSet.fromConfig({
        ...articleConfig,
        v3: ["remove_foreign_language", "unicode_nfkc"],
      })
      expect([...(versions["v1"]?.annotations ?? [])]).toEqual([])
      expect([...(versions["v2"]?.annotations ?? [])]).toEqual(["pos"])
      expect([...(versions["v3"]?.annotations ?? [])]).toEqual(["sbd"])
    }),
  )

  it("an unknown rule is a configuration error that names the step and lists the known rules", () => {
    const error = failure(RuleSet.fromConfig({ v1: ["remove_punctuation", "lemmatise"] }))
    expect(error.reason).toBe("UnknownRule")
    expect(error.path).toBe("v1[1]")
    expect(error.rule).toBe("lemmatise")
    for (const name of ["lemmatize", "lower_case", "remove_emojis", "unicode_nfkc"]) expect(error.message).toContain(name)
    expect(ruleNames).toHaveLength(13)
    for (const name of ruleNames) expect(error.message).toContain(name)
  })

  it("invalid parameters name the step, the rule and the defaults", () => {
    const error = failure(RuleSet.make("v2", [{ rule: "lemmatize", params: { mode: "nouns" } }]))
    expect(error.reason).toBe("InvalidParams")
    expect(error.path).toBe("v2[0].params")
    expect(error.message).toContain('"all" | "verbs"')
    expect(error.message).toContain('"mode":"all"')
    const extra = failure(RuleSet.make("v2", [{ rule: "lower_case", params: { locale: "tr" } }]))
    expect(extra.reason).toBe("InvalidParams")
    expect(extra.message).toContain("locale")
  })

  it("a configuration of the wrong shape says what shape is expected", () => {
    expect(failure(RuleSet.fromConfig(["remove_punctuation"])).reason).toBe("InvalidConfig")
    const notList = failure(RuleSet.fromConfig({ v1: "remove_punctuation" }))
    expect(notList).toMatchObject({ reason: "InvalidConfig", path: "v1" })
    const badStep = failure(RuleSet.fromConfig({ v1: [42] }))
    expect(badStep).toMatchObject({ reason: "InvalidConfig", path: "v1[0]" })
    const extraKey = failure(RuleSet.fromConfig({ v1: [{ rule: "lower_case", parms: {} }] }))
    expect(extraKey.message).toContain('"parms"')
  })
})
