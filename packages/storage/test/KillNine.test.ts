/**
 * kill -9 a writer at random moments (local and S3): no partition ever looks committed while
 * incomplete, and a re-run completes every partition.
 */
import { spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, inject, it } from "@effect/vitest"
import { scratchFolders } from "@strata/testkit"
import { Effect, Layer, Option, Stream } from "effect"
import type { BlobStore } from "../src/BlobStore.ts"
import type { BlobStoreError } from "../src/BlobStoreError.ts"
import * as CommitProtocol from "../src/CommitProtocol.ts"
import * as DatasetLayout from "../src/DatasetLayout.ts"
import * as LocalFsDriver from "../src/drivers/local-fs.ts"
import { contentOf } from "./fixtures/content.ts"
import { makeS3TestStore } from "./S3TestStore.ts"

/** Kill trials per driver. */
const TRIALS = 3

/** Partitions each writer commits. */
const PARTITIONS = Array.from({ length: 4 }, (_, i) => `2023-01-0${i + 1}`)

/** Latest moment of a kill after the writer says it is ready, per driver (a local commit takes milliseconds). */
const MAX_KILL_DELAY_MS = { local: 40, s3: 700 } as const

const child = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "commitLoop.ts")
const target = inject("strataS3")

/** Runs the writer; kills it with SIGKILL after `killAfterMs` from "ready" (never when undefined). Resolves with whether it finished. */
const runWriter = (store: unknown, round: string, killAfterMs?: number): Promise<boolean> =>
  new Promise((resolveRun, reject) => {
    const writer = spawn(process.execPath, [child, JSON.stringify({ store, round, partitions: PARTITIONS })], { stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    let errors = ""
    writer.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()))
    writer.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      if (killAfterMs !== undefined && output.startsWith("ready\n") && output.length === "ready\n".length) {
        setTimeout(() => writer.kill("SIGKILL"), killAfterMs)
      }
    })
    writer.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolveRun(output.includes("done"))
      else if (code === 0) resolveRun(true)
      else reject(new Error(`writer failed (${code}): ${errors}`))
    })
  })

const decode = (chunks: ReadonlyArray<Uint8Array>) => Buffer.concat(chunks)

/** Checks every partition: committed ones are whole and agree with their sidecar and marker; returns the rounds seen. */
const checkInvariant = (rounds: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const observed = new Map((yield* Stream.runCollect(CommitProtocol.observe("proj", "bronze/pages"))).map((o) => [o.partition, o]))
    const seen: Array<string | undefined> = []
    for (const partition of PARTITIONS) {
      const layout = yield* DatasetLayout.make({ project: "proj", asset: "bronze/pages", partition, dataset: "pages" })
      const committed = yield* CommitProtocol.readCommitted(layout)
      const observation = observed.get(partition)
      if (Option.isNone(committed)) {
        // An observation may only claim what can be read.
        expect(observation).toBeUndefined()
        seen.push(undefined)
        continue
      }
      const data = decode(yield* Stream.runCollect(committed.value.data))
      const round = committed.value.record.codeVersion
      expect(rounds).toContain(round)
      expect(data.equals(decode(contentOf(partition, round)))).toBe(true)
      expect(new TextDecoder().decode(committed.value.sidecar)).toContain(`round: ${round}\n`)
      if (observation !== undefined) expect(observation.dataVersion).toBe(committed.value.record.sha1)
      seen.push(round)
    }
    return seen
  })

const killTrials = (storeSpec: () => Promise<{ spec: unknown; layer: Layer.Layer<BlobStore, BlobStoreError> }>, maxKillDelayMs: number) =>
  Effect.gen(function* () {
    const { spec, layer } = yield* Effect.promise(storeSpec)
    const rounds: Array<string> = []
    let interrupted = 0
    for (let trial = 1; trial <= TRIALS; trial++) {
      const round = `r${trial}`
      rounds.push(round)
      // The first trial kills at once, so that at least one writer dies mid-way whatever the machine's speed.
      const delay = trial === 1 ? 0 : Math.floor(Math.random() * maxKillDelayMs)
      const finished = yield* Effect.promise(() => runWriter(spec, round, delay))
      if (!finished) interrupted += 1
      yield* Effect.provide(checkInvariant(rounds), layer)
    }
    rounds.push("final")
    expect(yield* Effect.promise(() => runWriter(spec, "final"))).toBe(true)
    const seen = yield* Effect.provide(checkInvariant(rounds), layer)
    expect(seen).toEqual(PARTITIONS.map(() => "final"))
    expect(interrupted).toBeGreaterThan(0)
  })

const scratch = scratchFolders("strata-kill-")
afterAll(scratch.removeAll)

describe("kill -9 during commits", () => {
  it.live(
    "local-fs: nothing half-committed, a re-run completes",
    () =>
      killTrials(async () => {
        const root = scratch.make()
        return { spec: { kind: "local", root }, layer: LocalFsDriver.layer({ root }) }
      }, MAX_KILL_DELAY_MS.local),
    120_000
  )

  it.live(
    "s3: nothing half-committed, a re-run completes",
    () =>
      killTrials(async () => {
        const store = await makeS3TestStore(target, "kill")
        return { spec: { kind: "s3", options: store.options() }, layer: store.layer() }
      }, MAX_KILL_DELAY_MS.s3),
    120_000
  )
})
