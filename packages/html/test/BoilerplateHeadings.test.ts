import { describe, expect, it } from "vitest"
import { extract } from "../src/Extraction.ts"
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

describe("isBoilerplateHeading's legal text", () => {
  it("knows the headings of the site's terms, privacy and cookie notices in eight languages", () => {
    for (const text of ["Terms of use", "Your privacy", "Privacy policy", "Subscriber agreement", "Datenschutzerklärung", "Impressum", "Mentions légales", "Aviso legal", "Note legali", "Política de privacidade", "Algemene voorwaarden", "Polityka prywatności"]) {
      expect(isBoilerplateHeading(text), text).toBe(true)
    }
  })

  it("leaves an article's headings on privacy alone", () => {
    for (const text of ["Privacy", "Datenschutz", "Privacy and the new law", "Terms of the deal"]) expect(isBoilerplateHeading(text), text).toBe(false)
  })
})

describe("a declared article followed by the site's legal text in paragraphs", () => {
  const prose = (n: string): string =>
    `<p>The harbour board met on Tuesday to weigh the ${n} plan, which would move the ferry terminal, widen the quay and rebuild the old customs house, at a cost the council has yet to settle.</p>`
  const legal = (n: number): string =>
    `<p>Clause ${n}: by reading this site, the reader accepts that the publisher, its partners and their agents may store, combine and process the data listed in this notice, for the purposes listed in it, for as long as the law allows and the reader does not object in writing.</p>`
  const page = `<html lang="en"><head><title>Ferry terminal to move</title><meta property="og:type" content="article"></head><body><main><div class="text">${["alpha", "beta", "gamma"].map(prose).join("")}</div></main>
    <div class="small-print"><h4>Terms of use</h4>${Array.from({ length: 10 }, (_, i) => legal(i)).join("")}</div></body></html>`

  it("keeps the article and leaves the legal text out", () => {
    const { content } = extract(page)
    for (const word of ["alpha", "beta", "gamma"]) expect(content).toContain(`the ${word} plan`)
    expect(content).not.toContain("Clause")
  })
})

describe("isBoilerplateLead", () => {
  it("finds a line opening with a boilerplate heading and a colon", () => {
    expect(isBoilerplateLead("Lesen Sie auch: Der neue Hafen")).toBe(true)
    expect(isBoilerplateLead("PUEDES VER: ¿Qué es la Sunedu?")).toBe(true)
    expect(isBoilerplateLead("Lesen Sie auch den Bericht des Rates.")).toBe(false)
  })
})
