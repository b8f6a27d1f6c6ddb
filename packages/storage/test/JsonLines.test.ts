import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import * as JsonLines from "../src/JsonLines.ts"

const Row = Schema.Struct({ id: Schema.Number, name: Schema.String })
const bytes = (text: string) => new TextEncoder().encode(text)
const collect = <A, E>(stream: Stream.Stream<A, E>) => Stream.runCollect(stream)

describe("JsonLines", () => {
  it.effect("round-trips rows, plain and gzip, across chunk boundaries", () =>
    Effect.gen(function* () {
      const rows = Array.from({ length: 5000 }, (_, id) => ({ id, name: `row ${id} ${"x".repeat(id % 50)}` }))
      for (const compression of ["none", "gzip"] as const) {
        const encoded = yield* collect(JsonLines.encode(Stream.fromIterable(rows), { compression, schema: Row }))
        const rechunked = Stream.fromIterable(Buffer.concat(encoded)).pipe(Stream.grouped(777), Stream.map((group) => Uint8Array.from(group)))
        const decoded = yield* collect(JsonLines.decode(rechunked, Row, { compression }))
        expect(decoded.map((item) => (item._tag === "Row" ? item.row : item))).toEqual(rows)
        expect(decoded.map((item) => item.line)).toEqual(rows.map((_, index) => index + 1))
      }
    })
  )

  it.effect("quarantines bad UTF-8, over-long lines, bad JSON and schema failures with line numbers", () =>
    Effect.gen(function* () {
      const input = Buffer.concat([
        bytes('{"id":1,"name":"ok"}\n'),
        Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
        bytes(`{"id":3,"name":"${"y".repeat(200)}"}\n`),
        bytes("{not json\n"),
        bytes('{"id":"five","name":"wrong type"}\n'),
        bytes("\n"),
        bytes('{"id":7,"name":"last, no newline"}')
      ])
      const items = yield* collect(JsonLines.decode(Stream.make(input), Row, { maxLineBytes: 100 }))
      const summary = items.map((item) => (item._tag === "Row" ? [item.line, "row"] : [item.line, item.reason]))
      expect(summary).toEqual([
        [1, "row"],
        [2, "InvalidUtf8"],
        [3, "LineTooLong"],
        [4, "InvalidJson"],
        [5, "SchemaMismatch"],
        [7, "row"]
      ])
      const tooLong = items.find((item) => item._tag === "Quarantined" && item.reason === "LineTooLong")
      expect(tooLong?._tag === "Quarantined" && tooLong.raw.length).toBeLessThanOrEqual(JsonLines.RAW_EXCERPT_CHARS)
      const mismatch = items.find((item) => item._tag === "Quarantined" && item.reason === "SchemaMismatch")
      expect(mismatch?._tag === "Quarantined" && mismatch.detail).toContain("id")
      const line = JSON.parse(JsonLines.quarantineLine(mismatch as JsonLines.Quarantined)) as { line: number; reason: string }
      expect(line).toMatchObject({ line: 5, reason: "SchemaMismatch" })
    })
  )

  it.effect("cuts the raw excerpt of a huge line without holding all of it", () =>
    Effect.gen(function* () {
      const huge = "z".repeat(3_000_000)
      const items = yield* collect(JsonLines.decode(Stream.make(bytes(`"${huge}"\n`), bytes('{"id":2,"name":"n"}\n')), Row, { maxLineBytes: 1024 }))
      expect(items.map((item) => item._tag)).toEqual(["Quarantined", "Row"])
      const first = items[0]
      expect(first?._tag === "Quarantined" ? first.raw.length : 0).toBe(JsonLines.RAW_EXCERPT_CHARS)
    })
  )

  it.effect("fails with Compression on a corrupt gzip stream, and keeps upstream errors as they are", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(collect(JsonLines.decode(Stream.make(bytes("not gzip at all")), Row, { compression: "gzip" })))
      expect(error._tag === "JsonLinesError" && error.reason).toBe("Compression")
      const upstream = yield* Effect.flip(collect(JsonLines.decode(Stream.fail("disk gone" as const), Row, { compression: "gzip" })))
      expect(upstream).toBe("disk gone")
    })
  )

  it.effect("names the row that does not fit the schema it is written with", () =>
    Effect.gen(function* () {
      const rows = Stream.make({ id: 1, name: "a" }, { id: 2, name: 3 as unknown as string })
      const error = yield* Effect.flip(collect(JsonLines.encode(rows, { schema: Row })))
      expect(error._tag === "JsonLinesError" ? [error.reason, error.row] : []).toEqual(["Encode", 1])
    })
  )
})
