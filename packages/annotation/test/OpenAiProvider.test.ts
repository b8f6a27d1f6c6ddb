import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Annotator from "../src/Annotator.ts"
import * as Budget from "../src/Budget.ts"
import { CacheStore } from "../src/CacheStore.ts"
import * as MemoryCacheStore from "../src/cache-stores/memory.ts"
import * as OpenAiProvider from "../src/providers/openAi.ts"
import { chatUsage, type Behavior } from "./support/LabelServer.ts"
import { documents, fastHttp, labelServer, withEnv } from "./support/harness.ts"

const LABELS = ["mystery", "romance", "science_fiction"]
const KEY = "sk-openai-SECRET-77"
const INPUT_PRICE = 0.15
const OUTPUT_PRICE = 0.6

const annotatorFor = (url: string, budget: Budget.Budget) =>
  Effect.gen(function* () {
    const provider = yield* OpenAiProvider.make({
      endpoint: url,
      model: "gpt-test",
      inputPricePerMillionTokensUsd: INPUT_PRICE,
      outputPricePerMillionTokensUsd: OUTPUT_PRICE,
      batchSize: 2,
      http: fastHttp({ concurrency: 1 })
    })
    return yield* Annotator.make({ provider, budget })
  }).pipe(Effect.provideService(CacheStore, MemoryCacheStore.make()), withEnv({ OPENAI_API_KEY: KEY }))

describe("OpenAiProvider", () => {
  it.live("constrains the answer to the label set and prices calls from usage tokens", () =>
    Effect.gen(function* () {
      const server = yield* labelServer({ apiKey: KEY })
      const budget = Budget.make(1)
      const annotator = yield* annotatorFor(server.url, budget)
      const input = documents(4, LABELS)
      const result = yield* annotator.annotate(input, LABELS)
      expect(result.quarantined).toEqual([])
      expect(result.annotations.map((a) => a.label)).toEqual(["mystery", "romance", "science_fiction", "mystery"])
      expect(server.headers.every((h) => h["authorization"] === `Bearer ${KEY}`)).toBe(true)
      const body = server.bodies[0] as { model: string; max_tokens: number; response_format: { json_schema: { strict: boolean; schema: { properties: { results: { items: { properties: { label: { enum: Array<string> }; id: { enum: Array<string> } } } } } } } } }
      expect(body.model).toBe("gpt-test")
      expect(body.response_format.json_schema.strict).toBe(true)
      const item = body.response_format.json_schema.schema.properties.results.items.properties
      expect(item.label.enum).toEqual(LABELS)
      expect(item.id.enum).toEqual(["doc-0", "doc-1"])
      let expectedMicros = 0
      for (const sent of server.bodies) {
        const bytes = Buffer.byteLength(JSON.stringify(sent))
        const usage = chatUsage(bytes, 2)
        expectedMicros += Math.ceil((usage.prompt_tokens * INPUT_PRICE * 1e6 + usage.completion_tokens * OUTPUT_PRICE * 1e6) / 1e6)
      }
      const snapshot = yield* budget.snapshot
      expect(snapshot.spentMicros).toBe(expectedMicros)
      expect(snapshot.overrunMicros).toBe(0)
    }))

  it.live("quarantines labels outside the set and unreadable answers, still counting their cost", () =>
    Effect.gen(function* () {
      const steps: ReadonlyArray<Behavior> = [{ kind: "wrong-label" }, { kind: "garbage" }]
      const server = yield* labelServer({ behave: (index) => steps[index] ?? { kind: "answer" } })
      const budget = Budget.make(1)
      const annotator = yield* annotatorFor(server.url, budget)
      const result = yield* annotator.annotate(documents(6, LABELS), LABELS)
      expect(result.quarantined.map((q) => [q.id, q.reason])).toEqual([
        ["doc-0", "LabelOutsideSet"],
        ["doc-1", "LabelOutsideSet"],
        ["doc-2", "MalformedResponse"],
        ["doc-3", "MalformedResponse"]
      ])
      expect(result.annotations.map((a) => a.id)).toEqual(["doc-4", "doc-5"])
      const snapshot = yield* budget.snapshot
      expect(snapshot.spentMicros).toBeGreaterThan(0)
      expect(snapshot.assumedMicros).toBe(0)
    }))

  it.live("refuses a prompt template without the documents placeholder", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        OpenAiProvider.make({ model: "m", promptTemplate: "Label: {{labels}}", inputPricePerMillionTokensUsd: 1, outputPricePerMillionTokensUsd: 1 }).pipe(
          withEnv({ OPENAI_API_KEY: KEY })
        )
      )
      expect(error.reason).toBe("InvalidConfig")
      expect(error.message).toContain("{{documents}}")
    }))
})
