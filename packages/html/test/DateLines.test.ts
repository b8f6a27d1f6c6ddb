import { describe, expect, it } from "vitest"
import { isDateLine } from "../src/extract/DateLines.ts"

describe("isDateLine", () => {
  it("reads dates, with a time and a label, in several languages", () => {
    for (const text of ["23.10.2018", "Aktualisiert am 17.01.2021.", "Aktualisiert: 11.04.2020, 10:27", "Veröffentlichung: 2. Februar 2022", "Published March 3, 2020", "Publié le 3 avril 2020 à 12h35", "Publicado el 3 de mayo de 2022", "Mittwoch, 27. November 2019 um 15:21 Uhr"]) {
      expect(isDateLine(text), text).toBe(true)
    }
  })

  it("leaves sentences and other short lines alone", () => {
    for (const text of ["On 3 March 2020 the council met.", "Kontakt", "Tel. 0863/91131", "Ausgabe 7/2019"]) {
      expect(isDateLine(text), text).toBe(false)
    }
  })
})

describe("isDateLine's first publication and time zone", () => {
  it("takes a first-published label and a time zone after the time", () => {
    for (const line of ["First Published on Nov 20, 2019 01:38 pm", "Last Updated : Nov 20, 2019 01:41 PM IST", "Published March 3, 2020 10:30 GMT+1", "Aktualisiert: 11.04.2020, 10:27 (MESZ)"]) expect(isDateLine(line), line).toBe(true)
    for (const line of ["First seen on Nov 20, 2019", "Updated March 3, 2020 at 10:30 in Paris"]) expect(isDateLine(line), line).toBe(false)
  })
})

describe("isDateLine's times alone", () => {
  it("takes a time with a label or its half of the day, and leaves bare figures and sentences alone", () => {
    for (const line of ["Updated at 1:23 p.m.", "3:59 PM", "15:21 Uhr", "Aktualisiert um 10:27", "Updated 10:30 GMT"]) expect(isDateLine(line), line).toBe(true)
    for (const line of ["12.30", "Score 3:2", "At 3:30 pm the council met."]) expect(isDateLine(line), line).toBe(false)
  })
})

describe("isDateLine's weekday", () => {
  it("takes a weekday's name before the date, in any of the languages, and no other word", () => {
    for (const line of ["Mittwoch, 17.01.2021", "Mon. March 3, 2020", "Freitag, den 3. April 2020", "mercredi 3 avril 2020", "Wt. 03.04.2020"]) expect(isDateLine(line), line).toBe(true)
    for (const line of ["Approved September 22, 1961.", "Signed 3 April 2020", "Filed 2020-04-03"]) expect(isDateLine(line), line).toBe(false)
  })
})
