import { Partitions } from "@strata/core"
import { describe, expect, it } from "vitest"
import * as HtmlParsing from "../src/assets/HtmlParsing.ts"
import * as TextNormalization from "../src/assets/TextNormalization.ts"
import { makeDefinitions } from "../src/definitions.ts"
import * as Settings from "../src/Settings.ts"
import { materialize } from "./support/Harness.ts"
import { settings } from "./support/Fixtures.ts"

const parsed: HtmlParsing.ParsedDocument = {
  url: "https://example.com/a",
  title: "The Dogs were running, quickly!",
  content: "The committee discussed the budget, and members voted: yes!",
  language: "en",
  description: null,
  canonical_url: null,
  published_at: null,
  author: null,
  fetched_at: "2021-09-02T10:00:00Z"
}

const run = (partition: string) =>
  materialize(TextNormalization.make(settings), { asset: TextNormalization.KEY, partition, inputs: { [HtmlParsing.KEY]: [{ partition: "2021-09-02", rows: [parsed] }] } })

describe("preprocess/text-normalization", () => {
  it("applies each version's configured rules and records them in the partition's process", async () => {
    const v1 = await run("v1/2021-09-02")
    const v2 = await run("v2/2021-09-02")
    const [one] = v1.rows
    const [two] = v2.rows
    expect(one?.["version"]).toBe("v1")
    expect(two?.["version"]).toBe("v2")
    expect(one?.["content"]).not.toMatch(/[,:!]/)
    expect(two?.["content"]).toContain(",")
    expect(two?.["content"]).toContain("discuss ")
    expect(one?.["content"]).toContain("discussed")
    expect(one?.["content"]).not.toBe(two?.["content"])
    expect(v1.recorded.process?.map((rule) => rule.rule)).toEqual(["remove_punctuation", "remove_special_characters"])
    expect(v2.recorded.process?.map((rule) => rule.rule)).toEqual(["remove_special_characters", "lemmatize"])
    expect(v2.recorded.process?.[1]?.params["mode"]).toBe("verbs")
  })

  it("adds a version as new partitions only, leaving every code version and the annotator's pin unchanged", () => {
    const withV3 = Settings.fromConfig({
      normalization: { versions: { ...Settings.DEFAULT_VERSIONS, v3: ["lower_case", "remove_stop_words"] } }
    })
    const before = makeDefinitions(settings)
    const after = makeDefinitions(withV3)
    const now = new Date("2021-09-04T00:00:00Z")
    const keysOf = (defs: typeof before) => {
      const spec = defs.find((d) => d.spec.key === TextNormalization.KEY)?.spec
      return Partitions.partitionKeys(spec?.partitions, { now })
    }
    const added = keysOf(after).filter((key) => !keysOf(before).includes(key))
    expect(added).toEqual(["v3/2021-09-01", "v3/2021-09-02", "v3/2021-09-03"])
    expect(after.map((d) => [d.spec.key, d.spec.codeVersion])).toEqual(before.map((d) => [d.spec.key, d.spec.codeVersion]))
    const annotated = after.find((d) => d.spec.key === "annotated")?.spec
    expect(annotated?.deps[0]?.mapping.describe()).toContain("version = v2")
  })

  it("fails a partition whose version is not configured, naming the settings", async () => {
    const result = run("v9/2021-09-02")
    await expect(result).rejects.toThrow(/v9.*settings\.normalization\.versions/)
  })
})
