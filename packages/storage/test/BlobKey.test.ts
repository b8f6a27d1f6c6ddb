import { describe, expect, it } from "vitest"
import * as BlobKey from "../src/BlobKey.ts"

describe("BlobKey.problem", () => {
  it("accepts storage's own keys and other relative paths", () => {
    for (const key of [
      "proj/gold/labels/2021-01-01/labels.jsonl",
      "proj/_claims/chain%2Fnumbers/2021-01-01,0000000000",
      "proj/_index/a%2Fb/2021-01-01,1,abc,def,271,2021-01-01%2Fnumbers.meta.yaml",
      ".hidden/x",
      "a/..b/c..",
      "über/straße",
      "a b/c"
    ]) {
      expect(BlobKey.problem(key), key).toBeUndefined()
    }
  })

  it("names the rule a bad key breaks", () => {
    const cases: ReadonlyArray<readonly [string, RegExp]> = [
      ["", /empty/],
      ["a\u0001b", /control character/],
      ["/etc/passwd", /absolute path/],
      ["C:/x", /absolute path/],
      ["a\\b", /backslash/],
      ["x".repeat(BlobKey.MAX_KEY_BYTES + 1), /longer than/],
      ["ü".repeat(BlobKey.MAX_KEY_BYTES / 2 + 1), /longer than/],
      [`a/b${BlobKey.TEMPORARY_SUFFIX}`, /reserved for temporary files/],
      ["a//b", /empty segment/],
      ["a/b/", /empty segment/],
      ["a/../b", /"\.\." segment/],
      ["./b", /"\." segment/],
      ["a/.", /"\." segment/]
    ]
    for (const [key, rule] of cases) expect(BlobKey.problem(key), JSON.stringify(key)).toMatch(rule)
  })

  it("admits a trailing slash (a listing prefix) only when asked", () => {
    expect(BlobKey.problem("proj/asset/", true)).toBeUndefined()
    expect(BlobKey.problem("", true)).toBeUndefined()
    expect(BlobKey.problem("proj//", true)).toMatch(/empty segment/)
    expect(BlobKey.problem("proj/../", true)).toMatch(/"\.\." segment/)
  })
})
