import { describe, expect, it } from "vitest"
import { Classifier, crossValPredictProba, crossValPredictProbaOfCounts, findLabelIssues, HashedTfidf, Matrix, Prng, selectRows, stratifiedFolds } from "../src/index.ts"

const TOPICS = [
  ["goal", "match", "striker", "league", "coach", "stadium", "score", "season"],
  ["election", "minister", "parliament", "vote", "policy", "senate", "campaign", "law"],
  ["recipe", "oven", "flour", "sugar", "bake", "butter", "dough", "kitchen"]
]

const corpus = (n: number, seed: number): { texts: Array<string>; truth: Array<number> } => {
  const rng = Prng.make(seed)
  const texts: Array<string> = []
  const truth: Array<number> = []
  for (let i = 0; i < n; i++) {
    const topic = i % TOPICS.length
    const words = Array.from({ length: 12 }, () => (rng.next() < 0.8 ? TOPICS[topic]! : TOPICS[rng.int(3)]!)[rng.int(8)]!)
    texts.push(words.join(" "))
    truth.push(topic)
  }
  return { texts, truth }
}

/** FNV-1a 32-bit from `seed` over a string's UTF-16 code units. */
const fnv = (seed: number, text: string): number => {
  let hash = seed
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** The documented counting, the plain way: token and bigram buckets of `tokenize`, in order of first occurrence. */
const referenceRow = (text: string, dimension: number, bigrams: boolean): Array<[number, number]> => {
  const row = new Map<number, number>()
  let previous = -1
  for (const token of HashedTfidf.tokenize(text)) {
    const hash = fnv(0x811c9dc5, token)
    row.set(hash % dimension, (row.get(hash % dimension) ?? 0) + 1)
    if (bigrams && previous >= 0) {
      const pair = fnv(Math.imul(previous ^ 0x20, 0x01000193) >>> 0, token) % dimension
      row.set(pair, (row.get(pair) ?? 0) + 1)
    }
    previous = hash
  }
  return [...row]
}

describe("HashedTfidf", () => {
  it("counts the tokens of tokenize and their bigrams, whatever the script", () => {
    const texts = ["İstanbul'da ÇAY, naïve café 😀 — 42 Straße", "x\uD800y \uDC00z 𝒜𝒷𝒸 ǅungla ΣΑΣ ﬁne Ⅻ ١٢٣ 中文字", "", "the cat the cat the cat", "K (Kelvin) and K"]
    for (const [dimension, bigrams] of [[HashedTfidf.HASH_DIMENSION, true], [2 ** 10, true], [1000, false]] as const) {
      const counts = HashedTfidf.countMatrix(texts, { dimension, bigrams })
      texts.forEach((text, i) => {
        const row: Array<[number, number]> = []
        for (let x = counts.indptr[i]!; x < counts.indptr[i + 1]!; x++) row.push([counts.indices[x]!, counts.values[x]!])
        expect(row).toEqual(referenceRow(text, dimension, bigrams))
      })
    }
  })

  it("hashes tokens into a fixed dimension and L2-normalizes rows", () => {
    const counts = HashedTfidf.countMatrix(["The cat, the CAT!", "a dog"])
    expect(counts.cols).toBe(HashedTfidf.HASH_DIMENSION)
    const tfidf = HashedTfidf.transform(counts, HashedTfidf.fitIdf(counts))
    const first = tfidf.values.subarray(tfidf.indptr[0]!, tfidf.indptr[1]!)
    expect(first.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 12)
    expect(HashedTfidf.tokenize("Hello, Wörld 42")).toEqual(["hello", "wörld", "42"])
  })

  it("weighs counts as it visits them: (1 + ln count) times idf, each row L2-normalized", () => {
    const { texts } = corpus(60, 5)
    const counts = HashedTfidf.countMatrix([...texts, "the the the the cat"], { dimension: 2 ** 10 })
    const rows = HashedTfidf.termCountsOf(counts)
    const idf = HashedTfidf.fitIdf(counts)
    for (const selected of [Int32Array.from({ length: 41 }, (_, i) => i + 20), Int32Array.of(3, 1, 59, 7)]) {
      const visited: Array<number> = []
      const weighed = HashedTfidf.weighedCounts(rows, counts.cols, idf, selected)
      expect(weighed.rows).toBe(selected.length)
      let entries = 0
      weighed.forEachRow((t, columns, values) => {
        visited.push(t)
        const r = selected[t]!
        const start = counts.indptr[r]!
        const raw = Array.from(columns, (column, x) => (1 + Math.log(counts.values[start + x]!)) * idf[column]!)
        const norm = Math.sqrt(raw.reduce((s, v) => s + v * v, 0))
        expect(Array.from(columns)).toEqual(Array.from(counts.indices.subarray(start, counts.indptr[r + 1]!)))
        Array.from(values).forEach((value, x) => expect(value).toBeCloseTo(raw[x]! / norm, 12))
        entries += columns.length
      })
      expect(visited).toEqual(Array.from(selected, (_, t) => t))
      expect(weighed.entries).toBe(entries)
    }
  })

  it("counts texts one at a time as countMatrix counts them all", () => {
    const { texts } = corpus(30, 8)
    const all = [...texts, "İstanbul'da ÇAY 😀 𝒜𝒷𝒸", ""]
    const hashing = { dimension: 2 ** 9 }
    const counter = HashedTfidf.termCounter(hashing)
    const expected = HashedTfidf.termCountsOf(HashedTfidf.countMatrix(all, hashing))
    all.forEach((text, i) => {
      const distinct = counter.count(text)
      expect(Array.from(counter.columns.subarray(0, distinct))).toEqual(Array.from(expected[i]!.columns))
      expect(Array.from(counter.counts.subarray(0, distinct))).toEqual(Array.from(expected[i]!.counts))
    })
    expect(counter.dimension).toBe(2 ** 9)
  })
})

describe("crossValPredictProba", () => {
  it("stratifies folds evenly and deterministically", () => {
    const labels = Int32Array.from({ length: 103 }, (_, i) => i % 3)
    const a = stratifiedFolds(labels, 3, 5, 7)
    expect(Array.from(a)).toEqual(Array.from(stratifiedFolds(labels, 3, 5, 7)))
    const sizes = [0, 0, 0, 0, 0]
    a.forEach((f) => sizes[f]!++)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
  })

  it("equals fitting each fold on its own copy of the training rows", () => {
    const { texts, truth } = corpus(200, 5)
    const labels = Int32Array.from(truth)
    for (const classifier of [{ kind: "naive_bayes" as const, alpha: 0.1 }, { kind: "logistic_regression" as const, epochs: 2 }]) {
      const hashing = { dimension: 2 ** 12 }
      const fold = stratifiedFolds(labels, 3, 4, 9)
      const counts = HashedTfidf.countMatrix(texts, hashing)
      const expected = Matrix.make(texts.length, 3)
      for (let f = 0; f < 4; f++) {
        const train = Int32Array.from(Array.from(fold).flatMap((g, i) => (g === f ? [] : [i])))
        const test = Int32Array.from(Array.from(fold).flatMap((g, i) => (g === f ? [i] : [])))
        const idf = HashedTfidf.fitIdf(selectRows(counts, train))
        const model = Classifier.train(classifier, HashedTfidf.transform(selectRows(counts, train), idf), labels.filter((_, i) => fold[i] !== f), 3)
        const probs = Classifier.predictProba(model, HashedTfidf.transform(selectRows(counts, test), idf))
        test.forEach((r, t) => expected.data.set(Matrix.row(probs, t), r * 3))
      }
      expect(Array.from(crossValPredictProba(texts, labels, 3, { folds: 4, seed: 9, classifier, hashing }).data)).toEqual(Array.from(expected.data))
      const counted = texts.map((text) => {
        const counter = HashedTfidf.termCounter(hashing)
        const distinct = counter.count(text)
        return { columns: counter.columns.slice(0, distinct), counts: counter.counts.slice(0, distinct) }
      })
      expect(Array.from(crossValPredictProbaOfCounts(counted, hashing.dimension, labels, 3, { folds: 4, seed: 9, classifier }).data)).toEqual(Array.from(expected.data))
    }
  })

  for (const classifier of [{ kind: "naive_bayes" as const }, { kind: "logistic_regression" as const, epochs: 5 }]) {
    it(`${classifier.kind}: out-of-fold probabilities find flipped labels`, () => {
      const { texts, truth } = corpus(600, 3)
      const rng = Prng.make(11)
      const noisy = truth.map((t) => (rng.next() < 0.1 ? (t + 1 + rng.int(2)) % 3 : t))
      const probs = crossValPredictProba(texts, noisy, 3, { folds: 5, seed: 1, classifier })
      expect(Array.from(probs.data)).toEqual(Array.from(crossValPredictProba(texts, noisy, 3, { folds: 5, seed: 1, classifier }).data))
      let correct = 0
      for (let i = 0; i < texts.length; i++) {
        const row = Array.from(probs.data.subarray(i * 3, i * 3 + 3))
        expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9)
        if (row.indexOf(Math.max(...row)) === truth[i]) correct++
      }
      expect(correct / texts.length).toBeGreaterThan(0.9)
      const flipped = new Set(noisy.flatMap((l, i) => (l !== truth[i] ? [i] : [])))
      const { indices } = findLabelIssues(noisy, probs)
      const hits = Array.from(indices).filter((i) => flipped.has(i)).length
      expect(hits / flipped.size).toBeGreaterThan(0.7)
      expect(hits / indices.length).toBeGreaterThan(0.7)
    })
  }

  it("refuses counts outside the dimension it is given", () => {
    const rows = [0, 1, 2, 3].map((i) => ({ columns: Int32Array.of(i, i + 4), counts: Int32Array.of(1, 2) }))
    expect(() => crossValPredictProbaOfCounts(rows, 6, [0, 1, 0, 1], 2, { folds: 2 })).toThrow(/Column 6 of row 2 is outside 0\.\.5/)
  })
})
