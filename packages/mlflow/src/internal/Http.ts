/**
 * One HTTP exchange with the MLflow server on undici, with auth, bounded retries where safe,
 * and MLflow's error bodies (JSON `error_code` or plain text) turned into `MlflowError`s.
 * Messages name the endpoint and the server without credentials; headers are never shown.
 */
import { Effect } from "effect"
import type { Dispatcher } from "undici"
import type { MlflowAuth, RetryPolicy } from "../MlflowConfig.ts"
import { MlflowError, type MlflowErrorReason } from "../MlflowError.ts"

/** How far into an error body the message quotes the server. */
const MAX_QUOTED_BODY = 300

/**
 * Whether a request may be sent again after an unclear failure. `idempotent`: repeating it
 * leaves the same state (reads, log-batch of the same values, set-tag, uploads, updates).
 * `once`: repeating it could create a second object (runs/create), so it is retried only when
 * the server surely did not process it (connection refused, 429).
 */
export type Retryability = "idempotent" | "once"

/** A request to send. */
export interface HttpRequest {
  /** `GET`, `POST` or `PUT`. */
  readonly method: "GET" | "POST" | "PUT"
  /** Path after the base path, starting with `/api/`. */
  readonly path: string
  /** Query parameters. */
  readonly query?: Readonly<Record<string, string>>
  /** JSON body. */
  readonly json?: unknown
  /** Raw body (artifact uploads). */
  readonly bytes?: Uint8Array
  /** Content type of a raw body. */
  readonly contentType?: string
  /** Whether a retry is safe. */
  readonly retry: Retryability
}

/** A successful answer. */
export interface HttpResponse {
  /** HTTP status (2xx). */
  readonly status: number
  /** The body bytes. */
  readonly body: Uint8Array
}

/** What one client needs to send requests. */
export interface HttpContext {
  /** The undici dispatcher (a keep-alive pool to the server, possibly composed with interceptors). */
  readonly dispatcher: Dispatcher
  /** `http(s)://host:port`. */
  readonly origin: string
  /** Path prefix, without a trailing `/`. */
  readonly basePath: string
  /** The server as shown in messages (no credentials). */
  readonly display: string
  /** Credentials. */
  readonly auth: MlflowAuth | undefined
  /** Retry policy. */
  readonly retry: RetryPolicy
}

/** Network error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"])
/** Network error codes meaning the server took too long. */
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT"])

/** The outcome of one attempt, before retry decisions. */
type Attempt =
  | { readonly _tag: "Ok"; readonly response: HttpResponse }
  | { readonly _tag: "Failed"; readonly error: MlflowError; readonly retryable: boolean; readonly retryAfterMs?: number }

const authorization = (auth: MlflowAuth | undefined): Record<string, string> =>
  auth === undefined
    ? {}
    : auth.kind === "basic"
      ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, "utf8").toString("base64")}` }
      : { authorization: `Bearer ${auth.token}` }

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export const parseRetryAfter = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined || value === "") return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

const firstHeader = (value: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof value === "string" ? value : value?.[0]

const quote = (text: string): string => {
  const firstLine = text.trim().split("\n")[0] ?? ""
  return firstLine.length > MAX_QUOTED_BODY ? `${firstLine.slice(0, MAX_QUOTED_BODY)}...` : firstLine
}

/** MLflow's message when a param already holds another value. */
const PARAM_CHANGE_MARKER = "Changing param values is not allowed"

/**
 * How the tracking server's databases word a lost insert race (SQLite, PostgreSQL, MySQL): MLflow
 * answers 400 with the driver's message when two runs log the same new dataset at once.
 */
const UNIQUE_VIOLATION = /UNIQUE constraint failed|duplicate key value violates unique constraint|Duplicate entry .* for key/i

/** Turns an error answer into an `MlflowError`, reading MLflow's JSON body or a plain-text one. */
export const errorFromResponse = (endpoint: string, display: string, status: number, bodyText: string): MlflowError => {
  let errorCode: string | undefined
  let serverMessage = bodyText
  try {
    const parsed = JSON.parse(bodyText) as { error_code?: unknown; message?: unknown }
    if (typeof parsed.error_code === "string") errorCode = parsed.error_code
    if (typeof parsed.message === "string") serverMessage = parsed.message
  } catch {
    // A plain-text body (the basic-auth app answers 401 and 403 in text): quoted as is.
  }
  const said = quote(serverMessage)
  const base = { endpoint, status, ...(errorCode === undefined ? {} : { errorCode }) }
  const make = (reason: MlflowErrorReason, message: string) => new MlflowError({ ...base, reason, message })
  if (status === 401)
    return make(
      "Unauthenticated",
      `MLflow at ${display} refused the request to ${endpoint} (401 ${said}). Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN.`
    )
  if (status === 403 || errorCode === "PERMISSION_DENIED")
    return make("PermissionDenied", `MLflow at ${display} denied ${endpoint} (403 ${said}). Ask an MLflow admin for permission on the experiment.`)
  if (errorCode === "RESOURCE_ALREADY_EXISTS") return make("AlreadyExists", `MLflow says the resource already exists (${endpoint}): ${said}`)
  if (errorCode === "RESOURCE_DOES_NOT_EXIST" || status === 404)
    return make("NotFound", `MLflow at ${display} found nothing for ${endpoint} (${status}): ${said}`)
  if (status === 408) return make("Timeout", `MLflow at ${display} timed out on ${endpoint} (408). Try again later.`)
  if (status === 429) return make("RateLimited", `MLflow at ${display} is throttling requests (429 on ${endpoint}). Try again later or lower the concurrency.`)
  if (status >= 500) return make("Unavailable", `MLflow at ${display} failed on ${endpoint} (${status}): ${said}. Check the server's log; the call can be replayed later.`)
  if (said.includes(PARAM_CHANGE_MARKER))
    return make("ParamConflict", `MLflow refuses to change a param already logged on the run (${endpoint}): ${said}. Log the new values on a new run.`)
  if (status === 400 && UNIQUE_VIOLATION.test(serverMessage))
    return make("WriteConflict", `MLflow at ${display} lost an insert race on ${endpoint} (${said}); another request wrote the same row at the same time. Replay the call.`)
  if (status === 400) return make("InvalidParameter", `MLflow refused ${endpoint}: ${said}`)
  return make("Unknown", `MLflow at ${display} answered ${status} to ${endpoint}: ${said}`)
}

const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500

const errorCode = (cause: unknown): string | undefined => {
  let current: unknown = cause
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

const networkFailure = (endpoint: string, display: string, cause: unknown, retry: Retryability): Attempt => {
  const code = errorCode(cause) ?? "unknown"
  const timeout = TIMEOUT_CODES.has(code)
  const notSent = NOT_SENT_CODES.has(code)
  const error = new MlflowError({
    reason: timeout ? "Timeout" : "Unavailable",
    endpoint,
    message: timeout
      ? `MLflow at ${display} did not answer ${endpoint} in time (${code}). Check that the server is up; the call can be replayed later.`
      : `Could not reach MLflow at ${display} for ${endpoint} (${code}). Check that the server is up and MLFLOW_TRACKING_URI is right; the call can be replayed later.`
  })
  return { _tag: "Failed", error, retryable: notSent || (retry === "idempotent" && code !== "UND_ERR_ABORTED") }
}

const attempt = (context: HttpContext, request: HttpRequest, endpoint: string): Effect.Effect<Attempt> =>
  Effect.promise(async (signal): Promise<Attempt> => {
    const query = request.query === undefined ? "" : `?${new URLSearchParams(request.query as Record<string, string>).toString()}`
    const headers: Record<string, string> = { accept: "application/json", ...authorization(context.auth) }
    let body: string | Uint8Array | undefined
    if (request.json !== undefined) {
      headers["content-type"] = "application/json"
      body = JSON.stringify(request.json)
    } else if (request.bytes !== undefined) {
      headers["content-type"] = request.contentType ?? "application/octet-stream"
      body = request.bytes
    }
    try {
      const response = await context.dispatcher.request({
        origin: context.origin,
        path: `${context.basePath}${request.path}${query}`,
        method: request.method,
        headers,
        body: body ?? null,
        signal
      })
      const bytes = new Uint8Array(await response.body.arrayBuffer())
      if (response.statusCode >= 200 && response.statusCode < 300) return { _tag: "Ok", response: { status: response.statusCode, body: bytes } }
      const error = errorFromResponse(endpoint, context.display, response.statusCode, new TextDecoder().decode(bytes))
      const retryAfterMs = parseRetryAfter(firstHeader(response.headers["retry-after"]), Date.now())
      const retryable =
        (isRetryableStatus(response.statusCode) || error.reason === "WriteConflict") && (request.retry === "idempotent" || response.statusCode === 429)
      return { _tag: "Failed", error, retryable, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
    } catch (cause) {
      return networkFailure(endpoint, context.display, cause, request.retry)
    }
  })

/** Backoff before attempt `n + 1` (n >= 1): exponential with full jitter, at least `Retry-After`, capped. */
const delayMs = (policy: RetryPolicy, n: number, retryAfterMs: number | undefined): number => {
  const exponential = policy.baseDelayMs * 2 ** (n - 1)
  const jittered = exponential / 2 + Math.random() * (exponential / 2)
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0))
}

/** Sends `request`, retrying where safe up to the policy's attempts; fails with an `MlflowError`. */
export const send = (context: HttpContext, request: HttpRequest): Effect.Effect<HttpResponse, MlflowError> => {
  const endpoint = `${request.method} ${request.path}`
  const loop = (n: number): Effect.Effect<HttpResponse, MlflowError> =>
    Effect.flatMap(attempt(context, request, endpoint), (outcome) => {
      if (outcome._tag === "Ok") return Effect.succeed(outcome.response)
      if (!outcome.retryable || n >= context.retry.maxAttempts) return Effect.fail(outcome.error)
      return Effect.flatMap(Effect.sleep(delayMs(context.retry, n, outcome.retryAfterMs)), () => loop(n + 1))
    })
  return loop(1)
}

/** Sends `request` and parses the JSON answer (`{}` for an empty body). */
export const sendJson = <A>(context: HttpContext, request: HttpRequest): Effect.Effect<A, MlflowError> =>
  Effect.flatMap(send(context, request), (response) =>
    Effect.try({
      try: () => JSON.parse(response.body.length === 0 ? "{}" : new TextDecoder().decode(response.body)) as A,
      catch: () =>
        new MlflowError({
          reason: "Unknown",
          endpoint: `${request.method} ${request.path}`,
          message: `MLflow at ${context.display} answered ${request.method} ${request.path} with a body that is not JSON; is MLFLOW_TRACKING_URI the tracking server?`
        })
    })
  )
