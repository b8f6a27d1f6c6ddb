/** The partition grid of `strata status`: rows of cells, a row per version of a multi-dimensional asset. */
import { describe, expect, it } from "vitest"
import { gridOf } from "../../src/commands/status.ts"

/** The cells of a grid row without their colours: `■` fresh or stale, `·` missing. */
const plain = (grid: string): Array<string> => grid.split("\n").map((row) => row.replace(/\x1b\[\d+m/g, ""))

describe("gridOf", () => {
  it("starts a row for each version of a version/date asset, labelled with its first partition", () => {
    const partitions = ["v1", "v2"].flatMap((version) =>
      ["2021-09-01", "2021-09-02", "2021-09-03"].map((day, i) => ({ partition: `${version}/${day}`, status: i === 2 ? ("missing" as const) : ("fresh" as const) }))
    )
    expect(plain(gridOf(partitions))).toEqual([`    ${"v1/2021-09-01".padEnd(22)} ■■·`, `    ${"v2/2021-09-01".padEnd(22)} ■■·`])
  })

  it("keeps a date/version asset as one run: its leading dimension takes a value a day", () => {
    const partitions = Array.from({ length: 30 }, (_, i) => ["v1", "v2"].map((version) => ({ partition: `2021-09-${String(i + 1).padStart(2, "0")}/${version}`, status: "fresh" as const }))).flat()
    expect(plain(gridOf(partitions))).toEqual([`    ${"2021-09-01/v1".padEnd(22)} ${"■".repeat(60)}`])
  })

  it("wraps a long run of days at 60 cells a row, and draws nothing beyond 2,000 partitions", () => {
    const days = Array.from({ length: 70 }, (_, i) => ({ partition: `d${String(i).padStart(2, "0")}`, status: "fresh" as const }))
    const rows = plain(gridOf(days))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toBe(`    ${"d00".padEnd(22)} ${"■".repeat(60)}`)
    expect(rows[1]).toBe(`    ${"d60".padEnd(22)} ${"■".repeat(10)}`)
    expect(gridOf(Array.from({ length: 2001 }, (_, i) => ({ partition: `p${i}`, status: "missing" as const })))).toBe("")
  })
})
