import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Budget from "../src/Budget.ts"

describe("Budget", () => {
  it.effect("reserves up to the limit exactly and refuses one micro-dollar more", () =>
    Effect.gen(function* () {
      const budget = Budget.make(0.01)
      const first = yield* budget.reserve(6_000)
      yield* budget.reserve(4_000)
      const refused = yield* Effect.flip(budget.reserve(1))
      expect(refused._tag).toBe("BudgetExceeded")
      expect(refused.requestedUsd).toBe(0.000001)
      expect(refused.message).toContain("raise the budget")
      yield* budget.release(first)
      yield* budget.reserve(6_000)
      expect((yield* budget.snapshot).reservedMicros).toBe(10_000)
    }))

  it.effect("settles actual costs, assumes unknown ones at their worst case, and closes each reservation once", () =>
    Effect.gen(function* () {
      const budget = Budget.make(1)
      const paid = yield* budget.reserve(500)
      const unknown = yield* budget.reserve(300)
      const refused = yield* budget.reserve(200)
      yield* budget.settle(paid, 420)
      yield* budget.settle(paid, 420)
      yield* budget.assume(unknown)
      yield* budget.release(refused)
      yield* budget.assume(refused)
      expect(yield* budget.snapshot).toEqual({ limitMicros: 1_000_000, spentMicros: 420, assumedMicros: 300, reservedMicros: 0, overrunMicros: 0 })
    }))

  it.effect("records a provider's charge beyond its reservation as an overrun", () =>
    Effect.gen(function* () {
      const budget = Budget.make(1)
      yield* budget.settle(yield* budget.reserve(100), 150)
      expect((yield* budget.snapshot).overrunMicros).toBe(50)
    }))

  it.effect("never lets concurrent reservations pass the limit", () =>
    Effect.gen(function* () {
      const budget = Budget.make(0.05)
      const outcomes = yield* Effect.forEach(
        Array.from({ length: 300 }, (_, index) => 200 + (index % 7) * 37),
        (micros) =>
          budget.reserve(micros).pipe(
            Effect.flatMap((reservation) => Effect.as(Effect.andThen(Effect.yieldNow, budget.settle(reservation, micros)), micros)),
            Effect.orElseSucceed(() => 0)
          ),
        { concurrency: 32 }
      )
      const spent = outcomes.reduce((sum, micros) => sum + micros, 0)
      const snapshot = yield* budget.snapshot
      expect(snapshot.spentMicros).toBe(spent)
      expect(spent).toBeLessThanOrEqual(50_000)
      expect(spent).toBeGreaterThan(50_000 - (200 + 6 * 37))
      expect(outcomes.filter((micros) => micros === 0).length).toBeGreaterThan(100)
    }))
})
