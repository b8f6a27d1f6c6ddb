import { describe, expect, it } from "vitest"
import * as RetryPolicy from "../src/RetryPolicy.ts"

describe("RetryPolicy", () => {
  it("draws full-jitter delays under an exponential ceiling capped at maxDelayMs", () => {
    const policy = RetryPolicy.make({ baseDelayMs: 100, maxDelayMs: 1000, seed: 3 })
    const delays = Array.from({ length: 2000 }, (_, index) => [index % 6, policy.backoffMs(index % 6)] as const)
    for (const [retry, delay] of delays) {
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(Math.min(1000, 100 * 2 ** retry))
    }
    const late = delays.filter(([retry]) => retry === 5).map(([, delay]) => delay)
    expect(Math.max(...late)).toBeGreaterThan(800)
    expect(Math.min(...late)).toBeLessThan(200)
  })

  it("repeats the same delays for the same seed and differs for another", () => {
    const run = (seed: number) => {
      const policy = RetryPolicy.make({ seed })
      return Array.from({ length: 8 }, (_, retry) => policy.backoffMs(retry))
    }
    expect(run(42)).toEqual(run(42))
    expect(run(42)).not.toEqual(run(43))
  })

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2024-05-01T10:00:00Z")
    expect(RetryPolicy.parseRetryAfter("3", now)).toBe(3000)
    expect(RetryPolicy.parseRetryAfter("Wed, 01 May 2024 10:00:05 GMT", now)).toBe(5000)
    expect(RetryPolicy.parseRetryAfter("Wed, 01 May 2024 09:00:00 GMT", now)).toBe(0)
    expect(RetryPolicy.parseRetryAfter("soon", now)).toBeUndefined()
    expect(RetryPolicy.parseRetryAfter(undefined, now)).toBeUndefined()
  })
})
