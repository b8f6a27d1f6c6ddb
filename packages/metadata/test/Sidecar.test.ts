import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { sidecarJsonSchemaPath, sidecarJsonSchemaText } from "../scripts/writeSidecarJsonSchema.ts"
import * as Sidecar from "../src/Sidecar.ts"
import { buildFixtureSidecar, goldenPath } from "./fixtures/fixtureSidecar.ts"
import { parse } from "yaml"

const golden = readFileSync(goldenPath, "utf8")
const file = "preprocess/html-parsing/2021-09-02/html-documents.meta.yaml"

/** A minimal JSON Schema validator (the keywords the generated schema uses), independent of Effect. */
const validate = (schema: any, value: unknown): boolean => {
  if (schema.anyOf !== undefined) return schema.anyOf.some((member: unknown) => validate(member, value))
  if (schema.enum !== undefined && !schema.enum.includes(value)) return false
  switch (schema.type) {
    case "string":
      return typeof value === "string" && (schema.pattern === undefined || new RegExp(schema.pattern, "u").test(value))
    case "integer":
      return Number.isInteger(value) && (schema.minimum === undefined || (value as number) >= schema.minimum)
    case "number":
      return typeof value === "number" && (schema.minimum === undefined || value >= schema.minimum)
    case "boolean":
      return typeof value === "boolean"
    case "null":
      return value === null
    case "array":
      return Array.isArray(value) && (schema.items === undefined || value.every((item) => validate(schema.items, item)))
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return false
      const record = value as Record<string, unknown>
      if ((schema.required ?? []).some((key: string) => !(key in record))) return false
      return Object.entries(record).every(([key, item]) =>
        schema.properties?.[key] !== undefined
          ? validate(schema.properties[key], item)
          : schema.additionalProperties === false
            ? false
            : typeof schema.additionalProperties === "object"
              ? validate(schema.additionalProperties, item)
              : true
      )
    }
  }
  return true
}

describe("Sidecar", () => {
  it.effect("encodes the fixture's sidecar exactly as the reviewed golden file", () =>
    Effect.gen(function* () {
      const sidecar = yield* buildFixtureSidecar
      expect(Sidecar.encode(sidecar)).toBe(golden)
    }))

  it("writes keys in the documented order", () => {
    const keys = Object.keys(parse(golden) as object)
    expect(keys).toEqual([
      "description", "asset", "layer", "partition", "uri", "data_source", "created_at", "workflow_name", "run_id",
      "mlflow_run_id", "code_version", "process", "sha1", "bytes", "format", "schema", "statistics", "sample", "checks",
      "execution", "quarantine", "data_version", "inputs_digest", "version_id"
    ])
  })

  it.effect("decodes what it encodes", () =>
    Effect.gen(function* () {
      const sidecar = yield* buildFixtureSidecar
      const decoded = yield* Sidecar.decode(Sidecar.encode(sidecar), file)
      expect(decoded).toEqual(sidecar)
      expect(Sidecar.encode(decoded)).toBe(golden)
    }))

  it.effect("reads the row count of an encoded sidecar without decoding it, and of a hand-written one by decoding it", () =>
    Effect.gen(function* () {
      const sidecar = yield* buildFixtureSidecar
      expect(yield* Sidecar.rowsOf(golden, file)).toBe(sidecar.statistics.rows)
      const { rows, columns } = sidecar.statistics
      // The same sidecar with its statistics' keys in another order (valid YAML, not as encode writes it).
      const reordered = golden.replace(`statistics:\n  rows: ${rows}\n  columns: ${columns}\n`, `statistics:\n  columns: ${columns}\n  rows: 4242\n`)
      expect(reordered).not.toBe(golden)
      expect(yield* Sidecar.rowsOf(reordered, file)).toBe(4242)
      const error = yield* Effect.flip(Sidecar.rowsOf("statistics: [", file))
      expect(error.reason).toBe("Corrupted")
    }))

  it.effect("round-trips varied sidecars: tricky strings, optional fields, metrics, external sources", () =>
    Effect.gen(function* () {
      const { mlflowRunId: _, ...base } = yield* buildFixtureSidecar
      const tricky = ["no", "yes", "on", "Off", "y", "~", "null", "1.5", "007", "0o17", "2021-09-02", "a: b", "#x", "- x", "multi\nline\n", "two\n\n", "café 🙂", "'quoted'", "say \"hi\"", "tab\there", " padded ", "", "\u0085\u2028"]
      const variants = tricky.map((text, i): Sidecar.Sidecar => ({
        ...base,
        description: text,
        partition: text === "" ? "x" : text,
        workflowName: text,
        codeVersion: text,
        process: [{ rule: text, params: { [text]: text, nested: [text, { [text]: null }], n: i } }],
        sample: [{ [text === "" ? "empty" : text]: text, number: i, flag: i % 2 === 0, none: null, list: [text, i] }],
        execution: { ...base.execution, metrics: { [text === "" ? "m" : text]: i / 3 } },
        dataSource: [...base.dataSource, { kind: "external", name: text, uri: `s3://b/${i}` }],
        ...(i % 2 === 0 ? { mlflowRunId: text } : {})
      }))
      for (const sidecar of variants) {
        const clean = JSON.parse(JSON.stringify(sidecar)) as Sidecar.Sidecar
        const text = Sidecar.encode(clean)
        expect(yield* Sidecar.decode(text, file)).toEqual(clean)
        // The file holds exactly the schema's encoding, keys in the schema's order.
        expect(JSON.stringify(parse(text))).toBe(JSON.stringify(Schema.encodeSync(Sidecar.SidecarSchema)(clean)))
      }
    }))

  it.effect("names the file, line and field of a hand-edited wrong value", () =>
    Effect.gen(function* () {
      const edited = golden.replace("  rows_in: 7", "  rows_in: -7")
      const line = edited.split("\n").findIndex((text) => text.includes("rows_in: -7")) + 1
      const error = yield* Effect.flip(Sidecar.decode(edited, file))
      expect(error.reason).toBe("Invalid")
      expect(error.file).toBe(file)
      expect(error.field).toBe("execution.rows_in")
      expect(error.issues[0]?.line).toBe(line)
      expect(error.message).toContain(`${file}:${line}: field "execution.rows_in"`)
    }))

  it.effect("rejects an unknown key, a missing key and a bad digest, naming each field", () =>
    Effect.gen(function* () {
      const edited = golden
        .replace("run_id: run-", "run_idd: run-")
        .replace(/^sha1: [0-9a-f]+$/m, "sha1: not-a-digest")
        .replace("    passed: true\n    observed: every url is unique", "    observed: every url is unique")
      const error = yield* Effect.flip(Sidecar.decode(edited, file))
      const fields = error.issues.map((issue) => issue.field)
      expect(fields).toEqual(expect.arrayContaining(["run_id", "run_idd", "sha1", "checks[1].passed"]))
      expect(error.message).toContain("SHA-1")
    }))

  it.effect("reports corrupted YAML and an empty (torn) file as Corrupted with the file name", () =>
    Effect.gen(function* () {
      const torn = yield* Effect.flip(Sidecar.decode("", file))
      expect(torn.reason).toBe("Corrupted")
      expect(torn.message).toContain(file)
      const broken = golden.replace("bytes: 733", "bytes: [733")
      const corrupted = yield* Effect.flip(Sidecar.decode(broken, file))
      expect(corrupted.reason).toBe("Corrupted")
      expect(corrupted.message).toMatch(new RegExp(`^${file.replace(/\./g, "\\.")}:\\d+: `))
    }))

  it("commits a JSON Schema that is up to date with the Effect Schema", () => {
    expect(readFileSync(sidecarJsonSchemaPath, "utf8")).toBe(sidecarJsonSchemaText())
  })

  it.effect("JSON Schema and decoder agree on valid and hand-edited sidecars", () =>
    Effect.gen(function* () {
      const schema = Sidecar.sidecarJsonSchema()
      const cases = [
        golden,
        golden.replace("  rows_in: 7", "  rows_in: -7"),
        golden.replace("run_id: run-", "run_idd: run-"),
        golden.replace("layer: silver", "layer: platinum"),
        golden.replace(`created_at: "2021-09-03T01:02:03.000Z"`, "created_at: yesterday"),
        golden.replace("  - kind: external\n", "  - kind: externe\n"),
        golden.replace(/^mlflow_run_id: .*\n/m, "")
      ]
      for (const text of cases) {
        const decoded = yield* Effect.result(Sidecar.decode(text, file))
        expect(validate(schema, parse(text))).toBe(decoded._tag === "Success")
      }
      expect(cases.map((text) => validate(schema, parse(text)))).toEqual([true, false, false, false, false, false, true])
    }))
})
