/**
 * The profiler's hot path for strings: the code-point length and the distinct-count hash of a
 * string in as few passes as possible. A long string is copied once (natively) into a scratch
 * buffer as UTF-16LE; surrogates are looked for with native byte searches (`memchr`), and the
 * hash reads the copied code units two at a time (every one of them: documents that share
 * boilerplate and differ in a few words stay distinct). Only strings that do contain surrogates
 * are counted in a loop.
 */
import type { HyperLogLog } from "../HyperLogLog.ts"

/** Strings up to this many code units are counted and hashed by a plain loop (cheaper than a copy). */
const LOOP_MAX_LENGTH = 256

/** Capacity of the scratch buffer in code units; longer strings take the regular-expression path. */
const SCRATCH_CODE_UNITS = 1 << 16

/** First and last byte values of the high byte of a UTF-16 surrogate (0xD800–0xDFFF). */
const SURROGATE_HIGH_BYTE_FIRST = 0xd8
const SURROGATE_HIGH_BYTE_LAST = 0xdf

/** Matches any UTF-16 surrogate. */
const SURROGATE = /[\uD800-\uDFFF]/

const scratch = Buffer.allocUnsafe(SCRATCH_CODE_UNITS * 2)
const words = new Uint32Array(scratch.buffer, scratch.byteOffset, SCRATCH_CODE_UNITS / 2)

/** Counts code points by a loop: a surrogate pair is one, a lone surrogate is one. */
export const countCodePoints = (text: string): number => {
  const length = text.length
  let count = length
  for (let i = 0; i < length - 1; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--
        i++
      }
    }
  }
  return count
}

/** Counts code points, searching natively for surrogates before counting in a loop. */
export const codePointLength = (text: string): number =>
  text.length > LOOP_MAX_LENGTH && !SURROGATE.test(text) ? text.length : countCodePoints(text)

/** Whether the first `bytes` bytes of the scratch buffer hold a surrogate code unit. */
const scratchHasSurrogate = (bytes: number): boolean => {
  const view = scratch.subarray(0, bytes)
  for (let high = SURROGATE_HIGH_BYTE_FIRST; high <= SURROGATE_HIGH_BYTE_LAST; high++) {
    let from = 1
    for (;;) {
      const at = view.indexOf(high, from)
      if (at < 0) break
      if ((at & 1) === 1) return true
      from = at + 1
    }
  }
  return false
}

/** Murmur3's 32-bit finalizer. */
const fmix32 = (input: number): number => {
  let h = input ^ (input >>> 16)
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Returns the code-point length of `text` and adds it to `distinct`. */
export const scan = (text: string, distinct: HyperLogLog): number => {
  const length = text.length
  if (length <= LOOP_MAX_LENGTH) {
    distinct.addString(text)
    return countCodePoints(text)
  }
  if (length > SCRATCH_CODE_UNITS) {
    distinct.addString(text)
    return SURROGATE.test(text) ? countCodePoints(text) : length
  }
  const bytes = scratch.write(text, 0, "utf16le")
  const wordCount = bytes >>> 2
  // Four independent multiply chains (one per word modulo 4) keep the CPU's multipliers busy.
  let a = 0x9747b28c ^ length
  let b = 0x5f356495
  let c = 0x2c1b3c6d
  let d = 0x297a2d39
  let i = 0
  for (; i + 3 < wordCount; i += 4) {
    a = Math.imul(a ^ words[i]!, 0x01000193)
    b = Math.imul(b ^ words[i + 1]!, 0x01000193)
    c = Math.imul(c ^ words[i + 2]!, 0x01000193)
    d = Math.imul(d ^ words[i + 3]!, 0x01000193)
  }
  for (; i < wordCount; i++) a = Math.imul(a ^ words[i]!, 0x5bd1e995)
  const h1 = Math.imul(Math.imul(Math.imul(a, 0x5bd1e995) ^ b, 0x5bd1e995) ^ c, 0x5bd1e995) ^ d
  const h2 = Math.imul(Math.imul(Math.imul(d ^ length, 0x01000193) ^ c, 0x01000193) ^ b, 0x01000193) ^ a
  const tail = (length & 1) === 1 ? text.charCodeAt(length - 1) : 0
  distinct.addHash(fmix32(h1 ^ tail), fmix32(h2 ^ Math.imul(tail, 0x85ebca6b)))
  return scratchHasSurrogate(bytes) ? countCodePoints(text) : length
}
