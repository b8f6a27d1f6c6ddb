import { describe, expect, it } from "vitest"
import { Matrix, outlierScores } from "../src/index.ts"
import { pairwiseSum } from "../src/internal/numpy.ts"

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

/**
 * Mean distance to the k nearest other rows computed as the brute force does, operation for
 * operation: rows scaled by their norm, one sum per pair in column order, the k best summed as
 * numpy does. The search must give these very bits.
 */
const bruteForceDistances = (m: Matrix.Matrix, k: number, metric: "cosine" | "euclidean"): Float64Array => {
  const { rows, cols, data } = m
  const points = new Float64Array(data.length)
  for (let i = 0; i < rows; i++) {
    let sum = 0
    for (let c = 0; c < cols; c++) sum += data[i * cols + c]! ** 2
    const norm = metric === "cosine" ? Math.sqrt(sum) || 1 : 1
    for (let c = 0; c < cols; c++) points[i * cols + c] = data[i * cols + c]! / norm
  }
  const raw = Matrix.toRows(m).map((row) => row.join(","))
  const out = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    const distances: Array<number> = []
    for (let j = 0; j < rows; j++) {
      if (j === i) continue
      let sum = 0
      for (let c = 0; c < cols; c++) {
        if (metric === "cosine") {
          sum += points[i * cols + c]! * points[j * cols + c]!
        } else {
          const diff = points[i * cols + c]! - points[j * cols + c]!
          sum += diff * diff
        }
      }
      distances.push(raw[i] === raw[j] ? 0 : metric === "cosine" ? Math.min(Math.max(1 - sum, 0), 2) : Math.sqrt(sum))
    }
    distances.sort((x, y) => x - y)
    out[i] = pairwiseSum(distances, 0, k) / k
  }
  return out
}

describe("outlierScores", () => {
  it.each([
    ["clustered rows", 12, 15, 10],
    ["rows leaning on a class", 2, 15, 10],
    ["diffuse rows", 0, 15, 10],
    ["rows leaning on a class, one neighbour", 2, 15, 1],
    ["euclidean rows", 2, 3, 7]
  ])("gives the brute force's mean distances bit for bit on %s", (_, sharpness, d, k) => {
    const m = probabilityRows(500, d, sharpness, 23)
    const ours = outlierScores(m, { k })
    const expected = bruteForceDistances(m, k, ours.metric)
    expect(new Uint8Array(ours.averageDistances.buffer)).toEqual(new Uint8Array(expected.buffer))
  })

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
