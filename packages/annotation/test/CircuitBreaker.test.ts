import { describe, expect, it } from "vitest"
import * as CircuitBreaker from "../src/CircuitBreaker.ts"

describe("CircuitBreaker", () => {
  it("opens after the threshold of consecutive failures, not after interrupted runs of failures", () => {
    const breaker = CircuitBreaker.make({ failureThreshold: 3, coolDownMs: 1000 })
    breaker.record(false, 0)
    breaker.record(false, 0)
    breaker.record(true, 0)
    breaker.record(false, 0)
    breaker.record(false, 0)
    expect(breaker.state(0)).toBe("closed")
    breaker.record(false, 10)
    expect(breaker.state(10)).toBe("open")
    expect(breaker.tryAcquire(500)).toBe(false)
    expect(breaker.retryInMs(500)).toBe(510)
  })

  it("lets exactly one probe through after the cool-down; its outcome closes or reopens", () => {
    const breaker = CircuitBreaker.make({ failureThreshold: 1, coolDownMs: 100 })
    breaker.record(false, 0)
    expect(breaker.tryAcquire(100)).toBe(true)
    expect(breaker.tryAcquire(100)).toBe(false)
    breaker.record(false, 150)
    expect(breaker.state(200)).toBe("open")
    expect(breaker.tryAcquire(250)).toBe(true)
    breaker.record(true, 260)
    expect(breaker.state(260)).toBe("closed")
    expect(breaker.tryAcquire(260)).toBe(true)
  })
})
