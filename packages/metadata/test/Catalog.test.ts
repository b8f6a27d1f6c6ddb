import { describe, expect, it } from "vitest"
import * as Catalog from "../src/Catalog.ts"

describe("Catalog", () => {
  it("counts fresh, stale and missing partitions per asset with the last update", () => {
    const summaries = Catalog.summarize([
      { asset: "silver/b", layer: "silver", partition: "2", status: "stale", updatedAt: "2021-09-02T00:00:00Z" },
      { asset: "bronze/a", layer: "bronze", partition: "1", status: "fresh", updatedAt: "2021-09-01T00:00:00Z" },
      { asset: "bronze/a", layer: "bronze", partition: "2", status: "fresh", updatedAt: "2021-09-03T00:00:00Z" },
      { asset: "bronze/a", layer: "bronze", partition: "3", status: "missing" },
      { asset: "silver/b", layer: "silver", partition: "3", status: "missing" }
    ])
    expect(summaries).toEqual([
      { asset: "bronze/a", layer: "bronze", fresh: 2, stale: 0, missing: 1, total: 3, lastUpdate: "2021-09-03T00:00:00Z" },
      { asset: "silver/b", layer: "silver", fresh: 0, stale: 1, missing: 1, total: 2, lastUpdate: "2021-09-02T00:00:00Z" }
    ])
    const never = Catalog.summarize([{ asset: "gold/c", layer: "gold", partition: "1", status: "missing" }])
    expect(never[0]?.lastUpdate).toBeUndefined()
    const table = Catalog.renderTable([...summaries, ...never]).split("\n")
    expect(table[0]).toMatch(/^ASSET\s+LAYER\s+FRESH\s+STALE\s+MISSING\s+LAST UPDATE$/)
    expect(table[3]).toMatch(/^gold\/c\s+gold\s+0\s+0\s+1\s+never$/)
    expect(new Set(table.map((line) => line.indexOf("LAYER") >= 0 ? line.indexOf("LAYER") : line.search(/ (bronze|silver|gold) /) + 1)).size).toBe(1)
  })
})
