import { LabelCleaningError } from "./LabelCleaningError.ts"

/**
 * A dense row-major matrix of float64: `rows x cols`, entry `(i, j)` at `data[i * cols + j]`.
 * Predicted probabilities are an `n x K` Matrix; features for outliers an `n x d` Matrix.
 */
export interface Matrix {
  /** Number of rows (examples). */
  readonly rows: number
  /** Number of columns (classes or feature dimensions). */
  readonly cols: number
  /** Row-major values, length `rows * cols`. */
  readonly data: Float64Array
}

/**
 * Wraps row-major `data` as a `rows x cols` Matrix (no copy); fails when the length disagrees.
 *
 * @example
 * const probs = Matrix.make(2, 2, new Float64Array([0.9, 0.1, 0.2, 0.8]))
 */
export const make = (rows: number, cols: number, data: Float64Array = new Float64Array(rows * cols)): Matrix => {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new LabelCleaningError({ reason: "InvalidShape", field: "matrix", message: `Matrix dimensions must be non-negative integers, got ${rows} x ${cols}.` })
  }
  if (data.length !== rows * cols) {
    throw new LabelCleaningError({
      reason: "InvalidShape",
      field: "matrix.data",
      message: `A ${rows} x ${cols} matrix needs ${rows * cols} values, got ${data.length}; pass row-major data of that length.`
    })
  }
  return { rows, cols, data }
}

/** Copies nested arrays (one array per row, all the same length) into a Matrix. */
export const fromRows = (rows: ReadonlyArray<ReadonlyArray<number>>): Matrix => {
  const cols = rows[0]?.length ?? 0
  const data = new Float64Array(rows.length * cols)
  rows.forEach((row, i) => {
    if (row.length !== cols) {
      throw new LabelCleaningError({ reason: "InvalidShape", field: `rows[${i}]`, message: `Row ${i} has ${row.length} values but row 0 has ${cols}; give every row the same length.` })
    }
    data.set(row, i * cols)
  })
  return { rows: rows.length, cols, data }
}

/** Row `i` as a subarray view (no copy). */
export const row = (m: Matrix, i: number): Float64Array => m.data.subarray(i * m.cols, (i + 1) * m.cols)

/** Nested arrays, one per row (for JSON and tests). */
export const toRows = (m: Matrix): Array<Array<number>> => Array.from({ length: m.rows }, (_, i) => Array.from(row(m, i)))
