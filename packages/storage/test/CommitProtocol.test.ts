import { readdirSync, utimesSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, inject, it } from "@effect/vitest"
import { scratchFolders } from "@strata/testkit"
import { Effect, Layer, Option, Stream } from "effect"
import { BlobStore } from "../src/BlobStore.ts"
import * as Claims from "../src/Claims.ts"
import * as CommitProtocol from "../src/CommitProtocol.ts"
import * as DatasetLayout from "../src/DatasetLayout.ts"
import * as LocalFsDriver from "../src/drivers/local-fs.ts"
import { commitProtocolContract, commitText, layoutOf } from "./CommitProtocolContract.ts"
import { makeS3TestStore } from "./S3TestStore.ts"

const target = inject("strataS3")

const scratch = scratchFolders("strata-commit-")
afterAll(scratch.removeAll)

const localLayer = () => LocalFsDriver.layer({ root: scratch.make() })

commitProtocolContract("local-fs", localLayer, false)

commitProtocolContract(
  "s3",
  () => Layer.unwrap(Effect.promise(() => makeS3TestStore(target, "commit")).pipe(Effect.map((store) => store.layer()))),
  target.ephemeral
)

const encoder = new TextEncoder()
const keysUnder = (prefix: string) => BlobStore.use((store) => Stream.runCollect(store.list(prefix))).pipe(Effect.map((infos) => infos.map((info) => info.key)))

describe("CommitProtocol on a store without versions", () => {
  it.effect("a first commit writes its data, its sidecar and its marker, and no history, version record or staging leftover", () =>
    Effect.gen(function* () {
      const layout = yield* layoutOf("2021-09-02")
      yield* commitText(layout, "first\n")
      expect(yield* keysUnder("proj/")).toEqual([
        expect.stringMatching(/^proj\/_index\/silver%2Fdocs\/2021-09-02,c1,[0-9a-f]{40},in-6,6,2021-09-02%2Fdocs\.meta\.yaml$/),
        "proj/silver/docs/2021-09-02/docs.jsonl",
        "proj/silver/docs/2021-09-02/docs.meta.yaml"
      ])
    }).pipe(Effect.provide(localLayer()))
  )

  it.effect("a first commit whose data fails midway, or is aborted, leaves no data object and no partition folder", () => {
    const root = scratch.make()
    return Effect.gen(function* () {
      const failing = yield* layoutOf("2021-09-09")
      const body = Stream.concat(Stream.make(encoder.encode("half")), Stream.fail("the asset failed" as const))
      expect(yield* Effect.flip(CommitProtocol.stage(failing, body))).toBe("the asset failed")
      const aborted = yield* layoutOf("2021-09-10")
      yield* CommitProtocol.abort(yield* CommitProtocol.stage(aborted, Stream.make(encoder.encode("whole"))))
      // Every folder the two partitions made was theirs alone.
      expect(readdirSync(root)).toEqual([])
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("a re-commit keeps the superseded version in history, and a third keeps both", () =>
    Effect.gen(function* () {
      const layout = yield* layoutOf("2021-09-03")
      const first = yield* commitText(layout, "one\n")
      const second = yield* commitText(layout, "two\n", "c2")
      const third = yield* commitText(layout, "three\n", "c3")
      const history = yield* keysUnder(DatasetLayout.internalPartitionPrefix("history", layout))
      expect(history).toEqual([first.historyDataKey, first.historySidecarKey, second.historyDataKey, second.historySidecarKey])
      expect((yield* CommitProtocol.versions(layout)).map((record) => record.commitId)).toEqual([first.commitId, second.commitId, third.commitId])
      for (const [record, content] of [[first, "one\n"], [second, "two\n"], [third, "three\n"]] as const) {
        const committed = yield* CommitProtocol.readCommitted(layout, { version: record.commitId })
        expect(Option.isSome(committed) && Buffer.concat(yield* Stream.runCollect(committed.value.data)).toString()).toBe(content)
      }
      // One committed marker: the superseded ones were removed.
      const markers = yield* keysUnder(DatasetLayout.internalPrefix("index", layout.project, layout.asset))
      expect(markers).toHaveLength(1)
      expect(markers[0]).toContain(",c3,")
    }).pipe(Effect.provide(localLayer()))
  )

  it.effect("leaves out a partition whose listed data size is not the committed one", () =>
    Effect.gen(function* () {
      const kept = yield* layoutOf("2021-09-05")
      const changed = yield* layoutOf("2021-09-06")
      const committed = yield* commitText(kept, "twelve bytes")
      yield* commitText(changed, "twelve bytes")
      const listed = new Map([
        ["2021-09-05", { size: committed.bytes }],
        ["2021-09-06", { size: committed.bytes + 1 }]
      ])
      const observed = yield* Stream.runCollect(CommitProtocol.observe("proj", "silver/docs", { dataObjects: listed }))
      expect(observed.map((observation) => observation.partition)).toEqual(["2021-09-05"])
      expect((yield* Stream.runCollect(CommitProtocol.observe("proj", "silver/docs"))).map((observation) => observation.partition).sort()).toEqual(["2021-09-05", "2021-09-06"])
    }).pipe(Effect.provide(localLayer()))
  )

  it.effect("reads a layout of earlier Strata versions (version records, history kept at each commit, a pending marker) and commits over it", () =>
    Effect.gen(function* () {
      const store = yield* BlobStore
      const layout = yield* layoutOf("2021-09-04")
      const old = yield* commitText(layout, "old layout\n")
      // What the earlier protocol left besides: the version record, the history copies, a stale pending marker.
      yield* store.put(`proj/_versions/silver%2Fdocs/2021-09-04/${old.commitId}.json`, encoder.encode(JSON.stringify(old)))
      yield* store.copy(DatasetLayout.dataKey(layout), old.historyDataKey ?? "")
      yield* store.copy(DatasetLayout.sidecarKey(layout), old.historySidecarKey ?? "")
      yield* store.put(`proj/_index/silver%2Fdocs/2021-09-04,pending,${old.commitId},2021-09-04%2Fdocs.meta.yaml`, new Uint8Array(0))
      expect((yield* CommitProtocol.versions(layout)).map((record) => record.commitId)).toEqual([old.commitId])
      const observed = yield* Stream.runCollect(CommitProtocol.observe("proj", "silver/docs"))
      expect(observed.map((observation) => observation.dataVersion)).toEqual([old.sha1])
      const next = yield* commitText(layout, "new layout\n", "c2")
      expect((yield* CommitProtocol.versions(layout)).map((record) => record.commitId)).toEqual([old.commitId, next.commitId])
      const earlier = yield* CommitProtocol.readCommitted(layout, { version: old.commitId })
      expect(Option.isSome(earlier) && Buffer.concat(yield* Stream.runCollect(earlier.value.data)).toString()).toBe("old layout\n")
      const again = yield* Stream.runCollect(CommitProtocol.observe("proj", "silver/docs"))
      expect(again.map((observation) => [observation.codeVersion, observation.dataVersion])).toEqual([["c2", next.sha1]])
    }).pipe(Effect.provide(localLayer()))
  )
})

describe("Claims on the local store", () => {
  it.effect("a claim object left half-written by a crash expires after UNREADABLE_CLAIM_LEASE_MS", () => {
    const root = scratch.make()
    return Effect.gen(function* () {
      const layout = yield* layoutOf("2021-12-05")
      const generation0 = `${DatasetLayout.internalPrefix("claims", layout.project, layout.asset)}${layout.partition},${"0".repeat(Claims.GENERATION_DIGITS)}`
      yield* BlobStore.use((store) => store.put(generation0, encoder.encode("{")))
      expect(Option.isNone(yield* Claims.claim(layout, "runner-a", 60_000))).toBe(true)
      const longAgo = new Date(Date.now() - Claims.UNREADABLE_CLAIM_LEASE_MS - 1000)
      utimesSync(join(root, generation0), longAgo, longAgo)
      const taken = yield* Claims.claim(layout, "runner-a", 60_000)
      expect(Option.map(taken, (claim) => claim.generation)).toEqual(Option.some(1))
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })
})
