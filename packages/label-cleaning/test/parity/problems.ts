/**
 * Seeded generator of parity problems: label problems (2 to 50 classes, tiny to a few thousand
 * rows, classes with no rows or one row, quantized probabilities full of ties, duplicated rows,
 * a few invalid inputs) and outlier problems (duplicates, far points, low and high dimension).
 */
import type { FilterBy, RankBy } from "../../src/index.ts"
import { Prng } from "../../src/index.ts"

/** One call of `find_label_issues`. */
export interface ParityCase {
  readonly filterBy: FilterBy
  readonly rankBy?: RankBy
  readonly adjustPredProbs?: boolean
  readonly fracNoise?: number
  readonly numToRemovePerClass?: ReadonlyArray<number>
  readonly minExamplesPerClass?: number
}

/** A label problem: labels, row-major probabilities and the calls to compare. */
export interface LabelProblem {
  readonly K: number
  readonly labels: ReadonlyArray<number>
  readonly probs: ReadonlyArray<number>
  readonly cases: ReadonlyArray<ParityCase>
}

/** An outlier problem: row-major features and k. */
export interface OutlierProblem {
  readonly n: number
  readonly d: number
  readonly k: number
  readonly features: ReadonlyArray<number>
}

const FILTERS: ReadonlyArray<FilterBy> = [
  "prune_by_noise_rate",
  "prune_by_class",
  "both",
  "confident_learning",
  "predicted_neq_given",
  "low_normalized_margin",
  "low_self_confidence"
]
const PRUNE_FILTERS: ReadonlyArray<FilterBy> = ["prune_by_noise_rate", "prune_by_class", "both"]
const RANKS: ReadonlyArray<RankBy> = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]
/** Cap on n x K of the large problems, to keep the reference run short. */
const MAX_LARGE_CELLS = 24000
const CLASS_CHOICES = [2, 2, 3, 3, 4, 5, 6, 8, 10, 13, 20, 32, 50]

const pick = <T>(rng: Prng.Prng, values: ReadonlyArray<T>): T => values[rng.int(values.length)] as T

const gaussian = (rng: Prng.Prng): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next())

const softmaxRow = (logits: Array<number>): Array<number> => {
  const max = Math.max(...logits)
  const e = logits.map((x) => Math.exp(x - max))
  const sum = e.reduce((a, b) => a + b, 0)
  return e.map((x) => x / sum)
}

const probabilityRow = (rng: Prng.Prng, K: number, trueClass: number, style: string): Array<number> => {
  if (style === "quantized") {
    const units = pick(rng, [2, 4, 5, 8, 10])
    const counts = new Array<number>(K).fill(0)
    counts[trueClass] = rng.int(units + 1)
    for (let u = counts[trueClass] as number; u < units; u++) counts[rng.int(K)]!++
    return counts.map((c) => c / units)
  }
  if (style === "uniform" && rng.next() < 0.5) return new Array<number>(K).fill(1 / K)
  const boost = rng.next() * 5
  const scale = 0.5 + rng.next() * 2
  return softmaxRow(Array.from({ length: K }, (_, j) => gaussian(rng) * scale + (j === trueClass ? boost : 0)))
}

const labelProblem = (rng: Prng.Prng): LabelProblem => {
  const sizeRoll = rng.next()
  const K = rng.next() < 0.5 ? pick(rng, CLASS_CHOICES) : 2 + rng.int(49)
  const large = Math.min(4000, Math.floor(MAX_LARGE_CELLS / K))
  const n = sizeRoll < 0.35 ? 1 + rng.int(30) : sizeRoll < 0.93 ? 30 + rng.int(400) : large - rng.int(large / 2)
  const weights: Array<number> = Array.from({ length: K }, () => rng.next() ** 2 + 0.01)
  if (rng.next() < 0.35) for (let z = 0; z < 1 + rng.int(Math.max(1, K - 2)); z++) weights[rng.int(K)] = 0
  if (!weights.some((w) => w > 0)) weights.fill(1)
  const total = weights.reduce((a, b) => a + b, 0)
  const sample = (): number => {
    let u = rng.next() * total
    for (let k = 0; k < K; k++) {
      u -= weights[k] as number
      if (u < 0 && (weights[k] as number) > 0) return k
    }
    return weights.findIndex((w) => w > 0)
  }
  const noise = rng.next() * 0.4
  const style = pick(rng, ["softmax", "softmax", "quantized", "quantized", "duplicated", "uniform"])
  const labels: Array<number> = []
  const probs: Array<number> = []
  const pool: Array<{ label: number; row: Array<number> }> = []
  for (let i = 0; i < n; i++) {
    if (style === "duplicated" && pool.length > 3 && rng.next() < 0.6) {
      const copy = pick(rng, pool)
      labels.push(copy.label)
      probs.push(...copy.row)
      continue
    }
    const trueClass = sample()
    const label = rng.next() < noise ? sample() : trueClass
    const row = probabilityRow(rng, K, trueClass, style)
    pool.push({ label, row })
    labels.push(label)
    probs.push(...row)
  }
  if (rng.next() < 0.15 && n > 2) {
    const single = rng.int(K)
    const holder = rng.int(n)
    for (let i = 0; i < n; i++) if (labels[i] === single && i !== holder) labels[i] = (single + 1) % K
    labels[holder] = single
  }
  const invalidRoll = rng.next()
  if (invalidRoll < 0.02) labels.fill(0)
  else if (invalidRoll < 0.03) probs[rng.int(probs.length)] = 1.5
  else if (invalidRoll < 0.04) labels[rng.int(n)] = K
  else if (invalidRoll < 0.05) labels.fill(K - 1)

  const cases: Array<ParityCase> = []
  // A ranked result holds the flagged set too, so each filter_by runs once, ranked.
  for (const filterBy of FILTERS) {
    const rankBy = pick(rng, RANKS)
    cases.push(rankBy !== "confidence_weighted_entropy" && rng.next() < 0.3 ? { filterBy, rankBy, adjustPredProbs: true } : { filterBy, rankBy })
  }
  cases.push({ filterBy: pick(rng, FILTERS) })
  cases.push({ filterBy: pick(rng, PRUNE_FILTERS), fracNoise: Math.round(rng.next() * 10) / 10 })
  cases.push({ filterBy: pick(rng, PRUNE_FILTERS), minExamplesPerClass: rng.int(6), rankBy: pick(rng, RANKS) })
  cases.push({ filterBy: pick(rng, PRUNE_FILTERS), numToRemovePerClass: Array.from({ length: K }, () => rng.int(4)) })
  cases.push({ filterBy: "prune_by_class", numToRemovePerClass: Array.from({ length: K }, () => rng.int(3)), fracNoise: 0.5 })
  if (rng.next() < 0.2) cases.push({ filterBy: "confident_learning", numToRemovePerClass: new Array<number>(K).fill(1) })
  return { K, labels, probs, cases }
}

const outlierProblem = (rng: Prng.Prng): OutlierProblem => {
  const n = 3 + rng.int(rng.next() < 0.7 ? 60 : 300)
  const d = pick(rng, [1, 2, 3, 5, 8, 32])
  const k = Math.min(n - 1, rng.next() < 0.5 ? 10 : 1 + rng.int(12))
  const rows: Array<Array<number>> = []
  for (let i = 0; i < n; i++) {
    if (rows.length > 2 && rng.next() < 0.15) rows.push([...pick(rng, rows)])
    else {
      const far = rng.next() < 0.05 ? 20 : 1
      rows.push(Array.from({ length: d }, () => gaussian(rng) * far + (d > 3 ? 1 : 0)))
    }
  }
  return { n, d, k, features: rows.flat() }
}

/** The parity problem set for `seed`. */
export const generate = (seed: number, labelCount: number, outlierCount: number): { labels: Array<LabelProblem>; outliers: Array<OutlierProblem> } => {
  const rng = Prng.make(seed)
  return {
    labels: Array.from({ length: labelCount }, () => labelProblem(rng)),
    outliers: Array.from({ length: outlierCount }, () => outlierProblem(rng))
  }
}
