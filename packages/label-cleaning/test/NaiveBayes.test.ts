import { describe, expect, it } from "vitest"
import { softmaxRow } from "../src/classifier/Softmax.ts"
import { HashedTfidf, NaiveBayes, Prng, rowsOf, type SparseMatrix } from "../src/index.ts"

/** The bytes of `values`, to compare floating-point results bit for bit. */
const bits = (values: Float64Array): Uint8Array => new Uint8Array(values.buffer, values.byteOffset, values.byteLength)

/** `rows` random sparse rows in `dimension` columns (distinct columns in random order, positive values). */
const randomRows = (rows: number, dimension: number, seed: number): SparseMatrix => {
  const rng = Prng.make(seed)
  const indptr = new Int32Array(rows + 1)
  const indices: Array<number> = []
  const values: Array<number> = []
  for (let i = 0; i < rows; i++) {
    const columns = new Set<number>()
    const length = 1 + rng.int(12)
    while (columns.size < length) columns.add(rng.int(dimension))
    for (const column of columns) {
      indices.push(column)
      values.push(rng.next() * 3)
    }
    indptr[i + 1] = indices.length
  }
  return { rows, cols: dimension, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) }
}

/** The model by the definition, the plain way: sums in row order, a logarithm for every feature some row has. */
const referenceFit = (X: SparseMatrix, labels: Int32Array, K: number, alpha: number): NaiveBayes.NaiveBayesModel => {
  const D = X.cols
  const mass = new Float64Array(K * D)
  const classMass = new Float64Array(K)
  const classRows = new Float64Array(K)
  const seen = new Uint8Array(D)
  for (let i = 0; i < X.rows; i++) {
    const k = labels[i]!
    classRows[k]!++
    let rowMass = 0
    for (let x = X.indptr[i]!; x < X.indptr[i + 1]!; x++) {
      seen[X.indices[x]!] = 1
      mass[k * D + X.indices[x]!]! += X.values[x]!
      rowMass += X.values[x]!
    }
    classMass[k]! += rowMass
  }
  const logLikelihood = new Float64Array(K * D)
  for (let k = 0; k < K; k++) {
    const denominator = Math.log(classMass[k]! + alpha * D)
    for (let f = 0; f < D; f++) logLikelihood[k * D + f] = (seen[f] === 1 ? Math.log(mass[k * D + f]! + alpha) : Math.log(alpha)) - denominator
  }
  return { numClasses: K, dimension: D, logPrior: classRows.map((rows) => Math.log(rows / X.rows)), logLikelihood }
}

/** Posteriors by the definition: per row and class, the prior plus each non-zero's term in row order, then softmax. */
const referencePredict = (model: NaiveBayes.NaiveBayesModel, X: SparseMatrix): Float64Array => {
  const K = model.numClasses
  const out = new Float64Array(X.rows * K)
  for (let i = 0; i < X.rows; i++) {
    for (let k = 0; k < K; k++) {
      let score = model.logPrior[k]!
      for (let x = X.indptr[i]!; x < X.indptr[i + 1]!; x++) score += X.values[x]! * model.logLikelihood[k * model.dimension + X.indices[x]!]!
      out[i * K + k] = score
    }
    softmaxRow(out.subarray(i * K, (i + 1) * K))
  }
  return out
}

describe("NaiveBayes", () => {
  it.each([1, 2, 5, 7, 15])("fits and predicts bit for bit as the definition with %i classes (one absent when several)", (K) => {
    const train = randomRows(300, 64, K)
    // Class K - 1 is absent from training when there are several: its prior is -Infinity.
    const labels = Int32Array.from({ length: train.rows }, (_, i) => (K === 1 ? 0 : i % (K - 1)))
    const test = randomRows(80, 64, 100 + K)
    for (const alpha of [1, 0.1]) {
      const model = NaiveBayes.fit(train, labels, K, alpha)
      const reference = referenceFit(train, labels, K, alpha)
      expect(bits(model.logPrior)).toEqual(bits(reference.logPrior))
      expect(bits(model.logLikelihood)).toEqual(bits(reference.logLikelihood))
      const expected = bits(referencePredict(reference, test))
      expect(bits(NaiveBayes.predictProba(model, test).data)).toEqual(expected)
      expect(bits(NaiveBayes.predictProba(model, rowsOf(test)).data)).toEqual(expected)
    }
  })

  it("fits visited TF-IDF rows as it fits the same rows stored", () => {
    const counts = randomRows(120, 256, 3)
    const rows = HashedTfidf.termCountsOf({ ...counts, values: counts.values.map((v) => Math.ceil(v)) })
    const idf = Float64Array.from({ length: 256 }, (_, c) => 1 + (c % 5) / 4)
    const stored = HashedTfidf.transform({ ...counts, values: counts.values.map((v) => Math.ceil(v)) }, idf)
    const labels = Int32Array.from({ length: 120 }, (_, i) => i % 3)
    const visited = NaiveBayes.fit(HashedTfidf.weighedCounts(rows, 256, idf), labels, 3, 0.1)
    expect(bits(visited.logLikelihood)).toEqual(bits(NaiveBayes.fit(stored, labels, 3, 0.1).logLikelihood))
    expect(bits(NaiveBayes.predictProba(visited, HashedTfidf.weighedCounts(rows, 256, idf)).data)).toEqual(bits(referencePredict(visited, stored)))
  })
})
