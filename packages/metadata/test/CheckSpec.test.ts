import { describe, expect, it } from "@effect/vitest"
import { Check } from "@strata/core"
import { Effect } from "effect"
import type { CheckSpec } from "../src/CheckSpec.ts"
import * as Checks from "../src/Checks.ts"

describe("CheckSpec", () => {
  it.effect("accepts the checks @strata/core builds and evaluates them", () =>
    Effect.gen(function* () {
      const specs: ReadonlyArray<CheckSpec> = [
        Check.notNull("url"),
        Check.pattern("url", /^https:/i),
        Check.inSet("lang", ["en"], { severity: "warn" }),
        Check.rowCountBetween(1, 10),
        Check.lengthBetween("url", 1, 100),
        Check.freshness("at", 3600),
        Check.columnsEqualSchema(),
        Check.custom("short url", (row) => String((row as { url: string }).url).length < 30)
      ]
      const evaluator = yield* Checks.make(specs, { schemaColumns: ["url", "lang", "at"] })
      evaluator.add({ url: "HTTPS://a.example/", lang: "en", at: "2021-09-02T11:30:00Z" })
      evaluator.add({ url: "https://b.example/", lang: "de", at: "2021-09-02T11:00:00Z" })
      const results = evaluator.finish(new Date("2021-09-02T12:00:00Z"))
      expect(results.map((result) => [result.kind, result.passed])).toEqual([
        ["not_null", true],
        ["pattern", true],
        ["in_set", false],
        ["row_count_between", true],
        ["length_between", true],
        ["freshness", true],
        ["columns_equal_schema", true],
        ["custom", true]
      ])
      expect(Checks.blocksCommit(results)).toBe(false)
    }))
})
