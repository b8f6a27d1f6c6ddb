/**
 * Compressed sparse rows (CSR) of float64: row `i` holds `values[indptr[i]..indptr[i+1])` at
 * columns `indices[...]`. The feature matrices of the text classifiers.
 */
export interface SparseMatrix {
  /** Number of rows (documents). */
  readonly rows: number
  /** Number of columns (hashed feature dimension). */
  readonly cols: number
  /** Row start offsets, length `rows + 1`. */
  readonly indptr: Int32Array
  /** Column of each stored value. */
  readonly indices: Int32Array
  /** Stored values. */
  readonly values: Float64Array
}

/**
 * Receives one row of a {@link SparseRows}: its position `row` in the visit, its columns and
 * values (views valid during the call only).
 */
export type RowVisitor = (row: number, columns: Int32Array, values: Float64Array) => void

/**
 * Sparse rows read once, in order, without being stored: what a single-pass consumer (naive
 * Bayes, a prediction) needs, where a {@link SparseMatrix} would hold every value at once.
 */
export interface SparseRows {
  /** Number of rows visited. */
  readonly rows: number
  /** Number of columns. */
  readonly cols: number
  /** Number of stored values over all rows. */
  readonly entries: number
  /** Calls `visit` on every row, in order. */
  readonly forEachRow: (visit: RowVisitor) => void
}

/** The rows of `m` as {@link SparseRows} (views of its arrays, no copy). */
export const rowsOf = (m: SparseMatrix): SparseRows => ({
  rows: m.rows,
  cols: m.cols,
  entries: m.indptr[m.rows] as number,
  forEachRow: (visit) => {
    for (let i = 0; i < m.rows; i++) {
      const start = m.indptr[i] as number
      const end = m.indptr[i + 1] as number
      visit(i, m.indices.subarray(start, end), m.values.subarray(start, end))
    }
  }
})

/** `X` as {@link SparseRows}, whichever form it comes in. */
export const asRows = (X: SparseMatrix | SparseRows): SparseRows => ("forEachRow" in X ? X : rowsOf(X))

/** Stores visited rows as a new matrix (for consumers that need random access). */
export const collect = (X: SparseMatrix | SparseRows): SparseMatrix => {
  if (!("forEachRow" in X)) return X
  const indptr = new Int32Array(X.rows + 1)
  const indices = new Int32Array(X.entries)
  const values = new Float64Array(X.entries)
  let at = 0
  X.forEachRow((row, columns, rowValues) => {
    indices.set(columns, at)
    values.set(rowValues, at)
    at += columns.length
    indptr[row + 1] = at
  })
  return { rows: X.rows, cols: X.cols, indptr, indices, values }
}

/** The rows `selected` of `m`, in that order, as a new matrix. */
export const selectRows = (m: SparseMatrix, selected: Int32Array): SparseMatrix => {
  let nnz = 0
  for (const r of selected) nnz += (m.indptr[r + 1] as number) - (m.indptr[r] as number)
  const indptr = new Int32Array(selected.length + 1)
  const indices = new Int32Array(nnz)
  const values = new Float64Array(nnz)
  let at = 0
  selected.forEach((r, i) => {
    const start = m.indptr[r] as number
    const end = m.indptr[r + 1] as number
    indices.set(m.indices.subarray(start, end), at)
    values.set(m.values.subarray(start, end), at)
    at += end - start
    indptr[i + 1] = at
  })
  return { rows: selected.length, cols: m.cols, indptr, indices, values }
}
