import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Annotator from "../src/Annotator.ts"
import { CacheStore } from "../src/CacheStore.ts"
import * as MemoryCacheStore from "../src/cache-stores/memory.ts"
import { compile, VOTE_SMOOTHING } from "../src/Lexicon.ts"
import { BROWN_CATEGORIES } from "../src/lexicons/brown.ts"
import * as WeakSupervisionProvider from "../src/providers/weakSupervision.ts"

const annotatorWith = (config?: WeakSupervisionProvider.WeakSupervisionConfig) =>
  Annotator.make({ provider: WeakSupervisionProvider.make(config) }).pipe(Effect.provideService(CacheStore, MemoryCacheStore.make()))

describe("Lexicon", () => {
  it("votes once per distinct keyword, matches phrases on whole words, breaks ties by label order", () => {
    const functions = compile({ a: ["red", "big dog"], b: ["blue", "cat"], c: [] }, ["a", "b", "c"])
    expect(functions.covered).toEqual(["a", "b"])
    const vote = functions.vote("Red red RED, a big dog and a blue bird; bigdog")
    expect(vote).toEqual({ _tag: "Label", label: "a", votes: 2, confidence: (2 - 1) / (3 + VOTE_SMOOTHING) })
    expect(functions.vote("a blue red")).toEqual({ _tag: "Label", label: "a", votes: 1, confidence: 0 })
    expect(functions.vote("reddish cats")).toEqual({ _tag: "Abstain" })
  })
})

describe("WeakSupervisionProvider", () => {
  it.effect("labels hand-written genre sentences with the Brown lexicon, for free and deterministically", () =>
    Effect.gen(function* () {
      const annotator = yield* annotatorWith()
      const input = [
        { id: "sf", text: "The starship left orbit around the alien planet, bound for another galaxy." },
        { id: "rel", text: "The congregation knelt in prayer, and the pastor spoke of grace, faith and salvation." },
        { id: "mys", text: "The detective studied the corpse; the inspector doubted the suspect's alibi for the murder." },
        { id: "none", text: "Zzz qqq." }
      ]
      const first = yield* annotator.annotate(input, BROWN_CATEGORIES)
      expect(first.annotations.map((a) => [a.id, a.label])).toEqual([
        ["sf", "science_fiction"],
        ["rel", "religion"],
        ["mys", "mystery"]
      ])
      expect(first.annotations.every((a) => a.costUsd === 0 && a.confidence > 0 && a.confidence < 1)).toBe(true)
      expect(first.quarantined).toMatchObject([{ id: "none", reason: "Abstained" }])
      expect(yield* annotator.annotate(input, BROWN_CATEGORIES)).toEqual(first)
      expect((yield* annotator.stats).calls).toBe(0)
    }))

  it.effect("works for any label set given its lexicon, with a fallback label when every function abstains", () =>
    Effect.gen(function* () {
      const annotator = yield* annotatorWith({ lexicon: { spam: ["winner", "free money"], ham: ["meeting"] }, fallbackLabel: "ham" })
      const result = yield* annotator.annotate(
        [
          { id: "1", text: "You are a WINNER of free money" },
          { id: "2", text: "Nothing to see" }
        ],
        ["spam", "ham"]
      )
      expect(result.annotations.map((a) => [a.label, a.confidence])).toEqual([
        ["spam", 2 / (2 + VOTE_SMOOTHING)],
        ["ham", 0]
      ])
    }))

  it.effect("refuses a label set that no keyword covers, and a fallback outside the set", () =>
    Effect.gen(function* () {
      const uncovered = yield* Effect.flip((yield* annotatorWith()).annotate([{ id: "1", text: "x" }], ["spam", "ham"]))
      expect(uncovered._tag === "AnnotationError" && uncovered.reason).toBe("InvalidLabelSet")
      const fallback = yield* Effect.flip((yield* annotatorWith({ fallbackLabel: "other" })).annotate([{ id: "1", text: "x" }], BROWN_CATEGORIES))
      expect(fallback._tag === "AnnotationError" && fallback.reason).toBe("InvalidConfig")
      const empty = yield* Effect.flip((yield* annotatorWith()).annotate([{ id: "1", text: "x" }], []))
      expect(empty._tag === "AnnotationError" && empty.reason).toBe("InvalidLabelSet")
    }))

  it("names its model after the lexicon's content", () => {
    expect(WeakSupervisionProvider.modelName({ a: ["x"] })).toBe(WeakSupervisionProvider.modelName({ a: ["x"] }))
    expect(WeakSupervisionProvider.modelName({ a: ["x"] })).not.toBe(WeakSupervisionProvider.modelName({ a: ["y"] }))
  })
})
