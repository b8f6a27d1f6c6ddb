import { describe, expect, it } from "vitest"
import { isBoilerplateHeading, isBoilerplateLead } from "../src/extract/BoilerplateHeadings.ts"

describe("isBoilerplateHeading", () => {
  it("knows the headings of related articles, recommendations and comments in eight languages", () => {
    for (const text of ["Related articles", "3 responses to A day out", "Auch interessant", "Das Thema könnte dich auch interessieren", "Neueste Artikel", "À lire aussi", "Audios et vidéos sur le sujet", "Te puede interesar", "Leggi anche", "Veja também", "Lees ook", "Czytaj też", "5 Kommentare", "Tell us what you think", "What do you think", "Was denkst du", "Ihre Meinung", "Related news", "Related links"]) {
      expect(isBoilerplateHeading(text), text).toBe(true)
    }
  })

  it("leaves an article's own headings alone", () => {
    for (const text of ["Comments from the council", "Die Geschichte des Hafens", "Le marché du travail", "Kommentare der Leser zum Haushalt des Jahres"]) {
      expect(isBoilerplateHeading(text), text).toBe(false)
    }
  })
})

describe("isBoilerplateLead", () => {
  it("finds a line opening with a boilerplate heading and a colon", () => {
    expect(isBoilerplateLead("Lesen Sie auch: Der neue Hafen")).toBe(true)
    expect(isBoilerplateLead("PUEDES VER: ¿Qué es la Sunedu?")).toBe(true)
    expect(isBoilerplateLead("Lesen Sie auch den Bericht des Rates.")).toBe(false)
  })
})
