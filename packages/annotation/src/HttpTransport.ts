/**
 * Robust JSON POSTs over an undici Pool, shared by the HTTP providers: bounded connections,
 * a timeout per attempt, retries with full-jitter backoff that honour `Retry-After` on 429 and
 * 503, a circuit breaker, and the budget: each attempt reserves its worst-case cost before it
 * is sent, then settles the charged amount, releases it (the API refused the request, so
 * nothing was charged) or assumes it spent (timeout or unreadable answer: the cost is unknown).
 *
 * Interruption: an attempt, once sent, runs to completion (bounded by its timeout) so that a
 * paid answer is never lost; only the waits between attempts are interruptible.
 */
import { Clock, Effect, Redacted } from "effect"
import { Pool } from "undici"
import { AnnotationError, type AnnotationErrorReason } from "./AnnotationError.ts"
import type { Budget, BudgetExceeded } from "./Budget.ts"
import * as CircuitBreaker from "./CircuitBreaker.ts"
import type { MicroUsd } from "./Money.ts"
import * as RetryPolicy from "./RetryPolicy.ts"
import type { Traffic } from "./AnnotationStats.ts"

/** Connections to the API (and batches in flight) when not configured. */
export const DEFAULT_CONCURRENCY = 8

/** How long one attempt may take, headers and body included, in milliseconds. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

/** Characters of an unexpected response body quoted in an error message (after removing secrets). */
export const RESPONSE_SNIPPET_CHARS = 200

/** How the transport behaves (every field optional; defaults are the named constants). */
export interface HttpOptions {
  /** Connections to the API and batches in flight. */
  readonly concurrency?: number
  /** How long one attempt may take, in milliseconds. */
  readonly requestTimeoutMs?: number
  /** Retry and backoff options. */
  readonly retry?: RetryPolicy.RetryOptions
  /** Circuit breaker options. */
  readonly circuitBreaker?: CircuitBreaker.CircuitBreakerOptions
}

/** What a protocol made of a 2xx body. */
export type Decoded<A> =
  | { readonly ok: true; readonly value: A; readonly costMicros: MicroUsd }
  | { readonly ok: false; readonly detail: string }

/** One logical call: the same request is resent on each retry. */
export interface HttpCall<A> {
  /** Path under the endpoint, e.g. `/v1/label`. */
  readonly path: string
  /** JSON body. */
  readonly body: string
  /** Extra headers (not the API key, which the transport adds). */
  readonly headers?: Readonly<Record<string, string>>
  /** The worst-case cost of one attempt, reserved on the budget before sending. */
  readonly reserveMicros: MicroUsd
  /** Reads a 2xx body. */
  readonly decode: (text: string) => Decoded<A>
}

/** The result of a call that reached the API and was answered with 2xx. */
export type HttpOutcome<A> =
  | { readonly _tag: "Ok"; readonly value: A; readonly costMicros: MicroUsd }
  | { readonly _tag: "Malformed"; readonly detail: string; readonly costMicros: MicroUsd }

/** How the transport authenticates: a header carrying the key, with an optional scheme (`Bearer`). */
export interface ApiKeyAuth {
  /** Header name, e.g. `authorization` or `x-api-key`. */
  readonly header: string
  /** Scheme put before the key (`Bearer`), or none. */
  readonly scheme?: string
  /** The key, redacted. */
  readonly key: Redacted.Redacted<string>
}

/** A transport to one API endpoint. */
export interface HttpTransport {
  /** Sends a call with retries, charging `budget`; fails on exhausted retries, an open circuit or a refused request. */
  readonly post: <A>(call: HttpCall<A>, budget: Budget) => Effect.Effect<HttpOutcome<A>, AnnotationError | BudgetExceeded>
  /** Batches that may be in flight at once. */
  readonly concurrency: number
  /** The circuit breaker's state now. */
  readonly circuitState: Effect.Effect<CircuitBreaker.CircuitState>
}

/** Options to make a transport. */
export interface HttpTransportOptions {
  /** Provider name, for error messages. */
  readonly provider: string
  /** Base URL; call paths are appended to it (`https://api.example.com/prefix`). */
  readonly endpoint: string
  /** How to send the API key, if any. */
  readonly auth?: ApiKeyAuth
  /** Transport behaviour. */
  readonly http?: HttpOptions
  /** Traffic counters to update (calls, retries). */
  readonly traffic: Traffic
}

type Attempt<A> =
  | { readonly _tag: "Done"; readonly outcome: HttpOutcome<A> }
  | { readonly _tag: "Retry"; readonly reason: AnnotationErrorReason; readonly detail: string; readonly waitMs?: number }
  | { readonly _tag: "Fail"; readonly reason: AnnotationErrorReason; readonly detail: string }

const errorCode = (cause: unknown): string => {
  if (typeof cause !== "object" || cause === null) return String(cause)
  const code = "code" in cause ? String(cause.code) : undefined
  const name = "name" in cause ? String(cause.name) : "Error"
  return code ?? name
}

/** Connection failures where the request certainly never reached the server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"])

/**
 * Makes a transport; its Pool is closed when the scope closes.
 *
 * @example
 * const transport = yield* HttpTransport.make({ provider: "http-json", endpoint: "http://127.0.0.1:8080", traffic })
 */
export const make = (options: HttpTransportOptions) =>
  Effect.gen(function* () {
    const concurrency = Math.max(1, options.http?.concurrency ?? DEFAULT_CONCURRENCY)
    const timeoutMs = options.http?.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
    const policy = RetryPolicy.make(options.http?.retry)
    const breaker = CircuitBreaker.make(options.http?.circuitBreaker)
    const base = yield* Effect.try({
      try: () => new URL(options.endpoint),
      catch: () =>
        new AnnotationError({
          reason: "InvalidConfig",
          provider: options.provider,
          message: `The ${options.provider} endpoint "${options.endpoint}" is not a URL: set it to e.g. https://api.example.com`
        })
    })
    const basePath = base.pathname.replace(/\/+$/, "")
    const pool = yield* Effect.acquireRelease(
      Effect.sync(() => new Pool(base.origin, { connections: concurrency })),
      (opened) => Effect.promise(() => opened.destroy())
    )
    const secret = options.auth === undefined ? undefined : Redacted.value(options.auth.key)
    const authHeaders: Record<string, string> =
      options.auth === undefined || secret === undefined
        ? {}
        : { [options.auth.header.toLowerCase()]: options.auth.scheme === undefined ? secret : `${options.auth.scheme} ${secret}` }
    const scrub = (text: string): string => {
      const cut = text.length > RESPONSE_SNIPPET_CHARS ? `${text.slice(0, RESPONSE_SNIPPET_CHARS)}...` : text
      return secret === undefined || secret === "" ? cut : cut.split(secret).join("<redacted>")
    }
    const describe = (reason: AnnotationErrorReason, detail: string, attempts: number): string => {
      const where = `${options.provider} at ${base.origin}${basePath}`
      switch (reason) {
        case "Unauthorized":
          return `${where} refused the API key (${detail}): check the key in the configured environment variable`
        case "Rejected":
          return `${where} rejected the request (${detail}): check the provider configuration (model, label set)`
        case "RateLimited":
          return `${where} asked to wait longer than allowed (${detail}): run again later or raise retry.maxRetryAfterMs`
        case "CircuitOpen":
          return `${where} failed repeatedly; calls are suspended (${detail}): check the service, then run again to resume`
        case "Timeout":
          return `${where} did not answer within ${timeoutMs} ms after ${attempts} attempt(s) (${detail}): raise requestTimeoutMs or run again later`
        default:
          return `${where} stayed unavailable after ${attempts} attempt(s) (${detail}): run again later to resume`
      }
    }

    const attempt = <A>(call: HttpCall<A>, budget: Budget) =>
      Effect.gen(function* () {
        const reservation = yield* budget.reserve(call.reserveMicros)
        const now = yield* Clock.currentTimeMillis
        if (!breaker.tryAcquire(now)) {
          yield* budget.release(reservation)
          const wait = Math.ceil(breaker.retryInMs(now) / 1000)
          return { _tag: "Fail", reason: "CircuitOpen", detail: `circuit open, next probe in ${wait} s` } satisfies Attempt<A>
        }
        options.traffic.calls += 1
        const sent = yield* Effect.promise(async () => {
          const signal = AbortSignal.timeout(timeoutMs)
          try {
            const response = await pool.request({
              path: basePath + call.path,
              method: "POST",
              headers: { "content-type": "application/json", ...call.headers, ...authHeaders },
              body: call.body,
              signal
            })
            const text = await response.body.text()
            const retryAfter = response.headers["retry-after"]
            return {
              ok: true as const,
              status: response.statusCode,
              text,
              retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter
            }
          } catch (cause) {
            return { ok: false as const, timedOut: signal.aborted, code: errorCode(cause) }
          }
        })
        const finished = yield* Clock.currentTimeMillis
        if (!sent.ok) {
          breaker.record(false, finished)
          if (NOT_SENT_CODES.has(sent.code)) yield* budget.release(reservation)
          else yield* budget.assume(reservation)
          return sent.timedOut
            ? ({ _tag: "Retry", reason: "Timeout", detail: "no answer in time" } satisfies Attempt<A>)
            : ({ _tag: "Retry", reason: "Unavailable", detail: `connection error ${sent.code}` } satisfies Attempt<A>)
        }
        const status = sent.status
        if (status >= 200 && status < 300) {
          breaker.record(true, finished)
          const decoded = call.decode(sent.text)
          if (decoded.ok) {
            yield* budget.settle(reservation, decoded.costMicros)
            return { _tag: "Done", outcome: { _tag: "Ok", value: decoded.value, costMicros: decoded.costMicros } } satisfies Attempt<A>
          }
          yield* budget.assume(reservation)
          return {
            _tag: "Done",
            outcome: { _tag: "Malformed", detail: scrub(decoded.detail), costMicros: reservation.micros }
          } satisfies Attempt<A>
        }
        yield* budget.release(reservation)
        const detail = `HTTP ${status}: ${scrub(sent.text)}`
        const waitMs = RetryPolicy.parseRetryAfter(sent.retryAfter, finished)
        if (status === 429 || status === 503) {
          breaker.record(status === 429, finished)
          return waitMs === undefined
            ? ({ _tag: "Retry", reason: "Unavailable", detail } satisfies Attempt<A>)
            : ({ _tag: "Retry", reason: "Unavailable", detail, waitMs } satisfies Attempt<A>)
        }
        if (status >= 500) {
          breaker.record(false, finished)
          return { _tag: "Retry", reason: "Unavailable", detail } satisfies Attempt<A>
        }
        breaker.record(true, finished)
        return { _tag: "Fail", reason: status === 401 || status === 403 ? "Unauthorized" : "Rejected", detail } satisfies Attempt<A>
      })

    const post = <A>(call: HttpCall<A>, budget: Budget): Effect.Effect<HttpOutcome<A>, AnnotationError | BudgetExceeded> =>
      Effect.gen(function* () {
        for (let index = 0; ; index++) {
          if (index > 0) options.traffic.retries += 1
          const result: Attempt<A> = yield* Effect.uninterruptible(attempt(call, budget))
          if (result._tag === "Done") return result.outcome
          const attempts = index + 1
          const fail = (reason: AnnotationErrorReason, detail: string) =>
            Effect.fail(new AnnotationError({ reason, provider: options.provider, message: describe(reason, detail, attempts) }))
          if (result._tag === "Fail") return yield* fail(result.reason, result.detail)
          if (attempts >= policy.maxAttempts) return yield* fail(result.reason, result.detail)
          if (result.waitMs !== undefined && result.waitMs > policy.maxRetryAfterMs) {
            return yield* fail("RateLimited", `Retry-After ${Math.ceil(result.waitMs / 1000)} s`)
          }
          const waitMs = result.waitMs ?? policy.backoffMs(index)
          yield* Effect.logDebug("annotation call retried", { provider: options.provider, reason: result.reason, attempt: attempts, waitMs })
          yield* Effect.interruptible(Effect.sleep(waitMs))
        }
      })

    return {
      post,
      concurrency,
      circuitState: Effect.map(Clock.currentTimeMillis, (now) => breaker.state(now))
    } satisfies HttpTransport
  })
