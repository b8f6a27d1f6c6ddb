/** `strata verify`: recompute every committed partition's SHA-1 and report each mismatch. */
import { type AssetKey, Observation } from "@strata/core"
import { Sha1Stream, Sidecar } from "@strata/metadata"
import { BlobStore, DatasetLayout } from "@strata/storage"
import { Effect } from "effect"
import { Command } from "effect/cli"
import { observeProject } from "../Observations.ts"
import type { Project } from "../Project.ts"
import { layoutFor } from "../Sidecars.ts"
import { configFlag, fromFlag, isInteractive, jsonFlag, partitionFlag, print, projectOf, RunFailed, selectionArgument, selectedPartitions, toFlag, withStorage } from "./shared.ts"

/** Partitions verified at once. */
const VERIFY_CONCURRENCY = 4

/** The outcome of verifying one partition. */
export interface Verification {
  readonly asset: string
  readonly partition: string
  readonly ok: boolean
  readonly problem?: string
}

const decoder = new TextDecoder()

/** Verifies the committed partitions of the selected assets in range, reading every byte once. */
export const verifyPartitions = (project: Project, keys: ReadonlyArray<AssetKey.AssetKey>, contains: (asset: AssetKey.AssetKey, partition: string) => boolean) =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const selected = new Set(keys)
    const observed = yield* observeProject(
      project.config.project,
      project.definitions.filter((d) => d._tag === "Materialized" && selected.has(d.spec.key))
    )
    const targets = observed.observations.filter((o) => contains(o.asset as AssetKey.AssetKey, o.partition))
    return yield* Effect.forEach(
      targets,
      (target: Observation.Observation) =>
        Effect.gen(function* () {
          const definition = project.graph.definitions.get(target.asset as AssetKey.AssetKey)!
          const layout = yield* layoutFor(project, definition, target.partition)
          const sidecarKey = DatasetLayout.sidecarKey(layout)
          const text = decoder.decode(yield* store.getBytes(sidecarKey))
          const sidecar = yield* Effect.result(Sidecar.decode(text, sidecarKey))
          if (sidecar._tag === "Failure") return { asset: target.asset, partition: target.partition, ok: false, problem: sidecar.failure.message }
          const digest = yield* Sha1Stream.ofStream(store.get(DatasetLayout.dataKey(layout)))
          const expected = sidecar.success
          if (digest.sha1 === expected.sha1 && digest.bytes === expected.bytes) return { asset: target.asset, partition: target.partition, ok: true }
          return {
            asset: target.asset,
            partition: target.partition,
            ok: false,
            problem: `${DatasetLayout.dataKey(layout)}: SHA-1 ${digest.sha1} (${digest.bytes} bytes) differs from the sidecar's ${expected.sha1} (${expected.bytes} bytes); the data changed after it was committed (bit rot or tampering): re-materialize it with --force or restore an earlier version`
          }
        }),
      { concurrency: VERIFY_CONCURRENCY }
    )
  })

/** `strata verify [selection] [--from --to]`: exit code 1 when any partition does not match its sidecar. */
export const verify = Command.make(
  "verify",
  { selection: selectionArgument, partition: partitionFlag, from: fromFlag, to: toFlag, config: configFlag, json: jsonFlag },
  (input) =>
    Effect.gen(function* () {
      const project = yield* projectOf(input.config)
      const { keys, range } = yield* selectedPartitions(project, input)
      const results: ReadonlyArray<Verification> = yield* withStorage(
        project,
        verifyPartitions(project, keys, (asset, partition) => range.contains(project.graph.definitions.get(asset)?.spec.partitions, partition))
      )
      const bad = results.filter((r) => !r.ok)
      for (const result of bad) yield* print(isInteractive(input.json) ? `✗ ${result.asset}@${result.partition}: ${result.problem}` : JSON.stringify(result))
      yield* print(isInteractive(input.json) ? `${results.length} partition(s) verified, ${bad.length} mismatch(es)` : JSON.stringify({ verified: results.length, mismatches: bad.length }))
      if (bad.length > 0) return yield* new RunFailed({ message: `${bad.length} partition(s) do not match their sidecar` })
    })
).pipe(Command.withDescription("Recompute the SHA-1 of committed partitions and report each mismatch (exit code 1 if any)"))
