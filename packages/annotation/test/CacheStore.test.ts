import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { keyer } from "../src/CacheKey.ts"
import type { CacheRecord, CacheStore } from "../src/CacheStore.ts"
import * as FileDirectoryCacheStore from "../src/cache-stores/fileDirectory.ts"
import * as MemoryCacheStore from "../src/cache-stores/memory.ts"

const key = keyer({ labels: ["a", "b"], provider: "p", model: "m" })
const record = (text: string, label = "a"): CacheRecord => ({
  key: key(text),
  label,
  confidence: 0.5,
  provider: "p",
  model: "m",
  costMicros: 12,
  at: "2024-01-01T00:00:00.000Z"
})

const temporaryDirectory = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "cache-store-"))),
  (directory) => Effect.sync(() => rmSync(directory, { recursive: true, force: true }))
)

const contract = (name: string, makeStore: () => Effect.Effect<CacheStore["Service"], never, import("effect").Scope.Scope>) =>
  describe(`CacheStore contract: ${name}`, () => {
    it.live("returns what was put, leaves unknown keys out, and lets a later record win", () =>
      Effect.gen(function* () {
        const store = yield* makeStore()
        expect((yield* store.getMany([key("x")])).size).toBe(0)
        const records = Array.from({ length: 300 }, (_, index) => record(`text ${index}`))
        yield* store.putMany(records)
        yield* store.putMany([record("text 7", "b")])
        const found = yield* store.getMany([...records.map((r) => r.key), key("missing")])
        expect(found.size).toBe(300)
        expect(found.get(key("text 7"))?.label).toBe("b")
        expect(found.get(key("text 8"))).toEqual(records[8])
      }))
  })

contract("memory", () => Effect.succeed(MemoryCacheStore.make()))
contract("file directory", () => Effect.map(temporaryDirectory, (directory) => FileDirectoryCacheStore.make({ directory })))

describe("CacheKey", () => {
  it("depends on text, the label set (not its order), provider and model", () => {
    const base = keyer({ labels: ["a", "b"], provider: "p", model: "m" })
    expect(base("t")).toMatch(/^[0-9a-f]{64}$/)
    expect(keyer({ labels: ["b", "a"], provider: "p", model: "m" })("t")).toBe(base("t"))
    expect(keyer({ labels: ["a", "b", "c"], provider: "p", model: "m" })("t")).not.toBe(base("t"))
    expect(keyer({ labels: ["a", "b"], provider: "q", model: "m" })("t")).not.toBe(base("t"))
    expect(keyer({ labels: ["a", "b"], provider: "p", model: "n" })("t")).not.toBe(base("t"))
    expect(base("u")).not.toBe(base("t"))
  })
})

describe("FileDirectoryCacheStore", () => {
  it.live("persists across instances in sharded JSON Lines files", () =>
    Effect.gen(function* () {
      const directory = yield* temporaryDirectory
      const records = Array.from({ length: 50 }, (_, index) => record(`doc ${index}`))
      yield* FileDirectoryCacheStore.make({ directory }).putMany(records)
      const files = readdirSync(directory)
      expect(files.length).toBeGreaterThan(10)
      expect(files.every((file) => /^[0-9a-f]{2}\.jsonl$/.test(file))).toBe(true)
      const reopened = yield* FileDirectoryCacheStore.make({ directory }).getMany(records.map((r) => r.key))
      expect(reopened.size).toBe(50)
    }))

  it.live("survives a torn last line left by a crash and keeps appending whole records", () =>
    Effect.gen(function* () {
      const directory = yield* temporaryDirectory
      const first = record("first")
      yield* FileDirectoryCacheStore.make({ directory }).putMany([first])
      const shard = join(directory, `${first.key.slice(0, 2)}.jsonl`)
      appendFileSync(shard, JSON.stringify(record("torn")).slice(0, 40))
      const second: CacheRecord = { ...first, key: first.key.slice(0, 2) + "f".repeat(62), label: "b" }
      const afterCrash = FileDirectoryCacheStore.make({ directory })
      yield* afterCrash.putMany([second])
      const found = yield* FileDirectoryCacheStore.make({ directory }).getMany([first.key, second.key, key("torn")])
      expect(found.get(first.key)).toEqual(first)
      expect(found.get(second.key)).toEqual(second)
      expect(found.has(key("torn"))).toBe(false)
      expect(readFileSync(shard, "utf8").endsWith("\n")).toBe(true)
    }))

  it.live("fails with an Io error naming the path when the directory cannot be created", () =>
    Effect.gen(function* () {
      const directory = yield* temporaryDirectory
      const blocked = join(directory, "file")
      appendFileSync(blocked, "not a directory")
      const error = yield* Effect.flip(FileDirectoryCacheStore.make({ directory: join(blocked, "cache") }).putMany([record("x")]))
      expect(error.reason).toBe("Io")
      expect(error.message).toContain(blocked)
    }))
})
