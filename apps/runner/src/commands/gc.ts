/**
 * `strata gc`: removes what interrupted runs left in storage (staged data never committed,
 * interrupted copies, temporary files, incomplete uploads) and, with `--keep N`, the earlier
 * versions of each partition beyond the N most recent (`GarbageCollection` in storage). It
 * names the assets in storage that the definitions no longer have; `--orphans` removes them.
 */
import { GarbageCollection } from "@strata/storage"
import { Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { isHolderAlive } from "../Materializer.ts"
import type { Project } from "../Project.ts"
import { UsageError } from "../Project.ts"
import { resolveRequest } from "../Run.ts"
import { configFlag, isInteractive, jsonFlag, print, projectOf, selectionArgument, selectionText, withStorage } from "./shared.ts"

/** How long a leftover must have been untouched, by default, before it counts as garbage: far longer than any write's pause. */
export const DEFAULT_GRACE = "1h"

const MS_PER_UNIT: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Milliseconds of a duration written `<n>s`, `<n>m`, `<n>h` or `<n>d`; `undefined` when it is not one. */
export const parseDuration = (text: string): number | undefined => {
  const match = /^(\d+)([smhd])$/.exec(text.trim())
  return match === null ? undefined : Number(match[1]) * MS_PER_UNIT[match[2]!]!
}

const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB"] as const

/** A byte count for people (decimal units). */
export const bytesText = (bytes: number): string => {
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`
}

/** What `gc` is asked. */
export interface GcRequest {
  readonly selection: string
  /** Earlier versions kept per partition; all when absent. */
  readonly keep?: number
  /** Milliseconds a leftover must have been untouched. */
  readonly graceMs: number
  readonly dryRun: boolean
  /** Remove the assets in storage that the definitions no longer have. */
  readonly orphans: boolean
}

/** An asset the definitions no longer have, and what removing it removed (`undefined`: not removed). */
export interface Orphan extends GarbageCollection.OrphanAsset {
  readonly removed?: { readonly objects: number; readonly bytes: number }
}

/** What `gc` found and did. */
export interface GcResult {
  readonly collections: ReadonlyArray<GarbageCollection.Collection>
  readonly orphans: ReadonlyArray<Orphan>
}

/** The garbage of every selected materialized asset, removed unless a dry run. */
export const collectGarbage = (project: Project, request: GcRequest, now: Date) =>
  Effect.gen(function* () {
    const { keys } = yield* resolveRequest(project, { selection: request.selection, range: {}, force: false, noUpstream: false, dryRun: true })
    const selected = new Set<string>(keys)
    const assets = project.definitions.filter((definition) => definition._tag === "Materialized" && selected.has(definition.spec.key))
    const options = {
      before: new Date(now.getTime() - request.graceMs),
      now,
      isHolderAlive,
      ...(request.keep !== undefined ? { keep: request.keep } : {}),
      ...(request.dryRun ? { dryRun: true } : {})
    }
    const defined = new Set<string>(project.definitions.map((definition) => definition.spec.key))
    return yield* withStorage(
      project,
      Effect.gen(function* () {
        const collections = yield* Effect.forEach(assets, (definition) => GarbageCollection.collect(project.config.project, definition.spec.key, options))
        const found = yield* GarbageCollection.orphanAssets(project.config.project, defined)
        const orphans = yield* Effect.forEach(found, (orphan) =>
          request.orphans && !request.dryRun
            ? Effect.map(GarbageCollection.removeAsset(project.config.project, orphan.asset, defined), (removed): Orphan => ({ ...orphan, removed }))
            : Effect.succeed<Orphan>(orphan)
        )
        return { collections, orphans } satisfies GcResult
      })
    )
  })

/** The bytes of some garbage, summed. */
const bytesOf = (garbage: ReadonlyArray<GarbageCollection.Garbage>): number => garbage.reduce((sum, item) => sum + item.bytes, 0)

const KIND_NAMES: Readonly<Record<GarbageCollection.GarbageKind, string>> = {
  staging: "staged data never committed",
  history: "earlier versions in history",
  leftover: "leftovers of interrupted writes"
}

/** The report for people: per asset and kind, then the total; each object too on a dry run; then the orphaned assets. */
export const gcText = ({ collections, orphans }: GcResult, request: GcRequest, storageUri: string): string => {
  const lines: Array<string> = []
  const all = collections.flatMap((collection) => collection.garbage)
  for (const collection of collections) {
    for (const kind of ["staging", "history", "leftover"] as const) {
      const found = collection.garbage.filter((garbage) => garbage.kind === kind)
      if (found.length === 0) continue
      lines.push(`${collection.asset}: ${found.length} object(s) of ${KIND_NAMES[kind]}, ${bytesText(bytesOf(found))}`)
      if (request.dryRun) for (const garbage of found) lines.push(`  ${garbage.key}`)
    }
    if (collection.busy.length > 0) {
      lines.push(`${collection.asset}: left alone, a runner is materializing ${collection.busy.join(", ")}; run gc again when it is done`)
    }
  }
  const total = `${all.length} object(s), ${bytesText(bytesOf(all))}`
  if (all.length > 0) lines.push(request.dryRun ? `Would remove ${total} (dry run: nothing removed).` : `Removed ${total}.`)
  else if (orphans.length === 0) lines.push("Nothing to collect.")
  if (request.keep !== undefined && collections.some((collection) => collection.versioned > 0) && storageUri.startsWith("s3://")) {
    lines.push("This bucket keeps earlier versions as object versions, which --keep does not remove: expire them with a lifecycle rule (NoncurrentVersionExpiration).")
  }
  for (const orphan of orphans) {
    const what = `${orphan.asset}: no longer defined, ${orphan.partitions} committed partition(s), ${bytesText(orphan.bytes)} of data`
    lines.push(
      orphan.removed !== undefined
        ? `${what}: removed (${orphan.removed.objects} object(s), ${bytesText(orphan.removed.bytes)})`
        : request.orphans
        ? `${what}: would be removed with everything it holds (dry run)`
        : `${what}; \`strata gc --orphans\` removes it with everything it holds`
    )
  }
  return lines.join("\n")
}

const keepFlag = Flag.Int("keep").pipe(Flag.withDescription("Earlier versions to keep per partition, the most recent (default: keep them all)"), Flag.optional)
const olderThanFlag = Flag.String("older-than").pipe(
  Flag.withDescription(`Leftovers count as garbage once untouched this long: <n>s, <n>m, <n>h or <n>d (default ${DEFAULT_GRACE})`),
  Flag.withDefault(DEFAULT_GRACE)
)
const orphansFlag = Flag.Boolean("orphans").pipe(
  Flag.withDescription("Also remove, whole, every asset in storage that the definitions no longer have"),
  Flag.withDefault(false)
)
const dryRunFlag = Flag.Boolean("dry-run").pipe(Flag.withDescription("List what would be removed, remove nothing"), Flag.withDefault(false))

/** `strata gc [selection] [--keep N] [--older-than 1h] [--orphans] [--dry-run] [--json]` */
export const gc = Command.make(
  "gc",
  { selection: selectionArgument, keep: keepFlag, olderThan: olderThanFlag, orphans: orphansFlag, dryRun: dryRunFlag, config: configFlag, json: jsonFlag },
  (input) =>
    Effect.gen(function* () {
      const graceMs = parseDuration(input.olderThan)
      if (graceMs === undefined) {
        return yield* new UsageError({ message: `--older-than ${JSON.stringify(input.olderThan)} is not a duration; write <n>s, <n>m, <n>h or <n>d, e.g. --older-than 2h` })
      }
      const keep = Option.getOrUndefined(input.keep)
      if (keep !== undefined && keep < 0) return yield* new UsageError({ message: `--keep ${keep} is negative; give how many earlier versions to keep, 0 or more` })
      const project = yield* projectOf(input.config)
      const request: GcRequest = { selection: selectionText(input.selection), graceMs, dryRun: input.dryRun, orphans: input.orphans, ...(keep !== undefined ? { keep } : {}) }
      const result = yield* collectGarbage(project, request, new Date())
      if (isInteractive(input.json)) return yield* print(gcText(result, request, project.config.storage.root))
      const { collections, orphans } = result
      for (const orphan of orphans) yield* print(JSON.stringify({ event: "orphan", ...orphan }))
      for (const collection of collections) {
        for (const garbage of collection.garbage) yield* print(JSON.stringify({ event: "garbage", asset: collection.asset, ...garbage, removed: !request.dryRun }))
        if (collection.busy.length > 0) yield* print(JSON.stringify({ event: "busy", asset: collection.asset, partitions: collection.busy }))
      }
      const all = collections.flatMap((collection) => collection.garbage)
      yield* print(JSON.stringify({ event: "gc", dryRun: request.dryRun, objects: all.length, bytes: bytesOf(all) }))
    })
).pipe(
  Command.withDescription(
    "Remove what interrupted runs left in storage; with --keep N, earlier versions beyond the N most recent; with --orphans, the assets the definitions no longer have"
  )
)
