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

/** One letter or digit (a code point), for characters outside the table. */
const WORD_CODE_POINT = /^[\p{L}\p{N}]$/u

/** Code units of the Basic Multilingual Plane. */
const BMP_SIZE = 0x10000

/** Surrogate ranges of UTF-16 (an astral code point is a high then a low surrogate). */
const HIGH_SURROGATE_FIRST = 0xd800
const LOW_SURROGATE_FIRST = 0xdc00
const LOW_SURROGATE_END = 0xe000

/** Initial capacity of the growable buffers (entries). */
const INITIAL_CAPACITY = 1 << 16

/**
 * Entries per block of a count matrix under construction. Its size is known only at the end:
 * fixed blocks copied once into exact arrays peak at twice the matrix, where doubling buffers
 * peak at three times (and keep up to twice its size in slack).
 */
const BLOCK_ENTRIES = 1 << 20

/** Options of the featurizer. */
export interface HashingOptions {
  /** Number of buckets (default {@link HASH_DIMENSION}). */
  readonly dimension?: number
  /** Also hash adjacent-token bigrams (default true). */
  readonly bigrams?: boolean
}

/** Lower-cased letter/digit runs of `text`. */
export const tokenize = (text: string): Array<string> => text.toLowerCase().match(TOKEN) ?? []

let wordTable: Uint8Array | undefined

/** Whether each BMP code unit is a letter or digit (lone surrogates are not), built on first use. */
const wordUnits = (): Uint8Array => {
  if (wordTable !== undefined) return wordTable
  const table = new Uint8Array(BMP_SIZE)
  for (let unit = 0; unit < BMP_SIZE; unit++) table[unit] = WORD_CODE_POINT.test(String.fromCharCode(unit)) ? 1 : 0
  wordTable = table
  return table
}

/** Doubles a typed array's capacity until it holds `needed` entries. */
const grow = <A extends Int32Array | Float64Array>(array: A, needed: number, make: (length: number) => A): A => {
  if (needed <= array.length) return array
  let length = array.length
  while (length < needed) length *= 2
  const bigger = make(length)
  bigger.set(array)
  return bigger
}

/**
 * Raw hashed term counts, one row per text (columns in order of first occurrence): each token of
 * {@link tokenize} and, with `bigrams`, each pair of adjacent tokens counts once in its bucket.
 * Tokens are scanned and hashed in place (no token strings), counted in a dense scratch row.
 *
 * @example
 * const counts = countMatrix(["a cat", "a dog"])
 */
export const countMatrix = (texts: ReadonlyArray<string>, options: HashingOptions = {}): SparseMatrix => {
  const dimension = options.dimension ?? HASH_DIMENSION
  const bigrams = options.bigrams ?? true
  const words = wordUnits()
  // For a power-of-two dimension, the remainder is a bit mask (no floating-point modulo).
  const mask = (dimension & (dimension - 1)) === 0 ? dimension - 1 : -1
  const indptr = new Int32Array(texts.length + 1)
  const indexBlocks: Array<Int32Array> = []
  const countBlocks: Array<Int32Array> = []
  let indices = new Int32Array(0)
  let counts = new Int32Array(0)
  let nnz = 0
  const scratch = new Int32Array(dimension)
  let buckets = new Int32Array(INITIAL_CAPACITY)
  for (let i = 0; i < texts.length; i++) {
    const text = (texts[i] as string).toLowerCase()
    const end = text.length
    // A text of n code units has at most n tokens and n - 1 bigrams.
    buckets = grow(buckets, 2 * end, (n) => new Int32Array(n))
    let found = 0
    // The token's hash, and the hash of the bigram it ends (seeded by the previous token's hash).
    let hash = FNV_OFFSET
    let pair = 0
    let previous = -1
    let inToken = false
    for (let c = 0; c <= end; c++) {
      const unit = c < end ? text.charCodeAt(c) : 0
      let width = 1
      let word = c < end && words[unit] === 1
      if (!word && unit >= HIGH_SURROGATE_FIRST && unit < LOW_SURROGATE_FIRST && c + 1 < end) {
        const low = text.charCodeAt(c + 1)
        if (low >= LOW_SURROGATE_FIRST && low < LOW_SURROGATE_END) {
          word = WORD_CODE_POINT.test(text.slice(c, c + 2))
          width = 2
        }
      }
      if (word) {
        if (!inToken) {
          inToken = true
          hash = FNV_OFFSET
          if (previous >= 0) pair = Math.imul(previous ^ BIGRAM_SEPARATOR, FNV_PRIME) >>> 0
        }
        hash = Math.imul(hash ^ unit, FNV_PRIME)
        pair = Math.imul(pair ^ unit, FNV_PRIME)
        if (width === 2) {
          const low = text.charCodeAt(++c)
          hash = Math.imul(hash ^ low, FNV_PRIME)
          pair = Math.imul(pair ^ low, FNV_PRIME)
        }
      } else if (inToken) {
        inToken = false
        const tokenHash = hash >>> 0
        buckets[found++] = mask >= 0 ? hash & mask : tokenHash % dimension
        if (bigrams && previous >= 0) buckets[found++] = mask >= 0 ? pair & mask : (pair >>> 0) % dimension
        previous = tokenHash
        c += width - 1
      }
    }
    // Count in the dense scratch row, keeping the first occurrence of each column in `buckets`.
    let distinct = 0
    for (let b = 0; b < found; b++) {
      const bucket = buckets[b] as number
      if (scratch[bucket]!++ === 0) buckets[distinct++] = bucket
    }
    for (let d = 0; d < distinct; d++) {
      const at = nnz++ % BLOCK_ENTRIES
      if (at === 0) {
        indices = new Int32Array(BLOCK_ENTRIES)
        counts = new Int32Array(BLOCK_ENTRIES)
        indexBlocks.push(indices)
        countBlocks.push(counts)
      }
      const column = buckets[d] as number
      indices[at] = column
      counts[at] = scratch[column] as number
      scratch[column] = 0
    }
    indptr[i + 1] = nnz
  }
  const allIndices = new Int32Array(nnz)
  const values = new Float64Array(nnz)
  indexBlocks.forEach((block, b) => {
    const start = b * BLOCK_ENTRIES
    const length = Math.min(BLOCK_ENTRIES, nnz - start)
    allIndices.set(block.subarray(0, length), start)
    const blockCounts = countBlocks[b] as Int32Array
    for (let x = 0; x < length; x++) values[start + x] = blockCounts[x] as number
  })
  return { rows: texts.length, cols: dimension, indptr, indices: allIndices, values }
}

/** Smoothed IDF of a column found in `df` of `n` documents: `ln((1 + n) / (1 + df)) + 1` (sklearn's `smooth_idf`). */
export const smoothIdf = (n: number, df: number): number => Math.log((1 + n) / (1 + df)) + 1

/** Smoothed IDF over `counts`, per column (see {@link smoothIdf}). */
export const fitIdf = (counts: SparseMatrix): Float64Array => {
  const df = new Float64Array(counts.cols)
  for (let x = 0; x < counts.indices.length; x++) df[counts.indices[x] as number]!++
  const idf = new Float64Array(counts.cols)
  for (let c = 0; c < counts.cols; c++) idf[c] = smoothIdf(counts.rows, df[c] as number)
  return idf
}

/** Sublinear term frequencies `1 + ln(count)` of `counts` (same rows and columns, indices shared). */
export const sublinearTf = (counts: SparseMatrix): SparseMatrix => ({ ...counts, values: counts.values.map((count) => 1 + Math.log(count)) })

/** Arrays a weighed matrix is written into, reused across calls ({@link weigh}). */
export interface WeighBuffers {
  /** At least `rows + 1` entries. */
  readonly indptr: Int32Array
  /** At least as many entries as the matrix stores. */
  readonly indices: Int32Array
  /** At least as many entries as the matrix stores. */
  readonly values: Float64Array
}

/** Buffers for weighed matrices of at most `rows` rows and `entries` stored values. */
export const weighBuffers = (rows: number, entries: number): WeighBuffers => ({
  indptr: new Int32Array(rows + 1),
  indices: new Int32Array(entries),
  values: new Float64Array(entries)
})

/**
 * TF-IDF rows from sublinear term frequencies ({@link sublinearTf}): each value times `idf` of
 * its column, each row L2-normalized. With `rows`, only those rows of `tf`, in that order (no
 * intermediate copy). With `buffers`, the result's arrays are views of them (valid until they
 * are written again), so the folds of a cross-validation allocate nothing.
 */
export const weigh = (tf: SparseMatrix, idf: Float64Array, rows?: Int32Array, buffers?: WeighBuffers): SparseMatrix => {
  const count = rows === undefined ? tf.rows : rows.length
  let nnz = 0
  for (let i = 0; i < count; i++) {
    const r = rows === undefined ? i : (rows[i] as number)
    nnz += (tf.indptr[r + 1] as number) - (tf.indptr[r] as number)
  }
  const indptr = buffers === undefined ? new Int32Array(count + 1) : buffers.indptr.subarray(0, count + 1)
  const indices = rows === undefined ? tf.indices : buffers === undefined ? new Int32Array(nnz) : buffers.indices.subarray(0, nnz)
  const values = buffers === undefined ? new Float64Array(nnz) : buffers.values.subarray(0, nnz)
  let at = 0
  for (let i = 0; i < count; i++) {
    const r = rows === undefined ? i : (rows[i] as number)
    const start = tf.indptr[r] as number
    const end = tf.indptr[r + 1] as number
    const first = at
    let norm = 0
    for (let x = start; x < end; x++) {
      const column = tf.indices[x] as number
      const weight = (tf.values[x] as number) * (idf[column] as number)
      indices[at] = column
      values[at++] = weight
      norm += weight * weight
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0
    for (let x = first; x < at; x++) values[x] = (values[x] as number) * scale
    indptr[i + 1] = at
  }
  return { rows: count, cols: tf.cols, indptr, indices, values }
}

/** TF-IDF rows of raw `counts`: sublinear term frequency `1 + ln(count)` times `idf`, each row L2-normalized. */
export const transform = (counts: SparseMatrix, idf: Float64Array): SparseMatrix => weigh(sublinearTf(counts), idf)
