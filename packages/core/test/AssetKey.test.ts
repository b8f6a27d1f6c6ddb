import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { AssetKey, DefinitionError } from "../src/index.ts"

describe("AssetKey", () => {
  it("accepts path-like keys", () => {
    for (const text of ["raw", "raw/html-documents", "preprocess/text-normalization", "a/b.c/d_e", "2021"]) {
      expect(AssetKey.make(text)).toBe(text)
    }
  })

  it("rejects climbing, absolute, control characters, empty segments and uppercase, naming the key", () => {
    const bad = ["", "/raw", "raw/../secrets", "..", "raw//html", "raw/", "Raw", "raw\u0000x", "raw\nx", "-raw", "raw html", "a".repeat(AssetKey.MAX_LENGTH + 1)]
    for (const text of bad) {
      const result = AssetKey.parse(text)
      expect(Result.isFailure(result), text).toBe(true)
      if (Result.isFailure(result)) {
        expect(result.failure).toBeInstanceOf(DefinitionError)
        expect(result.failure.reason).toBe("InvalidKey")
        expect(result.failure.asset).toBe(text)
      }
      expect(() => AssetKey.make(text)).toThrow(DefinitionError)
    }
  })

  it("tells prefixes apart from look-alike keys", () => {
    expect(AssetKey.isUnder("raw/html", "raw")).toBe(true)
    expect(AssetKey.isUnder("raw", "raw")).toBe(true)
    expect(AssetKey.isUnder("rawer/html", "raw")).toBe(false)
  })
})
