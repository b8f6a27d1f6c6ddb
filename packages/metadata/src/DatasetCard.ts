/**
 * The dataset card: a `README.md` written at an asset's prefix, generated from its spec and its
 * partitions' sidecars, so that someone browsing the bucket understands the data without
 * downloading it (description, schema with business meaning, partitions, profile, checks,
 * lineage, a sample).
 *
 * @example
 * ```ts
 * const readme = DatasetCard.render({ asset: "preprocess/html-parsing", layer: "silver", description: "…" }, sidecars)
 * ```
 */
import type { ColumnDoc } from "./SchemaColumns.ts"
import type { Layer, Sidecar } from "./Sidecar.ts"

/** What the card needs from an asset's spec (a core `AssetSpec` provides all of it). */
export interface AssetInfo {
  /** Asset key, e.g. `preprocess/html-parsing`. */
  readonly asset: string
  /** Medallion layer. */
  readonly layer: Layer
  /** What the asset is. */
  readonly description: string
  /** Business meaning per column (used when a sidecar lacks it). */
  readonly columns?: Readonly<Record<string, ColumnDoc>>
  /** Current code version. */
  readonly codeVersion?: string
  /** Who to ask about it. */
  readonly owners?: ReadonlyArray<string>
  /** Free-form labels. */
  readonly tags?: Readonly<Record<string, string>>
}

/** Sample rows shown from the last partition. */
export const SAMPLE_ROWS_SHOWN = 3

/** Characters of a SHA-1 shown in the partitions table. */
const SHORT_SHA1 = 12

/** Escapes text for a Markdown table cell. */
const cell = (value: unknown): string => String(value ?? "").replace(/\|/g, "\\|").replace(/\r?\n/g, " ")

/** A Markdown table. */
const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>): string =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)
  ].join("\n")

/** `min – max (mean m)` of a range. */
const describeRange = (range: { readonly min: number; readonly max: number; readonly mean: number } | undefined) =>
  range === undefined ? "" : `${range.min} – ${range.max} (mean ${range.mean})`

/**
 * Renders the card. Partitions are listed in key order; the profile, checks, lineage and sample
 * come from the last partition in that order (for time partitions, the most recent window), so
 * the same partitions give the same card whatever order they were built in. With no sidecar
 * yet, the card says so.
 */
export const render = (info: AssetInfo, sidecars: ReadonlyArray<Sidecar>): string => {
  const sections: Array<string> = [`# ${info.asset}`, info.description]
  const facts = [
    `- **Layer:** ${info.layer}`,
    info.codeVersion === undefined ? undefined : `- **Code version:** ${info.codeVersion}`,
    info.owners === undefined || info.owners.length === 0 ? undefined : `- **Owners:** ${info.owners.join(", ")}`,
    info.tags === undefined || Object.keys(info.tags).length === 0
      ? undefined
      : `- **Tags:** ${Object.entries(info.tags).map(([key, value]) => `${key}=${value}`).join(", ")}`,
    `- **Partitions committed:** ${sidecars.length}`
  ].filter((line) => line !== undefined)
  sections.push(facts.join("\n"))
  const byPartition = [...sidecars].sort((a, b) => (a.partition < b.partition ? -1 : a.partition > b.partition ? 1 : 0))
  const latest = byPartition.at(-1)
  if (latest === undefined) {
    sections.push("_No partition has been committed yet: run `strata materialize` to create one._")
    return `${sections.join("\n\n")}\n`
  }
  sections.push(
    "## Schema",
    table(
      ["Column", "Type", "Nullable", "Description", "Business meaning"],
      latest.schema.map((column) => [
        column.name,
        column.type,
        column.nullable ? "yes" : "no",
        info.columns?.[column.name]?.description ?? column.description,
        info.columns?.[column.name]?.meaning ?? column.meaning
      ])
    )
  )
  sections.push(
    "## Partitions",
    table(
      ["Partition", "Rows", "Bytes", "SHA-1", "Created", "Code version", "Checks passed", "Quarantined"],
      byPartition.map((sidecar) => [
        sidecar.partition === "" ? "all" : sidecar.partition,
        sidecar.statistics.rows,
        sidecar.bytes,
        sidecar.sha1.slice(0, SHORT_SHA1),
        sidecar.createdAt,
        sidecar.codeVersion,
        `${sidecar.checks.filter((check) => check.passed).length}/${sidecar.checks.length}`,
        sidecar.quarantine.count
      ])
    )
  )
  sections.push(
    `## Profile (partition ${latest.partition})`,
    `${latest.statistics.rows} rows, ${latest.statistics.columns} columns.`,
    table(
      ["Column", "Nulls", "Empty", "≈ Distinct", "Length (code points)", "Values", "Top values"],
      latest.statistics.perColumn.map((column) => [
        column.name,
        column.nulls,
        column.empties,
        column.approxDistinct,
        describeRange(column.length),
        describeRange(column.value),
        (column.topValues ?? []).map((top) => `${JSON.stringify(top.value)} (${top.count})`).join(", ")
      ])
    )
  )
  if (latest.checks.length > 0) {
    sections.push(
      `## Checks (partition ${latest.partition})`,
      table(
        ["Check", "Kind", "Severity", "Result", "Observed"],
        latest.checks.map((check) => [check.name, check.kind, check.severity, check.passed ? "passed" : "FAILED", check.observed])
      )
    )
  }
  const lineage = latest.dataSource.map((source) =>
    source.kind === "asset"
      ? `- \`${source.asset}\` partition \`${source.partition}\` (sha1 ${source.sha1.slice(0, SHORT_SHA1)}): ${source.uri}`
      : `- external: ${source.name}: ${source.uri}${source.description === undefined ? "" : ` (${source.description})`}`
  )
  const process = latest.process.map(
    (step, i) => `${i + 1}. \`${step.rule}\`${Object.keys(step.params).length === 0 ? "" : ` ${JSON.stringify(step.params)}`}`
  )
  sections.push(
    `## Lineage (partition ${latest.partition})`,
    lineage.length === 0 ? "_No recorded source._" : lineage.join("\n"),
    `Produced by workflow \`${latest.workflowName}\`, run \`${latest.runId}\`${latest.mlflowRunId === undefined ? "" : ` (MLflow run \`${latest.mlflowRunId}\`)`}.`
  )
  if (process.length > 0) sections.push("Processing rules, in order:", process.join("\n"))
  if (latest.sample.length > 0) {
    sections.push(
      `## Sample (partition ${latest.partition}, long values cut)`,
      ["```json", ...latest.sample.slice(0, SAMPLE_ROWS_SHOWN).map((row) => JSON.stringify(row)), "```"].join("\n")
    )
  }
  sections.push("_Generated by Strata from the partitions' metadata sidecars (`*.meta.yaml`); do not edit by hand._")
  return `${sections.join("\n\n")}\n`
}
