import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { Sidecar } from "../src/Sidecar.ts"
import * as SidecarDiff from "../src/SidecarDiff.ts"
import { buildFixtureSidecar } from "./fixtures/fixtureSidecar.ts"

const fieldsOf = (changes: ReadonlyArray<SidecarDiff.Change>) => changes.map((change) => change.field)

describe("SidecarDiff", () => {
  it.effect("finds no change between two runs of the same data, code and inputs (times, run ids and sample differ)", () =>
    Effect.gen(function* () {
      const before = yield* buildFixtureSidecar
      const after: Sidecar = {
        ...before,
        createdAt: "2021-09-04T00:00:00.000Z",
        runId: "run-20210904",
        execution: { ...before.execution, durationMs: 1, start: "2021-09-04T00:00:00.000Z", end: "2021-09-04T00:00:00.001Z" },
        sample: []
      }
      const changes = SidecarDiff.diff(before, after)
      expect(changes).toEqual([])
      expect(SidecarDiff.toText(changes)).toEqual(["no change: same data, code, inputs, schema, statistics and checks"])
    })
  )

  it.effect("names what changed in the data, code, inputs, process and schema, with both values", () =>
    Effect.gen(function* () {
      const before = yield* buildFixtureSidecar
      const after: Sidecar = {
        ...before,
        sha1: "0".repeat(40),
        bytes: before.bytes + 10,
        codeVersion: "html-parsing@4",
        dataSource: [
          { ...(before.dataSource[0] as Extract<Sidecar["dataSource"][number], { kind: "asset" }>), sha1: "1".repeat(40) },
          { kind: "asset", asset: "preprocess/url-normalization", partition: "2021-09-01", uri: "s3://b/x", sha1: "2".repeat(40) }
        ],
        process: [{ rule: "extract_main_content", params: { parser: "cheerio", minTextLength: 40 } }],
        schema: [...before.schema.filter((column) => column.name !== "language"), { name: "author", type: "string", nullable: true, description: "", meaning: "" }]
      }
      const changes = SidecarDiff.diff(before, after)
      expect(changes).toContainEqual({ section: "data", field: "sha1", before: before.sha1, after: "0".repeat(40) })
      expect(changes).toContainEqual({ section: "data", field: "bytes", before: before.bytes, after: before.bytes + 10 })
      expect(changes).toContainEqual({ section: "code", field: "code_version", before: "html-parsing@3", after: "html-parsing@4" })
      expect(changes).toContainEqual({ section: "inputs", field: "data_source.preprocess/url-normalization@2021-09-02", before: "3f786850e387550fdab836ed7e6dc881de23001b", after: "1".repeat(40) })
      expect(changes).toContainEqual({ section: "inputs", field: "data_source.preprocess/url-normalization@2021-09-01", before: undefined, after: "2".repeat(40) })
      expect(changes).toContainEqual({ section: "inputs", field: "data_source.external crawler", before: "s3://acme-landing/crawl/2021-09-02/", after: undefined })
      expect(changes).toContainEqual({ section: "process", field: "process.extract_main_content", before: '{"parser":"cheerio","minTextLength":20}', after: '{"parser":"cheerio","minTextLength":40}' })
      expect(changes).toContainEqual({ section: "process", field: "process.detect_language", before: "{}", after: undefined })
      expect(changes).toContainEqual({ section: "schema", field: "schema.language", before: "string (nullable)", after: undefined })
      expect(changes).toContainEqual({ section: "schema", field: "schema.author", before: undefined, after: "string (nullable)" })
      // Sections come in the documented order, each once in the text.
      const sections = [...new Set(changes.map((change) => change.section))]
      expect(sections).toEqual(["data", "code", "inputs", "process", "schema"])
      const text = SidecarDiff.toText(changes)
      expect(text.filter((line) => !line.startsWith("  "))).toEqual(["data:", "code:", "inputs:", "process:", "schema:"])
      expect(text).toContain("  code_version: html-parsing@3 -> html-parsing@4")
      expect(text).toContain("  schema.author: (none) -> string (nullable)")
    })
  )

  it.effect("compares statistics per column, checks, rows, metrics and quarantine reasons", () =>
    Effect.gen(function* () {
      const before = yield* buildFixtureSidecar
      const url = before.statistics.perColumn.find((column) => column.name === "url")
      if (url === undefined) throw new Error("the fixture profiles url")
      const firstCheck = before.checks[0]
      if (firstCheck === undefined) throw new Error("the fixture has checks")
      const after: Sidecar = {
        ...before,
        statistics: {
          ...before.statistics,
          rows: before.statistics.rows + 1,
          perColumn: before.statistics.perColumn.map((column) => (column.name === "url" ? { ...column, nulls: column.nulls + 2 } : column))
        },
        checks: before.checks.map((check, i) => (i === 0 ? { ...check, passed: !check.passed, observed: "2 nulls" } : check)),
        execution: { ...before.execution, rowsOut: before.execution.rowsOut + 1, metrics: { duplicates_removed: 3 } },
        quarantine: { ...before.quarantine, reasons: [{ reason: "invalid JSON", count: 4 }, { reason: "NotFiniteNumber", count: 1 }] }
      }
      const changes = SidecarDiff.diff(before, after)
      expect(fieldsOf(changes)).toEqual([
        "statistics.rows",
        "statistics.per_column.url.nulls",
        `checks.${firstCheck.name}.passed`,
        `checks.${firstCheck.name}.observed`,
        "execution.rows_out",
        "execution.metrics.duplicates_removed",
        "quarantine.reasons.invalid JSON",
        "quarantine.reasons.NotFiniteNumber"
      ])
      expect(changes).toContainEqual({ section: "statistics", field: "statistics.per_column.url.nulls", before: url.nulls, after: url.nulls + 2 })
      expect(changes).toContainEqual({ section: "execution", field: "execution.metrics.duplicates_removed", before: undefined, after: 3 })
      expect(changes).toContainEqual({ section: "quarantine", field: "quarantine.reasons.invalid JSON", before: 1, after: 4 })
    })
  )
})
