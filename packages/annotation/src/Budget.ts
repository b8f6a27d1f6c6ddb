/**
 * A spending limit for one run, in integer micro-dollars. Callers reserve the worst-case cost
 * of a call before sending it and settle (or release) after, so concurrent calls can never
 * overshoot: `spent + assumed + reserved <= limit` holds at every moment, as long as each
 * provider's answer costs no more than what was reserved for it (an overrun is recorded).
 */
import { Data, Effect } from "effect"
import { fromUsd, type MicroUsd, toUsd } from "./Money.ts"

/** The run cannot afford the next call: it stops cleanly; what was paid for is cached, so a later run resumes. */
export class BudgetExceeded extends Data.TaggedError("BudgetExceeded")<{
  /** The run's limit in USD. */
  readonly limitUsd: number
  /** Spent, assumed spent and reserved so far, in USD. */
  readonly committedUsd: number
  /** The worst-case cost of the call that did not fit, in USD. */
  readonly requestedUsd: number
  /** What happened and what to do. */
  readonly message: string
}> {}

/** Money set aside for one call, to settle, assume or release exactly once. */
export interface Reservation {
  /** Reserved micro-dollars (the call's worst case). */
  readonly micros: MicroUsd
}

/** The state of a budget at one moment. */
export interface BudgetSnapshot {
  /** The limit (`Infinity` for an unlimited budget). */
  readonly limitMicros: MicroUsd
  /** Money reported spent by providers. */
  readonly spentMicros: MicroUsd
  /** Worst-case money counted as spent for calls whose outcome is unknown (timeouts, unreadable answers). */
  readonly assumedMicros: MicroUsd
  /** Money reserved by calls in flight. */
  readonly reservedMicros: MicroUsd
  /** Money providers charged beyond what was reserved (should stay 0; raise the per-document estimate if not). */
  readonly overrunMicros: MicroUsd
}

/** A run's budget; all members are safe to call from concurrent fibers. */
export interface Budget {
  /** Reserves `micros`, or fails with `BudgetExceeded` when the limit would be passed. */
  readonly reserve: (micros: MicroUsd) => Effect.Effect<Reservation, BudgetExceeded>
  /** Replaces a reservation by the amount actually charged. */
  readonly settle: (reservation: Reservation, actualMicros: MicroUsd) => Effect.Effect<void>
  /** Counts a reservation as spent in full: the call may have been charged but its cost is unknown. */
  readonly assume: (reservation: Reservation) => Effect.Effect<void>
  /** Returns a reservation unused: the call was refused and not charged. */
  readonly release: (reservation: Reservation) => Effect.Effect<void>
  /** The current amounts. */
  readonly snapshot: Effect.Effect<BudgetSnapshot>
}

/**
 * Makes a budget of `limitUsd` dollars (rounded to the micro-dollar).
 *
 * @example
 * const budget = Budget.make(5) // five dollars for this run
 */
export const make = (limitUsd: number): Budget => {
  const limitMicros = Number.isFinite(limitUsd) ? fromUsd(limitUsd) : Number.POSITIVE_INFINITY
  let spentMicros = 0
  let assumedMicros = 0
  let reservedMicros = 0
  let overrunMicros = 0
  const open = new WeakSet<Reservation>()
  const close = (reservation: Reservation): boolean => {
    if (!open.has(reservation)) return false
    open.delete(reservation)
    reservedMicros -= reservation.micros
    return true
  }
  return {
    reserve: (micros) =>
      Effect.suspend(() => {
        const committed = spentMicros + assumedMicros + reservedMicros
        if (committed + micros > limitMicros) {
          return Effect.fail(
            new BudgetExceeded({
              limitUsd: toUsd(limitMicros),
              committedUsd: toUsd(committed),
              requestedUsd: toUsd(micros),
              message: `The annotation budget of $${toUsd(limitMicros)} cannot cover the next call ($${toUsd(micros)} worst case, $${toUsd(committed)} already committed); the run stopped and paid results are cached: raise the budget and run again to resume`
            })
          )
        }
        reservedMicros += micros
        const reservation: Reservation = { micros }
        open.add(reservation)
        return Effect.succeed(reservation)
      }),
    settle: (reservation, actualMicros) =>
      Effect.sync(() => {
        if (!close(reservation)) return
        spentMicros += actualMicros
        overrunMicros += Math.max(0, actualMicros - reservation.micros)
      }),
    assume: (reservation) =>
      Effect.sync(() => {
        if (close(reservation)) assumedMicros += reservation.micros
      }),
    release: (reservation) =>
      Effect.sync(() => {
        close(reservation)
      }),
    snapshot: Effect.sync(() => ({ limitMicros, spentMicros, assumedMicros, reservedMicros, overrunMicros }))
  }
}

/** A budget without a limit (the weak-supervision labeler costs nothing). */
export const unlimited = (): Budget => make(Number.POSITIVE_INFINITY)
