import { describe, expect, it } from "vitest"
import { cleanLabels, findLabelIssues, LabelCleaningError, Matrix, outlierScores } from "../src/index.ts"

const probs = Matrix.fromRows([
  [0.9, 0.05, 0.05],
  [0.8, 0.1, 0.1],
  [0.85, 0.1, 0.05],
  [0.97, 0.02, 0.01],
  [0.1, 0.8, 0.1],
  [0.05, 0.9, 0.05],
  [0.1, 0.85, 0.05],
  [0.88, 0.07, 0.05],
  [0.05, 0.05, 0.9],
  [0.1, 0.1, 0.8],
  [0.1, 0.05, 0.85]
])
// Rows 3 (label 1) and 7 (label 2) look like class 0; row 3 above the 0.95 rectify threshold, row 7 below.
const labels = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]

describe("cleanLabels", () => {
  it("rectifies confident predictions, removes the rest, and reviews every flagged row", () => {
    const result = cleanLabels(labels, probs, { rectifyThreshold: 0.95 })
    expect(Array.from(findLabelIssues(labels, probs).indices)).toEqual([3, 7])
    expect(result.actions[3]).toBe("rectify")
    expect(result.labels[3]).toBe(0)
    expect(result.actions[7]).toBe("remove")
    expect(result.labels[7]).toBe(-1)
    expect(Array.from(result.keptRows)).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 10])
    expect(result.review.map((r) => [r.row, r.action, r.issueRank])).toEqual([
      [3, "rectify", 0],
      [7, "remove", 1]
    ])
    expect(result.review[0]!.selfConfidence).toBe(0.02)
    expect(result.summary).toEqual({ flagged: 2, rectified: 1, removed: 1, kept: 9 })
  })

  it("removes outliers and reviews them after the label issues", () => {
    const outliers = new Uint8Array(11)
    outliers[0] = 1
    const result = cleanLabels(labels, probs, { rectifyThreshold: 0.95, outliers, outlierScores: new Float64Array(11).fill(0.5) })
    expect(result.review.map((r) => [r.row, r.action, r.isOutlier])).toEqual([
      [3, "rectify", false],
      [7, "remove", false],
      [0, "remove", true]
    ])
    expect(result.review[2]!.outlierScore).toBe(0.5)
  })

  it("names the offending field in errors", () => {
    const fail = (fn: () => unknown) => {
      try {
        fn()
      } catch (e) {
        return e as LabelCleaningError
      }
      throw new Error("expected a failure")
    }
    expect(fail(() => cleanLabels(labels, probs, { rectifyThreshold: 2 })).reason).toBe("InvalidOption")
    expect(fail(() => findLabelIssues([0, 1], probs)).reason).toBe("InvalidShape")
    expect(fail(() => findLabelIssues([...labels.slice(0, 10), 5], probs)).field).toBe("predProbs")
    expect(fail(() => findLabelIssues([...labels.slice(0, 10), 0.5], probs)).field).toBe("labels[10]")
    const unnormalized = Matrix.fromRows([[0.5, 0.2], [0.5, 0.5]])
    expect(fail(() => findLabelIssues([0, 1], unnormalized)).field).toBe("predProbs[0]")
    expect(fail(() => findLabelIssues(labels, probs, { filterBy: "confident_learning", numToRemovePerClass: [1, 1, 1] })).reason).toBe("InvalidOption")
    expect(fail(() => outlierScores(Matrix.fromRows([[1], [2]]), { k: 2 })).reason).toBe("TooFewExamples")
  })
})
