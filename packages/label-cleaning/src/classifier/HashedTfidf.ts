/**
 * Hashed TF-IDF features for text: tokens (and optionally adjacent-token bigrams) are hashed
 * into {@link HASH_DIMENSION} buckets (the "hashing trick": no vocabulary to store), counted,
 * weighted by smoothed inverse document frequency and L2-normalized per document.
 */
import { collect, type SparseMatrix, type SparseRows } from "./SparseMatrix.ts"

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

/**
 * Counts texts one at a time into buffers it reuses (the featurizer's inner loop, shared by
 * {@link countMatrix} and callers that keep each text's counts on their own).
 */
export interface TermCounter {
  /** Number of buckets. */
  readonly dimension: number
  /** Columns of the last text counted, in order of first occurrence: the first `count(...)` entries. */
  readonly columns: Int32Array
  /** Their counts, same positions as `columns`. */
  readonly counts: Int32Array
  /** Counts the tokens (and bigrams) of `text` into `columns` and `counts`; returns how many distinct columns it has. */
  readonly count: (text: string) => number
}

/**
 * A {@link TermCounter}: each token of {@link tokenize} and, with `bigrams`, each pair of
 * adjacent tokens counts once in its bucket. Tokens are scanned and hashed in place (no token
 * strings), counted in a dense scratch row.
 *
 * @example
 * const counter = termCounter({ dimension: 2 ** 14 })
 * const distinct = counter.count("a cat")
 * const firstColumn = counter.columns[0]
 */
export const termCounter = (options: HashingOptions = {}): TermCounter => {
  const dimension = options.dimension ?? HASH_DIMENSION
  const bigrams = options.bigrams ?? true
  const words = wordUnits()
  // For a power-of-two dimension, the remainder is a bit mask (no floating-point modulo).
  const mask = (dimension & (dimension - 1)) === 0 ? dimension - 1 : -1
  const scratch = new Int32Array(dimension)
  const columns = new Int32Array(dimension)
  const counts = new Int32Array(dimension)
  let bucketBuffer = new Int32Array(INITIAL_CAPACITY)
  const count = (original: string): number => {
    const text = original.toLowerCase()
    const end = text.length
    // A text of n code units has at most n tokens and n - 1 bigrams.
    if (bucketBuffer.length < 2 * end) {
      let length = bucketBuffer.length
      while (length < 2 * end) length *= 2
      bucketBuffer = new Int32Array(length)
    }
    const buckets = bucketBuffer
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
    // Count in the dense scratch row, keeping the first occurrence of each column.
    let distinct = 0
    for (let b = 0; b < found; b++) {
      const bucket = buckets[b] as number
      if (scratch[bucket]!++ === 0) columns[distinct++] = bucket
    }
    for (let d = 0; d < distinct; d++) {
      const column = columns[d] as number
      counts[d] = scratch[column] as number
      scratch[column] = 0
    }
    return distinct
  }
  return { dimension, columns, counts, count }
}

/**
 * Raw hashed term counts, one row per text (columns in order of first occurrence), as
 * {@link termCounter} counts them.
 *
 * @example
 * const counts = countMatrix(["a cat", "a dog"])
 */
export const countMatrix = (texts: ReadonlyArray<string>, options: HashingOptions = {}): SparseMatrix => {
  const counter = termCounter(options)
  const indptr = new Int32Array(texts.length + 1)
  const indexBlocks: Array<Int32Array> = []
  const countBlocks: Array<Int32Array> = []
  let indices = new Int32Array(0)
  let counts = new Int32Array(0)
  let nnz = 0
  for (let i = 0; i < texts.length; i++) {
    const distinct = counter.count(texts[i] as string)
    for (let d = 0; d < distinct; d++) {
      const at = nnz++ % BLOCK_ENTRIES
      if (at === 0) {
        indices = new Int32Array(BLOCK_ENTRIES)
        counts = new Int32Array(BLOCK_ENTRIES)
        indexBlocks.push(indices)
        countBlocks.push(counts)
      }
      indices[at] = counter.columns[d] as number
      counts[at] = counter.counts[d] as number
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
  return { rows: texts.length, cols: counter.dimension, indptr, indices: allIndices, values }
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

/** One text's term counts: columns in order of first occurrence and their counts. */
export interface TermCounts {
  /** Columns (buckets). */
  readonly columns: Int32Array
  /** Counts, same positions as `columns` (whole numbers). */
  readonly counts: Int32Array | Float64Array
}

/** The rows of a count matrix ({@link countMatrix}) as {@link TermCounts} (views, no copy). */
export const termCountsOf = (counts: SparseMatrix): Array<TermCounts> =>
  Array.from({ length: counts.rows }, (_, i) => {
    const start = counts.indptr[i] as number
    const end = counts.indptr[i + 1] as number
    return { columns: counts.indices.subarray(start, end), counts: counts.values.subarray(start, end) }
  })

/** Counts whose sublinear term frequency is tabulated (the rest take a logarithm each time). */
const SUBLINEAR_TABLE_SIZE = 1024

let sublinearTable: Float64Array | undefined

/** `1 + ln(count)` for the counts below {@link SUBLINEAR_TABLE_SIZE}, built on first use. */
const sublinearCounts = (): Float64Array => {
  sublinearTable ??= Float64Array.from({ length: SUBLINEAR_TABLE_SIZE }, (_, count) => 1 + Math.log(count))
  return sublinearTable
}

/**
 * One row's TF-IDF into `buffer`: the sublinear term frequency of each count (from `table`
 * below its size) times `idf` of its column, L2-normalized. A function of its own, with its
 * arrays as parameters, so that the compiler sees plain locals rather than a closure's captures.
 */
const weighRow = (columns: Int32Array, counts: Int32Array | Float64Array, idf: Float64Array, table: Float64Array, buffer: Float64Array): void => {
  let norm = 0
  for (let x = 0; x < columns.length; x++) {
    const n = counts[x] as number
    const weight = (n < SUBLINEAR_TABLE_SIZE ? (table[n] as number) : 1 + Math.log(n)) * (idf[columns[x] as number] as number)
    buffer[x] = weight
    norm += weight * weight
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0
  for (let x = 0; x < columns.length; x++) buffer[x] = (buffer[x] as number) * scale
}

/**
 * TF-IDF rows of term counts, computed as they are visited and never stored: the sublinear term
 * frequency `1 + ln(count)` of each entry times `idf` of its column, each row L2-normalized.
 * With `selected`, only those rows, in that order.
 */
export const weighedCounts = (rows: ReadonlyArray<TermCounts>, dimension: number, idf: Float64Array, selected?: Int32Array): SparseRows => {
  const count = selected === undefined ? rows.length : selected.length
  const rowAt = (i: number): TermCounts => rows[selected === undefined ? i : (selected[i] as number)] as TermCounts
  let entries = 0
  let longest = 0
  for (let i = 0; i < count; i++) {
    const length = rowAt(i).columns.length
    entries += length
    if (length > longest) longest = length
  }
  return {
    rows: count,
    cols: dimension,
    entries,
    forEachRow: (visit) => {
      const table = sublinearCounts()
      const buffer = new Float64Array(longest)
      for (let i = 0; i < count; i++) {
        const { columns, counts } = rowAt(i)
        weighRow(columns, counts, idf, table, buffer)
        visit(i, columns, buffer.subarray(0, columns.length))
      }
    }
  }
}

/** TF-IDF rows of raw `counts` ({@link weighedCounts}), stored as a matrix. */
export const transform = (counts: SparseMatrix, idf: Float64Array): SparseMatrix => collect(weighedCounts(termCountsOf(counts), counts.cols, idf))
