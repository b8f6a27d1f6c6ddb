/**
 * Human review: export labeled rows for a reviewer (JSON Lines or CSV, with empty `new_label`
 * and `reviewer` columns to fill in), read the corrections back, and apply them as overrides,
 * each recorded (id, old label, new label, reviewer, at) for lineage. Errors name the file and line.
 */
import { Data, Effect } from "effect"
import type { Annotation } from "./Annotation.ts"
import * as Csv from "./Csv.ts"
import type { LabelSet } from "./LabelSet.ts"

/** Characters of a document's text put in a review row. */
export const REVIEW_TEXT_CHARS = 500

/** The columns of a review file, in order. */
export const REVIEW_COLUMNS = ["id", "label", "confidence", "provider", "model", "text", "new_label", "reviewer"] as const

/** The provider name of an annotation overridden by a reviewer. */
export const HUMAN_REVIEW_PROVIDER = "human-review"

/** A row to review: an annotation and (part of) its text. */
export interface ReviewRow {
  /** The document's id. */
  readonly id: string
  /** The label to check. */
  readonly label: string
  /** Its confidence. */
  readonly confidence: number
  /** The provider that gave it. */
  readonly provider: string
  /** The model that gave it. */
  readonly model: string
  /** The document's text (cut to {@link REVIEW_TEXT_CHARS}). */
  readonly text: string
}

/** A reviewer's correction, read from a file. */
export interface Correction {
  /** The document's id. */
  readonly id: string
  /** The label the reviewer chose (in the label set). */
  readonly newLabel: string
  /** Who reviewed. */
  readonly reviewer: string
  /** The file it came from. */
  readonly file: string
  /** Its line in the file. */
  readonly line: number
}

/** The record of one override, for lineage. */
export interface Override {
  /** The document's id. */
  readonly id: string
  /** The label before review. */
  readonly oldLabel: string
  /** The label after review. */
  readonly newLabel: string
  /** Who reviewed. */
  readonly reviewer: string
  /** When the override was applied (ISO 8601). */
  readonly at: string
}

/**
 * Why a corrections file was refused: `InvalidFile` (bad CSV or JSON syntax), `MissingColumn`,
 * `InvalidRow` (a field is missing or of the wrong type), `LabelOutsideSet`, `UnknownId` (no
 * such annotation), `DuplicateId` (two corrections for one document).
 */
export class ReviewError extends Data.TaggedError("ReviewError")<{
  /** Closed reason, to branch on. */
  readonly reason: "InvalidFile" | "MissingColumn" | "InvalidRow" | "LabelOutsideSet" | "UnknownId" | "DuplicateId"
  /** The corrections file. */
  readonly file: string
  /** The line concerned (1-based; 1 for the header). */
  readonly line: number
  /** What is wrong and how to fix it, starting with `file:line`. */
  readonly message: string
}> {}

/** Builds review rows from annotations and the texts of their documents (by id). */
export const rows = (annotations: ReadonlyArray<Annotation>, texts: ReadonlyMap<string, string>): ReadonlyArray<ReviewRow> =>
  annotations.map((annotation) => ({
    id: annotation.id,
    label: annotation.label,
    confidence: annotation.confidence,
    provider: annotation.provider,
    model: annotation.model,
    text: (texts.get(annotation.id) ?? "").slice(0, REVIEW_TEXT_CHARS)
  }))

/** Review rows as JSON Lines, with `new_label` and `reviewer` set to null for the reviewer to fill. */
export const toJsonLines = (reviewRows: ReadonlyArray<ReviewRow>): string =>
  reviewRows.map((row) => JSON.stringify({ ...row, new_label: null, reviewer: null }) + "\n").join("")

/** Review rows as CSV with a header, with empty `new_label` and `reviewer` columns for the reviewer to fill. */
export const toCsv = (reviewRows: ReadonlyArray<ReviewRow>): string =>
  Csv.encode([
    REVIEW_COLUMNS,
    ...reviewRows.map((row) => [row.id, row.label, String(row.confidence), row.provider, row.model, row.text, "", ""])
  ])

/** Options of {@link parseCorrections}. */
export interface ParseOptions {
  /** The file's name, for error messages. */
  readonly file: string
  /** `csv` or `jsonl`. */
  readonly format: "csv" | "jsonl"
  /** The label set corrections must stay within. */
  readonly labels: LabelSet
}

interface RawCorrection {
  readonly line: number
  readonly id: unknown
  readonly newLabel: unknown
  readonly reviewer: unknown
}

const rawFromCsv = (content: string, file: string): Effect.Effect<ReadonlyArray<RawCorrection>, ReviewError> => {
  const parsed = Csv.parse(content)
  if ("error" in parsed) {
    return Effect.fail(new ReviewError({ reason: "InvalidFile", file, line: parsed.error.line, message: `${file}:${parsed.error.line}: ${parsed.error.message}` }))
  }
  const [header, ...body] = parsed.records
  const columns = header?.fields ?? []
  const position = (column: string) => columns.indexOf(column)
  for (const column of ["id", "new_label", "reviewer"]) {
    if (position(column) === -1) {
      return Effect.fail(
        new ReviewError({ reason: "MissingColumn", file, line: 1, message: `${file}:1: the header has no "${column}" column: keep the header of the exported review file` })
      )
    }
  }
  return Effect.succeed(
    body.map((record) => ({
      line: record.line,
      id: record.fields[position("id")],
      newLabel: record.fields[position("new_label")],
      reviewer: record.fields[position("reviewer")]
    }))
  )
}

const rawFromJsonLines = (content: string, file: string): Effect.Effect<ReadonlyArray<RawCorrection>, ReviewError> => {
  const raw: Array<RawCorrection> = []
  const lines = content.split("\n")
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!.trim()
    if (text === "") continue
    const line = index + 1
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return Effect.fail(new ReviewError({ reason: "InvalidFile", file, line, message: `${file}:${line}: the line is not valid JSON: fix or remove it` }))
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return Effect.fail(new ReviewError({ reason: "InvalidRow", file, line, message: `${file}:${line}: the line is not a JSON object` }))
    }
    const record = value as Record<string, unknown>
    raw.push({ line, id: record["id"], newLabel: record["new_label"], reviewer: record["reviewer"] })
  }
  return Effect.succeed(raw)
}

/**
 * Reads corrections from a review file. Rows whose `new_label` is empty (or null) are not
 * corrections and are skipped; a correction needs an id, a label of the set and a reviewer.
 */
export const parseCorrections = (content: string, options: ParseOptions): Effect.Effect<ReadonlyArray<Correction>, ReviewError> =>
  Effect.gen(function* () {
    const { file } = options
    const raw = yield* options.format === "csv" ? rawFromCsv(content, file) : rawFromJsonLines(content, file)
    const allowed = new Set(options.labels)
    const seen = new Map<string, number>()
    const corrections: Array<Correction> = []
    for (const { line, id, newLabel, reviewer } of raw) {
      if (newLabel === undefined || newLabel === null || newLabel === "") continue
      const fail = (reason: ReviewError["reason"], message: string) => Effect.fail(new ReviewError({ reason, file, line, message: `${file}:${line}: ${message}` }))
      if (typeof id !== "string" || id === "") return yield* fail("InvalidRow", "the id is missing: keep the id of the exported row")
      if (typeof newLabel !== "string") return yield* fail("InvalidRow", `new_label of "${id}" is not text`)
      if (!allowed.has(newLabel)) {
        return yield* fail("LabelOutsideSet", `new_label "${newLabel}" of "${id}" is not in the label set (${options.labels.join(", ")})`)
      }
      if (typeof reviewer !== "string" || reviewer.trim() === "") return yield* fail("InvalidRow", `the reviewer of "${id}" is missing: fill in who reviewed`)
      const earlier = seen.get(id)
      if (earlier !== undefined) return yield* fail("DuplicateId", `"${id}" was already corrected on line ${earlier}: keep one correction per document`)
      seen.set(id, line)
      corrections.push({ id, newLabel, reviewer: reviewer.trim(), file, line })
    }
    return corrections
  })

/**
 * Applies corrections to annotations: each changed label becomes a `human-review` annotation
 * (model = reviewer, confidence 1, cost kept) and an {@link Override} record. A correction
 * that keeps the label changes nothing; one for an unknown id fails, naming its file and line.
 */
export const applyCorrections = (
  annotations: ReadonlyArray<Annotation>,
  corrections: ReadonlyArray<Correction>,
  at: string
): Effect.Effect<{ readonly annotations: ReadonlyArray<Annotation>; readonly overrides: ReadonlyArray<Override> }, ReviewError> => {
  const byId = new Map(corrections.map((correction) => [correction.id, correction]))
  const known = new Set(annotations.map((annotation) => annotation.id))
  for (const correction of corrections) {
    if (!known.has(correction.id)) {
      return Effect.fail(
        new ReviewError({
          reason: "UnknownId",
          file: correction.file,
          line: correction.line,
          message: `${correction.file}:${correction.line}: no annotation has the id "${correction.id}": check the id against the exported file`
        })
      )
    }
  }
  const overrides: Array<Override> = []
  const corrected = annotations.map((annotation) => {
    const correction = byId.get(annotation.id)
    if (correction === undefined || correction.newLabel === annotation.label) return annotation
    overrides.push({ id: annotation.id, oldLabel: annotation.label, newLabel: correction.newLabel, reviewer: correction.reviewer, at })
    return { ...annotation, label: correction.newLabel, confidence: 1, provider: HUMAN_REVIEW_PROVIDER, model: correction.reviewer }
  })
  return Effect.succeed({ annotations: corrected, overrides })
}
