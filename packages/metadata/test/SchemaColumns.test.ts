import { describe, expect, it } from "vitest"
import { Schema } from "effect"
import * as SchemaColumns from "../src/SchemaColumns.ts"

describe("SchemaColumns", () => {
  it("lists columns in order with readable types, nullability and documentation", () => {
    const Row = Schema.Struct({
      url: Schema.String,
      title: Schema.NullOr(Schema.String),
      words: Schema.Int,
      tags: Schema.Array(Schema.String),
      score: Schema.optionalKey(Schema.Number),
      category: Schema.Literals(["news", "sport"])
    })
    const columns = SchemaColumns.fromRowSchema(Row, { url: { description: "The URL", meaning: "Primary key" } })
    expect(columns.map((c) => [c.name, c.type, c.nullable])).toEqual([
      ["url", "string", false],
      ["title", "string", true],
      ["words", "integer", false],
      ["tags", "array<string>", false],
      ["score", "number", true],
      ["category", "string", false]
    ])
    expect(columns[0]).toMatchObject({ description: "The URL", meaning: "Primary key" })
    expect(columns[1]).toMatchObject({ description: SchemaColumns.UNDOCUMENTED, meaning: SchemaColumns.UNDOCUMENTED })
    expect(SchemaColumns.names(columns)).toEqual(["url", "title", "words", "tags", "score", "category"])
  })
})
