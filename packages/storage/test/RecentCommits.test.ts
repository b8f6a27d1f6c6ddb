import { describe, expect, it } from "@effect/vitest"
import type { CommitRecord } from "../src/CommitProtocol.ts"
import * as RecentCommits from "../src/RecentCommits.ts"

const commitOf = (bytes: number, sidecarBytes = 10): RecentCommits.RecentCommit => ({
  record: { bytes } as CommitRecord,
  sidecar: new Uint8Array(sidecarBytes),
  sidecarEtag: '"e"',
  data: [new Uint8Array(bytes)]
})

describe("RecentCommits", () => {
  it("recalls what was remembered for a store and key, and nothing for another store or key; forget drops it", () => {
    const store = {}
    const commit = commitOf(5)
    RecentCommits.remember(store, "a.meta.yaml", commit)
    expect(RecentCommits.recall(store, "a.meta.yaml")).toBe(commit)
    expect(RecentCommits.recall({}, "a.meta.yaml")).toBeUndefined()
    expect(RecentCommits.recall(store, "b.meta.yaml")).toBeUndefined()
    RecentCommits.forget(store, "a.meta.yaml")
    expect(RecentCommits.recall(store, "a.meta.yaml")).toBeUndefined()
  })

  it("does not keep data larger than MAX_DATA_BYTES, and a later commit of the key replaces the one kept", () => {
    const store = {}
    RecentCommits.remember(store, "k", commitOf(3))
    RecentCommits.remember(store, "k", commitOf(RecentCommits.MAX_DATA_BYTES + 1))
    expect(RecentCommits.recall(store, "k")).toBeUndefined()
    const latest = commitOf(4)
    RecentCommits.remember(store, "k", commitOf(2))
    RecentCommits.remember(store, "k", latest)
    expect(RecentCommits.recall(store, "k")).toBe(latest)
  })

  it("evicts the least recently used past MAX_ENTRIES", () => {
    const store = {}
    for (let i = 0; i < RecentCommits.MAX_ENTRIES; i++) RecentCommits.remember(store, `k${i}`, commitOf(1, 1))
    // Using k0 makes k1 the least recently used.
    expect(RecentCommits.recall(store, "k0")).toBeDefined()
    RecentCommits.remember(store, "new", commitOf(1, 1))
    expect(RecentCommits.recall(store, "k1")).toBeUndefined()
    expect(RecentCommits.recall(store, "k0")).toBeDefined()
    expect(RecentCommits.recall(store, "k2")).toBeDefined()
    expect(RecentCommits.recall(store, "new")).toBeDefined()
  })

  it("evicts the least recently used past MAX_STORE_BYTES", () => {
    const store = {}
    const each = RecentCommits.MAX_DATA_BYTES
    const fitting = Math.floor(RecentCommits.MAX_STORE_BYTES / each)
    for (let i = 0; i < fitting; i++) RecentCommits.remember(store, `k${i}`, commitOf(each, 0))
    expect(RecentCommits.recall(store, "k0")).toBeDefined()
    RecentCommits.remember(store, "over", commitOf(each, 0))
    expect(RecentCommits.recall(store, "k1")).toBeUndefined()
    expect(RecentCommits.recall(store, "k0")).toBeDefined()
    expect(RecentCommits.recall(store, "over")).toBeDefined()
  })

  it("collector keeps chunks up to MAX_DATA_BYTES, then gives them all up", () => {
    const small = RecentCommits.collector()
    const first = new Uint8Array(2)
    small.add(first)
    small.add(new Uint8Array(RecentCommits.MAX_DATA_BYTES - 2))
    expect(small.chunks()?.length).toBe(2)
    expect(small.chunks()?.[0]).toBe(first)
    small.add(new Uint8Array(1))
    expect(small.chunks()).toBeUndefined()
    small.add(new Uint8Array(1))
    expect(small.chunks()).toBeUndefined()
  })
})
