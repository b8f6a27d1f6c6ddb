/**
 * MinHash signatures of word shingles and LSH banding, for near-duplicate detection.
 *
 * A text becomes the set of its `shingleSize`-word shingles, each hashed once to 32 bits
 * (`Shingles.ts`). The signature is one-permutation MinHash with optimal densification
 * (Li, Owen and Zhang 2012; Shrivastava 2017): the hash range is cut into `signatureLength`
 * equal bins, each shingle falls in the bin of its hash, and each bin keeps its smallest hash;
 * an empty bin borrows the value of the first non-empty bin along a fixed pseudo-random probe
 * sequence of its own. One hash per shingle replaces one per shingle and permutation, and the
 * share of equal positions in two signatures still estimates the Jaccard similarity J of the sets
 * (standard error about sqrt(J(1-J)/signatureLength), a little lower when the texts have many
 * more shingles than bins, a little higher when they have fewer). Integer arithmetic only: a
 * text has the same signature in every process.
 */
import { mix32, shingleCount, shingleHashAt, wordHashes } from "./Shingles.ts"

export { shingleHashes, wordHashes } from "./Shingles.ts"

/** MinHash and LSH parameters. */
export interface MinHashOptions {
  /** Words per shingle. */
  readonly shingleSize: number
  /** Signature positions (one-permutation hashing bins). */
  readonly signatureLength: number
  /** LSH bands; `bands * rows` must not exceed `signatureLength`. */
  readonly bands: number
  /** Signature positions per band. */
  readonly rows: number
  /** Estimated Jaccard similarity at or above which two texts are near-duplicates. */
  readonly threshold: number
}

/** How signatures are computed, for a sidecar's record: a change here changes every signature. */
export const minHashScheme = "one-permutation MinHash, optimal densification; murmur3 x86_32 of FNV-1a word hashes per shingle"

/**
 * The defaults, and why:
 * - `shingleSize` 5: short enough that a light edit changes few shingles, long enough that
 *   unrelated pages on one topic share few;
 * - `signatureLength` 120: a Jaccard estimate within about ±0.05 (one standard error at worst,
 *   sqrt(0.25/120)), at 480 bytes a signature; signing costs one hash per shingle whatever
 *   the length, so only memory and comparisons grow with it;
 * - `bands` 20 x `rows` 6: the LSH S-curve turns near (1/20)^(1/6) ≈ 0.61, so a pair at
 *   similarity 0.8 becomes a candidate with probability 1-(1-0.8^6)^20 ≈ 0.998 while a pair at
 *   0.3 does so with about 0.015, which keeps candidate checks few;
 * - `threshold` 0.8: pages sharing at least 80% of their shingles are the same article
 *   republished (other chrome, a changed paragraph), not two articles on one story.
 */
export const defaultMinHashOptions: MinHashOptions = {
  shingleSize: 5,
  signatureLength: 120,
  bands: 20,
  rows: 6,
  threshold: 0.8
}

/** A MinHash signature. */
export type Signature = Uint32Array

/** 2^32: the size of the hash range that the bins divide. */
const HASH_RANGE = 0x100000000

/** Seed of each bin's probe sequence (fixed: part of the signature format). */
const PROBE_SEED = 0x9e3779b9

/** Seed of the band-key hashes. */
const BAND_SEED = 0x27d4eb2f

/** Step between the probes of one bin (odd, so the sequence visits 2^32 states before repeating). */
const PROBE_STEP = 0x6d2b79f5

/** A MinHash signer with its options checked once. */
export interface MinHasher {
  /** The options in force. */
  readonly options: MinHashOptions
  /** The signature of a text (every position {@link EMPTY_POSITION} for a text without words). */
  readonly sign: (text: string) => Signature
  /** The signature of a text already split into word hashes (`wordHashes(text)`): the same as `sign(text)`. */
  readonly signWords: (words: Uint32Array) => Signature
  /** LSH band keys of a signature, one 32-bit hash per band of its rows and band index. */
  readonly bandKeys: (signature: Signature) => Uint32Array
}

/** The value of every position of a text without words (no bin holds a shingle). */
export const EMPTY_POSITION = 0xffffffff

/** Estimated Jaccard similarity: the share of positions where two signatures agree. */
export const estimateSimilarity = (a: Signature, b: Signature): number => {
  const length = Math.min(a.length, b.length)
  if (length === 0) return 0
  let equal = 0
  for (let i = 0; i < length; i++) if (a[i] === b[i]) equal++
  return equal / length
}

const checkPositiveInteger = (name: keyof MinHashOptions, value: number): void => {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`MinHash option ${name} must be a positive integer, got ${value}`)
}

/** Makes a signer; fails fast (throws a `RangeError` naming the option) on inconsistent options, a programming error. */
export const makeMinHasher = (overrides: Partial<MinHashOptions> = {}): MinHasher => {
  const options: MinHashOptions = { ...defaultMinHashOptions, ...overrides }
  const { shingleSize, signatureLength, bands, rows } = options
  for (const name of ["shingleSize", "signatureLength", "bands", "rows"] as const) checkPositiveInteger(name, options[name])
  if (bands * rows > signatureLength) {
    throw new RangeError(`MinHash options bands (${bands}) x rows (${rows}) exceed signatureLength (${signatureLength}); lower bands or rows`)
  }
  const probeBases = new Uint32Array(signatureLength)
  for (let bin = 0; bin < signatureLength; bin++) probeBases[bin] = mix32((PROBE_SEED + Math.imul(bin, PROBE_STEP)) | 0)
  const binOf = (hash: number): number => Math.floor((hash * signatureLength) / HASH_RANGE)
  /** Whether a bin holds a shingle of the text being signed (scratch, reset per signature). */
  const filled = new Uint8Array(signatureLength)

  const signWords = (words: Uint32Array): Signature => {
    const signature = new Uint32Array(signatureLength).fill(EMPTY_POSITION)
    const shingles = shingleCount(words.length, shingleSize)
    if (shingles === 0) return signature
    filled.fill(0)
    for (let i = 0; i < shingles; i++) {
      const hash = shingleHashAt(words, i, shingleSize)
      const bin = binOf(hash)
      if (filled[bin] === 0 || hash < (signature[bin] as number)) {
        signature[bin] = hash
        filled[bin] = 1
      }
    }
    for (let bin = 0; bin < signatureLength; bin++) {
      if (filled[bin] === 1) continue
      const base = probeBases[bin] as number
      let source = bin
      for (let probe = 1; filled[source] === 0; probe++) source = binOf(mix32((base + Math.imul(probe, PROBE_STEP)) | 0))
      signature[bin] = signature[source] as number
    }
    return signature
  }

  return {
    options,
    sign: (text) => signWords(wordHashes(text)),
    signWords,
    bandKeys: (signature) => {
      const keys = new Uint32Array(bands)
      for (let band = 0; band < bands; band++) {
        let h = mix32(band + BAND_SEED)
        for (let row = band * rows; row < (band + 1) * rows; row++) h = mix32(h ^ (signature[row] as number))
        keys[band] = h
      }
      return keys
    }
  }
}
