/**
 * MLflow's column-spec schema (`{"mlflow_colspec": [...]}`), the form the UI shows in a
 * dataset's schema tab, built from a sidecar's column list.
 */
import type { ProjectionColumn } from "./ProjectionInput.ts"

/** A column type MLflow's column spec knows. */
export type ColSpecType = "boolean" | "integer" | "long" | "float" | "double" | "string" | "binary" | "datetime"

/** One column of MLflow's column spec. */
export interface ColSpecColumn {
  /** MLflow type. */
  readonly type: ColSpecType
  /** Column name. */
  readonly name: string
  /** False when the column may be null. */
  readonly required: boolean
}

/** Sidecar types to MLflow types; anything else (nested values) is described as a JSON string. */
const TYPES: Readonly<Record<string, ColSpecType>> = {
  string: "string",
  text: "string",
  url: "string",
  integer: "long",
  int: "long",
  long: "long",
  number: "double",
  float: "double",
  double: "double",
  boolean: "boolean",
  bool: "boolean",
  datetime: "datetime",
  date: "datetime",
  timestamp: "datetime",
  bytes: "binary",
  binary: "binary"
}

/** The MLflow type of a sidecar column type (`string` for types MLflow has no name for). */
export const colSpecType = (type: string): ColSpecType => TYPES[type.toLowerCase()] ?? "string"

/**
 * The JSON text MLflow stores as a dataset's schema.
 *
 * @example
 * colSpec([{ name: "url", type: "string", nullable: false }])
 * // => '{"mlflow_colspec":[{"type":"string","name":"url","required":true}]}'
 */
export const colSpec = (columns: ReadonlyArray<ProjectionColumn>): string =>
  JSON.stringify({
    mlflow_colspec: columns.map((column): ColSpecColumn => ({ type: colSpecType(column.type), name: column.name, required: !column.nullable }))
  })
