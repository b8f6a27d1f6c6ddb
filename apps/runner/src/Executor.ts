/**
 * Executes a dependency graph of tasks with bounded concurrency, per-task retries and failure
 * isolation: a task whose dependency failed is skipped (naming the failure) while independent
 * work goes on. Among tasks ready to run, the one listed first runs first (the plan's order:
 * day by day in a backfill), whenever it became ready. A stop request (SIGINT) stops
 * scheduling; tasks already running finish, so the commit protocol never sees a half-written
 * partition.
 */
import { type Cause, Deferred, Duration, Effect, Exit } from "effect"
import * as PrioritySlots from "./PrioritySlots.ts"

/** A unit of work and the ids of the tasks it waits for. */
export interface ExecutionTask<A> {
  /** Unique id, e.g. `preprocess/html-parsing@2021-09-02`. */
  readonly id: string
  /** Ids of tasks that must succeed first; ids outside the task set count as done. */
  readonly dependsOn: ReadonlyArray<string>
  /** Attempts in all (1 = no retry) and the first backoff, doubled on each retry. */
  readonly retry: { readonly maxAttempts: number; readonly backoffMs: number }
  /** What the task is about, handed to the run function. */
  readonly payload: A
}

/** How one task ended. */
export type TaskOutcome<B> =
  | { readonly _tag: "Succeeded"; readonly id: string; readonly attempts: number; readonly durationMs: number; readonly value: B }
  | { readonly _tag: "Failed"; readonly id: string; readonly attempts: number; readonly durationMs: number; readonly error: unknown }
  | { readonly _tag: "Skipped"; readonly id: string; readonly because: string }
  | { readonly _tag: "Cancelled"; readonly id: string }

/** Progress events, in the order they happen. */
export type ExecutionEvent =
  | { readonly _tag: "Started"; readonly id: string; readonly attempt: number }
  | { readonly _tag: "Retrying"; readonly id: string; readonly attempt: number; readonly error: unknown; readonly delayMs: number }
  | { readonly _tag: "Finished"; readonly outcome: TaskOutcome<unknown> }

/** A flag the caller raises to stop scheduling new tasks (on SIGINT). */
export interface StopSignal {
  readonly stopped: boolean
}

/** Options of {@link execute}. */
export interface ExecuteOptions {
  /** Tasks running at once. */
  readonly concurrency: number
  /** Called for each progress event; must not throw. */
  readonly onEvent?: (event: ExecutionEvent) => void
  /** When raised, tasks not yet started end as `Cancelled`. */
  readonly stop?: StopSignal
  /** Whether a failure is worth another attempt; defaults to always. */
  readonly isRetryable?: (error: unknown) => boolean
}

/**
 * Runs every task once its dependencies have succeeded, at most `concurrency` at a time (the
 * ready task listed first takes the next free slot), and returns one outcome per task in the
 * tasks' order. Never fails: failures are outcomes.
 */
export const execute = <A, B, E, R>(
  tasks: ReadonlyArray<ExecutionTask<A>>,
  run: (task: ExecutionTask<A>, attempt: number) => Effect.Effect<B, E, R>,
  options: ExecuteOptions
): Effect.Effect<ReadonlyArray<TaskOutcome<B>>, never, R> =>
  Effect.gen(function* () {
    const slots = PrioritySlots.make(options.concurrency)
    const done = new Map<string, Deferred.Deferred<TaskOutcome<B>>>()
    for (const task of tasks) {
      if (done.has(task.id)) return yield* Effect.die(new Error(`Duplicate task id ${task.id}`))
      done.set(task.id, yield* Deferred.make<TaskOutcome<B>>())
    }
    const emit = (event: ExecutionEvent) => Effect.sync(() => options.onEvent?.(event))
    const isRetryable = options.isRetryable ?? (() => true)

    const attemptAll = (task: ExecutionTask<A>) =>
      Effect.gen(function* () {
        const started = performance.now()
        const maxAttempts = Math.max(1, task.retry.maxAttempts)
        for (let attempt = 1; ; attempt++) {
          yield* emit({ _tag: "Started", id: task.id, attempt })
          const exit = yield* Effect.exit(run(task, attempt))
          const durationMs = performance.now() - started
          if (Exit.isSuccess(exit)) {
            return { _tag: "Succeeded", id: task.id, attempts: attempt, durationMs, value: exit.value } as const
          }
          const error = failureOf(exit.cause)
          if (attempt >= maxAttempts || !isRetryable(error) || options.stop?.stopped) {
            return { _tag: "Failed", id: task.id, attempts: attempt, durationMs, error } as const
          }
          const delayMs = task.retry.backoffMs * 2 ** (attempt - 1)
          yield* emit({ _tag: "Retrying", id: task.id, attempt, error, delayMs })
          yield* Effect.sleep(Duration.millis(delayMs))
        }
      })

    const finish = (task: ExecutionTask<A>, outcome: TaskOutcome<B>) =>
      Effect.gen(function* () {
        yield* emit({ _tag: "Finished", outcome })
        yield* Deferred.succeed(done.get(task.id)!, outcome)
        return outcome
      })

    const runTask = (task: ExecutionTask<A>, index: number) =>
      Effect.gen(function* () {
        for (const dependency of task.dependsOn) {
          const deferred = done.get(dependency)
          if (deferred === undefined) continue
          const upstream = yield* Deferred.await(deferred)
          if (upstream._tag !== "Succeeded") {
            return yield* finish(task, { _tag: "Skipped", id: task.id, because: upstream._tag === "Skipped" ? upstream.because : upstream.id })
          }
        }
        return yield* slots.withSlot(
          index,
          Effect.gen(function* () {
            const outcome: TaskOutcome<B> = options.stop?.stopped ? { _tag: "Cancelled", id: task.id } : yield* attemptAll(task)
            // Finished inside the slot: the tasks this one made ready queue for a slot before it
            // is handed on, so that it goes to the ready task listed first.
            return yield* finish(task, outcome)
          })
        )
      })

    return yield* Effect.forEach(tasks, runTask, { concurrency: "unbounded" })
  })

/** The typed failure of a cause, or the defect, or the cause itself when interrupted. */
const failureOf = (cause: Cause.Cause<unknown>): unknown => {
  for (const reason of cause.reasons) {
    if (reason._tag === "Fail") return reason.error
    if (reason._tag === "Die") return reason.defect
  }
  return cause
}
