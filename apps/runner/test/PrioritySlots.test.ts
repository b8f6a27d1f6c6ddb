import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Fiber } from "effect"
import * as PrioritySlots from "../src/PrioritySlots.ts"

describe("PrioritySlots", () => {
  it.live("hands a freed slot to the waiter with the lowest priority, not the first to arrive", () =>
    Effect.gen(function* () {
      const slots = PrioritySlots.make(1)
      const order: Array<number> = []
      const holder = yield* Deferred.make<void>()
      const first = yield* Effect.forkChild(slots.withSlot(0, Deferred.await(holder)))
      yield* Effect.yieldNow
      const waiters = yield* Effect.forEach([5, 3, 9, 1], (priority) => Effect.forkChild(slots.withSlot(priority, Effect.sync(() => void order.push(priority)))))
      yield* Effect.yieldNow
      expect(order).toEqual([])
      yield* Deferred.succeed(holder, undefined)
      yield* Fiber.join(first)
      yield* Fiber.joinAll(waiters)
      expect(order).toEqual([1, 3, 5, 9])
    }))

  it.live("runs at most `slots` effects at once, and gives a slot back when an effect fails", () =>
    Effect.gen(function* () {
      const slots = PrioritySlots.make(2)
      let running = 0
      let peak = 0
      const work = (i: number) =>
        Effect.gen(function* () {
          running++
          peak = Math.max(peak, running)
          yield* Effect.sleep("1 millis")
          running--
          if (i % 3 === 0) return yield* Effect.fail(`task ${i}`)
        })
      const results = yield* Effect.forEach(Array.from({ length: 12 }, (_, i) => i), (i) => Effect.result(slots.withSlot(i, work(i))), { concurrency: "unbounded" })
      expect(peak).toBe(2)
      expect(results.filter((result) => result._tag === "Failure")).toHaveLength(4)
    }))

  it.live("a waiter interrupted before its turn takes no slot", () =>
    Effect.gen(function* () {
      const slots = PrioritySlots.make(1)
      const holder = yield* Deferred.make<void>()
      const first = yield* Effect.forkChild(slots.withSlot(0, Deferred.await(holder)))
      yield* Effect.yieldNow
      const abandoned = yield* Effect.forkChild(slots.withSlot(1, Effect.sync(() => "abandoned ran")))
      const later = yield* Effect.forkChild(slots.withSlot(2, Effect.succeed("later ran")))
      yield* Effect.yieldNow
      yield* Fiber.interrupt(abandoned)
      yield* Deferred.succeed(holder, undefined)
      yield* Fiber.join(first)
      expect(yield* Fiber.join(later)).toBe("later ran")
      // The slot came back: another effect gets it.
      expect(yield* slots.withSlot(3, Effect.succeed("after"))).toBe("after")
    }))
})
