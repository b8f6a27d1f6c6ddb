import { describe, expect, it } from "vitest"
import { PartitionMapping, Partitions } from "../src/index.ts"
import type { PartitionsDefinition } from "../src/Partitions.ts"
import { random } from "./random.ts"

const DAY = 86_400_000
const now = new Date("2021-03-01T12:00:00Z")
const ctx = Partitions.context({ now })
const daily = Partitions.daily({ start: "2021-01-01" })
const laterDaily = Partitions.daily({ start: "2021-01-10" })
const hourly = Partitions.hourly({ start: "2021-01-01" })
const monthly = Partitions.monthly({ start: "2020-11" })
const versions = Partitions.staticKeys(["v1", "v2", "v3"])
const multi = Partitions.multi({ version: versions, date: daily })
const dayShift = (key: string, days: number) => new Date(Date.parse(`${key}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)

/**
 * The two directions must agree: u is among the upstream keys of d exactly when d is among
 * the downstream keys of u, and every key reported as existing exists.
 */
const checkDirections = (
  mapping: PartitionMapping.PartitionMapping,
  down: PartitionsDefinition | undefined,
  up: PartitionsDefinition | undefined,
  seed: number
) => {
  expect(mapping.misfit(down, up)).toBeUndefined()
  const rng = random(seed)
  const downKeys = new Set(Partitions.resolve(down, ctx).keys)
  const upKeys = new Set(Partitions.resolve(up, ctx).keys)
  const violations: Array<string> = []
  for (let round = 0; round < 60; round++) {
    const d = rng.pick([...downKeys])
    const mapped = mapping.upstream(d, down, up, ctx)
    for (const u of mapped.keys) {
      if (!upKeys.has(u)) violations.push(`upstream(${d}) yields ${u}, which does not exist`)
      if (!mapping.downstream(u, down, up, ctx).keys.includes(d)) violations.push(`upstream(${d}) has ${u} but downstream(${u}) lacks ${d}`)
    }
    for (const u of mapped.missing) if (upKeys.has(u)) violations.push(`upstream(${d}) calls ${u} missing, but it exists`)
    const u = rng.pick([...upKeys])
    for (const reader of mapping.downstream(u, down, up, ctx).keys) {
      if (!downKeys.has(reader)) violations.push(`downstream(${u}) yields ${reader}, which does not exist`)
      if (!mapping.upstream(reader, down, up, ctx).keys.includes(u)) violations.push(`downstream(${u}) has ${reader} but upstream(${reader}) lacks ${u}`)
    }
  }
  expect(violations).toEqual([])
}

describe("identity", () => {
  it("maps a key to itself and reports keys the other side lacks", () => {
    const mapping = PartitionMapping.identity()
    expect(mapping.upstream("2021-01-05", daily, laterDaily, ctx)).toEqual({ keys: [], missing: ["2021-01-05"] })
    expect(mapping.upstream("2021-01-15", daily, laterDaily, ctx)).toEqual({ keys: ["2021-01-15"], missing: [] })
    expect(mapping.downstream("2021-01-15", laterDaily, daily, ctx)).toEqual({ keys: ["2021-01-15"], missing: [] })
    checkDirections(mapping, daily, laterDaily, 1)
    checkDirections(mapping, multi, multi, 2)
  })

  it("reads the single partition of an unpartitioned upstream, and refuses other shapes", () => {
    const mapping = PartitionMapping.identity()
    expect(mapping.upstream("2021-01-05", daily, undefined, ctx)).toEqual({ keys: ["all"], missing: [] })
    expect(mapping.downstream("all", daily, undefined, ctx).keys).toHaveLength(Partitions.resolve(daily, ctx).keys.length)
    expect(mapping.misfit(undefined, daily)).toMatch(/all\(\)/)
    expect(mapping.misfit(daily, hourly)).toMatch(/timeWindow/)
    expect(mapping.describe()).toMatch(/same key/)
  })
})

describe("time offset", () => {
  it("reads the day before (property against Date arithmetic), both directions", () => {
    const mapping = PartitionMapping.timeOffset(-1)
    const rng = random(3)
    const keys = Partitions.resolve(daily, ctx).keys
    for (let round = 0; round < 100; round++) {
      const key = rng.pick(keys.slice(1))
      expect(mapping.upstream(key, daily, daily, ctx)).toEqual({ keys: [dayShift(key, -1)], missing: [] })
    }
    expect(mapping.upstream("2021-01-01", daily, daily, ctx)).toEqual({ keys: [], missing: ["2020-12-31"] })
    const last = keys.at(-1) as string
    expect(mapping.downstream(last, daily, daily, ctx)).toEqual({ keys: [], missing: [dayShift(last, 1)] })
    expect(mapping.allowsMissing).toBe(false)
    expect(mapping.describe()).toMatch(/1 before/)
    checkDirections(mapping, daily, daily, 4)
  })

  it("crosses month ends and refuses non-time partitions", () => {
    const mapping = PartitionMapping.timeOffset(-1)
    expect(mapping.upstream("2020-11", monthly, monthly, ctx)).toEqual({ keys: [], missing: ["2020-10"] })
    expect(mapping.upstream("2021-02", monthly, monthly, ctx).keys).toEqual(["2021-01"])
    expect(mapping.upstream("2021-03-01", daily, daily, ctx).keys).toEqual(["2021-02-28"])
    expect(mapping.misfit(versions, daily)).toMatch(/time-window/)
  })
})

describe("time window (lookback)", () => {
  it("reads the last N days, reporting the ones before the start", () => {
    const mapping = PartitionMapping.timeWindow(7)
    const rng = random(5)
    const keys = Partitions.resolve(daily, ctx).keys
    for (let round = 0; round < 100; round++) {
      const key = rng.pick(keys)
      const expected = Array.from({ length: 7 }, (_, i) => dayShift(key, i - 6))
      const mapped = mapping.upstream(key, daily, daily, ctx)
      expect([...mapped.missing, ...mapped.keys].sort()).toEqual(expected)
      expect(mapped.missing.every((missing) => missing < "2021-01-01")).toBe(true)
    }
    expect(mapping.allowsMissing).toBe(true)
    checkDirections(mapping, daily, daily, 6)
  })

  it("converts cadences: a month reads its days, a day reads its 24 hours", () => {
    const mapping = PartitionMapping.timeWindow(1)
    expect(mapping.upstream("2021-02", monthly, daily, ctx).keys).toHaveLength(28)
    expect(mapping.upstream("2021-01-03", daily, hourly, ctx).keys).toHaveLength(24)
    expect(mapping.downstream("2021-01-31", monthly, daily, ctx).keys).toEqual(["2021-01"])
    checkDirections(mapping, monthly, daily, 7)
    checkDirections(PartitionMapping.timeWindow(2), daily, hourly, 8)
  })

  it("counts local hours in a daylight-saving zone (23 and 24 on change days)", () => {
    const zone = "Europe/Paris"
    const parisDaily = Partitions.daily({ start: "2021-03-01", timezone: zone })
    const parisHourly = Partitions.hourly({ start: "2021-03-01", timezone: zone })
    const later = Partitions.context({ now: new Date("2021-12-01T00:00:00Z") })
    const mapping = PartitionMapping.timeWindow(1)
    expect(mapping.upstream("2021-03-28", parisDaily, parisHourly, later).keys).toHaveLength(23)
    expect(mapping.upstream("2021-10-31", parisDaily, parisHourly, later).keys).toHaveLength(24)
    expect(mapping.misfit(parisDaily, hourly)).toMatch(/time zone/)
  })
})

describe("all", () => {
  it("reads every upstream key and is read by every downstream key", () => {
    const mapping = PartitionMapping.all()
    expect(mapping.upstream("all", undefined, daily, ctx).keys).toEqual(Partitions.resolve(daily, ctx).keys)
    expect(mapping.downstream("2021-01-02", undefined, daily, ctx).keys).toEqual(["all"])
    checkDirections(mapping, monthly, versions, 9)
  })
})

describe("static pin", () => {
  it("pins version = v2 for a daily downstream, both directions", () => {
    const mapping = PartitionMapping.staticPin("version", "v2")
    expect(mapping.upstream("2021-01-05", daily, multi, ctx)).toEqual({ keys: ["v2/2021-01-05"], missing: [] })
    expect(mapping.downstream("v2/2021-01-05", daily, multi, ctx)).toEqual({ keys: ["2021-01-05"], missing: [] })
    expect(mapping.downstream("v1/2021-01-05", daily, multi, ctx)).toEqual({ keys: [], missing: [] })
    expect(mapping.describe()).toBe("the upstream partitions where version = v2")
    checkDirections(mapping, daily, multi, 10)
  })

  it("reads every pinned partition for an unpartitioned downstream, and pins a static upstream", () => {
    const mapping = PartitionMapping.staticPin("version", "v3")
    expect(mapping.upstream("all", undefined, multi, ctx).keys.every((key) => key.startsWith("v3/"))).toBe(true)
    expect(mapping.upstream("all", undefined, multi, ctx).keys).toHaveLength(Partitions.resolve(daily, ctx).keys.length)
    expect(mapping.upstream("2021-01-05", daily, versions, ctx)).toEqual({ keys: ["v3"], missing: [] })
    checkDirections(mapping, undefined, multi, 11)
  })

  it("reports a missing date and refuses a value outside the set", () => {
    const mapping = PartitionMapping.staticPin("version", "v2")
    expect(mapping.upstream("2021-01-05", daily, Partitions.multi({ version: versions, date: laterDaily }), ctx))
      .toEqual({ keys: [], missing: ["v2/2021-01-05"] })
    expect(PartitionMapping.staticPin("version", "v9").misfit(daily, multi)).toMatch(/v9/)
    expect(PartitionMapping.staticPin("flavour", "v2").misfit(daily, multi)).toMatch(/no dimension/)
  })
})

describe("multi to single", () => {
  it("maps a version-by-date key to its date and a date to every version", () => {
    const mapping = PartitionMapping.multiToSingle("date")
    expect(mapping.upstream("v2/2021-01-05", multi, daily, ctx)).toEqual({ keys: ["2021-01-05"], missing: [] })
    expect(mapping.downstream("2021-01-05", multi, daily, ctx).keys).toEqual(["v1/2021-01-05", "v2/2021-01-05", "v3/2021-01-05"])
    expect(mapping.upstream("2021-01-05", daily, multi, ctx).keys).toEqual(["v1/2021-01-05", "v2/2021-01-05", "v3/2021-01-05"])
    expect(mapping.upstream("v1/2021-01-05", multi, laterDaily, ctx)).toEqual({ keys: [], missing: ["2021-01-05"] })
    checkDirections(mapping, multi, daily, 12)
    checkDirections(mapping, daily, multi, 13)
    expect(mapping.misfit(multi, hourly)).toMatch(/does not match/)
  })
})

describe("custom", () => {
  it("uses the given functions and still reports missing keys", () => {
    const mapping = PartitionMapping.custom({
      description: "the same day one week earlier",
      upstream: (key) => [dayShift(key, -7)],
      downstream: (key) => [dayShift(key, 7)]
    })
    expect(mapping.upstream("2021-01-03", daily, daily, ctx)).toEqual({ keys: [], missing: ["2020-12-27"] })
    expect(mapping.describe()).toBe("the same day one week earlier")
    checkDirections(mapping, daily, daily, 14)
  })
})
