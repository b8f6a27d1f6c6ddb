import { describe, expect, it } from "vitest"
import * as RowDiff from "../src/RowDiff.ts"

const compare = (older: ReadonlyArray<unknown>, newer: ReadonlyArray<unknown>, key?: string) => {
  const rows = RowDiff.make(key)
  for (const row of older) rows.addBefore(row)
  for (const row of newer) rows.addAfter(row)
  return rows.result()
}

describe("RowDiff", () => {
  const older = [
    { url: "a", title: "A" },
    { url: "b", title: "B" },
    { url: "c", title: "C" }
  ]
  const newer = [
    { url: "a", title: "A" },
    { url: "c", title: "C, edited" },
    { url: "d", title: "D" }
  ]

  it("matches rows by a key column: added, removed, changed and unchanged, with the keys as examples", () => {
    expect(compare(older, newer, "url")).toEqual({
      key: "url",
      before: 3,
      after: 3,
      added: 1,
      removed: 1,
      changed: 1,
      unchanged: 1,
      examples: { added: ["d"], removed: ["b"], changed: ["c"] }
    })
  })

  it("without a key, matches rows by content: a changed row reads as removed and added, shown by its JSON", () => {
    const result = compare(older, newer)
    expect(result).toMatchObject({ before: 3, after: 3, added: 2, removed: 2, changed: 0, unchanged: 1 })
    expect(result.key).toBeUndefined()
    expect(result.examples.removed).toEqual(['{"url":"b","title":"B"}', '{"url":"c","title":"C"}'])
    expect(result.examples.added).toEqual(['{"url":"c","title":"C, edited"}', '{"url":"d","title":"D"}'])
  })

  it("counts repeated rows and repeated keys one by one", () => {
    const twice = [{ url: "a", n: 1 }, { url: "a", n: 1 }]
    expect(compare(twice, [{ url: "a", n: 1 }])).toMatchObject({ added: 0, removed: 1, unchanged: 1 })
    const result = compare(twice, [{ url: "a", n: 1 }, { url: "a", n: 2 }], "url")
    expect(result).toMatchObject({ added: 0, removed: 0, changed: 1, unchanged: 1 })
    expect(result.examples.changed).toEqual(["a#2"])
  })

  it("lists at most five examples of each kind, and says in its text that there are more", () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ url: `u${i}` }))
    const result = compare([], many, "url")
    expect(result.examples.added).toEqual(["u0", "u1", "u2", "u3", "u4"])
    expect(RowDiff.toText(result)).toEqual(["rows (by url):", "  0 -> 8: 8 added, 0 removed, 0 changed, 0 unchanged", "  added: u0, u1, u2, u3, u4, ..."])
  })
})
