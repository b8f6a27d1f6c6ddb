import { describe, expect, it } from "vitest"
import { isForeign, scriptShare } from "../src/Language.ts"

const evidence = { minScriptShare: 0.5, minStopWordMargin: 2 }
const words = (text: string) => text.split(" ")

describe("Language", () => {
  it("measures the share of letters in the target's script", () => {
    expect(scriptShare("abc שלום", "en")).toBeCloseTo(3 / 7)
    expect(scriptShare("42 :)", "en")).toBeUndefined()
    expect(scriptShare("日本語のテキスト", "ja")).toBe(1)
  })

  it("tells English from French, German and Spanish sentences by stop words", () => {
    expect(isForeign(words("the cat is on the table"), "en", evidence)).toBe(false)
    expect(isForeign(words("le chat est sur la table et il dort"), "en", evidence)).toBe(true)
    expect(isForeign(words("der Hund ist nicht in dem Haus"), "en", evidence)).toBe(true)
    expect(isForeign(words("el perro está en la casa con los niños"), "en", evidence)).toBe(true)
    expect(isForeign(words("le chat est sur la table"), "fr", evidence)).toBe(false)
  })

  it("keeps text with too little evidence and text without letters", () => {
    expect(isForeign(words("café au lait"), "en", evidence)).toBe(false)
    expect(isForeign(["42", ":)"], "en", evidence)).toBe(false)
  })

  it("calls text in another script foreign", () => {
    expect(isForeign(words("مرحبا بالعالم"), "en", evidence)).toBe(true)
    expect(isForeign(words("مرحبا بالعالم"), "ar", evidence)).toBe(false)
    expect(isForeign(["你好世界"], "en", evidence)).toBe(true)
  })
})
