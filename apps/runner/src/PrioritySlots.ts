/**
 * A bounded number of slots, handed to waiting effects by priority: when a slot frees up, the
 * waiter with the lowest priority number gets it, whenever it started waiting. (A semaphore
 * serves waiters in arrival order instead: a backfill's first asset, ready at once for every
 * day, would then run for all days before the second asset of the first day.)
 *
 * Contract: at most `slots` effects run at once; a slot is given back when its effect ends, fails
 * or is interrupted; a waiter interrupted before it gets a slot takes none.
 */
import { MinHeap } from "@strata/core"
import { Deferred, Effect } from "effect"

/** Slots handed out by priority. */
export interface PrioritySlots {
  /** Runs `effect` in a slot, once no waiter with a lower priority number is left waiting for one. */
  readonly withSlot: <A, E, R>(priority: number, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

interface Waiter {
  readonly priority: number
  readonly gate: Deferred.Deferred<void>
  /** Interrupted before it got a slot: skipped when its turn comes. */
  abandoned: boolean
}

/** Makes `slots` slots (at least one). */
export const make = (slots: number): PrioritySlots => {
  let free = Math.max(1, slots)
  const waiting = MinHeap.make<Waiter>((a, b) => a.priority - b.priority)

  /** Opens the gates of the first waiters while slots are free (at once: a slot taken is a gate opened). */
  const admit = Effect.sync(() => {
    while (free > 0 && waiting.size() > 0) {
      const next = waiting.pop() as Waiter
      if (next.abandoned) continue
      free--
      Deferred.doneUnsafe(next.gate, Effect.void)
    }
  })

  const release = Effect.suspend(() => {
    free++
    return admit
  })

  return {
    withSlot: (priority, effect) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.gen(function* () {
          const waiter: Waiter = { priority, gate: yield* Deferred.make<void>(), abandoned: false }
          waiting.push(waiter)
          yield* admit
          yield* restore(Deferred.await(waiter.gate)).pipe(
            Effect.onInterrupt(() =>
              // Admitted meanwhile: give the slot back; else leave the queue.
              Effect.suspend(() => (Deferred.isDoneUnsafe(waiter.gate) ? release : Effect.sync(() => void (waiter.abandoned = true))))
            )
          )
          return yield* restore(effect).pipe(Effect.ensuring(release))
        })
      )
  }
}
