import { describe, expect, it } from "vitest"
import { MlflowError } from "../src/MlflowError.ts"
import { fromEnv, parseTrackingUri } from "../src/MlflowConfig.ts"

describe("MlflowConfig", () => {
  it("reads basic credentials before a bearer token, and nothing without a tracking URI", () => {
    expect(fromEnv({})).toBeUndefined()
    expect(fromEnv({ MLFLOW_TRACKING_URI: "http://h:5000", MLFLOW_TRACKING_USERNAME: "u", MLFLOW_TRACKING_PASSWORD: "p", MLFLOW_TRACKING_TOKEN: "t" })).toEqual({
      trackingUri: "http://h:5000",
      auth: { kind: "basic", username: "u", password: "p" }
    })
    expect(fromEnv({ MLFLOW_TRACKING_URI: "http://h:5000", MLFLOW_TRACKING_TOKEN: "t" })?.auth).toEqual({ kind: "bearer", token: "t" })
  })

  it("moves credentials out of the tracking URI and keeps a path prefix", () => {
    const parsed = parseTrackingUri("https://alice:s%40cret@mlflow.example.com/prefix/")
    expect(parsed).not.toBeInstanceOf(MlflowError)
    if (parsed instanceof MlflowError) return
    expect(parsed.display).toBe("https://mlflow.example.com/prefix")
    expect(parsed.basePath).toBe("/prefix")
    expect(parsed.auth).toEqual({ kind: "basic", username: "alice", password: "s@cret" })
  })

  it("refuses URIs that are not an http(s) tracking server", () => {
    const file = parseTrackingUri("file:///tmp/mlruns")
    expect(file instanceof MlflowError && file.message).toContain("http(s)")
    expect(parseTrackingUri("not a url")).toBeInstanceOf(MlflowError)
  })
})
