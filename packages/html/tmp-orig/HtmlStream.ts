/**
 * Row-by-row processing of a partition with bounded memory: each row is parsed, extracted and
 * released before the next one is pulled (an Effect `Stream` transform, or an async-iterable
 * mapper for code without Effect). The HTML leaves the row once extracted.
 */
import { Stream } from "effect"
import type { DedupResult } from "./Dedup.ts"
import { extract, type ExtractOptions, type Extraction } from "./Extraction.ts"

/** A row carrying a page. */
export interface HtmlRow {
  /** The page, as text or raw bytes. */
  readonly html: string | Uint8Array
  /** The page URL. */
  readonly url?: string | undefined
}

/** A row after extraction: every field but `html`, plus the extraction. */
export type ExtractedRow<Row extends HtmlRow> = Omit<Row, "html"> & { readonly extraction: Extraction }

/** Extraction options shared by every row (the URL comes from each row). */
export type RowExtractOptions = Omit<ExtractOptions, "url">

const extractRow = <Row extends HtmlRow>(row: Row, options: RowExtractOptions): ExtractedRow<Row> => {
  const { html, ...rest } = row
  return { ...rest, extraction: extract(html, { ...options, url: row.url }) }
}

/**
 * An Effect `Stream` transform: extracts each row as it flows (one page in memory at a time).
 *
 * @example
 * rows.pipe(extractStream()) // Stream<Omit<Row, "html"> & { extraction }>
 */
export const extractStream =
  (options: RowExtractOptions = {}) =>
  <Row extends HtmlRow, E, R>(self: Stream.Stream<Row, E, R>): Stream.Stream<ExtractedRow<Row>, E, R> =>
    Stream.map(self, (row) => extractRow(row, options))

/**
 * The same for plain (async) iterables.
 *
 * @example
 * for await (const row of extractRows(readJsonLines(file))) write(row)
 */
export async function* extractRows<Row extends HtmlRow>(
  rows: AsyncIterable<Row> | Iterable<Row>,
  options: RowExtractOptions = {}
): AsyncGenerator<ExtractedRow<Row>> {
  for await (const row of rows) yield extractRow(row, options)
}

/**
 * The second deduplication pass as a `Stream` filter: keeps the rows whose id the
 * deduplicator kept.
 */
export const keepDeduplicated =
  <Row>(result: DedupResult, idOf: (row: Row) => string) =>
  <E, R>(self: Stream.Stream<Row, E, R>): Stream.Stream<Row, E, R> =>
    Stream.filter(self, (row) => result.isKept(idOf(row)))
