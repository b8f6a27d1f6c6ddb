import { describe, expect, it } from "vitest"
import { isFilingLine, isFurnitureLabel, isNotice } from "../src/extract/Notices.ts"

describe("isNotice", () => {
  it("finds calls to follow or subscribe, contact lines and copyright notices", () => {
    for (const text of [
      "Follow us on Twitter @example or Facebook.",
      "Follow Jane Doe on Instagram.",
      "Welcome to Example's Daily Deals. Follow us at Twitter @exampledeals.",
      "Get the latest updates right in your inbox. Subscribe to Example's newsletters.",
      "Subscribe to the Example Toys YouTube channel for the latest videos.",
      "If you enjoyed this article, we have a proposition for you.",
      "Have a tip? Jane Doe may be reached at jane@example.com.",
      "© 2019 Example News. All rights reserved.",
      "Copyright © 2023 Example Advisors, Inc.",
      "The pier at dawn, installation views, photos © Example Press, 2018",
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
      "Lust auf mehr? Melde dich hier für unseren Newsletter an!",
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
    for (const text of ["Teilen wir die Kosten?", "Die Fotos zeigen den Hafen bei Nacht.", "Share prices rose by a third.", "Melde dich beim Amt an, bevor du den Newsletter liest."]) {
      expect(isNotice(text), text).toBe(false)
    }
  })
})

describe("isNotice's calls for feedback and script notices", () => {
  it("finds calls for the reader's opinion and notices that the page needs JavaScript", () => {
    for (const text of ["We want to hear what you think about this article. Submit a letter to the editor.", "Tell us what you think in the comments.", "This slideshow requires JavaScript.", "Please enable JavaScript to view the comments.", "Bitte aktivieren Sie JavaScript."]) {
      expect(isNotice(text), text).toBe(true)
    }
    for (const text of ["The app was written in JavaScript and ships this week.", "Voters told us what they think of the plan."]) {
      expect(isNotice(text), text).toBe(false)
    }
  })
})

describe("isNotice's reading times", () => {
  it("finds a block that is only a reading time, in several languages, and leaves prose about reading alone", () => {
    for (const text of ["Reading time: 8 minutes", "5 min read", "Lesezeit: 3 Min.", "Tempo de leitura: 1 minuto", "Temps de lecture : 4 minutes"]) expect(isNotice(text), text).toBe(true)
    for (const text of ["The reading time of the book is 8 hours.", "Reading time matters to 5 readers in 10."]) expect(isNotice(text), text).toBe(false)
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

describe("isNotice's calls to follow the site's coverage", () => {
  it("finds a news agency's line pointing to its coverage of a topic, and leaves prose about coverage alone", () => {
    for (const text of ["Follow AP's full coverage of Brexit and British politics at https://example.com/Brexit", "Follow our live coverage of the election here."]) expect(isNotice(text), text).toBe(true)
    for (const text of ["The channel's coverage of the storm ran for ten hours.", "Viewers who follow the news saw the coverage of the vote."]) expect(isNotice(text), text).toBe(false)
  })
})

describe("isNotice's skip links and placeholders", () => {
  it("finds a block that is only skip links, a loading placeholder or an advertisement's label, in several languages", () => {
    for (const text of ["Skip to main content", "Jump to navigationJump to search", "Skip to Content Skip to Navigation", "Zum Inhalt springen", "Aller au contenu principal", "Loading...", "Wird geladen …", "Sponsored", "- Anzeige -", "Publicité"]) {
      expect(isNotice(text), text).toBe(true)
    }
    for (const text of ["Skip to the end if you know the story.", "Loading the ferry took an hour.", "Sponsored by the council, the fair opens today."]) expect(isNotice(text), text).toBe(false)
  })
})

describe("isFurnitureLabel", () => {
  it("finds skip links and placeholders as an element's whole text only", () => {
    for (const text of ["Skip to main content", "skip to main contentskip to footer", "Loading...", "Advertisement"]) expect(isFurnitureLabel(text), text).toBe(true)
    for (const text of ["Skip the sauce if you are in a hurry", "Loading bays", "Advertisement rules for the fair"]) expect(isFurnitureLabel(text), text).toBe(false)
  })
})

describe("isFilingLine", () => {
  it("finds a line opening with the label of the article's filing, in several languages", () => {
    for (const text of ["Filed under: Politics |", "Tags: Employment, Health & Fitness", "Category: Personal Finance 101", "Kategorie: News", "Schlagworte: Schule, Bildung", "Catégories : Voyage", "Etiquetas: playa"]) {
      expect(isFilingLine(text), text).toBe(true)
    }
  })

  it("leaves prose about tags, a label alone and a wiki's category link alone", () => {
    for (const text of ["Tags are how the site files its posts.", "Categories", "Category:Benchmarking", "The topics: trade, tax and the harbour."]) expect(isFilingLine(text), text).toBe(false)
  })
})

describe("isNotice's pitches opening on the reader's liking", () => {
  const pitches = [
    "If you liked this blog post, you'll probably love our app, too.",
    "If you enjoyed my article, please feel free to share it.",
    "If you're enjoying this article, consider supporting our journalism by subscribing.",
    "Enjoyed this piece? We need your help to keep publishing."
  ]
  const prose = ["If you enjoyed the film, the book is better still.", "Readers who liked this story wrote to the paper.", "She enjoyed this article's first draft more than the last."]

  it("finds the site's pitch after the article, and leaves prose about liking alone", () => {
    expect(pitches.filter((line) => !isNotice(line))).toEqual([])
    expect(prose.filter((line) => isNotice(line))).toEqual([])
  })
})
