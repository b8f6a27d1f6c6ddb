import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Instant, NormalizedUrl } from "../src/assets/internal/Columns.ts"

const checkUrl = Schema.decodeUnknownResult(NormalizedUrl)
const checkInstant = Schema.decodeUnknownResult(Instant)

describe("NormalizedUrl", () => {
  it("accepts a URL in normal form, every time it sees it", () => {
    expect(Result.isSuccess(checkUrl("https://example.com/a?b=1"))).toBe(true)
    expect(Result.isSuccess(checkUrl("https://example.com/a?b=1"))).toBe(true)
  })

  it("refuses a URL out of normal form, naming the normal form, even once that form was accepted", () => {
    expect(Result.isSuccess(checkUrl("https://example.com/page"))).toBe(true)
    const refused = checkUrl("HTTPS://Example.com:443/page#top")
    expect(Result.isFailure(refused) && refused.failure.message).toContain("expected https://example.com/page")
  })

  it("refuses what the normalizer cannot read, with its reason", () => {
    const refused = checkUrl("not a url")
    expect(Result.isFailure(refused) && refused.failure.message).toMatch(/invalid URL/)
  })
})

describe("Instant", () => {
  it("accepts an ISO 8601 instant with a zone and refuses others", () => {
    expect(Result.isSuccess(checkInstant("2021-09-02T13:45:00Z"))).toBe(true)
    expect(Result.isFailure(checkInstant("2021-09-02 13:45"))).toBe(true)
  })
})
