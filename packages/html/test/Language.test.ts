import { describe, expect, it } from "vitest"
import { detectLanguage, settleLanguage } from "../src/extract/Language.ts"

const english = "The cat and the dog were in the garden, and it was said that they have been there for a long time with the birds."
const german = "Der Hund und die Katze sind nicht im Garten, und es ist auch nicht klar, wie sie mit den Vögeln leben werden."

describe("detectLanguage", () => {
  it("decides by the writing system, kana over Han, whatever the Latin words around", () => {
    expect(detectLanguage(`Привет, это длинный русский текст о погоде и о городе. ${english.slice(0, 20)}`)).toBe("ru")
    expect(detectLanguage("Αυτό είναι ένα ελληνικό κείμενο για τον καιρό.")).toBe("el")
    expect(detectLanguage("東京は大きい都市です。")).toBe("ja")
    expect(detectLanguage("这是一个关于天气的中文句子。")).toBe("zh")
  })

  it("votes with stop words on Latin text, with or without emojis, typographic quotes or letters outside the BMP", () => {
    expect(detectLanguage(english)).toBe("en")
    expect(detectLanguage(`${english} 😀 “quoted” 𝒜`)).toBe("en")
    expect(detectLanguage(german)).toBe("de")
    expect(detectLanguage(`😀 ${german}`)).toBe("de")
  })

  it("finds nothing in text without letters or with too few stop words", () => {
    expect(detectLanguage("123 456 — 789 😀")).toBeUndefined()
    expect(detectLanguage("Kettle boils water quickly")).toBeUndefined()
  })

  it("counts no letter behind a lone high surrogate, as the script count reads it", () => {
    // Each stop word follows a lone high surrogate, which hides the letter after it from the
    // letter count: the sample has no letters, so nothing is detected.
    expect(detectLanguage("\ud800a \ud800a \ud800a \ud800a \ud800a \ud800a")).toBeUndefined()
  })

  it("breaks a tie in the vote by language code and wants a clear lead", () => {
    // "de" is a stop word of es, pt, nl and tr alike: a tie with no lead.
    expect(detectLanguage("de de de de de de")).toBeUndefined()
  })
})

describe("settleLanguage", () => {
  it("keeps the declared language unless the text clearly says otherwise", () => {
    expect(settleLanguage("en-US", english)).toEqual({ language: "en", source: "confirmed" })
    expect(settleLanguage("fr", english)).toEqual({ language: "en", source: "overruled" })
    expect(settleLanguage("de", "Kettle")).toEqual({ language: "de", source: "declared" })
    expect(settleLanguage(undefined, german)).toEqual({ language: "de", source: "detected" })
  })
})
