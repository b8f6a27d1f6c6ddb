import { describe, expect, it } from "vitest"
import { policyFor } from "../src/Policy.ts"

const matches = (patterns: ReadonlyArray<string>, value: string) =>
  patterns.some((pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(value))

describe("Policy.policyFor", () => {
  const policy = policyFor("annotator", {
    bucket: "acme-ml",
    prefix: "root/",
    project: "html",
    reads: ["preprocess/text-normalization"],
    writes: ["annotated"]
  })
  const actionsOn = (key: string) =>
    policy.Statement.filter((statement) => statement.Resource.some((resource) => matches([resource], `arn:aws:s3:::acme-ml/${key}`))).flatMap(
      (statement) => statement.Action
    )

  it("lets the role read what it reads and write what it writes, and nothing else", () => {
    expect(actionsOn("root/html/preprocess/text-normalization/v2/2021-09-02/d.jsonl")).toEqual(["s3:GetObject", "s3:GetObjectVersion"])
    expect(actionsOn("root/html/annotated/2021-09-02/d.jsonl")).toEqual(expect.arrayContaining(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]))
    expect(actionsOn("root/html/_staging/annotated/2021-09-02/x/d.jsonl")).toContain("s3:PutObject")
    expect(actionsOn("root/html/_index/preprocess%2Ftext-normalization/x")).not.toContain("s3:PutObject")
    expect(actionsOn("root/html/raw/html-documents/2021-09-02/d.jsonl")).toEqual([])
    expect(actionsOn("root/html/annotated-other/x")).toEqual([])
  })

  it("lets a writer use the project's materialization cache, and a reader not", () => {
    expect(actionsOn("root/html/_cache/annotations/ab/abcdef")).toEqual(expect.arrayContaining(["s3:GetObject", "s3:PutObject"]))
    const reader = policyFor("training", { bucket: "acme-ml", prefix: "root/", project: "html", reads: ["annotated"], writes: [] })
    expect(reader.Statement.some((statement) => statement.Resource.some((resource) => resource.includes("_cache")))).toBe(false)
  })

  it("limits listing to the role's prefixes", () => {
    const list = policy.Statement.find((statement) => statement.Action.includes("s3:ListBucket"))
    const prefixes = list?.Condition?.StringLike["s3:prefix"] ?? []
    expect(matches(prefixes, "root/html/_index/annotated/")).toBe(true)
    expect(matches(prefixes, "root/html/raw/")).toBe(false)
    expect(list?.Resource).toEqual(["arn:aws:s3:::acme-ml"])
  })

  it("is plain JSON that a role with no access turns into no statements", () => {
    expect(JSON.parse(JSON.stringify(policy))).toEqual(policy)
    expect(policyFor("nobody", { bucket: "b", project: "p", reads: [], writes: [] }).Statement).toEqual([])
  })
})
