/**
 * The sidecar's `schema` section from an asset's row schema (an Effect Schema of one row) and
 * the documentation of its columns: name, type, nullable, description, business meaning.
 *
 * @example
 * ```ts
 * SchemaColumns.fromRowSchema(spec.schema, spec.columns)
 * // [{ name: "url", type: "string", nullable: false, description: "…", meaning: "…" }, …]
 * ```
 */
import { Schema } from "effect"
import type { SchemaColumn } from "./Sidecar.ts"

/** The documentation of one column (the same shape as `@strata/core`'s `ColumnDoc`). */
export interface ColumnDoc {
  /** What the column holds. */
  readonly description: string
  /** What it means to the business. */
  readonly meaning: string
}

/** A JSON Schema node, as far as column types need it. */
interface JsonNode {
  readonly type?: string | ReadonlyArray<string>
  readonly items?: JsonNode
  readonly anyOf?: ReadonlyArray<JsonNode>
  readonly oneOf?: ReadonlyArray<JsonNode>
  readonly $ref?: string
  readonly enum?: ReadonlyArray<unknown>
}

/** How Effect's JSON form writes non-finite numbers; such a branch of a number is not a separate type. */
const NON_FINITE = new Set<unknown>(["NaN", "Infinity", "-Infinity"])

/** A branch that only carries a number's non-finite values (`Schema.Number` admits them as text). */
const isNonFiniteBranch = (node: JsonNode): boolean =>
  node.type === "string" && node.enum !== undefined && node.enum.every((value) => NON_FINITE.has(value))

/** Written for an undocumented column, so that the gap is visible in the sidecar and the card. */
export const UNDOCUMENTED = "(undocumented)"

/** The readable type of a JSON Schema node: `string`, `integer`, `array<string>`, `string | number`. */
const typeName = (node: JsonNode): string => {
  const members = node.anyOf ?? node.oneOf
  if (members !== undefined) {
    const names = [...new Set(members.filter((member) => member.type !== "null" && !isNonFiniteBranch(member)).map(typeName))]
    return names.length === 0 ? "null" : names.join(" | ")
  }
  if (node.$ref !== undefined) return "object"
  if (Array.isArray(node.type)) return node.type.filter((type) => type !== "null").join(" | ")
  if (node.type === "array") return `array<${node.items === undefined ? "unknown" : typeName(node.items)}>`
  return typeof node.type === "string" ? node.type : "unknown"
}

/** Whether a JSON Schema node admits `null`. */
const admitsNull = (node: JsonNode): boolean =>
  (node.anyOf ?? node.oneOf ?? []).some((member) => member.type === "null") ||
  (Array.isArray(node.type) && node.type.includes("null")) ||
  node.type === "null"

/**
 * Lists the columns of a row schema (a struct) in declaration order. A column is nullable when
 * its key is optional or its value admits `null`. Columns without documentation get
 * {@link UNDOCUMENTED}.
 */
export const fromRowSchema = (
  rowSchema: Schema.Top,
  docs: Readonly<Record<string, ColumnDoc>>
): ReadonlyArray<SchemaColumn> => {
  const document = Schema.toJsonSchemaDocument(rowSchema)
  const root = document.schema as { properties?: Record<string, JsonNode>; required?: ReadonlyArray<string> }
  const required = new Set(root.required ?? [])
  return Object.entries(root.properties ?? {}).map(([name, node]) => ({
    name,
    type: typeName(node),
    nullable: !required.has(name) || admitsNull(node),
    description: docs[name]?.description ?? UNDOCUMENTED,
    meaning: docs[name]?.meaning ?? UNDOCUMENTED
  }))
}

/** The column names of a row schema, in declaration order (what the profiler and checks need). */
export const names = (columns: ReadonlyArray<SchemaColumn>): ReadonlyArray<string> => columns.map((column) => column.name)
