import { describe, expect, it } from "vitest"
import { Matrix, outlierScores } from "../src/index.ts"

/** A seeded uniform generator in [0, 1) (Park-Miller), so the rows are the same on every run. */
const uniform = (seed: number) => {
  let state = seed
  return () => (state = (state * 16807) % 2147483647) / 2147483647
}

/** `n` probability rows over `d` classes: each leans on one class by `sharpness` (0 = diffuse), every 40th repeats the row before. */
const probabilityRows = (n: number, d: number, sharpness: number, seed: number): Matrix.Matrix => {
  const random = uniform(seed)
  const data = new Float64Array(n * d)
  for (let i = 0; i < n; i++) {
    const top = Math.floor(random() * d)
    let sum = 0
    for (let c = 0; c < d; c++) {
      const value = Math.exp((c === top ? sharpness : 0) + random())
      data[i * d + c] = value
      sum += value
    }
    for (let c = 0; c < d; c++) data[i * d + c] = (data[i * d + c] as number) / sum
    if (i % 40 === 39) data.copyWithin(i * d, (i - 1) * d, i * d)
  }
  return Matrix.make(n, d, data)
}

/** Cosine distance between unit rows, as cleanlab computes it. */
const cosine = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => Math.min(Math.max(1 - a.reduce((sum, value, c) => sum + value * (b[c] as number), 0), 0), 2)

/** Euclidean distance between rows. */
const euclidean = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => Math.sqrt(a.reduce((sum, value, c) => sum + (value - (b[c] as number)) ** 2, 0))

/** Mean distance to the k nearest other rows, by sorting every distance (the definition). */
const referenceDistances = (m: Matrix.Matrix, k: number, metric: "cosine" | "euclidean" = "cosine"): Array<number> => {
  const points = Matrix.toRows(m).map((row) => {
    const norm = metric === "cosine" ? Math.sqrt(row.reduce((sum, value) => sum + value * value, 0)) : 1
    return row.map((value) => value / norm)
  })
  const raw = Matrix.toRows(m).map((row) => row.join(","))
  return points.map((a, i) => {
    const distances = points.flatMap((b, j) => (j === i ? [] : [raw[i] === raw[j] ? 0 : (metric === "cosine" ? cosine : euclidean)(a, b)]))
    distances.sort((x, y) => x - y)
    return distances.slice(0, k).reduce((sum, value) => sum + value, 0) / k
  })
}

describe("outlierScores", () => {
  it.each([
    ["clustered rows (the pruned search)", 12],
    ["rows leaning on a class (several projections prune)", 2],
    ["diffuse rows (the brute force)", 0]
  ])("finds the exact k nearest neighbours of %s", (_, sharpness) => {
    const m = probabilityRows(400, 15, sharpness, 11)
    const ours = outlierScores(m, { k: 10 })
    const reference = referenceDistances(m, 10)
    ours.averageDistances.forEach((distance, i) => expect(distance).toBeCloseTo(reference[i] as number, 12))
    const duplicate = ours.averageDistances[39] as number
    expect(duplicate).toBe(ours.averageDistances[38])
  })

  it("finds the exact k nearest neighbours by euclidean distance, duplicates at 0", () => {
    const m = probabilityRows(300, 3, 2, 5)
    const ours = outlierScores(m, { k: 7 })
    expect(ours.metric).toBe("euclidean")
    const reference = referenceDistances(m, 7, "euclidean")
    ours.averageDistances.forEach((distance, i) => expect(distance).toBeCloseTo(reference[i] as number, 12))
  })
})
