/**
 * Executes a dependency graph of tasks with bounded concurrency, per-task retries and failure
 * isolation: a task whose dependency failed is skipped (naming the failure) while independent
 * work goes on. Among tasks ready to run, the one listed first runs first (the plan's order:
 * day by day in a backfill), whenever it became ready. A stop request (SIGINT) stops
 * scheduling; tasks already running finish, so the commit protocol never sees a half-written
 * partition.
 */
import { MinHeap } from "@strata/core"
import { type Cause, Deferred, Duration, Effect, Exit } from "effect"

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
 *
 * `concurrency` workers take ready tasks from one queue ordered by position. A finished task
 * settles its dependents (ready, or skipped) before its worker takes the next task, so the
 * tasks it made ready compete for that slot with those that were waiting.
 */
export const execute = <A, B, E, R>(
  tasks: ReadonlyArray<ExecutionTask<A>>,
  run: (task: ExecutionTask<A>, attempt: number) => Effect.Effect<B, E, R>,
  options: ExecuteOptions
): Effect.Effect<ReadonlyArray<TaskOutcome<B>>, never, R> =>
  Effect.suspend(() => {
    const positions = new Map<string, number>()
    for (const [position, task] of tasks.entries()) {
      if (positions.has(task.id)) return Effect.die(new Error(`Duplicate task id ${task.id}`))
      positions.set(task.id, position)
    }
    // Dependencies inside the task set, in the order listed (ids outside count as done).
    const dependencies = tasks.map((task) => task.dependsOn.flatMap((id) => positions.get(id) ?? []))
    const dependents: Array<Array<number>> = tasks.map(() => [])
    for (const [position, list] of dependencies.entries()) for (const dependency of list) dependents[dependency]!.push(position)
    // A task waits until its dependencies settle it: ready, or skipped.
    const waiting = tasks.map(() => true)
    const outcomes: Array<TaskOutcome<B> | undefined> = tasks.map(() => undefined)
    const ready = MinHeap.make<number>((a, b) => a - b)
    let unfinished = tasks.length
    // Workers with nothing to take wait on this gate; it opens (and is replaced) when work comes or all is done.
    let gate = Deferred.makeUnsafe<void>()
    const wake = () => {
      const opened = gate
      gate = Deferred.makeUnsafe<void>()
      Deferred.doneUnsafe(opened, Effect.void)
    }
    const emit = (event: ExecutionEvent) => options.onEvent?.(event)
    const isRetryable = options.isRetryable ?? (() => true)

    /**
     * Looks at a waiting task's dependencies in the order listed: the first one unfinished
     * keeps it waiting; the first one that failed (before any unfinished) skips it, which is
     * returned; all succeeded make it ready.
     */
    const settle = (position: number): TaskOutcome<B> | undefined => {
      if (!waiting[position]) return undefined
      for (const dependency of dependencies[position]!) {
        const upstream = outcomes[dependency]
        if (upstream === undefined) return undefined
        if (upstream._tag !== "Succeeded") {
          waiting[position] = false
          return { _tag: "Skipped", id: tasks[position]!.id, because: upstream._tag === "Skipped" ? upstream.because : upstream.id }
        }
      }
      waiting[position] = false
      ready.push(position)
      return undefined
    }

    /** Records an outcome, then settles the dependents it decides, and theirs (a queue, not recursion: chains can be long). */
    const finish = (position: number, outcome: TaskOutcome<B>): void => {
      const finished: Array<readonly [number, TaskOutcome<B>]> = [[position, outcome]]
      for (let next = 0; next < finished.length; next++) {
        const [done, result] = finished[next]!
        outcomes[done] = result
        unfinished--
        emit({ _tag: "Finished", outcome: result })
        for (const dependent of dependents[done]!) {
          const skipped = settle(dependent)
          if (skipped !== undefined) finished.push([dependent, skipped])
        }
      }
    }

    const attemptAll = (task: ExecutionTask<A>) =>
      Effect.gen(function* () {
        const started = performance.now()
        const maxAttempts = Math.max(1, task.retry.maxAttempts)
        for (let attempt = 1; ; attempt++) {
          emit({ _tag: "Started", id: task.id, attempt })
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
          emit({ _tag: "Retrying", id: task.id, attempt, error, delayMs })
          yield* Effect.sleep(Duration.millis(delayMs))
        }
      })

    /** Takes the ready task listed first, one after another, until every task has finished. */
    const worker: Effect.Effect<void, never, R> = Effect.gen(function* () {
      while (unfinished > 0) {
        const position = ready.pop()
        if (position === undefined) {
          yield* Deferred.await(gate)
          continue
        }
        const task = tasks[position]!
        finish(position, options.stop?.stopped ? { _tag: "Cancelled", id: task.id } : yield* attemptAll(task))
        // What this task settled may be more than this worker takes next, or the end.
        if (ready.size() > 0 || unfinished === 0) wake()
      }
    })

    // Nothing has finished yet: this only makes the tasks without dependencies ready.
    for (let position = 0; position < tasks.length; position++) settle(position)
    const workers = Array.from({ length: Math.max(1, options.concurrency) }, () => worker)
    return Effect.all(workers, { concurrency: "unbounded", discard: true }).pipe(Effect.map(() => outcomes as Array<TaskOutcome<B>>))
  })

/** The typed failure of a cause, or the defect, or the cause itself when interrupted. */
const failureOf = (cause: Cause.Cause<unknown>): unknown => {
  for (const reason of cause.reasons) {
    if (reason._tag === "Fail") return reason.error
    if (reason._tag === "Die") return reason.defect
  }
  return cause
}
