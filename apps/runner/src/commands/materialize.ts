/** `strata materialize`, `strata backfill` and `strata plan`: plan what is missing or stale, and run it. */
import type { AssetKey, Planner, Staleness } from "@strata/core"
import { Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { dataFileOf } from "../Sidecars.ts"
import { describeOutcome } from "../Reporter.ts"
import { countOutcomes, run, type RunRequest, type RunSummary } from "../Run.ts"
import type { StopSignal } from "../Executor.ts"
import {
  configFlag,
  fromFlag,
  isInteractive,
  jsonFlag,
  partitionFlag,
  print,
  projectOf,
  rangeOf,
  reporterFor,
  RunFailed,
  selectionArgument,
  selectionText,
  toFlag,
  withStorage
} from "./shared.ts"
import { UsageError } from "../Project.ts"

const forceFlag = Flag.Boolean("force").pipe(Flag.withDescription("Re-materialize fresh partitions too"), Flag.withDefault(false))
const noUpstreamFlag = Flag.Boolean("no-upstream").pipe(
  Flag.withDescription("Run only the selected asset-partitions against upstream data as it is (one step per process, e.g. on Argo)"),
  Flag.withDefault(false)
)
const dryRunFlag = Flag.Boolean("dry-run").pipe(Flag.withDescription("Print the plan without running it"), Flag.withDefault(false))

/** Stops scheduling on the first SIGINT; the second one exits at once (nothing half-committed either way). */
const installInterrupt = (stop: { stopped: boolean }, say: (text: string) => void): (() => void) => {
  const onSignal = () => {
    if (stop.stopped) process.exit(130)
    stop.stopped = true
    say("Stopping: no new partition starts; running ones finish and commit. Press Ctrl-C again to quit now.")
  }
  process.on("SIGINT", onSignal)
  process.on("SIGTERM", onSignal)
  return () => {
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
  }
}

/** The human summary of a run. */
export const summaryText = (summary: RunSummary): string => {
  const counts = countOutcomes(summary.outcomes)
  const fresh = summary.plan.skipped.filter((s) => s.reason === "fresh").length
  if (summary.plan.steps.length === 0) {
    const blocked = summary.plan.skipped.length - fresh
    return `Nothing to do: ${fresh} partition(s) fresh${blocked > 0 ? `, ${blocked} left out (run \`strata plan\` to see why)` : ""}. (${summary.durationMs.toFixed(0)} ms)`
  }
  const lines = [
    `Run ${summary.runId}: ${counts.succeeded} materialized, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.cancelled} cancelled, ${fresh} already fresh (${(summary.durationMs / 1000).toFixed(1)} s)`
  ]
  for (const outcome of summary.outcomes) if (outcome._tag !== "Succeeded") lines.push(`  ${outcome.id}: ${describeOutcome(outcome)}`)
  return lines.join("\n")
}

/** Reasons that mean a partition cannot run yet (as opposed to fresh, or outside the range asked for). */
const BLOCKED_REASONS: ReadonlySet<string> = new Set(["upstream_missing", "upstream_stale", "upstream_nonexistent", "source_not_observed"])

/** What a plan leaves out because something must happen first ({@link BLOCKED_REASONS}), in plan order. */
const blockedOf = (summary: RunSummary): Array<Planner.Skipped> => summary.plan.skipped.filter((skipped) => BLOCKED_REASONS.has(skipped.reason))
/** Groups of blocked partitions (an asset, a reason, what it needs) listed before the rest are counted. */
const BLOCKED_GROUPS_SHOWN = 20
/** Blocked partitions listed in `--json` (the first, in plan order), so that a log line stays small; `blockedTotal` counts them all. */
export const BLOCKED_JSON_LIMIT = 1000

/** Where a source partition's file is expected (its URI), or `undefined` when the asset is not a source. */
export type SourceFileOf = (asset: string, partition: string) => string | undefined

/**
 * The source partition at the root of a blocked partition's wait, if a source is what it waits
 * for: a partition not observed itself, or needing (through blocked upstream partitions) one
 * that is. `blockedById` holds the plan's blocked partitions by `asset@partition`.
 */
const sourceRootOf = (skipped: Planner.Skipped, blockedById: ReadonlyMap<string, Planner.Skipped>): Staleness.AssetPartition | undefined => {
  let current: Planner.Skipped | undefined = skipped
  for (let depth = 0; current !== undefined && depth <= blockedById.size; depth++) {
    if (current.reason === "source_not_observed") return current.blockedBy ?? current
    const needs: Staleness.AssetPartition | undefined = current.blockedBy
    current = needs === undefined ? undefined : blockedById.get(`${needs.asset}@${needs.partition}`)
  }
  return undefined
}

/** Blocked partitions of one asset, for one reason, needing partitions of one asset (or none), in plan order. */
interface BlockedGroup {
  readonly asset: string
  readonly reason: string
  readonly members: Array<Planner.Skipped>
}

/** Blocked partitions grouped by asset, reason and the asset they need, groups in the order of their first partition. */
const groupBlocked = (blocked: ReadonlyArray<Planner.Skipped>): Array<BlockedGroup> => {
  const groups = new Map<string, BlockedGroup>()
  for (const skipped of blocked) {
    const key = `${skipped.asset}\u0000${skipped.reason}\u0000${skipped.blockedBy?.asset ?? ""}`
    const group = groups.get(key)
    if (group === undefined) groups.set(key, { asset: skipped.asset, reason: skipped.reason, members: [skipped] })
    else group.members.push(skipped)
  }
  return [...groups.values()]
}

/** What blocks one group of blocked partitions (an asset, a reason, the asset it needs), for the text and for `--json`. */
export interface BlockedGroupSummary {
  readonly asset: string
  readonly reason: string
  /** How many partitions, and the first and last of their keys. */
  readonly count: number
  readonly first: string
  readonly last: string
  /** The upstream partition the group's first partition needs (`asset@partition`), when it needs one. */
  readonly needs?: string
  /** The source a wait comes down to, however far up, when a source's missing file is the cause. */
  readonly waitsForSource?: string
  /** Where that source's file is expected, for the first partition (the others follow the same pattern). */
  readonly sourceFile?: string
}

/** The blocked partitions grouped by asset, reason and needed asset, each group with what blocks it, in plan order. */
export const blockedGroups = (blocked: ReadonlyArray<Planner.Skipped>, sourceFileOf: SourceFileOf): Array<BlockedGroupSummary> => {
  const blockedById = new Map(blocked.map((skipped) => [`${skipped.asset}@${skipped.partition}`, skipped]))
  return groupBlocked(blocked).map((group) => {
    const first = group.members[0] as Planner.Skipped
    const keys = group.members.map((skipped) => skipped.partition).sort()
    const needs = first.blockedBy
    const source = sourceRootOf(first, blockedById)
    const file = source === undefined ? undefined : sourceFileOf(source.asset, source.partition)
    return {
      asset: group.asset,
      reason: group.reason,
      count: group.members.length,
      first: keys[0] as string,
      last: keys.at(-1) as string,
      ...(needs === undefined ? {} : { needs: `${needs.asset}@${needs.partition}` }),
      ...(source === undefined ? {} : { waitsForSource: source.asset }),
      ...(file === undefined ? {} : { sourceFile: file })
    }
  })
}

/**
 * A group of blocked partitions as a line, with how to unblock them: build the upstream too
 * (`select +asset`), or, when a source is what they wait for, however far up, put the source's
 * file where it is read. A group of one names its partition; a larger one gives its count and
 * key range, its first partition's need as the example (`e.g.`).
 */
export const blockedGroupText = (group: BlockedGroupSummary): string => {
  const single = group.count === 1
  const reason = group.reason.replace(/_/g, " ")
  const head = single ? `${group.asset}@${group.first}: ${reason}` : `${group.asset}: ${group.count} partitions, ${group.first} … ${group.last}: ${reason}`
  const needsAsset = group.needs?.slice(0, group.needs.lastIndexOf("@"))
  if (group.waitsForSource !== undefined) {
    const where = group.sourceFile === undefined ? `put ${single ? "its file" : "their files"} in storage` : `${single ? "" : "e.g. "}no file at ${group.sourceFile}`
    if (group.needs === undefined) return `${head}: ${where}`
    const need = single ? `needs ${group.needs}` : `they need partitions of ${needsAsset}`
    return needsAsset === group.waitsForSource ? `${head} (${need}, a source: ${where})` : `${head} (${need}, which wait${single ? "s" : ""} for the source ${group.waitsForSource}: ${where})`
  }
  if (group.needs === undefined) return head
  return single
    ? `${head} (needs ${group.needs}; select +${group.asset} to build it too)`
    : `${head} (they need partitions of ${needsAsset}, e.g. ${group.needs}; select +${group.asset} to build them too)`
}

/** Lines that say what blocks each group of blocked partitions ({@link blockedGroups}, {@link blockedGroupText}). */
export const blockedLines = (blocked: ReadonlyArray<Planner.Skipped>, sourceFileOf: SourceFileOf): Array<string> =>
  blockedGroups(blocked, sourceFileOf).map(blockedGroupText)

/** What is left out because something must happen first: for `--json`, the first {@link BLOCKED_JSON_LIMIT}, each with what it needs. */
export const blockedJson = (summary: RunSummary, sourceFileOf: SourceFileOf) =>
  blockedOf(summary)
    .slice(0, BLOCKED_JSON_LIMIT)
    .map((skipped) => {
      const source = skipped.reason === "source_not_observed" ? (skipped.blockedBy ?? skipped) : undefined
      const file = source === undefined ? undefined : sourceFileOf(source.asset, source.partition)
      return {
        asset: skipped.asset,
        partition: skipped.partition,
        reason: skipped.reason,
        ...(skipped.blockedBy !== undefined ? { needs: `${skipped.blockedBy.asset}@${skipped.blockedBy.partition}` } : {}),
        ...(file !== undefined ? { sourceFile: file } : {})
      }
    })

/**
 * The plan as text: each step with its reason, then what is left out, counted by reason; then
 * what is blocked, a line per asset, reason and needed asset (a backfill blocked over years of
 * days reads as a few lines, not as its first twenty partitions).
 */
export const planText = (summary: RunSummary, sourceFileOf: SourceFileOf = () => undefined): string => {
  const lines = [`${summary.plan.steps.length} step(s) to run:`]
  for (const step of summary.plan.steps) lines.push(`  ${step.asset}@${step.partition}  (${step.reason.replace(/_/g, " ")})`)
  const byReason = new Map<string, number>()
  for (const skipped of summary.plan.skipped) byReason.set(skipped.reason, (byReason.get(skipped.reason) ?? 0) + 1)
  if (byReason.size > 0) lines.push(`Left out: ${[...byReason].map(([reason, count]) => `${count} ${reason.replace(/_/g, " ")}`).join(", ")}`)
  const blocked = blockedLines(blockedOf(summary), sourceFileOf)
  for (const line of blocked.slice(0, BLOCKED_GROUPS_SHOWN)) lines.push(`  ${line}`)
  if (blocked.length > BLOCKED_GROUPS_SHOWN) lines.push(`  ... and ${blocked.length - BLOCKED_GROUPS_SHOWN} more groups (--json lists up to ${BLOCKED_JSON_LIMIT} partitions)`)
  return lines.join("\n")
}

const runCommand = (request: RunRequest, config: Option.Option<string>, json: boolean, planOnly: boolean) =>
  Effect.gen(function* () {
    const project = yield* projectOf(config)
    const reporter = reporterFor(json)
    const stop: StopSignal & { stopped: boolean } = { stopped: false }
    const uninstall = installInterrupt(stop, (text) => reporter.info(text))
    const summary = yield* withStorage(project, run(project, { ...request, dryRun: request.dryRun || planOnly }, reporter, stop)).pipe(
      Effect.ensuring(Effect.sync(uninstall))
    )
    const sourceFileOf: SourceFileOf = (asset, partition) => {
      const definition = project.graph.definitions.get(asset as AssetKey.AssetKey)
      if (definition?._tag !== "Source") return undefined
      return Effect.runSync(dataFileOf(project, definition, partition).pipe(Effect.map((file) => file.uri), Effect.orElseSucceed(() => undefined)))
    }
    if (isInteractive(json)) {
      yield* print(planOnly || request.dryRun ? planText(summary, sourceFileOf) : summaryText(summary))
    } else {
      const counts = countOutcomes(summary.outcomes)
      const blocked = blockedJson(summary, sourceFileOf)
      const allBlocked = blockedOf(summary)
      const blockedTotal = allBlocked.length
      yield* print(
        JSON.stringify({
          time: new Date().toISOString(),
          level: counts.failed > 0 ? "error" : "info",
          event: planOnly || request.dryRun ? "plan" : "summary",
          runId: summary.runId,
          steps: summary.plan.steps.map((s) => ({ asset: s.asset, partition: s.partition, reason: s.reason })),
          leftOut: summary.plan.skipped.length,
          ...(blocked.length > 0 ? { blocked, blockedTotal, blockedGroups: blockedGroups(allBlocked, sourceFileOf) } : {}),
          ...counts,
          durationMs: Math.round(summary.durationMs)
        })
      )
    }
    const asked = request.range.keys !== undefined || request.noUpstream
    const blocked = asked ? blockedOf(summary) : []
    if (blocked.length > 0 && !planOnly && !request.dryRun) {
      const lines = blockedLines(blocked, sourceFileOf)
      const more = lines.length > BLOCKED_GROUPS_SHOWN ? `; and ${lines.length - BLOCKED_GROUPS_SHOWN} more groups` : ""
      return yield* new RunFailed({ message: `cannot run what was asked: ${lines.slice(0, BLOCKED_GROUPS_SHOWN).join("; ")}${more}` })
    }
    const counts = countOutcomes(summary.outcomes)
    if (counts.failed + counts.skipped + counts.cancelled > 0) {
      return yield* new RunFailed({ message: `${counts.failed} step(s) failed, ${counts.skipped} skipped, ${counts.cancelled} cancelled` })
    }
  })

/** `strata materialize [selection] [--partition k] [--from d --to d] [--force] [--no-upstream] [--dry-run]` */
export const materialize = Command.make(
  "materialize",
  {
    selection: selectionArgument,
    partition: partitionFlag,
    from: fromFlag,
    to: toFlag,
    force: forceFlag,
    noUpstream: noUpstreamFlag,
    dryRun: dryRunFlag,
    config: configFlag,
    json: jsonFlag
  },
  (input) =>
    runCommand(
      {
        selection: selectionText(input.selection),
        range: rangeOf(input.from, input.to, input.partition),
        force: input.force,
        noUpstream: input.noUpstream,
        dryRun: input.dryRun
      },
      input.config,
      input.json,
      false
    )
).pipe(Command.withDescription("Materialize the missing or stale partitions of the selected assets (all by default)"))

/** `strata backfill [selection] --from d --to d [--force]` */
export const backfill = Command.make(
  "backfill",
  { selection: selectionArgument, from: fromFlag, to: toFlag, force: forceFlag, dryRun: dryRunFlag, config: configFlag, json: jsonFlag },
  (input) =>
    Option.isNone(input.from) || Option.isNone(input.to)
      ? Effect.fail(new UsageError({ message: "backfill needs --from and --to (YYYY-MM-DD), e.g. strata backfill --from 2021-09-01 --to 2021-12-31" }))
      : runCommand(
          { selection: selectionText(input.selection), range: rangeOf(input.from, input.to, Option.none()), force: input.force, noUpstream: false, dryRun: input.dryRun },
          input.config,
          input.json,
          false
        )
).pipe(Command.withDescription("Materialize every missing or stale partition of a date range, with progress"))

/** `strata plan [selection] [--from --to] [--force]` */
export const plan = Command.make(
  "plan",
  { selection: selectionArgument, partition: partitionFlag, from: fromFlag, to: toFlag, force: forceFlag, config: configFlag, json: jsonFlag },
  (input) =>
    runCommand(
      { selection: selectionText(input.selection), range: rangeOf(input.from, input.to, input.partition), force: input.force, noUpstream: false, dryRun: true },
      input.config,
      input.json,
      true
    )
).pipe(Command.withDescription("Show what materialize would run, and why; and what it leaves out, and why"))
