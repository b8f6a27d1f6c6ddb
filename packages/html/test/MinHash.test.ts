import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { EMPTY_POSITION, estimateSimilarity, makeMinHasher, shingleHashes, wordHashes } from "../src/index.ts"

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

/** A deterministic pseudo-random generator (linear congruential), values in [0, 1). */
const generator = (seed: number): (() => number) => {
  let state = seed
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    return state / 2 ** 32
  }
}

/** English-like text of `count` words from a small vocabulary, so unrelated texts share words but few shingles. */
const prose = (next: () => number, count: number): Array<string> => {
  const vocabulary = "the of and to a in that is was he for it with as his on be at by had not are but from or have an they which one you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people".split(" ")
  return Array.from({ length: count }, () => vocabulary[Math.floor(next() * vocabulary.length)] as string)
}

/** A copy of a text with each word replaced by a fresh one with probability `share`. */
const edit = (next: () => number, text: ReadonlyArray<string>, share: number): Array<string> =>
  text.map((word, i) => (next() < share ? `edit${i}` : word))

describe("MinHash", () => {
  const hasher = makeMinHasher()
  const length = hasher.options.signatureLength

  it("gives equal signatures for equal texts regardless of case and punctuation", () => {
    expect(estimateSimilarity(hasher.sign("The quick brown fox jumps over the lazy dog"), hasher.sign("the QUICK, brown fox; jumps over the lazy dog!"))).toBe(1)
  })

  it("signs word hashes exactly as it signs the text", () => {
    const text = prose(generator(7), 300).join(" ")
    expect([...hasher.signWords(wordHashes(text))]).toEqual([...hasher.sign(text)])
  })

  it("fills every position from the text's shingles, and none for a text without words", () => {
    const text = prose(generator(3), 60).join(" ")
    const shingles = shingleHashes(text, hasher.options.shingleSize)
    expect([...hasher.sign(text)].every((value) => shingles.has(value))).toBe(true)
    const single = [...shingleHashes("one two three", hasher.options.shingleSize)]
    expect(single).toHaveLength(1)
    expect([...hasher.sign("one two three")]).toEqual(new Array(length).fill(single[0]))
    expect([...hasher.sign(" -- ")]).toEqual(new Array(length).fill(EMPTY_POSITION))
  })

  it("estimates Jaccard similarity within a few standard errors", () => {
    const base = words("w", 400)
    for (const changed of [20, 80, 200]) {
      const other = [...base.slice(0, 400 - changed), ...words("x", changed)]
      const exact = jaccard(base.join(" "), other.join(" "), 5)
      const estimate = estimateSimilarity(hasher.sign(base.join(" ")), hasher.sign(other.join(" ")))
      expect(Math.abs(estimate - exact)).toBeLessThan(3 / Math.sqrt(length))
    }
  })

  it("has a small mean error on edited long and short texts (fewer shingles than positions)", () => {
    const next = generator(42)
    for (const words of [600, 70]) {
      const errors: Array<number> = []
      for (let pair = 0; pair < 60; pair++) {
        const original = prose(next, words)
        const copy = edit(next, original, [0.01, 0.03, 0.08][pair % 3] as number)
        const exact = jaccard(original.join(" "), copy.join(" "), 5)
        errors.push(Math.abs(estimateSimilarity(hasher.sign(original.join(" ")), hasher.sign(copy.join(" "))) - exact))
      }
      const mean = errors.reduce((sum, error) => sum + error, 0) / errors.length
      // One standard error at J = 0.5 is sqrt(0.25 / 120) ≈ 0.046; the mean absolute error of an unbiased estimate is below it.
      expect(mean).toBeLessThan(0.04)
    }
  })

  it("gives the same signature in another process", () => {
    const text = prose(generator(11), 200).join(" ")
    const module = fileURLToPath(new URL("../src/MinHash.ts", import.meta.url))
    const script = `import { makeMinHasher } from ${JSON.stringify(module)}; console.log([...makeMinHasher().sign(${JSON.stringify(text)})].join(","))`
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })
    expect(child.stderr).toBe("")
    expect(child.stdout.trim()).toBe([...hasher.sign(text)].join(","))
  })

  it("puts highly similar texts in a shared LSH band and unrelated ones in none", () => {
    const base = words("w", 300).join(" ")
    const near = `${words("w", 290).join(" ")} ${words("y", 10).join(" ")}`
    const unrelated = words("z", 300).join(" ")
    const shared = (a: string, b: string): number => {
      const keys = new Set(hasher.bandKeys(hasher.sign(a)))
      return [...hasher.bandKeys(hasher.sign(b))].filter((key) => keys.has(key)).length
    }
    expect(shared(base, near)).toBeGreaterThan(0)
    expect(shared(base, unrelated)).toBe(0)
  })

  it("keys equal rows of different bands apart", () => {
    const keys = hasher.bandKeys(hasher.sign("one two three"))
    expect(keys).toHaveLength(hasher.options.bands)
    expect(new Set(keys).size).toBe(hasher.options.bands)
  })

  it("rejects bands x rows above the signature length, and lengths that are not positive integers", () => {
    expect(() => makeMinHasher({ signatureLength: 10, bands: 4, rows: 3 })).toThrow(/exceed signatureLength/)
    expect(() => makeMinHasher({ signatureLength: 0 })).toThrow(/signatureLength must be a positive integer/)
    expect(() => makeMinHasher({ shingleSize: 2.5 })).toThrow(/shingleSize must be a positive integer/)
  })
})
