import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { Annotation } from "../src/Annotation.ts"
import * as Review from "../src/Review.ts"

const LABELS = ["news", "humor", "lore"]
const annotation = (id: string, label: string): Annotation => ({
  id,
  label,
  confidence: 0.4,
  provider: "http-json",
  model: "v1",
  costUsd: 0.001,
  cached: false
})
const annotations = [annotation("a", "news"), annotation("b", "humor"), annotation("c", "lore")]
const texts = new Map([
  ["a", 'Mayor says "no", again'],
  ["b", "A joke,\nin two lines"],
  ["c", "Old tales"]
])

/** Fills the exported CSV's new_label and reviewer columns of the rows with the given ids. */
const fillCsv = (csv: string, fills: Record<string, string>): string => {
  return csv
    .split("\n")
    .map((line) => {
      const id = line.split(",")[0]!
      return id in fills ? `${line.slice(0, line.lastIndexOf(",,"))},${fills[id]},ann` : line
    })
    .join("\n")
}

describe("Review", () => {
  it.effect("exports CSV rows that survive quoting and imports corrections as recorded overrides", () =>
    Effect.gen(function* () {
      const csv = Review.toCsv(Review.rows(annotations, texts))
      expect(csv.split("\n")[0]).toBe(Review.REVIEW_COLUMNS.join(","))
      const filled = fillCsv(csv, { a: "lore", c: "lore" })
      const corrections = yield* Review.parseCorrections(filled, { file: "review.csv", format: "csv", labels: LABELS })
      expect(corrections.map((c) => [c.id, c.newLabel, c.reviewer])).toEqual([
        ["a", "lore", "ann"],
        ["c", "lore", "ann"]
      ])
      const applied = yield* Review.applyCorrections(annotations, corrections, "2024-06-01T00:00:00.000Z")
      expect(applied.overrides).toEqual([{ id: "a", oldLabel: "news", newLabel: "lore", reviewer: "ann", at: "2024-06-01T00:00:00.000Z" }])
      expect(applied.annotations[0]).toMatchObject({ id: "a", label: "lore", provider: Review.HUMAN_REVIEW_PROVIDER, model: "ann", confidence: 1 })
      expect(applied.annotations.slice(1)).toEqual(annotations.slice(1))
    }))

  it.effect("exports JSON Lines and imports JSONL corrections, skipping rows left blank", () =>
    Effect.gen(function* () {
      const jsonl = Review.toJsonLines(Review.rows(annotations, texts))
      const lines = jsonl.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(lines[1]).toMatchObject({ id: "b", label: "humor", text: "A joke,\nin two lines", new_label: null, reviewer: null })
      const edited = jsonl.replace('"new_label":null,"reviewer":null}\n', '"new_label":"humor","reviewer":"bo"}\n')
      const corrections = yield* Review.parseCorrections(edited, { file: "review.jsonl", format: "jsonl", labels: LABELS })
      expect(corrections).toEqual([{ id: "a", newLabel: "humor", reviewer: "bo", file: "review.jsonl", line: 1 }])
    }))

  it.effect("names the file and line of a bad correction", () =>
    Effect.gen(function* () {
      const header = Review.REVIEW_COLUMNS.join(",")
      const parse = (content: string, format: "csv" | "jsonl" = "csv") =>
        Effect.flip(Review.parseCorrections(content, { file: "fix.csv", format, labels: LABELS }))
      const outside = yield* parse(`${header}\na,news,1,p,m,t,,\nb,humor,1,p,m,t,sports,ann\n`)
      expect([outside.reason, outside.line]).toEqual(["LabelOutsideSet", 3])
      expect(outside.message).toMatch(/^fix\.csv:3: /)
      const noReviewer = yield* parse(`${header}\nb,humor,1,p,m,t,lore,\n`)
      expect([noReviewer.reason, noReviewer.line]).toEqual(["InvalidRow", 2])
      const twice = yield* parse(`${header}\nb,humor,1,p,m,t,lore,x\nb,humor,1,p,m,t,news,y\n`)
      expect([twice.reason, twice.line]).toEqual(["DuplicateId", 3])
      const missing = yield* parse("id,label\na,news\n")
      expect([missing.reason, missing.line]).toEqual(["MissingColumn", 1])
      const badJson = yield* parse('{"id":"a","new_label":"news","reviewer":"x"}\n{oops\n', "jsonl")
      expect([badJson.reason, badJson.line]).toEqual(["InvalidFile", 2])
      const unknown = yield* Effect.flip(
        Review.applyCorrections(annotations, [{ id: "zz", newLabel: "news", reviewer: "x", file: "fix.csv", line: 9 }], "t")
      )
      expect([unknown.reason, unknown.message]).toEqual(["UnknownId", expect.stringContaining("fix.csv:9")])
    }))
})
