import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { BROWN_CATEGORIES } from "@strata/annotation"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Annotated from "../src/assets/Annotated.ts"
import * as TextNormalization from "../src/assets/TextNormalization.ts"
import * as Settings from "../src/Settings.ts"
import { materialize, memoryCache } from "./support/Harness.ts"
import { settings } from "./support/Fixtures.ts"

const normalizedRow = (url: string, content: string): TextNormalization.NormalizedDocument => ({
  url,
  version: "v2",
  title: "",
  content,
  language: "en",
  fetched_at: "2021-09-02T10:00:00Z"
})

const rows = [
  normalizedRow("https://example.com/west", "The sheriff rode into the canyon with his rifle and the outlaw fled on a horse."),
  normalizedRow("https://example.com/church", "The congregation sang in the church and the pastor spoke of faith, prayer and salvation."),
  normalizedRow("https://example.com/blank", "zzz qqq xxyy")
]

const inputs = { [TextNormalization.KEY]: [{ partition: "v2/2021-09-02", rows }] }

describe("annotated", () => {
  it("labels pages with the offline labeler, within the label set, and quarantines what it cannot label", async () => {
    const result = await materialize(Annotated.make(settings), { asset: Annotated.KEY, partition: "2021-09-02", inputs })
    const labels = Object.fromEntries(result.rows.map((row) => [row["url"], row["label"]]))
    expect(labels).toEqual({ "https://example.com/west": "adventure", "https://example.com/church": "religion" })
    expect(result.rows.every((row) => (BROWN_CATEGORIES as ReadonlyArray<unknown>).includes(row["label"]))).toBe(true)
    expect(result.quarantined).toHaveLength(1)
    expect((result.quarantined[0]?.row as { quarantine_reason: string }).quarantine_reason).toMatch(/^Abstained/)
    expect(result.recorded.external[0]?.name).toBe("annotation-weak-supervision")
    expect(result.recorded.metrics["annotation.documents"]).toBe(3)
    expect(result.recorded.metrics["annotation.quarantined"]).toBe(1)
  })

  describe("with an API provider", () => {
    let server: Server
    const received: Array<string> = []
    beforeAll(async () => {
      server = createServer((request, response) => {
        let body = ""
        request.on("data", (chunk: Buffer) => (body += chunk.toString()))
        request.on("end", () => {
          const { documents } = JSON.parse(body) as { documents: ReadonlyArray<{ id: string; text: string }> }
          received.push(...documents.map((d) => d.id))
          const results = documents.map((d) => ({ id: d.id, label: d.text.includes("church") ? "religion" : "news", confidence: 0.8 }))
          response.writeHead(200, { "content-type": "application/json" })
          response.end(JSON.stringify({ results, cost_usd: 0.001 * documents.length }))
        })
      })
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    it("pays once: the second run is answered from the project's cache", async () => {
      const port = (server.address() as AddressInfo).port
      const apiSettings = Settings.fromConfig({
        annotation: { provider: { kind: "http-json", endpoint: `http://127.0.0.1:${port}`, model: "test-1", maxCostPerDocumentUsd: 0.01 } }
      })
      const { cache, entries } = memoryCache()
      const options = { asset: Annotated.KEY, partition: "2021-09-02", inputs, cache }
      const first = await materialize(Annotated.make(apiSettings), options)
      expect(received).toHaveLength(3)
      expect(first.rows).toHaveLength(3)
      expect(first.rows.every((row) => row["cached"] === false && row["provider"] === "http-json")).toBe(true)
      expect(first.recorded.metrics["annotation.cache_misses"]).toBe(3)
      expect(first.recorded.metrics["annotation.cost_usd"]).toBeCloseTo(0.003)
      expect(first.recorded.external[0]?.uri).toBe(`http://127.0.0.1:${port}`)
      expect(entries.size).toBe(3)

      const second = await materialize(Annotated.make(apiSettings), options)
      expect(received).toHaveLength(3)
      expect(second.recorded.metrics["annotation.cache_hits"]).toBe(3)
      expect(second.recorded.metrics["annotation.cost_usd"]).toBe(0)
      expect(second.rows.every((row) => row["cached"] === true)).toBe(true)
      expect(second.rows.map((row) => row["label"])).toEqual(first.rows.map((row) => row["label"]))
      expect(Annotated.codeVersionOf(apiSettings)).not.toBe(Annotated.codeVersionOf(settings))
    })
  })
})
