/**
 * The commit protocol under network faults between the S3 client and the server: retries with
 * backoff get commits through, and when they cannot, the commit fails cleanly and the
 * partition stays as it was.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "@effect/vitest"
import { startMotoServer } from "@strata/testkit"
import type { S3TestTarget } from "@strata/testkit"
import { Effect, Option, Stream } from "effect"
import { BlobStore } from "../src/BlobStore.ts"
import * as CommitProtocol from "../src/CommitProtocol.ts"
import * as DatasetLayout from "../src/DatasetLayout.ts"
import { commitText, layoutOf } from "./CommitProtocolContract.ts"
import { startFaultProxy } from "./FaultProxy.ts"
import type { Fault, FaultProxy } from "./FaultProxy.ts"
import { makeS3TestStore } from "./S3TestStore.ts"
import type { S3TestStore } from "./S3TestStore.ts"

/** Partitions committed through the flaky proxy. */
const PARTITIONS = 4

/** Faults cycled through, one every other request, so that a retry of each passes. */
const CYCLE: ReadonlyArray<Fault> = ["internalError", "slowDown", "reset", "latency"]

const given = inject("strataS3")
let server: { readonly stop: () => Promise<void> } | undefined
let target: S3TestTarget = given
let s3: S3TestStore
let proxy: FaultProxy | undefined
let mode: "flaky" | "down" | "truncate" | "pass" = "pass"

beforeAll(async () => {
  if (given.endpoint === undefined || !given.ephemeral) {
    // Faults need a local server behind the proxy: the external target cannot sit behind it.
    const moto = await startMotoServer()
    server = moto
    target = { endpoint: moto.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "testing", secretAccessKey: "testing" }, ephemeral: true }
  }
  s3 = await makeS3TestStore(target, "faults")
  proxy = await startFaultProxy(target.endpoint ?? "", ({ method, sequence }) => {
    if (mode === "flaky") return sequence % 2 === 0 ? (CYCLE[(sequence / 2) % CYCLE.length] ?? "pass") : "pass"
    if (mode === "down") return method === "PUT" ? "slowDown" : "pass"
    if (mode === "truncate") return method === "GET" ? "truncate" : "pass"
    return "pass"
  })
})

afterAll(async () => {
  await proxy?.stop()
  await server?.stop()
})

const throughProxy = () =>
  s3.layer({ endpoint: proxy?.endpoint ?? "", maxAttempts: 4, requestTimeoutMs: 5_000 })
const direct = () => s3.layer()

const readDirect = (layout: DatasetLayout.DatasetLayout) =>
  Effect.gen(function* () {
    const committed = yield* CommitProtocol.readCommitted(layout)
    if (Option.isNone(committed)) return undefined
    return new TextDecoder().decode(Buffer.concat(yield* Stream.runCollect(committed.value.data)))
  }).pipe(Effect.provide(direct()))

describe("CommitProtocol under S3 faults", () => {
  it.live("retries with backoff get every commit through 500s, SlowDown, resets and latency", () =>
    Effect.gen(function* () {
      mode = "flaky"
      const layouts = yield* Effect.forEach(Array.from({ length: PARTITIONS }, (_, i) => `2022-01-0${i + 1}`), (partition) => layoutOf(partition))
      yield* Effect.forEach(layouts, (layout) => commitText(layout, `flaky ${layout.partition}\n`), { discard: true }).pipe(Effect.provide(throughProxy()))
      mode = "pass"
      expect(proxy?.injected.internalError).toBeGreaterThan(0)
      expect(proxy?.injected.slowDown).toBeGreaterThan(0)
      expect(proxy?.injected.reset).toBeGreaterThan(0)
      for (const layout of layouts) expect(yield* readDirect(layout)).toBe(`flaky ${layout.partition}\n`)
    })
  )

  it.live("a commit that cannot get through fails cleanly and leaves the previous version", () =>
    Effect.gen(function* () {
      const layout = yield* layoutOf("2022-02-01")
      yield* commitText(layout, "previous\n").pipe(Effect.provide(direct()))
      mode = "down"
      const error = yield* Effect.flip(commitText(layout, "next\n").pipe(Effect.provide(throughProxy())))
      mode = "pass"
      expect(error._tag === "BlobStoreError" && error.reason).toBe("Unavailable")
      expect(error.message).toContain("SlowDown")
      expect(yield* readDirect(layout)).toBe("previous\n")
      const observed = yield* Stream.runCollect(CommitProtocol.observe("proj", "silver/docs")).pipe(Effect.provide(direct()))
      expect(observed.find((observation) => observation.partition === "2022-02-01")?.codeVersion).toBe("c1")
    })
  )

  it.live("a truncated response body fails the read instead of passing for data", () =>
    Effect.gen(function* () {
      const layout = yield* layoutOf("2022-03-01")
      yield* commitText(layout, `${"0123456789".repeat(1000)}\n`).pipe(Effect.provide(direct()))
      mode = "truncate"
      const result = yield* Effect.flip(
        Effect.gen(function* () {
          const store = yield* BlobStore
          return yield* store.getBytes(DatasetLayout.dataKey(layout))
        }).pipe(Effect.provide(throughProxy()))
      )
      mode = "pass"
      expect(result.reason === "Unavailable" || result.reason === "Unknown" || result.reason === "Timeout").toBe(true)
    })
  )
})

