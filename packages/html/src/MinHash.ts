/**
 * MinHash signatures of word shingles and LSH banding, for near-duplicate detection.
 *
 * A text becomes the set of its `shingleSize`-word shingles (lower-cased `\p{L}\p{N}` words),
 * each hashed to 32 bits (FNV-1a); permutation `i` is simulated by re-mixing that hash with a
 * fixed seed (murmur3's finalizer), and the signature keeps each permutation's minimum. The
 * share of equal positions in two signatures estimates the Jaccard similarity of the sets
 * (standard error about 1/sqrt(permutations)).
 */

/** MinHash and LSH parameters. */
export interface MinHashOptions {
  /** Words per shingle. */
  readonly shingleSize: number
  /** Signature length (hash permutations). */
  readonly permutations: number
  /** LSH bands; `bands * rows` must not exceed `permutations`. */
  readonly bands: number
  /** Signature positions per band. */
  readonly rows: number
  /** Estimated Jaccard similarity at or above which two texts are near-duplicates. */
  readonly threshold: number
}

/**
 * The defaults, and why:
 * - `shingleSize` 5: short enough that a light edit changes few shingles, long enough that
 *   unrelated pages on one topic share few;
 * - `permutations` 120: a Jaccard estimate within about ±0.09 (one standard error), at 480
 *   bytes a signature;
 * - `bands` 20 x `rows` 6: the LSH S-curve turns near (1/20)^(1/6) ≈ 0.61, so a pair at
 *   similarity 0.8 becomes a candidate with probability 1-(1-0.8^6)^20 ≈ 0.998 while a pair at
 *   0.3 does so with about 0.015, which keeps candidate checks few;
 * - `threshold` 0.8: pages sharing at least 80% of their shingles are the same article
 *   republished (other chrome, a changed paragraph), not two articles on one story.
 */
export const defaultMinHashOptions: MinHashOptions = {
  shingleSize: 5,
  permutations: 120,
  bands: 20,
  rows: 6,
  threshold: 0.8
}

/** Seed of the generator that draws the permutation seeds: fixed, so signatures are reproducible. */
const permutationSeedBase = 0x9e3779b9

/** A MinHash signature. */
export type Signature = Uint32Array

const mix32 = (value: number): number => {
  let h = value
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const permutationSeeds = (count: number): Uint32Array => {
  const seeds = new Uint32Array(count)
  let state = permutationSeedBase
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0
    seeds[i] = mix32(state)
  }
  return seeds
}

/** FNV-1a 32-bit offset basis. */
const FNV_OFFSET = 0x811c9dc5

/** FNV-1a 32-bit prime. */
const FNV_PRIME = 0x01000193

/** The space between two words of a shingle. */
const SPACE = 0x20

/**
 * The distinct shingle hashes of a text (an empty text has none): FNV-1a of the shingle's words
 * joined by single spaces, hashed word by word (no shingle string is built).
 */
export const shingleHashes = (text: string, shingleSize: number): Set<number> => {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const hashes = new Set<number>()
  if (words.length === 0) return hashes
  const last = Math.max(1, words.length - shingleSize + 1)
  for (let i = 0; i < last; i++) {
    let hash = FNV_OFFSET
    const end = Math.min(i + shingleSize, words.length)
    for (let w = i; w < end; w++) {
      if (w > i) hash = Math.imul(hash ^ SPACE, FNV_PRIME)
      const word = words[w] as string
      for (let c = 0; c < word.length; c++) hash = Math.imul(hash ^ word.charCodeAt(c), FNV_PRIME)
    }
    hashes.add(hash >>> 0)
  }
  return hashes
}

/** A MinHash signer with its permutation seeds drawn once. */
export interface MinHasher {
  /** The options in force. */
  readonly options: MinHashOptions
  /** The signature of a text (all positions 0xffffffff for a text without words). */
  readonly sign: (text: string) => Signature
  /** LSH band keys of a signature, one per band (band index included). */
  readonly bandKeys: (signature: Signature) => Array<string>
}

/** Estimated Jaccard similarity: the share of positions where two signatures agree. */
export const estimateSimilarity = (a: Signature, b: Signature): number => {
  const length = Math.min(a.length, b.length)
  if (length === 0) return 0
  let equal = 0
  for (let i = 0; i < length; i++) if (a[i] === b[i]) equal++
  return equal / length
}

/** Makes a signer; fails fast (throws a `RangeError` naming the option) on inconsistent options, a programming error. */
export const makeMinHasher = (overrides: Partial<MinHashOptions> = {}): MinHasher => {
  const options: MinHashOptions = { ...defaultMinHashOptions, ...overrides }
  if (!Number.isInteger(options.shingleSize) || options.shingleSize < 1) throw new RangeError(`MinHash option shingleSize must be a positive integer, got ${options.shingleSize}`)
  if (options.bands * options.rows > options.permutations) {
    throw new RangeError(`MinHash options bands (${options.bands}) x rows (${options.rows}) exceed permutations (${options.permutations}); lower bands or rows`)
  }
  const seeds = permutationSeeds(options.permutations)
  return {
    options,
    sign: (text) => {
      const signature = new Uint32Array(options.permutations).fill(0xffffffff)
      for (const hash of shingleHashes(text, options.shingleSize)) {
        for (let i = 0; i < seeds.length; i++) {
          const value = mix32(hash ^ (seeds[i] as number))
          if (value < (signature[i] as number)) signature[i] = value
        }
      }
      return signature
    },
    bandKeys: (signature) => {
      const keys: Array<string> = []
      for (let band = 0; band < options.bands; band++) {
        keys.push(`${band}:${signature.subarray(band * options.rows, (band + 1) * options.rows).join(",")}`)
      }
      return keys
    }
  }
}
