import { describe, expect, it } from "vitest"
import { estimateSimilarity, makeMinHasher, shingleHashes } from "../src/index.ts"

/** A deterministic text of `count` distinct words, `word0 word1 ...` with a prefix. */
const words = (prefix: string, count: number): Array<string> => Array.from({ length: count }, (_, i) => `${prefix}${i}`)

/** Jaccard similarity of two texts' shingle sets, computed exactly. */
const jaccard = (a: string, b: string, size: number): number => {
  const sa = shingleHashes(a, size)
  const sb = shingleHashes(b, size)
  let shared = 0
  for (const hash of sa) if (sb.has(hash)) shared++
  return shared / (sa.size + sb.size - shared)
}

/** FNV-1a 32-bit of a string's UTF-16 code units: the documented shingle hash, computed the plain way. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

describe("MinHash", () => {
  const hasher = makeMinHasher()

  it("hashes each shingle as FNV-1a of its lower-cased words joined by single spaces", () => {
    const text = "İstanbul'da ÇAY, naïve café 😀 — 42 Straße x\uD800y ǅungla end"
    const tokens = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
    for (const size of [1, 3, 5, 50]) {
      const expected = new Set(Array.from({ length: Math.max(1, tokens.length - size + 1) }, (_, i) => fnv1a(tokens.slice(i, i + size).join(" "))))
      expect([...shingleHashes(text, size)]).toEqual([...expected])
    }
    expect(shingleHashes("", 5).size).toBe(0)
  })

  it("gives equal signatures for equal texts regardless of case and punctuation", () => {
    expect(estimateSimilarity(hasher.sign("The quick brown fox jumps over the lazy dog"), hasher.sign("the QUICK, brown fox; jumps over the lazy dog!"))).toBe(1)
  })

  it("estimates Jaccard similarity within a few standard errors", () => {
    const base = words("w", 400)
    for (const changed of [20, 80, 200]) {
      const other = [...base.slice(0, 400 - changed), ...words("x", changed)]
      const exact = jaccard(base.join(" "), other.join(" "), 5)
      const estimate = estimateSimilarity(hasher.sign(base.join(" ")), hasher.sign(other.join(" ")))
      expect(Math.abs(estimate - exact)).toBeLessThan(3 / Math.sqrt(hasher.options.permutations))
    }
  })

  it("puts highly similar texts in a shared LSH band and unrelated ones in none", () => {
    const base = words("w", 300).join(" ")
    const near = `${words("w", 290).join(" ")} ${words("y", 10).join(" ")}`
    const unrelated = words("z", 300).join(" ")
    const shared = (a: string, b: string): number => {
      const keys = new Set(hasher.bandKeys(hasher.sign(a)))
      return hasher.bandKeys(hasher.sign(b)).filter((key) => keys.has(key)).length
    }
    expect(shared(base, near)).toBeGreaterThan(0)
    expect(shared(base, unrelated)).toBe(0)
  })

  it("rejects bands x rows above the permutation count", () => {
    expect(() => makeMinHasher({ permutations: 10, bands: 4, rows: 3 })).toThrow(/exceed permutations/)
  })
})
