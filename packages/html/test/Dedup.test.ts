import { describe, expect, it } from "vitest"
import { compareFreshness, type DedupDocument, makeDeduplicator } from "../src/index.ts"

const article = (seed: string, length = 120): string => Array.from({ length }, (_, i) => `${seed}${i % 97} word${i}`).join(" ")

const run = (docs: ReadonlyArray<DedupDocument>, options: Parameters<typeof makeDeduplicator>[0] = {}) => {
  const dedup = makeDeduplicator(options)
  for (const doc of docs) dedup.add(doc)
  return dedup.result()
}

/** Deterministic permutations of a list (rotations and the reverse of each). */
const orders = <T>(items: ReadonlyArray<T>): Array<Array<T>> =>
  items.flatMap((_, shift) => {
    const rotated = [...items.slice(shift), ...items.slice(0, shift)]
    return [rotated, [...rotated].reverse()]
  })

describe("Dedup", () => {
  it("keeps the freshest copy of one normalized URL", () => {
    const result = run([
      { id: "old", url: "https://Example.com/a?utm_source=x", fetchedAt: "2024-01-01T00:00:00Z" },
      { id: "new", url: "https://example.com/a#top", fetchedAt: "2024-02-01T00:00:00Z" }
    ])
    expect(result.isKept("new")).toBe(true)
    expect(result.decision("old")).toEqual({ kept: false, reason: "duplicate_url", duplicateOf: "new" })
    expect(result.removed.duplicate_url).toBe(1)
  })

  it("breaks timestamp ties by larger content length, then by the smallest id", () => {
    const tie = [
      { id: "b", url: "https://h.com/x", fetchedAt: 5, contentLength: 10 },
      { id: "a", url: "https://h.com/x", fetchedAt: 5, contentLength: 10 },
      { id: "c", url: "https://h.com/x", fetchedAt: 5, contentLength: 9 }
    ]
    for (const order of orders(tie)) {
      const result = run(order)
      expect(["a", "b", "c"].filter(result.isKept)).toEqual(["a"])
    }
    expect(compareFreshness({ id: "z", fetchedAt: 2, length: 0 }, { id: "a", fetchedAt: 1, length: 99 })).toBeLessThan(0)
    const longer = run(tie.map((doc) => (doc.id === "c" ? { ...doc, contentLength: 11 } : doc)))
    expect(longer.isKept("c")).toBe(true)
  })

  it("honours rel=canonical", () => {
    const result = run([
      { id: "amp", url: "https://h.com/story/amp", canonicalUrl: "/story", fetchedAt: 1 },
      { id: "main", url: "https://h.com/story", fetchedAt: 2 }
    ])
    expect(result.decision("amp")).toEqual({ kept: false, reason: "canonical", duplicateOf: "main" })
  })

  it("removes the same normalized title on the same host only", () => {
    const result = run([
      { id: "1", url: "https://h.com/a", title: "Big News: Markets Rise!", fetchedAt: 1 },
      { id: "2", url: "https://h.com/b", title: "big news  markets rise", fetchedAt: 2 },
      { id: "3", url: "https://other.com/b", title: "Big News: Markets Rise", fetchedAt: 3 },
      { id: "4", url: "https://h.com/c", title: "Home", fetchedAt: 4 },
      { id: "5", url: "https://h.com/d", title: "Home", fetchedAt: 5 }
    ])
    expect(["1", "2", "3", "4", "5"].filter(result.isKept)).toEqual(["2", "3", "4", "5"])
    expect(result.removed.duplicate_title).toBe(1)
  })

  it("removes near-duplicate content, keeping the freshest, and keeps different content", () => {
    const text = article("t", 300)
    const edited = text.replace("t5 word5", "t5 changed5")
    const result = run([
      { id: "orig", url: "https://a.com/1", content: text, fetchedAt: 1 },
      { id: "copy", url: "https://b.com/2", content: edited, fetchedAt: 2 },
      { id: "other", url: "https://c.com/3", content: article("q", 300), fetchedAt: 3 }
    ])
    expect(result.decision("orig")).toEqual({ kept: false, reason: "near_duplicate", duplicateOf: "copy" })
    expect(result.isKept("other")).toBe(true)
  })

  it("finds every lightly edited copy among many articles on one vocabulary, and flags no distinct article", () => {
    let state = 2024
    const next = (bound: number): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
      return state % bound
    }
    const vocabulary = "the of and to a in that is was he for it with as his on be at by had not are but from or have an they which one you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people".split(" ")
    const articles = Array.from({ length: 40 }, () => Array.from({ length: 250 + next(300) }, () => vocabulary[next(vocabulary.length)] as string))
    const docs: Array<DedupDocument> = articles.flatMap((words, i) => {
      const copy = [...words]
      // Three words changed: at most 15 of the article's 250 or more shingles differ, a Jaccard similarity of at least 0.88.
      for (let edit = 0; edit < 3; edit++) copy[next(copy.length)] = `changed${edit}`
      return [
        { id: `article${i}`, url: `https://a.com/${i}`, content: words.join(" "), fetchedAt: 2 },
        { id: `copy${i}`, url: `https://b.com/${i}`, content: copy.join(" "), fetchedAt: 1 }
      ]
    })
    const result = run(docs)
    expect(articles.map((_, i) => result.decision(`copy${i}`))).toEqual(articles.map((_, i) => ({ kept: false, reason: "near_duplicate", duplicateOf: `article${i}` })))
    expect(articles.every((_, i) => result.isKept(`article${i}`))).toBe(true)
    expect(result.removed.near_duplicate).toBe(articles.length)
  })

  it("does not compare texts below the minimum word count", () => {
    const short = article("m", 20)
    const docs = [
      { id: "a", url: "https://a.com/1", content: short, fetchedAt: 1 },
      { id: "b", url: "https://b.com/1", content: short, fetchedAt: 2 }
    ]
    expect(run(docs).removed.near_duplicate).toBe(0)
    expect(run(docs, { minNearDuplicateWords: 10 }).removed.near_duplicate).toBe(1)
  })

  it("follows the threshold: a text sharing about 60% of its shingles is kept at 0.8 and removed at 0.45", () => {
    const base = article("t", 400)
    const half = `${base.split(" ").slice(0, 600).join(" ")} ${article("n", 100)}`
    const docs = [
      { id: "a", url: "https://a.com/1", content: base, fetchedAt: 1 },
      { id: "b", url: "https://b.com/1", content: half, fetchedAt: 2 }
    ]
    expect(run(docs).removed.near_duplicate).toBe(0)
    expect(run(docs, { minHash: { threshold: 0.45, bands: 40, rows: 3 } }).removed.near_duplicate).toBe(1)
  })

  it("decides the same whatever the input order, and counts every reason", () => {
    const text = article("s", 200)
    const docs: Array<DedupDocument> = [
      { id: "d1", url: "https://h.com/p", content: text, fetchedAt: 10, title: "Some long title here" },
      { id: "d2", url: "https://h.com/p?utm_campaign=z", content: text, fetchedAt: 20 },
      { id: "d3", url: "https://h.com/q", content: `${text} extra`, fetchedAt: 15 },
      { id: "d4", url: "https://h.com/r", title: "Some long title here", fetchedAt: 30 },
      { id: "d5", url: "not a url", fetchedAt: 1 },
      { id: "d6", url: "https://h.com/amp", canonicalUrl: "https://h.com/p", fetchedAt: 5 }
    ]
    const snapshots = orders(docs).map((order) => {
      const result = run(order)
      return { decisions: docs.map((doc) => result.decision(doc.id)), removed: result.removed, kept: result.kept }
    })
    for (const snapshot of snapshots) expect(snapshot).toEqual(snapshots[0])
    expect(snapshots[0]?.removed).toEqual({ invalid_url: 1, repeated_id: 0, duplicate_url: 1, canonical: 1, duplicate_title: 0, near_duplicate: 1 })
    expect(snapshots[0]?.kept).toBe(2)
  })

  it("ignores a repeated id and counts it", () => {
    const result = run([
      { id: "x", url: "https://h.com/1", fetchedAt: 1 },
      { id: "x", url: "https://h.com/2", fetchedAt: 2 }
    ])
    expect(result.removed.repeated_id).toBe(1)
    expect(result.seen).toBe(2)
    expect(result.kept).toBe(1)
  })
})
