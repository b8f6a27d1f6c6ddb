/**
 * Parity with the real cleanlab 2.9.0: a few hundred seeded problems are written to a temp
 * JSON file, test/parity/cleanlab_reference.py runs cleanlab on them (with numpy's argsort made
 * stable, see that file) and every flagged set, ranking, count, joint and score must be equal.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { ensurePythonEnv } from "@strata/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  computeConfidentJoint,
  estimateJoint,
  findLabelIssues,
  getConfidentThresholds,
  getLabelQualityScores,
  LabelCleaningError,
  Matrix,
  numLabelIssues,
  outlierScores,
  type RankBy
} from "../src/index.ts"
import { generate, type LabelProblem, type ParityCase } from "./parity/problems.ts"

/** Seed of the generated problem set. */
const SEED = 20260510
/** Number of label problems (each runs every filter_by and a ranking). */
const LABEL_PROBLEMS = 300
/** Number of outlier problems. */
const OUTLIER_PROBLEMS = 40
/** Relative tolerance for scores computed with `log`/`exp` (libm and V8 may differ in the last bit). */
const TRANSCENDENTAL_TOLERANCE = 1e-12
/** Relative tolerance for kNN distances (sklearn computes them with BLAS in a different order). */
const DISTANCE_TOLERANCE = 1e-9

type Outcome<T> = { readonly value: T } | { readonly error: string; readonly message: string }

interface LabelReference {
  readonly cases: ReadonlyArray<Outcome<Array<number>>>
  readonly thresholds: Outcome<Array<number>>
  readonly joint: Outcome<Array<Array<number>>>
  readonly jointRaw: Outcome<[Array<Array<number>>, Array<number>]>
  readonly estimatedJoint: Outcome<Array<Array<number>>>
  readonly numIssues: Record<"off_diagonal" | "off_diagonal_calibrated", Outcome<number>>
  readonly scores: Record<RankBy, Outcome<Array<number>>>
  readonly scoresAdjusted: Record<"self_confidence" | "normalized_margin", Outcome<Array<number>>>
}

interface OutlierReference {
  readonly scores: Array<number>
  readonly averageDistances: Array<number>
  readonly issueThreshold: number
  readonly flagged: Array<number>
  readonly metric: string
}

const problems = generate(SEED, LABEL_PROBLEMS, OUTLIER_PROBLEMS)
let reference: { labels: Array<LabelReference>; outliers: Array<Outcome<OutlierReference>> }
let workDir: string

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), "label-cleaning-parity-"))
  const input = join(workDir, "problems.json")
  const output = join(workDir, "results.json")
  writeFileSync(input, JSON.stringify(problems))
  const script = join(dirname(fileURLToPath(import.meta.url)), "parity", "cleanlab_reference.py")
  execFileSync(ensurePythonEnv("python"), [script, input, output], { stdio: ["ignore", "ignore", "inherit"] })
  reference = JSON.parse(readFileSync(output, "utf8"))
}, 600_000)

afterAll(() => rmSync(workDir, { recursive: true, force: true }))

/** Runs `fn`, mapping a LabelCleaningError to an error outcome (anything else fails the test). */
const run = <T>(fn: () => T): Outcome<T> => {
  try {
    return { value: fn() }
  } catch (error) {
    if (error instanceof LabelCleaningError) return { error: error.reason, message: error.message }
    throw error
  }
}

/**
 * Both refused, or both gave equal values. With `stricter`, we may refuse input that this
 * cleanlab function accepts (its low-level functions skip the validation `find_label_issues` does).
 */
const expectSame = <T, R>(ours: Outcome<T>, theirs: Outcome<R>, toComparable: (t: T) => unknown, where: string, stricter = false): void => {
  if (stricter && "error" in ours) return
  if ("error" in theirs) {
    expect("error" in ours, `${where}: cleanlab raised ${theirs.error} (${theirs.message}) but we did not`).toBe(true)
    return
  }
  expect("value" in ours, `${where}: we refused (${"message" in ours ? ours.message : ""}) but cleanlab did not`).toBe(true)
  if ("value" in ours) expect(toComparable(ours.value), where).toEqual(theirs.value)
}

const expectClose = (ours: ArrayLike<number>, theirs: ReadonlyArray<number>, tolerance: number, where: string): void => {
  expect(ours.length, where).toBe(theirs.length)
  for (let i = 0; i < theirs.length; i++) {
    const a = ours[i] as number
    const b = theirs[i] as number
    if (a !== b && Math.abs(a - b) > tolerance * Math.max(Math.abs(a), Math.abs(b))) {
      expect.fail(`${where}[${i}]: ours ${a} vs cleanlab ${b}`)
    }
  }
}

/**
 * confidence_weighted_entropy uses `log`, whose last bit differs between V8 and glibc, so rows
 * with mathematically equal scores (permuted quantized rows) may swap. For it we require the
 * same flagged set, ordered by cleanlab's own scores up to {@link TRANSCENDENTAL_TOLERANCE}.
 */
const expectOrderedByScore = (ours: Int32Array, theirs: ReadonlyArray<number>, scores: Outcome<Array<number>>, where: string): void => {
  expect([...ours].sort((a, b) => a - b), where).toEqual([...theirs].sort((a, b) => a - b))
  if (!("value" in scores)) return expect.fail(`${where}: cleanlab scores missing`)
  for (let r = 1; r < ours.length; r++) {
    const previous = scores.value[ours[r - 1]!]!
    const current = scores.value[ours[r]!]!
    if (previous > current + TRANSCENDENTAL_TOLERANCE * Math.abs(current)) expect.fail(`${where}: rows ${ours[r - 1]} and ${ours[r]} out of order`)
  }
}

const matrixOf = (problem: LabelProblem) => ({ rows: problem.labels.length, cols: problem.K, data: Float64Array.from(problem.probs) })

const caseOptions = (c: ParityCase) => ({
  filterBy: c.filterBy,
  ...(c.rankBy === undefined ? {} : { rankBy: c.rankBy }),
  ...(c.adjustPredProbs === undefined ? {} : { adjustPredProbs: c.adjustPredProbs }),
  ...(c.fracNoise === undefined ? {} : { fracNoise: c.fracNoise }),
  ...(c.numToRemovePerClass === undefined ? {} : { numToRemovePerClass: c.numToRemovePerClass }),
  ...(c.minExamplesPerClass === undefined ? {} : { minExamplesPerClass: c.minExamplesPerClass })
})

const rows = (data: Float64Array, K: number): Array<Array<number>> => Array.from({ length: K }, (_, i) => Array.from(data.subarray(i * K, (i + 1) * K)))

describe("parity with cleanlab 2.9.0", () => {
  it("generated a varied problem set", () => {
    const Ks = problems.labels.map((p) => p.K)
    expect(Math.min(...Ks)).toBe(2)
    expect(Math.max(...Ks)).toBe(50)
    expect(problems.labels.some((p) => p.labels.length > 1500)).toBe(true)
    expect(problems.labels.some((p) => p.labels.length < 5)).toBe(true)
    const flaggedSomething = reference.labels.some((r) => r.cases.some((c) => "value" in c && c.value.length > 0))
    expect(flaggedSomething).toBe(true)
  })

  it("find_label_issues: equal flagged sets and rankings for every filter_by", () => {
    let compared = 0
    problems.labels.forEach((problem, p) => {
      const probs = matrixOf(problem)
      problem.cases.forEach((c, i) => {
        const ours = run(() => findLabelIssues(problem.labels, probs, caseOptions(c)))
        const theirs = reference.labels[p]!.cases[i]!
        const where = `problem ${p} case ${i} ${JSON.stringify({ ...c, numToRemovePerClass: undefined })}`
        if (c.rankBy === "confidence_weighted_entropy" && "value" in ours && "value" in theirs) {
          expectOrderedByScore(ours.value.indices, theirs.value, reference.labels[p]!.scores.confidence_weighted_entropy, where)
        } else {
          expectSame(ours, theirs, (r) => Array.from(r.indices), where)
        }
        compared++
      })
    })
    expect(compared).toBeGreaterThanOrEqual(LABEL_PROBLEMS * 12)
  })

  it("confident joint, thresholds, estimated joint and num_label_issues are equal", () => {
    problems.labels.forEach((problem, p) => {
      const probs = matrixOf(problem)
      const ref = reference.labels[p]!
      const where = `problem ${p}`
      // Only where cleanlab's own find_label_issues refused the input may we refuse more.
      const invalid = "error" in ref.cases[0]!
      expectSame(run(() => getConfidentThresholds(problem.labels, probs)), ref.thresholds, (t) => Array.from(t), `${where} thresholds`, invalid)
      expectSame(run(() => computeConfidentJoint(problem.labels, probs)), ref.joint, (r) => rows(r.confidentJoint.data, problem.K), `${where} joint`, invalid)
      expectSame(
        run(() => computeConfidentJoint(problem.labels, probs, { calibrate: false })),
        ref.jointRaw,
        (r) => [rows(r.confidentJoint.data, problem.K), Array.from(r.offDiagonalIndices)],
        `${where} raw joint`,
        invalid
      )
      expectSame(run(() => estimateJoint(problem.labels, probs)), ref.estimatedJoint, (r) => rows(r.data, problem.K), `${where} estimated joint`, invalid)
      for (const method of ["off_diagonal", "off_diagonal_calibrated"] as const) {
        expectSame(run(() => numLabelIssues(problem.labels, probs, { estimationMethod: method })), ref.numIssues[method], (x) => x, `${where} ${method}`)
      }
    })
  })

  it("label quality scores are equal", () => {
    problems.labels.forEach((problem, p) => {
      const probs = matrixOf(problem)
      const ref = reference.labels[p]!
      for (const method of ["self_confidence", "normalized_margin"] as const) {
        expectSame(run(() => getLabelQualityScores(problem.labels, probs, { method })), ref.scores[method], (s) => Array.from(s), `problem ${p} ${method}`)
        expectSame(
          run(() => getLabelQualityScores(problem.labels, probs, { method, adjustPredProbs: true })),
          ref.scoresAdjusted[method],
          (s) => Array.from(s),
          `problem ${p} adjusted ${method}`
        )
      }
      const ours = run(() => getLabelQualityScores(problem.labels, probs, { method: "confidence_weighted_entropy" }))
      const theirs = ref.scores.confidence_weighted_entropy
      expect("error" in ours, `problem ${p} cwe refusal`).toBe("error" in theirs)
      if ("value" in ours && "value" in theirs) expectClose(ours.value, theirs.value, TRANSCENDENTAL_TOLERANCE, `problem ${p} cwe`)
    })
  })

  it("outlier scores and interquartile flags match OutOfDistribution and Datalab", () => {
    problems.outliers.forEach((problem, p) => {
      const theirs = reference.outliers[p]!
      const ours = run(() => outlierScores(Matrix.make(problem.n, problem.d, Float64Array.from(problem.features)), { k: problem.k }))
      const where = `outlier problem ${p} (n=${problem.n}, d=${problem.d}, k=${problem.k})`
      if ("error" in theirs) {
        expect("error" in ours, `${where}: cleanlab raised ${theirs.message}`).toBe(true)
        return
      }
      if (!("value" in ours)) return expect.fail(`${where}: we refused: ${ours.message}`)
      expect(ours.value.metric, where).toBe(theirs.value.metric)
      expectClose(ours.value.averageDistances, theirs.value.averageDistances, DISTANCE_TOLERANCE, `${where} distances`)
      expectClose(ours.value.scores, theirs.value.scores, DISTANCE_TOLERANCE, `${where} scores`)
      const flagged = Array.from(ours.value.isOutlier.keys()).filter((i) => ours.value.isOutlier[i] === 1)
      expect(flagged, where).toEqual(theirs.value.flagged)
    })
  })
})
