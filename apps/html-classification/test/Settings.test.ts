import { describe, expect, it } from "vitest"
import * as Settings from "../src/Settings.ts"

describe("Settings", () => {
  it("fills every default from an empty configuration", () => {
    expect(Settings.fromConfig(undefined)).toEqual(Settings.DEFAULTS)
  })

  it("names the field and the fix when a value is wrong", () => {
    expect(() => Settings.fromConfig({ normalization: { versions: { v1: ["no_such_rule"] } }, annotation: { normalizationVersion: "v1" } })).toThrow(/settings\.normalization\.versions.*no_such_rule/s)
    expect(() => Settings.fromConfig({ annotation: { normalizationVersion: "v7" } })).toThrow(/settings\.annotation\.normalizationVersion.*v1, v2/)
    expect(() => Settings.fromConfig({ model: { folds: 1 } })).toThrow(/settings\.model\.folds/)
    expect(() => Settings.fromConfig({ cleaning: { rectifyThreshold: 2 } })).toThrow(/settings\.cleaning\.rectifyThreshold/)
  })
})
