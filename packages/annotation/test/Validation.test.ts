import { describe, expect, it } from "vitest"
import { validate } from "../src/Validation.ts"

const LABELS = ["x", "y"]

describe("Validation", () => {
  it("accepts valid answers and quarantines every kind of bad one with its reason", () => {
    const verdict = validate(["1", "2", "3", "4", "5", "6", "7"], LABELS, [
      { id: "1", label: "x", confidence: 0.7 },
      { id: "2", label: "z", confidence: 0.9 },
      { id: "3", label: 7 },
      { id: "4", label: "y", confidence: 1.5 },
      { id: "5", label: null },
      { id: "6", label: "x" },
      { id: "6", label: "y" },
      { id: "8", label: "x" },
      "garbage"
    ])
    expect(verdict.labeled).toEqual([{ id: "1", label: "x", confidence: 0.7 }])
    expect(verdict.quarantined.map((item) => [item.id, item.reason])).toEqual([
      ["2", "LabelOutsideSet"],
      ["3", "MalformedAnswer"],
      ["4", "MalformedAnswer"],
      ["5", "Abstained"],
      ["6", "ConflictingAnswers"],
      ["7", "MissingFromAnswer"],
      ["8", "UnexpectedId"],
      ["", "MalformedAnswer"]
    ])
    expect(verdict.quarantined[0]!.detail).toContain('"z"')
  })

  it("keeps a repeated identical answer and defaults a missing confidence to 1", () => {
    const verdict = validate(["1"], LABELS, [
      { id: "1", label: "y" },
      { id: "1", label: "y" }
    ])
    expect(verdict).toEqual({ labeled: [{ id: "1", label: "y", confidence: 1 }], quarantined: [] })
  })
})
