/**
 * When and how long to wait before retrying a call: exponential backoff with full jitter
 * (a uniform delay in `[0, min(maxDelay, base * 2^retry))`), from a seedable generator so that
 * tests and benchmarks are reproducible, and `Retry-After` honoured on 429 and 503.
 */

/** Attempts per call, the first included. */
export const DEFAULT_MAX_ATTEMPTS = 5

/** The backoff ceiling of the first retry, in milliseconds. */
export const DEFAULT_BASE_DELAY_MS = 200

/** The largest backoff ceiling, in milliseconds. */
export const DEFAULT_MAX_DELAY_MS = 10_000

/** The longest `Retry-After` obeyed, in milliseconds; a longer one fails the call as `RateLimited`. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000

/** Retry options (all optional; defaults above). */
export interface RetryOptions {
  /** Attempts per call, the first included. */
  readonly maxAttempts?: number
  /** The backoff ceiling of the first retry, in milliseconds. */
  readonly baseDelayMs?: number
  /** The largest backoff ceiling, in milliseconds. */
  readonly maxDelayMs?: number
  /** The longest `Retry-After` obeyed, in milliseconds. */
  readonly maxRetryAfterMs?: number
  /** Seed of the jitter generator; without it the jitter uses `Math.random`. */
  readonly seed?: number
}

/** A resolved retry policy. */
export interface RetryPolicy {
  /** Attempts per call, the first included. */
  readonly maxAttempts: number
  /** The longest `Retry-After` obeyed, in milliseconds. */
  readonly maxRetryAfterMs: number
  /** The jittered delay before retry number `retry` (0 for the first retry), in milliseconds. */
  readonly backoffMs: (retry: number) => number
}

/** A deterministic generator of floats in [0, 1) (mulberry32). */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Resolves retry options into a policy. */
export const make = (options: RetryOptions = {}): RetryPolicy => {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS
  const ceiling = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS
  const random = options.seed === undefined ? Math.random : seededRandom(options.seed)
  return {
    maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    backoffMs: (retry) => Math.floor(random() * Math.min(ceiling, base * 2 ** retry))
  }
}

/**
 * Reads a `Retry-After` header (delay in seconds, or an HTTP date) as milliseconds from `nowMs`;
 * `undefined` when absent or unreadable, 0 for a date in the past.
 */
export const parseRetryAfter = (header: string | undefined, nowMs: number): number | undefined => {
  if (header === undefined) return undefined
  const text = header.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}
