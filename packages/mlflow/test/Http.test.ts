import { describe, expect, it } from "vitest"
import { errorFromResponse, parseRetryAfter } from "../src/internal/Http.ts"

describe("Http.errorFromResponse", () => {
  it("reads MLflow's JSON error_code", () => {
    const error = errorFromResponse("POST /api/2.0/mlflow/runs/get", "http://h", 404, '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run x not found"}')
    expect([error.reason, error.errorCode, error.status]).toEqual(["NotFound", "RESOURCE_DOES_NOT_EXIST", 404])
    expect(error.message).toContain("Run x not found")
  })

  it("handles plain-text 401 and 403 bodies, saying what to do", () => {
    const unauthenticated = errorFromResponse("GET /x", "http://h", 401, "You are not authenticated.\nSee the docs.")
    expect(unauthenticated.reason).toBe("Unauthenticated")
    expect(unauthenticated.message).toContain("You are not authenticated.")
    expect(unauthenticated.message).not.toContain("See the docs")
    const denied = errorFromResponse("POST /y", "http://h", 403, "Permission denied")
    expect(denied.reason).toBe("PermissionDenied")
    expect(denied.errorCode).toBeUndefined()
  })

  it("tells a changed param apart from other invalid values", () => {
    const body = JSON.stringify({ error_code: "INVALID_PARAMETER_VALUE", message: "Changing param values is not allowed. Params were already logged" })
    expect(errorFromResponse("POST /log-batch", "http://h", 400, body).reason).toBe("ParamConflict")
    expect(errorFromResponse("POST /log-batch", "http://h", 400, '{"error_code":"INVALID_PARAMETER_VALUE","message":"bad"}').reason).toBe("InvalidParameter")
  })

  it("tells a lost insert race from an invalid value, in the wording of each database", () => {
    for (const said of [
      "(sqlite3.IntegrityError) UNIQUE constraint failed: datasets.experiment_id, datasets.name, datasets.digest",
      'duplicate key value violates unique constraint "dataset_pk"',
      "(1062, \"Duplicate entry '1-x-y' for key 'datasets.PRIMARY'\")"
    ])
      expect(errorFromResponse("POST /log-inputs", "http://h", 400, JSON.stringify({ error_code: "BAD_REQUEST", message: said })).reason).toBe("WriteConflict")
    expect(errorFromResponse("POST /log-inputs", "http://h", 400, '{"error_code":"BAD_REQUEST","message":"unique names only"}').reason).toBe("InvalidParameter")
  })

  it("maps throttling, timeouts and server errors", () => {
    expect(errorFromResponse("GET /x", "http://h", 429, "").reason).toBe("RateLimited")
    expect(errorFromResponse("GET /x", "http://h", 408, "").reason).toBe("Timeout")
    expect(errorFromResponse("GET /x", "http://h", 502, "<html>bad gateway</html>").reason).toBe("Unavailable")
  })
})

describe("Http.parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2021-09-02T10:00:00Z")
    expect(parseRetryAfter("3", now)).toBe(3000)
    expect(parseRetryAfter("Thu, 02 Sep 2021 10:00:05 GMT", now)).toBe(5000)
    expect(parseRetryAfter("Thu, 02 Sep 2021 09:00:00 GMT", now)).toBe(0)
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter("soon", now)).toBeUndefined()
  })
})
