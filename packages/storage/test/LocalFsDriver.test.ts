import { mkdtempSync, readdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { BlobStore } from "../src/BlobStore.ts"
import * as LocalFsDriver from "../src/drivers/local-fs.ts"
import { blobStoreContract } from "./BlobStoreContract.ts"

const freshRoot = () => mkdtempSync(join(tmpdir(), "strata-local-"))

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
