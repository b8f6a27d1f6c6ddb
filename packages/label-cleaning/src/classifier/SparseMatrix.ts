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
