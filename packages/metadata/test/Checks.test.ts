import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { CheckSpec } from "../src/CheckSpec.ts"
import * as Checks from "../src/Checks.ts"

const rows = [
  { url: "https://a.example/1", lang: "en", words: 10, title: "One", at: "2021-09-02T10:00:00Z" },
  { url: "https://a.example/2", lang: "de", words: 250, title: "Two 🙂🙂", at: "2021-09-02T11:00:00Z" },
  { url: "ftp://a.example/3", lang: null, words: 5, title: "", at: "2021-09-01T00:00:00Z" },
  { url: "https://a.example/1", lang: "en", words: 7, title: "Four", at: "not a date" },
  { url: null, lang: "fr", words: 3, title: "Five", at: "2021-09-02T09:00:00Z", extra: true }
]

const run = (checks: ReadonlyArray<CheckSpec>, now = new Date("2021-09-02T12:00:00Z")) =>
  Effect.map(Checks.make(checks, { schemaColumns: ["url", "lang", "words", "title", "at"] }), (evaluator) => {
    for (const row of rows) evaluator.add(row)
    return evaluator.finish(now)
  })

const spec = (kind: CheckSpec["kind"], params: Record<string, unknown> = {}, column?: string, severity: "warn" | "error" = "error"): CheckSpec =>
  column === undefined ? { name: kind, severity, kind, params } : { name: kind, severity, kind, column, params }

describe("Checks", () => {
  it.effect("evaluates every kind incrementally and reports failing rows", () =>
    Effect.gen(function* () {
      const results = yield* run([
        spec("not_null", {}, "url"),
        spec("unique", {}, "url"),
        spec("pattern", { source: "^https://", flags: "" }, "url"),
        spec("in_set", { values: ["en", "fr"] }, "lang"),
        spec("row_count_between", { min: 1, max: 4 }),
        spec("value_between", { min: 1, max: 100 }, "words"),
        spec("length_between", { min: 1, max: 5 }, "title"),
        spec("columns_equal_schema"),
        spec("freshness", { maxAgeSeconds: 7200 }, "at"),
        { name: "custom", severity: "error", kind: "custom", params: {}, predicate: (row: { words: number }) => row.words > 5 }
      ])
      const byName = Object.fromEntries(results.map((result) => [result.name, result]))
      expect(byName["not_null"]).toMatchObject({ passed: false, failures: 1, observed: "1 null in url (first at row 5)" })
      expect(byName["unique"]).toMatchObject({ passed: false, failures: 1 })
      expect(byName["unique"]?.observed).toContain('"https://a.example/1"')
      expect(byName["pattern"]).toMatchObject({ passed: false, failures: 1, observed: expect.stringContaining("row 3") })
      expect(byName["in_set"]).toMatchObject({ passed: false, failures: 1, observed: expect.stringContaining('"de"') })
      expect(byName["row_count_between"]).toMatchObject({ passed: false, observed: "5 rows (expected 1..4)" })
      expect(byName["value_between"]).toMatchObject({ passed: false, failures: 1, observed: expect.stringContaining("observed 3..250") })
      // "Two 🙂🙂" is 6 code points (8 UTF-16 units); "" is 0.
      expect(byName["length_between"]).toMatchObject({ passed: false, failures: 2, observed: expect.stringContaining("rows 2, 3") })
      expect(byName["columns_equal_schema"]).toMatchObject({ passed: false, failures: 1, observed: expect.stringContaining("unexpected: extra") })
      expect(byName["freshness"]).toMatchObject({ passed: true, observed: expect.stringContaining("3600 s old") })
      expect(byName["freshness"]?.observed).toContain("1 values are not timestamps")
      expect(byName["custom"]).toMatchObject({ passed: false, failures: 2, observed: expect.stringContaining("rows 3, 5") })
      expect(results.map((result) => result.name)).toEqual([
        "not_null", "unique", "pattern", "in_set", "row_count_between", "value_between", "length_between",
        "columns_equal_schema", "freshness", "custom"
      ])
    }))

  it.effect("a failing error-severity check blocks the commit; a failing warning does not", () =>
    Effect.gen(function* () {
      const warned = yield* run([spec("unique", {}, "url", "warn"), spec("not_null", {}, "lang", "warn")])
      expect(warned.some((result) => !result.passed)).toBe(true)
      expect(Checks.blocksCommit(warned)).toBe(false)
      const failed = yield* run([spec("unique", {}, "url", "warn"), spec("pattern", { source: "^https://", flags: "" }, "url", "error")])
      expect(Checks.blocksCommit(failed)).toBe(true)
      expect(Checks.blocking(failed).map((result) => result.kind)).toEqual(["pattern"])
      const passing = yield* run([spec("row_count_between", { min: 5, max: 5 })])
      expect(Checks.blocksCommit(passing)).toBe(false)
    }))

  it.effect("stale data fails freshness", () =>
    Effect.gen(function* () {
      const [result] = yield* run([spec("freshness", { maxAgeSeconds: 60 }, "at")], new Date("2021-09-05T00:00:00Z"))
      expect(result).toMatchObject({ passed: false, failures: 1 })
    }))

  it.effect("rejects specs that cannot be evaluated, naming the check", () =>
    Effect.gen(function* () {
      const invalid: ReadonlyArray<CheckSpec> = [
        spec("pattern", { source: "([" }, "url"),
        spec("not_null"),
        spec("value_between", { min: 5, max: 1 }, "words"),
        spec("in_set", { values: "en" }, "lang"),
        { name: "custom", severity: "error", kind: "custom", params: {} },
        { name: "bad", severity: "error", kind: "nonsense" as CheckSpec["kind"], params: {} }
      ]
      for (const check of invalid) {
        const error = yield* Effect.flip(Checks.make([check]))
        expect(error.reason).toBe("InvalidSpec")
        expect(error.check).toBe(check.name)
        expect(error.message).toContain(`check "${check.name}"`)
      }
      const duplicate = yield* Effect.flip(Checks.make([spec("not_null", {}, "url"), spec("not_null", {}, "lang")]))
      expect(duplicate.message).toContain("same name")
    }))

  it.effect("rejects a check of a column the schema does not have, and allows any column when the schema names none", () =>
    Effect.gen(function* () {
      const misspelt = yield* Effect.flip(Checks.make([spec("unique", {}, "ulr")], { schemaColumns: ["url", "title"] }))
      expect(misspelt.message).toBe(`check "unique" (unique): column ulr is not in the asset's schema (its columns: url, title); fix the check in the asset's spec`)
      yield* Checks.make([spec("unique", {}, "url")], { schemaColumns: ["url", "title"] })
      yield* Checks.make([spec("unique", {}, "ulr")], { schemaColumns: [] })
    }))
})
