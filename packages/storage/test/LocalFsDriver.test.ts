import { linkSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { scratchFolders } from "@strata/testkit"
import { Effect, Stream } from "effect"
import { BlobStore } from "../src/BlobStore.ts"
import * as LocalFsDriver from "../src/drivers/local-fs.ts"
import { blobStoreContract } from "./BlobStoreContract.ts"

const scratch = scratchFolders("strata-local-")
afterAll(scratch.removeAll)

const freshRoot = () => scratch.make()

blobStoreContract("local-fs", (listPageSize) => LocalFsDriver.layer({ root: freshRoot(), listPageSize }), { versioned: false })

describe("LocalFsDriver", () => {
  it.effect("leaves no temporary file behind after a failed streamed write", () => {
    const root = freshRoot()
    return Effect.gen(function* () {
      const store = yield* BlobStore
      yield* Effect.flip(store.put("x/data.bin", Stream.concat(Stream.make(new Uint8Array(10)), Stream.fail("broken" as const))))
      expect(readdirSync(join(root, "x"))).toEqual([])
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("writes a fresh key in place, through no temporary file, and removes it when its body fails", () => {
    const root = freshRoot()
    return Effect.gen(function* () {
      const store = yield* BlobStore
      const seen: Array<ReadonlyArray<string>> = []
      const body = Stream.make(new Uint8Array(10)).pipe(Stream.tap(() => Effect.sync(() => seen.push(readdirSync(join(root, "x"))))))
      yield* store.put("x/staged.bin", body, { inPlace: true })
      expect(seen).toEqual([["staged.bin"]])
      yield* Effect.flip(store.put("x/broken.bin", Stream.concat(Stream.make(new Uint8Array(10)), Stream.fail("broken" as const)), { inPlace: true }))
      expect(readdirSync(join(root, "x"))).toEqual(["staged.bin"])
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("puts a self-validating object through a temporary file renamed before its flush: whole, no leftover, its hard-linked copy untouched", () => {
    const root = freshRoot()
    const encoder = new TextEncoder()
    return Effect.gen(function* () {
      const store = yield* BlobStore
      yield* store.put("s/side.yaml", encoder.encode("old\n"))
      linkSync(join(root, "s/side.yaml"), join(root, "s/kept.yaml"))
      const written = yield* store.put("s/side.yaml", encoder.encode("new\n"), { selfValidating: true })
      expect(readFileSync(join(root, "s/side.yaml"), "utf8")).toBe("new\n")
      expect(readFileSync(join(root, "s/kept.yaml"), "utf8")).toBe("old\n")
      const info = yield* store.head("s/side.yaml")
      expect(info._tag === "Some" && info.value.etag).toBe(written.etag)
      const refused = yield* Effect.flip(store.put("s/side.yaml", encoder.encode("newer\n"), { selfValidating: true, ifNoneMatch: "*" }))
      expect(refused.reason).toBe("AlreadyExists")
      expect(readFileSync(join(root, "s/side.yaml"), "utf8")).toBe("new\n")
      expect(readdirSync(join(root, "s")).sort()).toEqual(["kept.yaml", "side.yaml"])
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("a delete that prunes folders removes those left empty, up to the first that holds anything; a plain delete removes none", () => {
    const root = freshRoot()
    const encoder = new TextEncoder()
    return Effect.gen(function* () {
      const store = yield* BlobStore
      yield* store.put("p/a/kept.txt", encoder.encode("k"))
      yield* store.put("p/a/b/c/gone.txt", encoder.encode("g"))
      yield* store.put("p/a/d/plain.txt", encoder.encode("p"))
      yield* store.delete("p/a/b/c/gone.txt", { pruneFolders: true })
      yield* store.delete("p/a/d/plain.txt")
      expect(readdirSync(join(root, "p/a")).sort()).toEqual(["d", "kept.txt"])
      // A folder pruned is made again by the next write into it.
      yield* store.put("p/a/b/c/again.txt", encoder.encode("a"))
      expect(readFileSync(join(root, "p/a/b/c/again.txt"), "utf8")).toBe("a")
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("writes into a folder removed behind its back (its folder cache is only a hint)", () => {
    const root = freshRoot()
    return Effect.gen(function* () {
      const store = yield* BlobStore
      yield* store.put("a/b/one.txt", new TextEncoder().encode("1"))
      rmSync(join(root, "a"), { recursive: true })
      yield* store.put("a/b/two.txt", new TextEncoder().encode("2"))
      yield* store.put("a/b/empty", new Uint8Array(0), { durable: false })
      rmSync(join(root, "a"), { recursive: true })
      yield* store.put("a/b/three.txt", Stream.make(new TextEncoder().encode("3")))
      expect(readdirSync(join(root, "a", "b"))).toEqual(["three.txt"])
      expect(readFileSync(join(root, "a", "b", "three.txt"), "utf8")).toBe("3")
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("never truncates an object in place: an empty put leaves its hard-linked copies whole", () => {
    const root = freshRoot()
    return Effect.gen(function* () {
      const store = yield* BlobStore
      yield* store.put("k/object", new TextEncoder().encode("content"))
      linkSync(join(root, "k", "object"), join(root, "k", "copy"))
      yield* store.put("k/object", new Uint8Array(0), { durable: false })
      expect(readFileSync(join(root, "k", "object"), "utf8")).toBe("")
      expect(readFileSync(join(root, "k", "copy"), "utf8")).toBe("content")
      const error = yield* Effect.flip(store.put("k/object", new Uint8Array(0), { ifNoneMatch: "*" }))
      expect(error.reason).toBe("AlreadyExists")
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("reads small and large objects alike, whole or streamed", () => {
    const root = freshRoot()
    return Effect.gen(function* () {
      const store = yield* BlobStore
      const large = new Uint8Array(LocalFsDriver.READ_CHUNK_BYTES * 2 + 3).map((_, i) => i % 251)
      yield* store.put("r/large.bin", large)
      yield* store.put("r/small.bin", large.subarray(0, 10))
      yield* store.put("r/empty.bin", new Uint8Array(0))
      for (const [key, bytes] of [["r/large.bin", large], ["r/small.bin", large.subarray(0, 10)], ["r/empty.bin", new Uint8Array(0)]] as const) {
        const chunks = yield* Stream.runCollect(store.get(key))
        expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true)
        expect(Buffer.from(yield* store.getBytes(key)).equals(Buffer.from(bytes))).toBe(true)
      }
      expect((yield* Effect.flip(Stream.runCollect(store.get("r/missing")))).reason).toBe("NotFound")
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })

  it.effect("keeps objects under its root only", () => {
    const root = freshRoot()
    return Effect.gen(function* () {
      const store = yield* BlobStore
      yield* store.put("p/q.txt", new TextEncoder().encode("x"))
      expect(readdirSync(join(root, "p"))).toEqual(["q.txt"])
      expect(store.describe).toBe(`file://${root}`)
    }).pipe(Effect.provide(LocalFsDriver.layer({ root })))
  })
})
