import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import * as Sha1Stream from "../src/Sha1Stream.ts"
import { fixturePath } from "./fixtures/fixtureSidecar.ts"

/** `sha1sum test/fixtures/html-documents.jsonl`, computed with coreutils when the fixture was committed. */
const FIXTURE_SHA1 = "aadc1bd02c7803e726a0183d15fb6cc86074dca2"

describe("Sha1Stream", () => {
  it("hashes in chunks exactly as in one piece (and as sha1sum)", () => {
    const bytes = readFileSync(fixturePath)
    const hash = Sha1Stream.make()
    for (let i = 0; i < bytes.length; i += 7) hash.update(bytes.subarray(i, i + 7))
    expect(hash.digest()).toEqual({ sha1: FIXTURE_SHA1, bytes: bytes.length })
    expect(Sha1Stream.ofBytes(bytes).sha1).toBe(FIXTURE_SHA1)
    expect(Sha1Stream.ofBytes(new Uint8Array()).sha1).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709")
  })

  it.effect("digests a stream, and notices a flipped byte", () =>
    Effect.gen(function* () {
      const bytes = new Uint8Array(readFileSync(fixturePath))
      const chunks = (data: Uint8Array) => Stream.fromIterable([data.subarray(0, 100), data.subarray(100)])
      expect((yield* Sha1Stream.ofStream(chunks(bytes))).sha1).toBe(FIXTURE_SHA1)
      const flipped = bytes.slice()
      flipped[200] = flipped[200]! ^ 0x01
      expect((yield* Sha1Stream.ofStream(chunks(flipped))).sha1).not.toBe(FIXTURE_SHA1)
      const tapped = Sha1Stream.tap(chunks(bytes))
      const passed = yield* Stream.runCollect(tapped.stream)
      expect(passed.reduce((n, chunk) => n + chunk.length, 0)).toBe(bytes.length)
      expect(tapped.digest().sha1).toBe(FIXTURE_SHA1)
    }))
})
