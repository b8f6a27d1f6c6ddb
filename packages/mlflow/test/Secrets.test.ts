import { describe, expect, it } from "vitest"
import { configParams, isSecretKey, redact, stripUrlCredentials } from "../src/Secrets.ts"

describe("Secrets", () => {
  it("recognizes secret-looking keys in any case style", () => {
    for (const key of ["password", "dbPassword", "API_TOKEN", "apiKey", "api_key", "aws_secret_access_key", "accessKey", "clientSecret", "credentials", "Authorization"])
      expect(isSecretKey(key), key).toBe(true)
    for (const key of ["model", "versions", "batchSize", "monkey", "threshold", "keyword_list"])
      expect(isSecretKey(key), key).toBe(false)
  })

  it("flattens configuration into params without secrets, and names what it dropped", () => {
    const result = configParams(
      { annotation: { provider: "openai", apiKey: "sk-live-123", model: "gpt", nested: { password: "hunter2" } }, versions: ["v1", "v2"], threshold: 0.5 },
      "config"
    )
    expect(result.params).toEqual([
      { key: "config.annotation.provider", value: "openai" },
      { key: "config.annotation.model", value: "gpt" },
      { key: "config.versions", value: '["v1","v2"]' },
      { key: "config.threshold", value: "0.5" }
    ])
    expect(result.dropped).toEqual(["config.annotation.apiKey", "config.annotation.nested.password"])
    expect(JSON.stringify(result)).not.toContain("sk-live-123")
    expect(JSON.stringify(result)).not.toContain("hunter2")
  })

  it("removes credentials written into URLs", () => {
    expect(stripUrlCredentials("s3://AKIA:secret@bucket/key and https://u:p@host/x")).toBe("s3://bucket/key and https://host/x")
    expect(redact({ dsn: "postgres://u:p@h/db", url: "https://u:p@host/x", rows: [{ token: "t", a: 1 }] })).toEqual({
      url: "https://host/x",
      rows: [{ a: 1 }]
    })
  })
})
