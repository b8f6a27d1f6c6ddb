import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { execute, type ExecutionTask } from "../src/Executor.ts"

const task = (id: string, dependsOn: Array<string> = [], maxAttempts = 1): ExecutionTask<string> => ({
  id,
  dependsOn,
  retry: { maxAttempts, backoffMs: 1 },
  payload: id
})

describe("Executor", () => {
  it.live("runs dependencies before dependents and skips what depends on a failure", () =>
    Effect.gen(function* () {
      const order: Array<string> = []
      const tasks = [task("a"), task("b", ["a"]), task("c", ["b"]), task("x"), task("y", ["x"])]
      const outcomes = yield* execute(
        tasks,
        (t) => (t.id === "b" ? Effect.fail("boom") : Effect.sync(() => order.push(t.id))),
        { concurrency: 2 }
      )
      const byId = new Map(outcomes.map((o) => [o.id, o]))
      expect(byId.get("a")?._tag).toBe("Succeeded")
      expect(byId.get("b")?._tag).toBe("Failed")
      expect(byId.get("c")).toEqual({ _tag: "Skipped", id: "c", because: "b" })
      expect(byId.get("y")?._tag).toBe("Succeeded")
      expect(order.indexOf("x")).toBeLessThan(order.indexOf("y"))
      expect(order).not.toContain("c")
    }))

  it.live("retries up to the task's policy, then reports the last error", () =>
    Effect.gen(function* () {
      let calls = 0
      const outcomes = yield* execute(
        [task("flaky", [], 3), task("hopeless", [], 2)],
        (t) =>
          Effect.suspend(() => {
            calls++
            return t.id === "flaky" && calls >= 2 ? Effect.succeed("ok") : Effect.fail(`fail ${t.id}`)
          }),
        { concurrency: 1 }
      )
      expect(outcomes[0]).toMatchObject({ _tag: "Succeeded", attempts: 2 })
      expect(outcomes[1]).toMatchObject({ _tag: "Failed", attempts: 2, error: "fail hopeless" })
    }))

  it.live("never runs more than `concurrency` tasks at once", () =>
    Effect.gen(function* () {
      let running = 0
      let peak = 0
      const tasks = Array.from({ length: 20 }, (_, i) => task(`t${i}`))
      yield* execute(
        tasks,
        () =>
          Effect.gen(function* () {
            running++
            peak = Math.max(peak, running)
            yield* Effect.sleep("2 millis")
            running--
          }),
        { concurrency: 3 }
      )
      expect(peak).toBe(3)
    }))

  it.live("gives a free slot to the ready task listed first, however long others have waited", () =>
    Effect.gen(function* () {
      // Two days of a two-asset chain, listed day by day: each day's second asset runs before
      // the next day's first, though the latter was ready from the start.
      const order: Array<string> = []
      const tasks = [task("a@1"), task("b@1", ["a@1"]), task("a@2"), task("b@2", ["a@2"]), task("a@3"), task("b@3", ["a@3"])]
      yield* execute(tasks, (t) => Effect.sync(() => void order.push(t.id)), { concurrency: 1 })
      expect(order).toEqual(["a@1", "b@1", "a@2", "b@2", "a@3", "b@3"])
    }))

  it.live("a stop request cancels what has not started and lets running tasks finish", () =>
    Effect.gen(function* () {
      const stop = { stopped: false }
      const finished: Array<string> = []
      const tasks = Array.from({ length: 5 }, (_, i) => task(`t${i}`))
      const outcomes = yield* execute(
        tasks,
        (t) =>
          Effect.gen(function* () {
            stop.stopped = true
            yield* Effect.sleep("1 millis")
            finished.push(t.id)
          }),
        { concurrency: 1, stop }
      )
      expect(finished).toEqual(["t0"])
      expect(outcomes.map((o) => o._tag)).toEqual(["Succeeded", "Cancelled", "Cancelled", "Cancelled", "Cancelled"])
    }))

  it.live("skips a long chain behind a failure, each naming the failed task", () =>
    Effect.gen(function* () {
      // Long enough that settling the chain by recursion would overflow the stack.
      const tasks = Array.from({ length: 50_000 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`]))
      const outcomes = yield* execute(tasks, (t) => (t.id === "t0" ? Effect.fail("boom") : Effect.void), { concurrency: 2 })
      expect(outcomes[0]?._tag).toBe("Failed")
      expect(outcomes.slice(1).every((o) => o._tag === "Skipped" && o.because === "t0")).toBe(true)
    }))
})
