import { describe, expect, it } from "vitest"
import { PartitionRange, Partitions } from "../src/index.ts"
import { random } from "./random.ts"
import { Result } from "effect"

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Independent oracle: the UTC date of an instant via Date. */
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

describe("daily", () => {
  it("enumerates consecutive days up to the last complete one (property, random starts and instants)", () => {
    const rng = random(7)
    for (let round = 0; round < 200; round++) {
      const startMs = Date.UTC(1990, 0, 1) + rng.int(0, 20_000) * DAY
      const nowMs = startMs + rng.int(0, 800) * DAY + rng.int(0, DAY - 1)
      const keys = Partitions.partitionKeys(Partitions.daily({ start: utcDate(startMs) }), { now: new Date(nowMs) })
      const expectedCount = Math.floor(nowMs / DAY) - startMs / DAY
      expect(keys).toEqual(Array.from({ length: expectedCount }, (_, i) => utcDate(startMs + i * DAY)))
    }
  })

  it("honours endOffset and an exclusive end", () => {
    const now = new Date("2021-09-05T12:00:00Z")
    const base = { start: "2021-09-01" }
    expect(Partitions.partitionKeys(Partitions.daily(base), { now }).at(-1)).toBe("2021-09-04")
    expect(Partitions.partitionKeys(Partitions.daily({ ...base, endOffset: 1 }), { now }).at(-1)).toBe("2021-09-05")
    expect(Partitions.partitionKeys(Partitions.daily({ ...base, endOffset: -2 }), { now }).at(-1)).toBe("2021-09-02")
    expect(Partitions.partitionKeys(Partitions.daily({ ...base, end: "2021-09-03" }), { now })).toEqual(["2021-09-01", "2021-09-02"])
  })

  it("follows the zone's wall clock: a day is complete at local midnight", () => {
    const def = Partitions.daily({ start: "2021-09-01", timezone: "Asia/Tokyo" })
    // 2021-09-02T15:00Z is midnight on 2021-09-03 in Tokyo (UTC+9).
    expect(Partitions.partitionKeys(def, { now: new Date("2021-09-02T14:59:00Z") }).at(-1)).toBe("2021-09-01")
    expect(Partitions.partitionKeys(def, { now: new Date("2021-09-02T15:00:00Z") }).at(-1)).toBe("2021-09-02")
  })
})

describe("hourly across daylight-saving changes", () => {
  it("has no partition for the skipped hour and one for the repeated hour", () => {
    const zone = "America/New_York"
    const spring = Partitions.partitionKeys(Partitions.hourly({ start: "2021-03-14", end: "2021-03-15", timezone: zone }), { now: new Date("2022-01-01T00:00:00Z") })
    expect(spring).toHaveLength(23)
    expect(spring).not.toContain("2021-03-14-02")
    const autumn = Partitions.partitionKeys(Partitions.hourly({ start: "2021-11-07", end: "2021-11-08", timezone: zone }), { now: new Date("2022-01-01T00:00:00Z") })
    expect(autumn).toHaveLength(24)
    expect(new Set(autumn).size).toBe(24)
  })

  it("counts completeness on the local wall clock during the repeated hour", () => {
    const def = Partitions.hourly({ start: "2021-11-07", timezone: "America/New_York" })
    // 05:30Z is 01:30 EDT (first pass), 06:30Z is 01:30 EST (second pass): hour 01 is not complete in either.
    expect(Partitions.partitionKeys(def, { now: new Date("2021-11-07T05:30:00Z") }).at(-1)).toBe("2021-11-07-00")
    expect(Partitions.partitionKeys(def, { now: new Date("2021-11-07T06:30:00Z") }).at(-1)).toBe("2021-11-07-00")
    expect(Partitions.partitionKeys(def, { now: new Date("2021-11-07T07:00:00Z") }).at(-1)).toBe("2021-11-07-01")
  })
})

describe("weekly and monthly", () => {
  it("starts weeks on Monday and keys them by that Monday", () => {
    const keys = Partitions.partitionKeys(Partitions.weekly({ start: "2021-08-04" }), { now: new Date("2021-09-07T00:00:00Z") })
    expect(keys).toEqual(["2021-08-09", "2021-08-16", "2021-08-23", "2021-08-30"])
    for (const key of keys) expect(new Date(`${key}T00:00:00Z`).getUTCDay()).toBe(1)
  })

  it("handles month ends and leap years (property against Date)", () => {
    const rng = random(11)
    for (let round = 0; round < 100; round++) {
      const year = rng.int(1900, 2100)
      const month = rng.int(1, 12)
      const start = `${year}-${String(month).padStart(2, "0")}`
      const months = rng.int(1, 40)
      const now = new Date(Date.UTC(year, month - 1 + months, 1))
      const keys = Partitions.partitionKeys(Partitions.monthly({ start }), { now })
      expect(keys).toHaveLength(months)
      keys.forEach((key, i) => expect(key).toBe(new Date(Date.UTC(year, month - 1 + i, 1)).toISOString().slice(0, 7)))
    }
    expect(Partitions.partitionKeys(Partitions.daily({ start: "2024-02-28", end: "2024-03-02" }), { now: new Date("2025-01-01") }))
      .toEqual(["2024-02-28", "2024-02-29", "2024-03-01"])
  })
})

describe("static, dynamic, multi, unpartitioned", () => {
  it("keeps static keys in spec order", () => {
    expect(Partitions.partitionKeys(Partitions.staticKeys(["v2", "v1"]), { now: new Date(0) })).toEqual(["v2", "v1"])
  })

  it("takes dynamic keys from the context, none when absent", () => {
    const def = Partitions.dynamic("customers")
    expect(Partitions.partitionKeys(def, { now: new Date(0) })).toEqual([])
    expect(Partitions.partitionKeys(def, { now: new Date(0), dynamicKeys: { customers: ["acme", "globex"] } })).toEqual(["acme", "globex"])
  })

  it("builds multi keys as paths in spec order, for any number of dimensions", () => {
    const def = Partitions.multi({
      version: Partitions.staticKeys(["v1", "v2"]),
      region: Partitions.staticKeys(["eu", "us", "asia"]),
      date: Partitions.daily({ start: "2021-09-01" })
    })
    const keys = Partitions.partitionKeys(def, { now: new Date("2021-09-03T01:00:00Z") })
    expect(keys).toHaveLength(2 * 3 * 2)
    expect(keys[0]).toBe("v1/eu/2021-09-01")
    expect(new Set(keys).size).toBe(keys.length)
    for (const key of keys) expect(Partitions.partitionPath(def, key)).toBe(key)
  })

  it("gives an unpartitioned asset the single key all with an empty path", () => {
    expect(Partitions.partitionKeys(undefined, { now: new Date(0) })).toEqual([Partitions.UNPARTITIONED_KEY])
    expect(Partitions.partitionPath(undefined, Partitions.UNPARTITIONED_KEY)).toBe("")
  })

  it("reports invalid definitions in words", () => {
    expect(Partitions.problemOf(Partitions.daily({ start: "2021-13-01" }))).toMatch(/start/)
    expect(Partitions.problemOf(Partitions.daily({ start: "2021-09-01", timezone: "Mars/Olympus" }))).toMatch(/IANA/)
    expect(Partitions.problemOf(Partitions.staticKeys(["v1", "v1"]))).toMatch(/twice/)
    expect(Partitions.problemOf(Partitions.staticKeys(["a/b"]))).toMatch(/no "\/"/)
    expect(Partitions.problemOf(Partitions.daily({ start: "2021-09-01", end: "2021-08-01" }))).toMatch(/not after/)
    expect(Partitions.problemOf(Partitions.daily({ start: "2021-09-01" }))).toBeUndefined()
  })
})

describe("ranges", () => {
  it("keeps windows overlapping [from, to] on every time dimension", () => {
    const def = Partitions.multi({ version: Partitions.staticKeys(["v1", "v2"]), date: Partitions.daily({ start: "2021-01-01" }) })
    const range = Result.getOrThrow(PartitionRange.parse({ from: "2021-02-27", to: "2021-03-02" }))
    const keys = Partitions.partitionKeys(def, { now: new Date("2022-01-01"), range })
    expect(keys).toEqual(["v1/2021-02-27", "v1/2021-02-28", "v1/2021-03-01", "v1/2021-03-02", "v2/2021-02-27", "v2/2021-02-28", "v2/2021-03-01", "v2/2021-03-02"])
    const monthly = Partitions.partitionKeys(Partitions.monthly({ start: "2021-01" }), { now: new Date("2022-01-01"), range })
    expect(monthly).toEqual(["2021-02", "2021-03"])
  })

  it("rejects bad dates and inverted ranges, naming the field", () => {
    const bad = PartitionRange.parse({ from: "yesterday" })
    expect(Result.isFailure(bad) && bad.failure.field).toBe("from")
    const inverted = PartitionRange.parse({ from: "2021-09-02", to: "2021-09-01" })
    expect(Result.isFailure(inverted) && inverted.failure.reason).toBe("Empty")
  })
})
