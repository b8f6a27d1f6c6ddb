import { describe, expect, it } from "vitest"
import { SHINGLE_SEED, shingleHashes, wordHashes } from "../src/Shingles.ts"

/** FNV-1a 32-bit of a string's UTF-16 code units, computed the plain way. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** murmur3 x86_32 of a byte array, written from the reference algorithm (byte by byte, tail included). */
const murmur3 = (bytes: Uint8Array, seed: number): number => {
  const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r))
  const c1 = 0xcc9e2d51
  const c2 = 0x1b873593
  let h = seed | 0
  const blocks = bytes.length - (bytes.length % 4)
  for (let i = 0; i < blocks; i += 4) {
    let k = (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24)
    k = Math.imul(rotl(Math.imul(k, c1), 15), c2)
    h = (Math.imul(rotl(h ^ k, 13), 5) + 0xe6546b64) | 0
  }
  let tail = 0
  for (let i = bytes.length - 1; i >= blocks; i--) tail = (tail << 8) | (bytes[i] as number)
  if (bytes.length > blocks) h ^= Math.imul(rotl(Math.imul(tail, c1), 15), c2)
  h ^= bytes.length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** The little-endian bytes of 32-bit words. */
const littleEndian = (words: ReadonlyArray<number>): Uint8Array => {
  const bytes = new Uint8Array(words.length * 4)
  const view = new DataView(bytes.buffer)
  words.forEach((word, i) => view.setUint32(i * 4, word, true))
  return bytes
}

/** The words of a text as the module defines them, found with the regular expression. */
const regexWords = (text: string): Array<string> => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []

/** A text exercising case folding, accents, astral letters, emoji, lone surrogates and digits. */
const tricky = "İstanbul'da ÇAY, naïve café 😀 — 42 Straße x\uD800y \uDC00z 𝐀𝐁c 𠀀漢字 ǅungla ΟΔΟΣ end\uD83D"

describe("Shingles", () => {
  it("has a murmur3 reference that matches published test vectors", () => {
    const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
    expect(murmur3(utf8(""), 0)).toBe(0)
    expect(murmur3(utf8(""), 1)).toBe(0x514e28b7)
    expect(murmur3(utf8("test"), 0)).toBe(0xba6bd213)
    expect(murmur3(utf8("Hello, world!"), 1234)).toBe(0xfaf6cdb3)
    expect(murmur3(utf8("The quick brown fox jumps over the lazy dog"), 0x9747b28c)).toBe(0x2fa826cd)
  })

  it("hashes every lower-cased run of letters and digits with FNV-1a, in order", () => {
    for (const text of [tricky, "", "   ", "one", "a-b_c", "ABC abc"]) {
      expect([...wordHashes(text)]).toEqual(regexWords(text).map(fnv1a))
    }
  })

  it("hashes each shingle as murmur3 of its word hashes, one shingle for a text shorter than the size", () => {
    const words = regexWords(tricky).map(fnv1a)
    for (const size of [1, 3, 5, 50]) {
      const count = Math.max(1, words.length - size + 1)
      const expected = new Set(Array.from({ length: count }, (_, i) => murmur3(littleEndian(words.slice(i, i + size)), SHINGLE_SEED)))
      expect([...shingleHashes(tricky, size)]).toEqual([...expected])
    }
    expect(shingleHashes("", 5).size).toBe(0)
  })

  it("counts the words of a text longer than the shared buffer and leaves later calls right", () => {
    const long = "ab ".repeat(300_000)
    const hashes = wordHashes(long)
    expect(hashes.length).toBe(300_000)
    expect(hashes.every((hash) => hash === fnv1a("ab"))).toBe(true)
    expect([...wordHashes("Short text")]).toEqual([fnv1a("short"), fnv1a("text")])
  })

  it("tells word order apart", () => {
    const forward = shingleHashes("alpha beta gamma", 3)
    const backward = shingleHashes("gamma beta alpha", 3)
    expect([...forward][0]).not.toBe([...backward][0])
  })
})
