/**
 * A circuit breaker: after `failureThreshold` consecutive failures it opens and refuses calls
 * at once; after `coolDownMs` it lets a single probe through (half-open); the probe's success
 * closes it, its failure opens it again for another cool-down. Time is given by the caller.
 */

/** Consecutive failures that open the circuit. */
export const DEFAULT_FAILURE_THRESHOLD = 5

/** How long the circuit stays open before a probe, in milliseconds. */
export const DEFAULT_COOL_DOWN_MS = 30_000

/** Circuit breaker options. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold?: number
  /** How long the circuit stays open before a probe, in milliseconds. */
  readonly coolDownMs?: number
}

/** The breaker's state: `closed` (calls pass), `open` (calls refused), `half-open` (one probe in flight). */
export type CircuitState = "closed" | "open" | "half-open"

/** A circuit breaker (synchronous; safe on one event loop). */
export interface CircuitBreaker {
  /** Asks to make a call at `nowMs`: true if it may go, false if the circuit refuses it. */
  readonly tryAcquire: (nowMs: number) => boolean
  /** Reports the outcome of an acquired call. */
  readonly record: (succeeded: boolean, nowMs: number) => void
  /** The state at `nowMs`. */
  readonly state: (nowMs: number) => CircuitState
  /** Milliseconds until a probe may go (0 when closed). */
  readonly retryInMs: (nowMs: number) => number
}

/** Makes a closed circuit breaker. */
export const make = (options: CircuitBreakerOptions = {}): CircuitBreaker => {
  const threshold = Math.max(1, options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD)
  const coolDownMs = options.coolDownMs ?? DEFAULT_COOL_DOWN_MS
  let failures = 0
  let openedAt: number | undefined
  let probing = false
  const state = (nowMs: number): CircuitState => {
    if (openedAt === undefined) return "closed"
    return probing || nowMs - openedAt >= coolDownMs ? "half-open" : "open"
  }
  return {
    tryAcquire: (nowMs) => {
      const current = state(nowMs)
      if (current === "closed") return true
      if (current === "half-open" && !probing) {
        probing = true
        return true
      }
      return false
    },
    record: (succeeded, nowMs) => {
      if (succeeded) {
        failures = 0
        openedAt = undefined
        probing = false
        return
      }
      failures += 1
      if (probing || failures >= threshold) {
        openedAt = nowMs
        probing = false
      }
    },
    state,
    retryInMs: (nowMs) => (openedAt === undefined ? 0 : Math.max(0, coolDownMs - (nowMs - openedAt)))
  }
}
