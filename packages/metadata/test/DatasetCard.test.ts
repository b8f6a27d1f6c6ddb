import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as DatasetCard from "../src/DatasetCard.ts"
import { buildFixtureSidecar, fixtureDocs } from "./fixtures/fixtureSidecar.ts"

describe("DatasetCard", () => {
  it.effect("explains the asset from its sidecars: schema with meaning, partitions, profile, checks, lineage, sample", () =>
    Effect.gen(function* () {
      const latest = yield* buildFixtureSidecar
      const older = { ...latest, partition: "2021-09-01", createdAt: "2021-09-02T01:00:00.000Z", sha1: "1".repeat(40) }
      const card = DatasetCard.render(
        { asset: latest.asset, layer: "silver", description: "Parsed pages.", columns: fixtureDocs, owners: ["ml-team"], codeVersion: "html-parsing@3" },
        [latest, older]
      )
      expect(card.startsWith("# preprocess/html-parsing\n\nParsed pages.")).toBe(true)
      expect(card).toContain("- **Owners:** ml-team")
      expect(card).toContain("| url | string | no | Normalized URL of the page | Primary key: one row per page |")
      expect(card.indexOf("| 2021-09-01 |")).toBeLessThan(card.indexOf("| 2021-09-02 |"))
      expect(card).toContain(`| 2021-09-02 | 6 | 733 | ${latest.sha1.slice(0, 12)} | 2021-09-03T01:02:03.000Z |`)
      expect(card).toContain("## Profile (partition 2021-09-02)")
      expect(card).toContain("| words in range | value_between | warn | FAILED |")
      expect(card).toContain("`preprocess/url-normalization` partition `2021-09-02`")
      expect(card).toContain("external: crawler")
      expect(card).toContain("1. `extract_main_content`")
      expect(card).toContain('"url":"https://example.com/b"')
    }))

  it("says when nothing is committed yet", () => {
    const card = DatasetCard.render({ asset: "gold/annotated", layer: "gold", description: "Labels." }, [])
    expect(card).toContain("No partition has been committed yet")
    expect(card).not.toContain("## Schema")
  })
})
