/**
 * Hashed TF-IDF features for text: tokens (and optionally adjacent-token bigrams) are hashed
 * into {@link HASH_DIMENSION} buckets (the "hashing trick": no vocabulary to store), counted,
 * weighted by smoothed inverse document frequency and L2-normalized per document.
 */
import type { SparseMatrix } from "./SparseMatrix.ts"

/** Number of hash buckets (feature columns): 2^17 keeps collisions rare for a few 100k distinct terms. */
export const HASH_DIMENSION = 2 ** 17

/** FNV-1a 32-bit offset basis. */
const FNV_OFFSET = 0x811c9dc5

/** FNV-1a 32-bit prime. */
const FNV_PRIME = 0x01000193

/** Separator mixed between the two tokens of a bigram so `ab c` and `a bc` hash apart. */
const BIGRAM_SEPARATOR = 0x20

/** A token: a run of letters or digits. */
const TOKEN = /[\p{L}\p{N}]+/gu

/** Options of the featurizer. */
export interface HashingOptions {
  /** Number of buckets (default {@link HASH_DIMENSION}). */
  readonly dimension?: number
  /** Also hash adjacent-token bigrams (default true). */
  readonly bigrams?: boolean
}

/** Lower-cased letter/digit runs of `text`. */
export const tokenize = (text: string): Array<string> => text.toLowerCase().match(TOKEN) ?? []

const fnv = (hash: number, token: string): number => {
  let h = hash
  for (let c = 0; c < token.length; c++) h = Math.imul(h ^ token.charCodeAt(c), FNV_PRIME)
  return h >>> 0
}

/**
 * Raw hashed term counts, one row per text (columns sorted within a row).
 *
 * @example
 * const counts = countMatrix(["a cat", "a dog"])
 */
export const countMatrix = (texts: ReadonlyArray<string>, options: HashingOptions = {}): SparseMatrix => {
  const dimension = options.dimension ?? HASH_DIMENSION
  const bigrams = options.bigrams ?? true
  const indptr = new Int32Array(texts.length + 1)
  const indices: Array<number> = []
  const values: Array<number> = []
  const row = new Map<number, number>()
  texts.forEach((text, i) => {
    row.clear()
    const tokens = tokenize(text)
    let previous = -1
    for (const token of tokens) {
      const hash = fnv(FNV_OFFSET, token)
      const bucket = hash % dimension
      row.set(bucket, (row.get(bucket) ?? 0) + 1)
      if (bigrams && previous >= 0) {
        const pair = fnv(Math.imul(previous ^ BIGRAM_SEPARATOR, FNV_PRIME) >>> 0, token) % dimension
        row.set(pair, (row.get(pair) ?? 0) + 1)
      }
      previous = hash
    }
    const columns = Array.from(row.keys()).sort((a, b) => a - b)
    for (const c of columns) {
      indices.push(c)
      values.push(row.get(c) as number)
    }
    indptr[i + 1] = indices.length
  })
  return { rows: texts.length, cols: dimension, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) }
}

/** Smoothed IDF over `counts`: `ln((1 + n) / (1 + df)) + 1` per column (sklearn's `smooth_idf`). */
export const fitIdf = (counts: SparseMatrix): Float64Array => {
  const df = new Float64Array(counts.cols)
  for (let x = 0; x < counts.indices.length; x++) df[counts.indices[x] as number]!++
  const idf = new Float64Array(counts.cols)
  for (let c = 0; c < counts.cols; c++) idf[c] = Math.log((1 + counts.rows) / (1 + (df[c] as number))) + 1
  return idf
}

/** TF-IDF rows: sublinear term frequency `1 + ln(count)` times `idf`, each row L2-normalized. */
export const transform = (counts: SparseMatrix, idf: Float64Array): SparseMatrix => {
  const values = new Float64Array(counts.values.length)
  for (let i = 0; i < counts.rows; i++) {
    const start = counts.indptr[i] as number
    const end = counts.indptr[i + 1] as number
    let norm = 0
    for (let x = start; x < end; x++) {
      const weight = (1 + Math.log(counts.values[x] as number)) * (idf[counts.indices[x] as number] as number)
      values[x] = weight
      norm += weight * weight
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0
    for (let x = start; x < end; x++) values[x] = (values[x] as number) * scale
  }
  return { ...counts, values }
}
