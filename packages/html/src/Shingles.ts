/**
 * Word shingles of a text as 32-bit hashes, computed without building a string per word or per
 * shingle: the input of MinHash (see `MinHash.ts`).
 *
 * - A word is a maximal run of letters and digits (`[\p{L}\p{N}]+`, Unicode) of the lower-cased
 *   text (`String.prototype.toLowerCase`); its hash is FNV-1a 32-bit over its UTF-16 code units.
 * - A shingle is `shingleSize` consecutive words (a text with fewer words has one shingle of all
 *   of them, an empty text none); its hash is murmur3 x86_32 (seed {@link SHINGLE_SEED}) of its
 *   word hashes taken as 32-bit blocks. Every word is hashed once, whatever the shingle size.
 *
 * All arithmetic is 32-bit integer, so a text hashes the same in every process and platform.
 */

/** FNV-1a 32-bit offset basis. */
const FNV_OFFSET = 0x811c9dc5

/** FNV-1a 32-bit prime. */
const FNV_PRIME = 0x01000193

/** Seed of the murmur3 hash of a shingle's word hashes (fixed: part of the signature format). */
export const SHINGLE_SEED = 0x5bd1e995

/** murmur3 x86_32 block constants. */
const MURMUR_C1 = 0xcc9e2d51
const MURMUR_C2 = 0x1b873593
const MURMUR_ADD = 0xe6546b64

/** Bytes in one block (one word hash) of the murmur3 input: its length term. */
const BLOCK_BYTES = 4

/** Classes of a code unit: not yet computed, a letter or digit, anything else, a high surrogate (decided with the unit after it). */
const UNKNOWN = 0
const WORD = 1
const OTHER = 2
const HIGH_SURROGATE = 3

/** First and last high surrogates. */
const HIGH_SURROGATE_FIRST = 0xd800
const HIGH_SURROGATE_LAST = 0xdbff

/** First and last low surrogates. */
const LOW_SURROGATE_FIRST = 0xdc00
const LOW_SURROGATE_LAST = 0xdfff

/** Matches one letter or digit: the definition of a word character. */
const wordCharacter = /^[\p{L}\p{N}]$/u

/** Classes of UTF-16 code units, filled on first sight (one `\p{...}` test per distinct unit and process). */
const unitClasses = new Uint8Array(0x10000).fill(HIGH_SURROGATE, HIGH_SURROGATE_FIRST, HIGH_SURROGATE_LAST + 1)

/** Whether astral code points are letters or digits, filled on first sight. */
const astralWordCharacters = new Map<number, boolean>()

const classify = (code: number): number => {
  const kind = wordCharacter.test(String.fromCharCode(code)) ? WORD : OTHER
  unitClasses[code] = kind
  return kind
}

/** Whether the surrogate pair at `index` (high surrogate already seen) is a letter or digit; false for a lone high surrogate. */
const isWordPair = (text: string, index: number): boolean => {
  const low = text.charCodeAt(index + 1)
  if (!(low >= LOW_SURROGATE_FIRST && low <= LOW_SURROGATE_LAST)) return false
  const codePoint = text.codePointAt(index) as number
  let known = astralWordCharacters.get(codePoint)
  if (known === undefined) {
    known = wordCharacter.test(String.fromCodePoint(codePoint))
    astralWordCharacters.set(codePoint, known)
  }
  return known
}

/** Words the shared scratch buffer holds: texts of up to twice as many characters reuse it; a longer text gets a buffer of its own, freed after the call, so memory stays bounded. */
const SCRATCH_WORDS = 1 << 16

/** Scratch space for {@link wordHashes} (the function is synchronous, so one buffer serves every call). */
const scratch = new Uint32Array(SCRATCH_WORDS)

/**
 * The FNV-1a 32-bit hash of every word of a text, in order (see the module doc for what a word
 * is); `length` is the word count.
 */
export const wordHashes = (text: string): Uint32Array => {
  const lower = text.toLowerCase()
  const length = lower.length
  // Words are separated by at least one unit, so a text has at most ceil(length / 2) of them.
  const maxWords = (length >> 1) + 1
  const buffer = maxWords <= SCRATCH_WORDS ? scratch : new Uint32Array(maxWords)
  let count = 0
  let hash = FNV_OFFSET
  let inWord = false
  for (let i = 0; i < length; i++) {
    const code = lower.charCodeAt(i)
    let kind = unitClasses[code] as number
    if (kind === UNKNOWN) kind = classify(code)
    if (kind === WORD) {
      hash = Math.imul(hash ^ code, FNV_PRIME)
      inWord = true
    } else if (kind === HIGH_SURROGATE && isWordPair(lower, i)) {
      hash = Math.imul(Math.imul(hash ^ code, FNV_PRIME) ^ lower.charCodeAt(i + 1), FNV_PRIME)
      inWord = true
      i++
    } else if (inWord) {
      buffer[count++] = hash >>> 0
      hash = FNV_OFFSET
      inWord = false
    }
  }
  if (inWord) buffer[count++] = hash >>> 0
  return buffer.slice(0, count)
}

const rotateLeft = (value: number, bits: number): number => (value << bits) | (value >>> (32 - bits))

/** murmur3's finalizer: spreads every input bit over the 32 output bits. */
export const mix32 = (value: number): number => {
  let h = value
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** The number of shingles of a text of `words` words: 0 without words, else at least 1. */
export const shingleCount = (words: number, shingleSize: number): number => (words === 0 ? 0 : Math.max(1, words - shingleSize + 1))

/**
 * The hash of the shingle starting at word `start` (murmur3 x86_32 of up to `shingleSize` word
 * hashes; fewer when the text is shorter).
 */
export const shingleHashAt = (words: Uint32Array, start: number, shingleSize: number): number => {
  const end = Math.min(start + shingleSize, words.length)
  let h = SHINGLE_SEED
  for (let w = start; w < end; w++) {
    let k = Math.imul(words[w] as number, MURMUR_C1)
    k = Math.imul(rotateLeft(k, 15), MURMUR_C2)
    h = rotateLeft(h ^ k, 13)
    h = (Math.imul(h, 5) + MURMUR_ADD) | 0
  }
  return mix32(h ^ ((end - start) * BLOCK_BYTES))
}

/** The distinct shingle hashes of a text (an empty text has none): the set whose Jaccard similarity MinHash estimates. */
export const shingleHashes = (text: string, shingleSize: number): Set<number> => {
  const words = wordHashes(text)
  const hashes = new Set<number>()
  const count = shingleCount(words.length, shingleSize)
  for (let i = 0; i < count; i++) hashes.add(shingleHashAt(words, i, shingleSize))
  return hashes
}
