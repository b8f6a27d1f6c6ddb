import { describe, expect, it } from "vitest"
import { extract } from "../src/Extraction.ts"
import { isReplyTime } from "../src/extract/ReplyHeaders.ts"

describe("isReplyTime", () => {
  it("reads relative times and dates in several languages", () => {
    for (const text of ["3 hours ago", "an hour ago", "yesterday", "vor 2 Tagen", "il y a 5 minutes", "hace 1 día", "2 giorni fa", "há 3 horas", "4 uur geleden", "5 minut temu", "March 3, 2020 at 3:59 PM"]) {
      expect(isReplyTime(text), text).toBe(true)
    }
  })

  it("leaves names and sentences alone", () => {
    for (const text of ["Three hours later the council met.", "Jane Doe", "3 hours", "ago"]) expect(isReplyTime(text), text).toBe(false)
  })
})

/** A paragraph of the article, `n` its distinguishing word. */
const prose = (n: string): string =>
  `<p>The harbour board met on Tuesday to weigh the ${n} plan, which would move the ferry terminal, widen the quay and rebuild the old customs house, at a cost the council has yet to settle.</p>`

/** A reply of the thread, `n` its distinguishing word: its author's name (not linked) and when, then two paragraphs. */
const reply = (n: number): string =>
  `<div><div><b>reader${n}</b> <span>${n + 1} hours ago</span></div><p>I walked past the quay number ${n} this morning, and honestly the whole place, the sheds and the cranes and the old steps, looks like it needs far more than paint before anyone moves a terminal there.</p><p>My neighbour number ${n} says the same thing, and she has fished from that quay for thirty years, so the board ought to listen to people like her first.</p></div>`

/** An article followed by a long thread of replies in plain `div`s: no class, no heading, no links. */
const page = (replies: number): string =>
  `<html lang="en"><head><title>Ferry terminal to move | The Harbour Times</title></head><body><main><div><div class="text">${["alpha", "beta", "gamma", "delta"].map(prose).join("")}</div>
  <div>${Array.from({ length: replies }, (_, i) => reply(i)).join("")}</div></div></main></body></html>`

describe("a thread of replies opening with reply headers", () => {
  it("is not the article, however much longer it is", () => {
    const { content } = extract(page(20))
    for (const word of ["alpha", "beta", "gamma", "delta"]) expect(content).toContain(`the ${word} plan`)
    expect(content).not.toContain("quay number")
  })
})
