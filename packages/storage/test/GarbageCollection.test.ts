import { existsSync, readdirSync, utimesSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { scratchFolders } from "@strata/testkit"
import { Effect, Option, Stream } from "effect"
import { BlobStore } from "../src/BlobStore.ts"
import * as Claims from "../src/Claims.ts"
import * as CommitProtocol from "../src/CommitProtocol.ts"
import * as DatasetLayout from "../src/DatasetLayout.ts"
import * as LocalFsDriver from "../src/drivers/local-fs.ts"
import * as GarbageCollection from "../src/GarbageCollection.ts"
import { commitText, layoutOf } from "./CommitProtocolContract.ts"

const scratch = scratchFolders("strata-gc-")
afterAll(scratch.removeAll)

const encoder = new TextEncoder()
const HOUR_MS = 3_600_000
/** A collection that counts everything written before now plus a minute as old. */
const afterEverything = () => ({ before: new Date(Date.now() + 60_000), now: new Date() })

const keysUnder = (prefix: string) => BlobStore.use((store) => Stream.runCollect(store.list(prefix))).pipe(Effect.map((infos) => infos.map((info) => info.key)))

/** Sets a file's modification time `ms` into the past. */
const age = (root: string, key: string, ms: number) => {
  const when = new Date(Date.now() - ms)
  utimesSync(join(root, key), when, when)
}

const readText = (layout: DatasetLayout.DatasetLayout, version?: string) =>
  Effect.gen(function* () {
    const committed = yield* CommitProtocol.readCommitted(layout, version === undefined ? {} : { version })
    if (Option.isNone(committed)) return undefined
    return Buffer.concat(yield* Stream.runCollect(committed.value.data)).toString("utf8")
  })

/** Commits a partition, then stages a re-commit that is never committed (a runner killed in between). */
const stagedThenKilled = (layout: DatasetLayout.DatasetLayout) =>
  Effect.gen(function* () {
    yield* commitText(layout, "committed\n")
    return yield* CommitProtocol.stage(layout, Stream.make(encoder.encode("never committed\n")))
  })

describe("GarbageCollection", () => {
  it.effect("removes data staged by a killed run once it is older than `before`, never the committed data; a dry run removes nothing", () => {
    const root = scratch.make()
    return Effect.gen(function* () {
      const layout = yield* layoutOf("2021-09-02")
      const staged = yield* stagedThenKilled(layout)
      expect(staged.stagingKey).toContain("proj/_staging/silver%2Fdocs/2021-09-02,")

      const tooRecent = yield* GarbageCollection.collect("proj", "silver/docs", { before: new Date(Date.now() - HOUR_MS), now: new Date() })
      expect(tooRecent.garbage).toEqual([])

      age(root, staged.stagingKey, 2 * HOUR_MS)
      const dry = yield* GarbageCollection.collect("proj", "silver/docs", { before: new Date(Date.now() - HOUR_MS), now: new Date(), dryRun: true })
      expect(dry.garbage).toEqual([{ kind: "staging", key: staged.stagingKey, bytes: "never committed\n".length, partition: "2021-09-02" }])
      expect(yield* keysUnder("proj/_staging/")).toEqual([staged.stagingKey])

      const done = yield* GarbageCollection.collect("proj", "silver/docs", { before: new Date(Date.now() - HOUR_MS), now: new Date() })
      expect(done.garbage.map((garbage) => garbage.key)).toEqual([staged.stagingKey])
      expect(yield* keysUnder("proj/_staging/")).toEqual([])
      expect(yield* readText(layout)).toBe("committed\n")
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("keeps the `keep` most recent earlier versions of each partition, removing each older one's sidecar before its data", () =>
    Effect.gen(function* () {
      const layout = yield* layoutOf("2021-09-03")
      for (const content of ["v1\n", "v2\n", "v3\n", "v4\n"]) yield* commitText(layout, content)
      const before = yield* CommitProtocol.versions(layout)
      expect(before).toHaveLength(4)

      const untouched = yield* GarbageCollection.collect("proj", "silver/docs", afterEverything())
      expect(untouched.garbage).toEqual([])

      const collection = yield* GarbageCollection.collect("proj", "silver/docs", { ...afterEverything(), keep: 1 })
      const oldest = before.slice(0, 2).map((record) => record.commitId)
      expect(collection.garbage.map((garbage) => [garbage.kind, garbage.key.split("/").slice(-2).join("/")])).toEqual([
        ["history", `${oldest[0]}/docs.meta.yaml`],
        ["history", `${oldest[0]}/docs.jsonl`],
        ["history", `${oldest[1]}/docs.meta.yaml`],
        ["history", `${oldest[1]}/docs.jsonl`]
      ])
      const after = yield* CommitProtocol.versions(layout)
      expect(after.map((record) => record.commitId)).toEqual(before.slice(2).map((record) => record.commitId))
      expect(yield* readText(layout, before[2]!.commitId)).toBe("v3\n")
      expect(yield* readText(layout)).toBe("v4\n")
      expect(yield* readText(layout, before[0]!.commitId)).toBeUndefined()
    }).pipe(Effect.provide(LocalFsDriver.layer({ root: scratch.make() })))
  )

  it.effect("with keep 0 removes every earlier version and the folders they leave empty", () => {
    const root = scratch.make()
    return Effect.gen(function* () {
      const layout = yield* layoutOf("2021-09-04")
      for (const content of ["a\n", "b\n", "c\n"]) yield* commitText(layout, content)
      yield* GarbageCollection.collect("proj", "silver/docs", { ...afterEverything(), keep: 0 })
      expect(yield* keysUnder("proj/_history/")).toEqual([])
      expect(existsSync(join(root, "proj/_history"))).toBe(false)
      expect((yield* CommitProtocol.versions(layout)).length).toBe(1)
      expect(yield* readText(layout)).toBe("c\n")
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("leaves alone every partition a runner holds a live claim on, and says so", () => {
    const root = scratch.make()
    return Effect.gen(function* () {
      const held = yield* layoutOf("2021-09-05")
      const free = yield* layoutOf("2021-09-06")
      const heldStaging = yield* stagedThenKilled(held)
      const freeStaging = yield* stagedThenKilled(free)
      for (const content of ["x\n", "y\n"]) yield* commitText(held, content)
      const claim = yield* Claims.claim(held, "host/1/run", 60_000)
      expect(Option.isSome(claim)).toBe(true)
      const collection = yield* GarbageCollection.collect("proj", "silver/docs", { ...afterEverything(), keep: 0 })
      expect(collection.busy).toEqual(["2021-09-05"])
      expect(collection.garbage.map((garbage) => garbage.key)).toEqual([freeStaging.stagingKey])
      expect(yield* keysUnder(heldStaging.stagingKey)).toEqual([heldStaging.stagingKey])
      expect((yield* CommitProtocol.versions(held)).length).toBe(3)

      // An expired claim, or one whose holder is gone, protects nothing.
      const later = yield* GarbageCollection.collect("proj", "silver/docs", { before: new Date(Date.now() + 60_000), now: new Date(Date.now() + 120_000), keep: 0 })
      expect(later.busy).toEqual([])
      expect(later.garbage.some((garbage) => garbage.key === heldStaging.stagingKey)).toBe(true)
      expect((yield* CommitProtocol.versions(held)).length).toBe(1)
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("removes a history copy interrupted before its sidecar, even when every version is kept", () => {
    const root = scratch.make()
    return Effect.gen(function* () {
      const layout = yield* layoutOf("2021-09-07")
      yield* commitText(layout, "only\n")
      const orphan = `${DatasetLayout.internalPartitionPrefix("history", layout)}0000000000-deadbeef/docs.jsonl`
      yield* BlobStore.use((store) => store.put(orphan, encoder.encode("half a copy\n")))
      const recent = yield* GarbageCollection.collect("proj", "silver/docs", { before: new Date(Date.now() - HOUR_MS), now: new Date() })
      expect(recent.garbage).toEqual([])
      age(root, orphan, 2 * HOUR_MS)
      const collection = yield* GarbageCollection.collect("proj", "silver/docs", { before: new Date(Date.now() - HOUR_MS), now: new Date() })
      expect(collection.garbage).toEqual([{ kind: "history", key: orphan, bytes: "half a copy\n".length, partition: "2021-09-07" }])
      expect(yield* keysUnder("proj/_history/")).toEqual([])
      expect(yield* readText(layout)).toBe("only\n")
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("sweeps the temporary files of interrupted writes, named by the object they were writing, once they are old", () => {
    const root = scratch.make()
    return Effect.gen(function* () {
      const layout = yield* layoutOf("2021-09-08")
      yield* commitText(layout, "kept\n")
      const folder = join(root, DatasetLayout.partitionPrefix(layout))
      const old = "docs.meta.yaml.1a2b-0123abcd-7.strata-tmp"
      const fresh = "docs.meta.yaml.1a2b-0123abcd-8.strata-tmp"
      writeFileSync(join(folder, old), "torn")
      writeFileSync(join(folder, fresh), "being written")
      age(root, `${DatasetLayout.partitionPrefix(layout)}${old}`, 2 * HOUR_MS)
      const collection = yield* GarbageCollection.collect("proj", "silver/docs", { before: new Date(Date.now() - HOUR_MS), now: new Date() })
      expect(collection.garbage).toEqual([{ kind: "leftover", key: DatasetLayout.sidecarKey(layout), bytes: 4 }])
      expect(readdirSync(folder).sort()).toEqual(["docs.jsonl", "docs.meta.yaml", fresh])
      expect(yield* readText(layout)).toBe("kept\n")
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })
})

describe("GarbageCollection orphans", () => {
  it.effect("finds the assets committed in storage that the definitions no longer have, and removes one whole, sparing defined assets nested in its folder", () =>
    Effect.gen(function* () {
      const docs = yield* layoutOf("2021-09-02")
      yield* commitText(docs, "docs v1\n")
      yield* commitText(docs, "docs v2\n")
      const old = yield* layoutOf("2021-09-02", "gold/old")
      yield* commitText(old, "old\n")
      yield* commitText(yield* layoutOf("2021-09-03", "gold/old"), "older\n")
      const parent = yield* layoutOf("2021-09-02", "silver")
      yield* commitText(parent, "parent\n")
      const defined = new Set(["silver/docs"])

      expect(yield* GarbageCollection.orphanAssets("proj", defined)).toEqual([
        { asset: "gold/old", partitions: 2, bytes: "old\n".length + "older\n".length },
        { asset: "silver", partitions: 1, bytes: "parent\n".length }
      ])
      const removed = yield* GarbageCollection.removeAsset("proj", "gold/old", defined)
      expect(removed.objects).toBe(6)
      expect((yield* keysUnder("proj/")).filter((key) => key.includes("gold"))).toEqual([])
      yield* GarbageCollection.removeAsset("proj", "silver", defined)
      expect(yield* GarbageCollection.orphanAssets("proj", defined)).toEqual([])
      expect(yield* readText(docs)).toBe("docs v2\n")
      expect((yield* CommitProtocol.versions(docs)).length).toBe(2)
      expect((yield* keysUnder("proj/silver/")).every((key) => key.startsWith("proj/silver/docs/"))).toBe(true)
    }).pipe(Effect.provide(LocalFsDriver.layer({ root: scratch.make() })))
  )
})

describe("GarbageCollection.choose", () => {
  const info = (key: string, minutesAgo: number, size = 1) => ({ key, size, etag: "", lastModified: new Date(Date.UTC(2021, 0, 1, 12) - minutesAgo * 60_000) })
  const before = new Date(Date.UTC(2021, 0, 1, 11))
  const history = "p/_history/a/"

  it("prunes whole versions beyond `keep` whatever their age, interrupted copies only once old, and ignores keys Strata did not write", () => {
    const garbage = GarbageCollection.choose(
      "p",
      "a",
      {
        staging: [info("p/_staging/a/%E0%A4%A,x,d.jsonl", 120), info("p/_staging/a/k,y,d.jsonl", 10)],
        history: [
          info(`${history}k/000/d.jsonl`, 5),
          info(`${history}k/001/d.meta.yaml`, 180),
          info(`${history}k/001/d.jsonl`, 180),
          info(`${history}k/002/d.jsonl`, 10),
          info(`${history}k/002/d.meta.yaml`, 10),
          info(`${history}k/003/d.meta.yaml`, 5),
          info(`${history}k/004/d.jsonl`, 300),
          info(`${history}stray.txt`, 500)
        ],
        busy: new Set()
      },
      { before, keep: 1 }
    )
    expect(garbage).toEqual([
      { kind: "staging", key: "p/_staging/a/%E0%A4%A,x,d.jsonl", bytes: 1 },
      { kind: "history", key: `${history}k/001/d.meta.yaml`, bytes: 1, partition: "k" },
      { kind: "history", key: `${history}k/001/d.jsonl`, bytes: 1, partition: "k" },
      { kind: "history", key: `${history}k/002/d.meta.yaml`, bytes: 1, partition: "k" },
      { kind: "history", key: `${history}k/002/d.jsonl`, bytes: 1, partition: "k" },
      { kind: "history", key: `${history}k/004/d.jsonl`, bytes: 1, partition: "k" }
    ])
  })
})
