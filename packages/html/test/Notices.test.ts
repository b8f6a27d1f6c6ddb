import { describe, expect, it } from "vitest"
import { isNotice } from "../src/extract/Notices.ts"

describe("isNotice", () => {
  it("finds calls to follow or subscribe, contact lines and copyright notices", () => {
    for (const text of [
      "Follow us on Twitter @example or Facebook.",
      "Follow Jane Doe on Instagram.",
      "Get the latest updates right in your inbox. Subscribe to Example's newsletters.",
      "Subscribe to the Example Toys YouTube channel for the latest videos.",
      "If you enjoyed this article, we have a proposition for you.",
      "Have a tip? Jane Doe may be reached at jane@example.com.",
      "© 2019 Example News. All rights reserved.",
      "Copyright © 2023 Example Advisors, Inc.",
      "This document is subject to copyright. No part may be reproduced without permission."
    ]) {
      expect(isNotice(text), text).toBe(true)
    }
  })

  it("leaves prose about following, subscriptions or rights alone", () => {
    for (const text of [
      "The team will follow the river on foot for three days.",
      "Subscriptions to the streaming service rose by a third this year.",
      "The court ruled that the rights of the tenants were reserved for a later hearing.",
      "She reached the summit at dawn."
    ]) {
      expect(isNotice(text), text).toBe(false)
    }
  })

  it("finds notices in other languages, share labels and picture credits", () => {
    for (const text of [
      "Folgen Sie uns auf Twitter.",
      "Inscrivez-vous à notre newsletter.",
      "Zapraszamy też do subskrypcji tygodnika.",
      "Wir verwenden Cookies, um Ihnen die beste Online-Erfahrung zu bieten.",
      "Du musst eingeloggt sein, um Kommentare zu schreiben!",
      "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht.",
      "Teilen mit:",
      "Share this:",
      "Gefällt mir Wird geladen...",
      "Titelbild: Jane Doe/Agentur",
      "(Credit: Jane Doe / Example Agency)"
    ]) {
      expect(isNotice(text), text).toBe(true)
    }
    for (const text of ["Teilen wir die Kosten?", "Die Fotos zeigen den Hafen bei Nacht.", "Share prices rose by a third."]) {
      expect(isNotice(text), text).toBe(false)
    }
  })
})

describe("isNotice with englishOnly", () => {
  it("reads the English phrases and the labels only, for a page that declares itself English", () => {
    expect(isNotice("Wir verwenden Cookies, um die Seite zu verbessern.")).toBe(true)
    expect(isNotice("Wir verwenden Cookies, um die Seite zu verbessern.", { englishOnly: true })).toBe(false)
    expect(isNotice("This website uses cookies.", { englishOnly: true })).toBe(true)
    expect(isNotice("Teilen mit:", { englishOnly: true })).toBe(true)
    expect(isNotice("  Foto :\n dpa", { englishOnly: true })).toBe(true)
  })
})
