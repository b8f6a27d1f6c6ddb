/**
 * The BlobStore contract: one suite that every driver must pass. A driver's test file calls
 * `blobStoreContract(name, layerFor)` where `layerFor(pageSize)` yields a fresh, empty store
 * whose listings come `pageSize` objects per page.
 */
import { createHash } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Option, Stream } from "effect"
import { BlobStore } from "../src/BlobStore.ts"
import type { BlobStoreError } from "../src/BlobStoreError.ts"

/** Listing page size the suite uses, small so that pagination is exercised. */
export const CONTRACT_PAGE_SIZE = 10

/** Objects written for the pagination test: more than two pages. */
const LISTED_OBJECTS = 25

/** A streamed body large enough to need several multipart parts (5 MiB parts on S3). */
const STREAMED_CHUNKS = 12
const STREAMED_CHUNK_BYTES = 1024 * 1024

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (data: Uint8Array): string => new TextDecoder().decode(data)
const sha1 = (data: Uint8Array): string => createHash("sha1").update(data).digest("hex")

/** A deterministic pseudo-random chunk, so that corruption cannot hide behind repeated bytes. */
const chunkOf = (index: number): Uint8Array => {
  const chunk = new Uint8Array(STREAMED_CHUNK_BYTES)
  let state = index * 2654435761 + 1
  for (let i = 0; i < chunk.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0
    chunk[i] = state >>> 24
  }
  return chunk
}

/** What the driver under test supports beyond the common contract. */
export interface ContractOptions {
  /** The store keeps object versions (S3 with versioning on). */
  readonly versioned: boolean
}

/** Registers the contract suite for one driver. */
export const blobStoreContract = (
  name: string,
  layerFor: (pageSize: number) => Layer.Layer<BlobStore, BlobStoreError>,
  options: ContractOptions
): void => {
  describe(`BlobStore contract: ${name}`, () => {
    const run = <A, E>(effect: Effect.Effect<A, E, BlobStore>) => Effect.provide(effect, layerFor(CONTRACT_PAGE_SIZE))

    it.effect("round-trips bytes and reports size and etag", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          const first = yield* store.put("a/b/c.txt", bytes("hello"))
          expect(text(yield* store.getBytes("a/b/c.txt"))).toBe("hello")
          const info = Option.getOrThrow(yield* store.head("a/b/c.txt"))
          expect(info.size).toBe(5)
          expect(info.key).toBe("a/b/c.txt")
          expect(info.etag).toBe(first.etag)
          const second = yield* store.put("a/b/c.txt", bytes("hello, world"))
          expect(second.etag).not.toBe(first.etag)
          expect(text(yield* store.getBytes("a/b/c.txt"))).toBe("hello, world")
        })
      )
    )

    it.effect("streams a multi-part body up and down unchanged", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          const hash = createHash("sha1")
          for (let i = 0; i < STREAMED_CHUNKS; i++) hash.update(chunkOf(i))
          const body = Stream.fromIterable(Array.from({ length: STREAMED_CHUNKS }, (_, i) => i)).pipe(Stream.map(chunkOf))
          yield* store.put("big/data.bin", body)
          const info = Option.getOrThrow(yield* store.head("big/data.bin"))
          expect(info.size).toBe(STREAMED_CHUNKS * STREAMED_CHUNK_BYTES)
          const back = createHash("sha1")
          yield* Stream.runForEach(store.get("big/data.bin"), (chunk) => Effect.sync(() => back.update(chunk)))
          expect(back.digest("hex")).toBe(hash.digest("hex"))
        })
      )
    )

    it.effect("reports missing objects as None or NotFound", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          expect(Option.isNone(yield* store.head("missing/x"))).toBe(true)
          const error = yield* Effect.flip(store.getBytes("missing/x"))
          expect(error.reason).toBe("NotFound")
          expect(error.key).toBe("missing/x")
        })
      )
    )

    it.effect("lists by prefix, in key order, across pages", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          const keys = Array.from({ length: LISTED_OBJECTS }, (_, i) => `list/p/${String(i).padStart(3, "0")}.txt`)
          yield* Effect.forEach(keys, (key) => store.put(key, bytes(key)), { concurrency: 8 })
          yield* store.put("list/pq/other.txt", bytes("x"))
          yield* store.put("list/o.txt", bytes("x"))
          const listed = yield* Stream.runCollect(store.list("list/p/"))
          expect(listed.map((info) => info.key)).toEqual([...keys].sort())
          expect(listed.every((info) => info.size === info.key.length)).toBe(true)
          const wider = yield* Stream.runCollect(store.list("list/p"))
          expect(wider.length).toBe(LISTED_OBJECTS + 1)
          expect(yield* Stream.runCollect(store.list("nothing/here/"))).toEqual([])
        })
      )
    )

    it.effect("deletes, and deleting a missing object succeeds", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          yield* store.put("del/x", bytes("x"))
          yield* store.delete("del/x")
          expect(Option.isNone(yield* store.head("del/x"))).toBe(true)
          yield* store.delete("del/x")
          expect(yield* Stream.runCollect(store.list("del/"))).toEqual([])
        })
      )
    )

    it.effect("copies and moves", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          yield* store.put("cp/source", bytes("payload"))
          yield* store.copy("cp/source", "cp/copied/target")
          expect(text(yield* store.getBytes("cp/copied/target"))).toBe("payload")
          expect(text(yield* store.getBytes("cp/source"))).toBe("payload")
          yield* store.put("cp/source", bytes("changed"))
          expect(text(yield* store.getBytes("cp/copied/target"))).toBe("payload")
          yield* store.move("cp/source", "cp/moved")
          expect(text(yield* store.getBytes("cp/moved"))).toBe("changed")
          expect(Option.isNone(yield* store.head("cp/source"))).toBe(true)
          const missing = yield* Effect.flip(store.copy("cp/none", "cp/else"))
          expect(missing.reason).toBe("NotFound")
        })
      )
    )

    it.effect("conditional put writes once; concurrent writers get exactly one success", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          yield* store.put("cond/x", bytes("first"), { ifNoneMatch: "*" })
          const second = yield* Effect.flip(store.put("cond/x", bytes("second"), { ifNoneMatch: "*" }))
          expect(second.reason).toBe("AlreadyExists")
          expect(text(yield* store.getBytes("cond/x"))).toBe("first")
          const racers = yield* Effect.forEach(
            Array.from({ length: 6 }, (_, i) => i),
            (i) => Effect.exit(store.put("cond/race", bytes(`writer ${i}`), { ifNoneMatch: "*" })),
            { concurrency: "unbounded" }
          )
          expect(racers.filter(Exit.isSuccess).length).toBe(1)
          const streamed = yield* Effect.flip(store.put("cond/x", Stream.make(bytes("streamed")), { ifNoneMatch: "*" }))
          expect(streamed.reason).toBe("AlreadyExists")
          expect(text(yield* store.getBytes("cond/x"))).toBe("first")
        })
      )
    )

    it.effect("rejects unsafe keys with Invalid before touching storage", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          for (const key of ["../escape", "a/../../b", "/etc/passwd", "a\u0000b", "a\nb", "a//b", "C:/x", "a\\b", ""]) {
            const error = yield* Effect.flip(store.put(key, bytes("x")))
            expect(error.reason).toBe("Invalid")
            expect(error.message).toContain("Invalid key")
          }
          const listError = yield* Effect.flip(Stream.runCollect(store.list("../")))
          expect(listError.reason).toBe("Invalid")
          const everything = yield* Stream.runCollect(store.list(""))
          expect(everything.filter((info) => /escape|passwd|b$/.test(info.key))).toEqual([])
        })
      )
    )

    it.effect("a body stream that fails leaves the previous object in place", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          yield* store.put("fail/x", bytes("previous"))
          const failing = Stream.concat(Stream.fromIterable([chunkOf(1), chunkOf(2)]), Stream.fail("producer broke" as const))
          const error = yield* Effect.flip(store.put("fail/x", failing))
          expect(error).toBe("producer broke")
          expect(text(yield* store.getBytes("fail/x"))).toBe("previous")
          expect((yield* Stream.runCollect(store.list("fail/"))).map((info) => info.key)).toEqual(["fail/x"])
        })
      )
    )

    it.effect("a fresh put writes its object whole, and one whose body fails leaves nothing at its key", () =>
      run(
        Effect.gen(function* () {
          const store = yield* BlobStore
          yield* store.put("fresh/ok", Stream.fromIterable([bytes("staged "), bytes("data")]), { inPlace: true, durable: "contents" })
          expect(text(yield* store.getBytes("fresh/ok"))).toBe("staged data")
          const failing = Stream.concat(Stream.fromIterable([bytes("half")]), Stream.fail("producer broke" as const))
          expect(yield* Effect.flip(store.put("fresh/broken", failing, { inPlace: true, durable: "contents" }))).toBe("producer broke")
          expect((yield* Stream.runCollect(store.list("fresh/"))).map((info) => info.key)).toEqual(["fresh/ok"])
        })
      )
    )

    if (options.versioned) {
      it.effect("keeps earlier versions readable by versionId", () =>
        run(
          Effect.gen(function* () {
            const store = yield* BlobStore
            const first = yield* store.put("ver/x", bytes("one"))
            const second = yield* store.put("ver/x", bytes("two"))
            expect(first.versionId).toBeDefined()
            expect(second.versionId).not.toBe(first.versionId)
            expect(text(yield* store.getBytes("ver/x", { versionId: first.versionId ?? "" }))).toBe("one")
            expect(sha1(yield* store.getBytes("ver/x"))).toBe(sha1(bytes("two")))
          })
        )
      )
    } else {
      it.effect("refuses versionIds it cannot honour", () =>
        run(
          Effect.gen(function* () {
            const store = yield* BlobStore
            yield* store.put("ver/x", bytes("one"))
            const error = yield* Effect.flip(store.getBytes("ver/x", { versionId: "v1" }))
            expect(error.reason).toBe("Invalid")
          })
        )
      )
    }
  })
}
