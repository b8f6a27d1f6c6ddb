import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { maxUrlLength, normalizeUrl, trackingParamMatcher, urlNormalizer } from "../src/index.ts"

const urlOf = (input: string, options: Parameters<typeof normalizeUrl>[1] = {}): string => {
  const result = normalizeUrl(input, options)
  if (result._tag !== "Normalized") throw new Error(`expected ${input} to normalize, got ${result.reason}`)
  return result.url
}

describe("URL rules", () => {
  it("lower-cases scheme and host, drops default ports and fragments, resolves dot segments", () => {
    expect(urlOf("HTTP://Example.COM:80/a/./b/../c#frag")).toBe("http://example.com/a/c")
    expect(urlOf("https://example.com:443/")).toBe("https://example.com/")
    expect(urlOf("https://example.com:8443/")).toBe("https://example.com:8443/")
  })

  it("converts IDN hosts to punycode, or back to Unicode when the rule is off", () => {
    expect(urlOf("http://münchen.de/")).toBe("http://xn--mnchen-3ya.de/")
    expect(urlOf("http://münchen.de/", { idnToPunycode: false })).toBe("http://münchen.de/")
  })

  it("decodes unreserved percent-escapes once and upper-cases the others", () => {
    expect(urlOf("http://h.com/%7euser/%2fx%3a?q=%7e%2a")).toBe("http://h.com/~user/%2Fx%3A?q=~%2A")
    expect(urlOf("http://h.com/a%2525")).toBe("http://h.com/a%2525")
    expect(urlOf("http://h.com/%7e", { normalizePercentEncoding: false })).toBe("http://h.com/%7e")
  })

  it("sorts query parameters stably by name and strips tracking parameters", () => {
    const result = normalizeUrl("http://h.com/p?b=2&utm_source=x&a=1&b=1&GCLID=z&mc_eid=3&srsltid=q")
    expect(result._tag === "Normalized" && result.url).toBe("http://h.com/p?a=1&b=2&b=1")
    expect(result._tag === "Normalized" && result.removedParams).toEqual(["utm_source", "GCLID", "mc_eid", "srsltid"])
    expect(urlOf("http://h.com/p?b=2&a=1", { sortQueryParams: false })).toBe("http://h.com/p?b=2&a=1")
    expect(urlOf("http://h.com/p?utm_x=1", { stripTrackingParams: false })).toBe("http://h.com/p?utm_x=1")
    expect(urlOf("http://h.com/p?ref=1&keep=2", { trackingParams: ["ref"] })).toBe("http://h.com/p?keep=2")
  })

  it("applies the optional www, trailing-slash and index-page rules only when asked", () => {
    const input = "http://www.h.com/dir/index.html"
    expect(urlOf(input)).toBe("http://www.h.com/dir/index.html")
    expect(urlOf(input, { stripWww: true, removeIndexPage: true })).toBe("http://h.com/dir/")
    expect(urlOf(input, { stripWww: true, removeIndexPage: true, removeTrailingSlash: true })).toBe("http://h.com/dir")
    expect(urlOf("http://h.com/", { removeTrailingSlash: true })).toBe("http://h.com/")
  })

  it("returns a typed reason instead of throwing on invalid input", () => {
    const reasons = ["", "   ", "no scheme here", "http://exa mple.com/", "ftp://h.com/x", "x".repeat(maxUrlLength + 1), "file:///etc/passwd"].map((input) => {
      const result = normalizeUrl(input)
      return result._tag === "Invalid" ? result.reason : "Normalized"
    })
    expect(reasons).toEqual(["Empty", "Empty", "MissingScheme", "Unparseable", "UnsupportedScheme", "TooLong", "UnsupportedScheme"])
    const invalid = normalizeUrl("h.com:8080/a")
    expect(invalid._tag === "Invalid" && invalid.message).toContain("assumeScheme")
  })

  it("matches tracking patterns case-insensitively, with prefix wildcards", () => {
    const isTracking = trackingParamMatcher(["utm_*", "fbclid"])
    expect([isTracking("UTM_Campaign"), isTracking("fbclid"), isTracking("fbclid2"), isTracking("utm")]).toEqual([true, true, false, false])
  })

  it("is idempotent on its own output", () => {
    const normalize = urlNormalizer({ stripWww: true, removeTrailingSlash: true })
    for (const input of ["HTTP://www.A.com/x/%7e/?b=1&a=%zz&utm_medium=m#f", "http://h.com/q?", "https://h.com/a//b/../c/"]) {
      const once = normalize(input)
      const twice = once._tag === "Normalized" ? normalize(once.url) : once
      expect(twice._tag === "Normalized" && once._tag === "Normalized" && twice.url).toBe(once._tag === "Normalized" && once.url)
    }
  })
})

interface SafeBrowsingCase {
  readonly input: string
  readonly expected: string
  readonly differs?: { readonly reason: string; readonly ours: { readonly url?: string; readonly invalid?: string } }
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/safe-browsing-canonicalization.json", import.meta.url), "utf8")) as { cases: ReadonlyArray<SafeBrowsingCase> }

describe("Google Safe Browsing canonicalization cases", () => {
  const normalize = urlNormalizer({ assumeScheme: "http" })
  for (const testCase of fixture.cases) {
    it(`${JSON.stringify(testCase.input)}${testCase.differs === undefined ? "" : " (differs on purpose)"}`, () => {
      const result = normalize(testCase.input)
      if (testCase.differs === undefined) {
        expect(result._tag === "Normalized" ? result.url : result.reason).toBe(testCase.expected)
      } else if (testCase.differs.ours.url !== undefined) {
        expect(result._tag === "Normalized" ? result.url : result.reason).toBe(testCase.differs.ours.url)
      } else {
        expect(result._tag === "Invalid" ? result.reason : result.url).toBe(testCase.differs.ours.invalid)
      }
    })
  }

  it("matches the two cases that differ only by a default-off rule once that rule is on", () => {
    expect(urlNormalizer({ assumeScheme: "http", collapseSlashes: true })("http://host.com//twoslashes?more//slashes")).toMatchObject({ url: "http://host.com/twoslashes?more//slashes" })
    expect(urlNormalizer({ assumeScheme: "http", removeEmptyQuery: false })("http://www.google.com/q?")).toMatchObject({ url: "http://www.google.com/q?" })
  })
})
