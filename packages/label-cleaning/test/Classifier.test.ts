import { describe, expect, it } from "vitest"
import { crossValPredictProba, findLabelIssues, HashedTfidf, Prng, stratifiedFolds } from "../src/index.ts"

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

describe("HashedTfidf", () => {
  it("hashes tokens into a fixed dimension and L2-normalizes rows", () => {
    const counts = HashedTfidf.countMatrix(["The cat, the CAT!", "a dog"])
    expect(counts.cols).toBe(HashedTfidf.HASH_DIMENSION)
    const tfidf = HashedTfidf.transform(counts, HashedTfidf.fitIdf(counts))
    const first = tfidf.values.subarray(tfidf.indptr[0]!, tfidf.indptr[1]!)
    expect(first.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 12)
    expect(HashedTfidf.tokenize("Hello, Wörld 42")).toEqual(["hello", "wörld", "42"])
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
})
