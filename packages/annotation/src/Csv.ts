/**
 * CSV as RFC 4180 writes it: fields separated by commas, quoted when they hold a comma, a
 * quote, a line break or surrounding spaces, quotes doubled inside quotes. The parser accepts
 * LF or CRLF line ends, quoted line breaks and a leading byte-order mark, and reports the
 * line where each record starts.
 */

/** One parsed record and the (1-based) line where it starts. */
export interface CsvRecord {
  /** The line of the record's first character. */
  readonly line: number
  /** Its fields. */
  readonly fields: ReadonlyArray<string>
}

/** A CSV syntax error: the line and what is wrong. */
export interface CsvSyntaxError {
  /** The line where the problem is. */
  readonly line: number
  /** What is wrong. */
  readonly message: string
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

/** Encodes one field. */
export const encodeField = (field: string): string => (NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field)

/** Encodes rows (the header being the first) as CSV text with LF line ends and a final line break. */
export const encode = (rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  rows.map((row) => row.map(encodeField).join(",")).join("\n") + "\n"

/** Parses CSV text into records (blank lines are skipped), or returns the first syntax error. */
export const parse = (text: string): { readonly records: ReadonlyArray<CsvRecord> } | { readonly error: CsvSyntaxError } => {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text
  const records: Array<CsvRecord> = []
  let fields: Array<string> = []
  let field = ""
  let line = 1
  let recordLine = 1
  let index = 0
  let fieldStarted = false
  const endRecord = () => {
    if (fields.length > 0 || field !== "" || fieldStarted) {
      fields.push(field)
      records.push({ line: recordLine, fields })
    }
    fields = []
    field = ""
    fieldStarted = false
  }
  while (index < input.length) {
    const char = input[index]!
    if (char === '"') {
      if (field !== "") return { error: { line, message: "a quote appears inside an unquoted field: quote the whole field and double the inner quotes" } }
      const openedAt = line
      index++
      for (;;) {
        if (index >= input.length) return { error: { line: openedAt, message: "a quoted field is never closed: add the closing quote" } }
        const inner = input[index]!
        if (inner === '"') {
          if (input[index + 1] === '"') {
            field += '"'
            index += 2
            continue
          }
          index++
          break
        }
        if (inner === "\n") line++
        field += inner
        index++
      }
      fieldStarted = true
      const next = input[index]
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        return { error: { line, message: "text follows a closing quote: put a comma after the quoted field" } }
      }
      continue
    }
    if (char === ",") {
      fields.push(field)
      field = ""
      fieldStarted = true
      index++
      continue
    }
    if (char === "\r" || char === "\n") {
      endRecord()
      index += char === "\r" && input[index + 1] === "\n" ? 2 : 1
      line++
      recordLine = line
      continue
    }
    field += char
    index++
  }
  endRecord()
  return { records }
}
