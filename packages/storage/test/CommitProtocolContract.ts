/**
 * The commit protocol and claims, run against every driver (`commitProtocolContract(name, layer)`).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Option, Stream } from "effect"
import { BlobStore } from "../src/BlobStore.ts"
import type { BlobStoreShape } from "../src/BlobStore.ts"
import type { BlobStoreError } from "../src/BlobStoreError.ts"
import * as Claims from "../src/Claims.ts"
import * as CommitProtocol from "../src/CommitProtocol.ts"
import * as DatasetLayout from "../src/DatasetLayout.ts"
import * as RecentCommits from "../src/RecentCommits.ts"

const bytes = (text: string) => new TextEncoder().encode(text)
const text = (data: Uint8Array) => new TextDecoder().decode(data)

/** Partitions committed for the listing test. */
const LISTED_PARTITIONS = 12

export const layoutOf = (partition: string, asset = "silver/docs") =>
  DatasetLayout.make({ project: "proj", asset, partition, dataset: "docs" })

const sidecarFor = (label: string) => (data: { readonly sha1: string; readonly bytes: number }) => bytes(`label: ${label}\nsha1: ${data.sha1}\nbytes: ${data.bytes}\n`)

/** Stages and commits `content` with the given code version. */
export const commitText = (layout: DatasetLayout.DatasetLayout, content: string, codeVersion = "c1") =>
  Effect.gen(function* () {
    const staged = yield* CommitProtocol.stage(layout, Stream.make(bytes(content)))
    return yield* CommitProtocol.commit(staged, {
      sidecar: sidecarFor(content),
      marker: { codeVersion, dataVersion: staged.sha1, inputsDigest: `in-${content.length}` }
    })
  })

const readText = (layout: DatasetLayout.DatasetLayout, version?: string) =>
  Effect.gen(function* () {
    const committed = yield* CommitProtocol.readCommitted(layout, version === undefined ? {} : { version })
    if (Option.isNone(committed)) return undefined
    const chunks = yield* Stream.runCollect(committed.value.data)
    return { data: text(Buffer.concat(chunks)), sidecar: text(committed.value.sidecar) }
  })

/** Wraps a store to count the calls that read single objects. */
const counting = (store: BlobStoreShape, counts: { reads: number; lists: number }): BlobStoreShape => ({
  ...store,
  getBytes: (key, options) => Effect.suspend(() => ((counts.reads += 1), store.getBytes(key, options))),
  head: (key) => Effect.suspend(() => ((counts.reads += 1), store.head(key))),
  list: (prefix) => Stream.suspend(() => ((counts.lists += 1), store.list(prefix)))
})

/** Wraps a store to count the reads of objects' content (`get`, `getBytes`). */
const countingObjectReads = (store: BlobStoreShape, counts: { reads: number }): BlobStoreShape => ({
  ...store,
  get: (key, options) => Stream.suspend(() => ((counts.reads += 1), store.get(key, options))),
  getBytes: (key, options) => Effect.suspend(() => ((counts.reads += 1), store.getBytes(key, options)))
})

/** Registers the suite for one driver; `versioned` says whether the store keeps object versions. */
export const commitProtocolContract = (name: string, layerFor: () => Layer.Layer<BlobStore, BlobStoreError>, versioned: boolean): void => {
  describe(`CommitProtocol: ${name}`, () => {
    const run = <A, E>(effect: Effect.Effect<A, E, BlobStore>) => Effect.provide(effect, layerFor())

    it.effect("commits: data, then the sidecar with its record, then the index marker", () =>
      run(
        Effect.gen(function* () {
          const layout = yield* layoutOf("2021-09-02")
          const record = yield* commitText(layout, "first\n")
          const read = yield* readText(layout)
          expect(read?.data).toBe("first\n")
          expect(read?.sidecar.startsWith("label: first\n")).toBe(true)
          expect(CommitProtocol.recordOf(bytes(read?.sidecar ?? ""))?.sha1).toBe(record.sha1)
          const observed = yield* Stream.runCollect(CommitProtocol.observe("proj", "silver/docs"))
          expect(observed).toEqual([{ asset: "silver/docs", partition: "2021-09-02", codeVersion: "c1", dataVersion: record.sha1, inputsDigest: "in-6" }])
          const store = yield* BlobStore
          const leftovers = yield* Stream.runCollect(store.list("proj/_staging/"))
          expect(leftovers).toEqual([])
        })
      )
    )

    it.effect("keeps earlier versions readable after a re-commit", () =>
      run(
        Effect.gen(function* () {
          const layout = yield* layoutOf("v2/2021-09-03")
          const first = yield* commitText(layout, "one\n")
          const second = yield* commitText(layout, "two, longer\n", "c2")
          expect((yield* readText(layout))?.data).toBe("two, longer\n")
          const versions = yield* CommitProtocol.versions(layout)
          expect(versions.map((version) => version.commitId)).toEqual([first.commitId, second.commitId])
          const old = yield* readText(layout, first.commitId)
          expect(old?.data).toBe("one\n")
          expect(old?.sidecar.startsWith("label: one\n")).toBe(true)
          expect(versioned ? first.dataVersionId !== undefined : first.historyDataKey !== undefined).toBe(true)
          const observed = yield* Stream.runCollect(CommitProtocol.observe("proj", "silver/docs"))
          expect(observed.map((observation) => [observation.partition, observation.codeVersion])).toEqual([["v2/2021-09-03", "c2"]])
        })
      )
    )

    it.effect("staged but uncommitted data is not a partition; abort removes it", () =>
      run(
        Effect.gen(function* () {
          const layout = yield* layoutOf("2021-09-04")
          const staged = yield* CommitProtocol.stage(layout, Stream.make(bytes("pending")))
          expect(Option.isNone(yield* CommitProtocol.readCommitted(layout))).toBe(true)
          expect(yield* Stream.runCollect(CommitProtocol.observe("proj", "silver/docs"))).toEqual([])
          yield* CommitProtocol.abort(staged)
          const error = yield* Effect.flip(CommitProtocol.commit(staged, { sidecar: sidecarFor("x"), marker: { codeVersion: "c", dataVersion: "d", inputsDigest: "i" } }))
          expect(error._tag === "CommitError" && error.reason).toBe("StagingMissing")
        })
      )
    )

    it.effect("data replaced behind the sidecar's back does not pass for committed", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          const layout = yield* layoutOf("2021-09-05")
          yield* commitText(layout, "genuine\n")
          yield* store.put(DatasetLayout.dataKey(layout), bytes("tampered\n"))
          const read = yield* readText(layout)
          // A versioned store still serves the exact version the sidecar vouches for.
          expect(read?.data).toBe(versioned ? "genuine\n" : undefined)
        })
      )
    )

    it.effect("a small partition it committed is read back from memory while its sidecar and data are the objects written; another process, or a large partition, reads storage", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          const writer = { reads: 0 }
          const writing = countingObjectReads(store, writer)
          const small = yield* layoutOf("2021-09-12")
          yield* commitText(small, "kept in memory\n").pipe(Effect.provideService(BlobStore, writing))
          writer.reads = 0
          const read = yield* readText(small).pipe(Effect.provideService(BlobStore, writing))
          expect(read?.data).toBe("kept in memory\n")
          expect(writer.reads).toBe(0)
          // Another process (another store instance) has nothing in memory: it reads the sidecar and the data.
          const other = { reads: 0 }
          expect(yield* readText(small).pipe(Effect.provideService(BlobStore, countingObjectReads(store, other)))).toEqual(read)
          expect(other.reads).toBe(2)
          const large = yield* layoutOf("2021-09-13")
          const content = "x".repeat(RecentCommits.MAX_DATA_BYTES) + "\n"
          yield* commitText(large, content).pipe(Effect.provideService(BlobStore, writing))
          writer.reads = 0
          expect((yield* readText(large).pipe(Effect.provideService(BlobStore, writing)))?.data).toBe(content)
          expect(writer.reads).toBe(2)
        })
      )
    )

    it.effect("amending a committed sidecar's body re-hashes it: it still vouches for its data; a torn one is left alone", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          const layout = yield* layoutOf("2021-09-11")
          const record = yield* commitText(layout, "kept\n")
          const sidecarKey = DatasetLayout.sidecarKey(layout)
          expect(yield* CommitProtocol.amendSidecar(sidecarKey, (body) => body.replace(/^(label: .*)$/m, "$1\nnote: amended"))).toBe(true)
          const read = yield* readText(layout)
          expect(read?.data).toBe("kept\n")
          expect(read?.sidecar.startsWith("label: kept\nnote: amended\n")).toBe(true)
          expect(CommitProtocol.recordOf(bytes(read?.sidecar ?? ""))?.commitId).toBe(record.commitId)
          expect(yield* CommitProtocol.amendSidecar(sidecarKey, (body) => body)).toBe(false)
          const torn = (read?.sidecar ?? "").replace("note: amended", "note: garbled")
          yield* store.put(sidecarKey, bytes(torn))
          expect(yield* CommitProtocol.amendSidecar(sidecarKey, (body) => `${body}more: x\n`)).toBe(false)
          expect(text(yield* store.getBytes(sidecarKey))).toBe(torn)
        })
      )
    )

    it.effect("a first commit writes its data and its sidecar in place (no staging object, no move); a re-commit stages and promotes", () =>
      Effect.gen(function* () {
        const calls: Array<string> = []
        const layer = Layer.effect(
          BlobStore,
          Effect.map(Effect.provide(BlobStore.use(Effect.succeed), layerFor()), (store): BlobStoreShape => ({
            ...store,
            put: (key, body, options) => Effect.suspend(() => (calls.push(`put ${key}`), store.put(key, body, options))),
            move: (from, to, options) => Effect.suspend(() => (calls.push(`move ${from} -> ${to}`), store.move(from, to, options)))
          }))
        )
        yield* Effect.provide(
          Effect.gen(function* () {
            const layout = yield* layoutOf("2021-09-07")
            yield* commitText(layout, "first\n")
            const dataKey = DatasetLayout.dataKey(layout)
            expect(calls.slice(0, 2)).toEqual([`put ${dataKey}`, `put ${DatasetLayout.sidecarKey(layout)}`])
            expect(calls.some((call) => call.startsWith("move") || call.includes("/_staging/"))).toBe(false)
            calls.length = 0
            yield* commitText(layout, "second\n", "c2")
            expect(calls.filter((call) => call.startsWith("move"))).toEqual([expect.stringMatching(new RegExp(`^move proj/_staging/.* -> ${dataKey}$`))])
            expect((yield* readText(layout))?.data).toBe("second\n")
          }),
          layer
        )
      })
    )

    it.effect("data and an unreadable sidecar left by a crash before any commit are replaced by the next commit", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          const layout = yield* layoutOf("2021-09-08")
          yield* store.put(DatasetLayout.dataKey(layout), bytes("half a"))
          yield* store.put(DatasetLayout.sidecarKey(layout), bytes("label: torn\n"))
          expect(yield* readText(layout)).toBeUndefined()
          const record = yield* commitText(layout, "whole\n")
          const read = yield* readText(layout)
          expect(read?.data).toBe("whole\n")
          expect(CommitProtocol.recordOf(bytes(read?.sidecar ?? ""))?.commitId).toBe(record.commitId)
          expect(yield* Stream.runCollect(store.list("proj/_staging/"))).toEqual([])
        })
      )
    )

    it.effect("a torn sidecar (its body or its record line cut short by a machine crash) vouches for nothing", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          const layout = yield* layoutOf("2021-09-06")
          const record = yield* commitText(layout, "whole\n")
          const sidecarKey = DatasetLayout.sidecarKey(layout)
          const whole = text(yield* store.getBytes(sidecarKey))
          const read = CommitProtocol.recordOf(bytes(whole))
          expect(read?.commitId).toBe(record.commitId)
          expect(read?.sidecarBodySha1).toMatch(/^[0-9a-f]{40}$/)
          const recordLine = whole.slice(whole.lastIndexOf(CommitProtocol.RECORD_LINE_PREFIX))
          const torn = [
            // The body's last bytes lost, the record line intact.
            `${whole.slice(0, whole.length - recordLine.length - 3)}\n${recordLine}`,
            // The body rewritten as zeros of the same length.
            `${"\0".repeat(whole.length - recordLine.length)}${recordLine}`,
            // The record line cut short.
            whole.slice(0, whole.length - 10),
            ""
          ]
          for (const sidecar of torn) {
            yield* store.put(sidecarKey, bytes(sidecar))
            expect(CommitProtocol.recordOf(bytes(sidecar))).toBeUndefined()
            expect(yield* readText(layout)).toBeUndefined()
          }
        })
      )
    )

    it.effect("observes from LIST alone, and falls back to the sidecar only where markers disagree or are missing", () =>
      Effect.gen(function* () {
        const counts = { reads: 0, lists: 0 }
        const layer = Layer.effect(BlobStore, Effect.map(Effect.provide(BlobStore.use(Effect.succeed), layerFor()), (store) => counting(store, counts)))
        yield* Effect.provide(
          Effect.gen(function* () {
            const store = yield* BlobStore
            const partitions = Array.from({ length: LISTED_PARTITIONS }, (_, i) => `2021-10-${String(i + 1).padStart(2, "0")}`)
            const records = yield* Effect.forEach(partitions, (partition) => Effect.flatMap(layoutOf(partition, "gold/labels"), (layout) => commitText(layout, partition)), {
              concurrency: 4
            })
            counts.reads = 0
            counts.lists = 0
            const observed = yield* Stream.runCollect(CommitProtocol.observe("proj", "gold/labels"))
            expect(observed.map((observation) => observation.partition)).toEqual(partitions)
            // One LIST of the index markers, one of the asset's folder (its sidecars).
            expect(counts).toEqual({ reads: 0, lists: 2 })
            // A caller that listed the folder already hands its sidecars over: one LIST.
            const sidecarPaths = new Set(partitions.map((partition) => `${partition}/docs.meta.yaml`))
            counts.lists = 0
            expect(yield* Stream.runCollect(CommitProtocol.observe("proj", "gold/labels", { sidecarPaths }))).toEqual(observed)
            expect(counts).toEqual({ reads: 0, lists: 1 })
            // A commit killed after its sidecar, before its committed marker: no marker at all.
            const unmarked = records[8]
            const marker = `${unmarked?.partition},${unmarked?.codeVersion},${unmarked?.dataVersion},${unmarked?.inputsDigest},${unmarked?.bytes},${unmarked?.partition}%2Fdocs.meta.yaml`
            expect(Option.isSome(yield* store.head(`proj/_index/gold%2Flabels/${marker}`))).toBe(true)
            yield* store.delete(`proj/_index/gold%2Flabels/${marker}`)
            // An earlier layout's crashed re-commit left a pending marker: that partition alone is checked against its sidecar.
            yield* store.put(`proj/_index/gold%2Flabels/2021-10-07,pending,x,2021-10-07%2Fdocs.meta.yaml`, new Uint8Array(0))
            // A pending marker with no sidecar at all: the partition is not committed.
            yield* store.put(`proj/_index/gold%2Flabels/2021-11-01,pending,x,2021-11-01%2Fdocs.meta.yaml`, new Uint8Array(0))
            counts.reads = 0
            const again = yield* Stream.runCollect(CommitProtocol.observe("proj", "gold/labels"))
            expect(again).toEqual(observed)
            expect(counts.reads).toBeGreaterThan(0)
            // Per partition checked: the sidecar, the data's head (and the version record's head on versioned stores).
            expect(counts.reads).toBeLessThanOrEqual(7)
            // That observation finished both interrupted commits' bookkeeping: they are listed from
            // LIST alone again; only the pending marker without a sidecar still costs a read.
            expect(Option.isSome(yield* store.head(`proj/_index/gold%2Flabels/${marker}`))).toBe(true)
            counts.reads = 0
            const third = yield* Stream.runCollect(CommitProtocol.observe("proj", "gold/labels"))
            expect(third).toEqual(observed)
            expect(counts.reads).toBeLessThanOrEqual(1)
          }),
          layer
        )
      })
    )

    it.live("claims: one holder at a time, release hands over, an expired lease is taken over", () =>
      run(
        Effect.gen(function* () {
          const layout = yield* layoutOf("2021-12-01")
          const first = yield* Claims.claim(layout, "runner-a", 60_000)
          expect(Option.isSome(first)).toBe(true)
          expect(Option.isNone(yield* Claims.claim(layout, "runner-b", 60_000))).toBe(true)
          yield* Claims.release(Option.getOrThrow(first))
          const second = yield* Claims.claim(layout, "runner-b", 1)
          expect(Option.map(second, (claim) => claim.runnerId)).toEqual(Option.some("runner-b"))
          yield* Effect.sleep("20 millis")
          const takeover = yield* Claims.claim(layout, "runner-c", 60_000)
          expect(Option.map(takeover, (claim) => claim.runnerId)).toEqual(Option.some("runner-c"))
          const racers = yield* Effect.forEach(["d", "e", "f", "g"], (runner) => Claims.claim(layout, runner, 60_000), { concurrency: "unbounded" })
          expect(racers.filter(Option.isSome)).toEqual([])
          const other = yield* layoutOf("2021-12-02")
          const race = yield* Effect.forEach(["d", "e", "f", "g"], (runner) => Effect.exit(Claims.claim(other, runner, 60_000)), { concurrency: "unbounded" })
          expect(race.filter((exit) => Exit.isSuccess(exit) && Option.isSome(exit.value)).length).toBe(1)
        })
      )
    )

    it.live("claims: a claim object that does not parse (half-written in place) counts as live", () =>
      run(
        Effect.gen(function* () {
          const layout = yield* layoutOf("2021-12-04")
          const store = yield* BlobStore
          const generation0 = `${DatasetLayout.internalPrefix("claims", layout.project, layout.asset)}${layout.partition},${"0".repeat(Claims.GENERATION_DIGITS)}`
          yield* store.put(generation0, new TextEncoder().encode('{"runnerId":"half'))
          expect(Option.isNone(yield* Claims.claim(layout, "runner-b", 60_000))).toBe(true)
        })
      )
    )

    it.live("claims: a holder taken over cannot hand the partition out when it releases, even late; the taker's release clears every generation", () =>
      run(
        Effect.gen(function* () {
          const layout = yield* layoutOf("2021-12-03")
          const store = yield* BlobStore
          const objects = () => Effect.map(Stream.runCollect(store.list(`${DatasetLayout.internalPrefix("claims", layout.project, layout.asset)}${layout.partition},`)), (infos) => infos.length)
          const stale = Option.getOrThrow(yield* Claims.claim(layout, "runner-slow", 1))
          yield* Effect.sleep("20 millis")
          const taker = Option.getOrThrow(yield* Claims.claim(layout, "runner-taker", 60_000))
          expect(taker.generation).toBe(1)
          yield* Claims.release(stale)
          expect(Option.isNone(yield* Claims.claim(layout, "runner-late", 60_000))).toBe(true)
          expect(yield* objects()).toBe(2)
          yield* Claims.release(taker)
          expect(yield* objects()).toBe(0)
          const next = Option.getOrThrow(yield* Claims.claim(layout, "runner-next", 60_000))
          expect(next.generation).toBe(0)
          // The holder taken over releases again, late: the new claim of its key is not its own.
          yield* Claims.release(stale)
          expect(yield* objects()).toBe(1)
          expect(Option.isNone(yield* Claims.claim(layout, "runner-late", 60_000))).toBe(true)
          yield* Claims.release(next)
          expect(yield* objects()).toBe(0)
        })
      )
    )
  })
}
