import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as DatasetLayout from "../src/DatasetLayout.ts"

describe("DatasetLayout", () => {
  it.effect("places data, sidecar and quarantine side by side under project/asset/partition", () =>
    Effect.gen(function* () {
      const layout = yield* DatasetLayout.make({
        project: "html-classification",
        asset: "preprocess/text-normalization",
        partition: "v2/2021-09-02",
        dataset: "html-documents"
      })
      expect(DatasetLayout.dataKey(layout)).toBe("html-classification/preprocess/text-normalization/v2/2021-09-02/html-documents.jsonl")
      expect(DatasetLayout.sidecarKey(layout)).toBe("html-classification/preprocess/text-normalization/v2/2021-09-02/html-documents.meta.yaml")
      expect(DatasetLayout.quarantineKey(layout)).toBe(
        "html-classification/preprocess/text-normalization/v2/2021-09-02/html-documents.quarantine.jsonl"
      )
    })
  )

  it.effect("puts an unpartitioned asset's files directly under the asset", () =>
    Effect.gen(function* () {
      const layout = yield* DatasetLayout.make({ project: "p", asset: "model", partition: DatasetLayout.UNPARTITIONED, dataset: "weights", ext: "jsonl.gz" })
      expect(DatasetLayout.dataKey(layout)).toBe("p/model/weights.jsonl.gz")
      expect(DatasetLayout.internalPartitionPrefix("versions", layout)).toBe("p/_versions/model/all/")
    })
  )

  it.effect("rejects values that would leave their folder, naming the field", () =>
    Effect.gen(function* () {
      const cases = [
        [{ project: "p", asset: "a/../b", partition: "x", dataset: "d" }, "asset"],
        [{ project: "p", asset: "/abs", partition: "x", dataset: "d" }, "asset"],
        [{ project: "p", asset: "a", partition: "../x", dataset: "d" }, "partition"],
        [{ project: "p", asset: "a", partition: "x\u0001", dataset: "d" }, "partition"],
        [{ project: "p", asset: "a", partition: "_staging", dataset: "d" }, "partition"],
        [{ project: "p", asset: "a", partition: "x", partitionPath: "/etc", dataset: "d" }, "partition"],
        [{ project: "P Q", asset: "a", partition: "x", dataset: "d" }, "project"],
        [{ project: "p", asset: "a", partition: "x", dataset: "../d" }, "dataset"],
        [{ project: "p", asset: "a", partition: "x", dataset: "d", ext: "json/l" }, "ext"]
      ] as const
      for (const [input, field] of cases) {
        const error = yield* Effect.flip(DatasetLayout.make(input))
        expect(error.field).toBe(field)
        expect(error.message).toMatch(/^Invalid /)
      }
    })
  )
})
