/**
 * A generic HTTP JSON labeling API (contract in the package README):
 * `POST {endpoint}/v1/label` with `{ model, labels, documents: [{ id, text }] }`, answered by
 * `{ results: [{ id, label, confidence }], cost_usd }`; the API key travels in a configurable header.
 */
import { createHash } from "node:crypto"
import { Effect } from "effect"
import type { ProviderAnswer } from "../Annotation.ts"
import { AnnotationError } from "../AnnotationError.ts"
import * as ApiKey from "../ApiKey.ts"
import { makeTraffic } from "../AnnotationStats.ts"
import * as HttpTransport from "../HttpTransport.ts"
import { fromUsd } from "../Money.ts"
import type { Provider } from "../Provider.ts"

/** The provider's name in annotations and cache keys. */
export const NAME = "http-json"

/** The labeling path under the endpoint. */
export const LABEL_PATH = "/v1/label"

/** Documents per request when not configured. */
export const DEFAULT_BATCH_SIZE = 32

/** The header carrying the API key when not configured. */
export const DEFAULT_API_KEY_HEADER = "x-api-key"

/** Configuration of the HTTP JSON provider (no secret here: only the name of the variable holding it). */
export interface HttpJsonConfig {
  /** Base URL of the API, e.g. `https://labels.example.com`. */
  readonly endpoint: string
  /** Model (or version) name sent to the API; part of the cache key. */
  readonly model: string
  /** Name of the environment variable holding the API key; omit for an API without a key. */
  readonly apiKeyEnv?: string
  /** Header carrying the key (default `x-api-key`). */
  readonly apiKeyHeader?: string
  /** Scheme put before the key in the header, e.g. `Bearer`. */
  readonly apiKeyScheme?: string
  /** The most one document may cost, in USD: the budget reserves this per document before each request. */
  readonly maxCostPerDocumentUsd: number
  /** Documents per request. */
  readonly batchSize?: number
  /** Transport behaviour (concurrency, timeout, retries, circuit breaker). */
  readonly http?: HttpTransport.HttpOptions
}

const decode = (text: string): HttpTransport.Decoded<ProviderAnswer> => {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { ok: false, detail: `the response is not JSON: ${text.slice(0, HttpTransport.RESPONSE_SNIPPET_CHARS)}` }
  }
  if (typeof body !== "object" || body === null) return { ok: false, detail: "the response is not a JSON object" }
  const { results, cost_usd } = body as { results?: unknown; cost_usd?: unknown }
  if (typeof cost_usd !== "number" || !Number.isFinite(cost_usd) || cost_usd < 0) {
    return { ok: false, detail: "the response has no valid cost_usd (a non-negative number)" }
  }
  const costMicros = fromUsd(cost_usd)
  if (!Array.isArray(results)) {
    return { ok: true, value: { _tag: "Malformed", detail: "the response has no results array", costMicros }, costMicros }
  }
  return { ok: true, value: { _tag: "Answered", items: results, costMicros }, costMicros }
}

/**
 * Makes the provider: reads the API key from the environment and opens the connection pool
 * (closed with the scope).
 *
 * @example
 * const provider = yield* HttpJsonProvider.make({ endpoint: "https://labels.example.com", model: "v3", apiKeyEnv: "LABELS_API_KEY", maxCostPerDocumentUsd: 0.002 })
 */
export const make = Effect.fnUntraced(function* (config: HttpJsonConfig) {
  if (!(config.maxCostPerDocumentUsd >= 0) || !Number.isFinite(config.maxCostPerDocumentUsd)) {
    return yield* new AnnotationError({
      reason: "InvalidConfig",
      provider: NAME,
      message: `maxCostPerDocumentUsd must be a non-negative number of dollars, got ${String(config.maxCostPerDocumentUsd)}: set it to the price ceiling of one document`
    })
  }
  const key = config.apiKeyEnv === undefined ? undefined : yield* ApiKey.fromEnv(config.apiKeyEnv, NAME)
  const traffic = makeTraffic()
  const transport = yield* HttpTransport.make({
    provider: NAME,
    endpoint: config.endpoint,
    ...(key === undefined
      ? {}
      : {
          auth: {
            header: config.apiKeyHeader ?? DEFAULT_API_KEY_HEADER,
            key,
            ...(config.apiKeyScheme === undefined ? {} : { scheme: config.apiKeyScheme })
          }
        }),
    ...(config.http === undefined ? {} : { http: config.http }),
    traffic
  })
  const perDocumentMicros = fromUsd(config.maxCostPerDocumentUsd)
  const provider: Provider = {
    name: NAME,
    model: config.model,
    batchSize: Math.max(1, config.batchSize ?? DEFAULT_BATCH_SIZE),
    concurrency: transport.concurrency,
    cacheable: true,
    traffic,
    checkLabels: () => Effect.void,
    label: (batch, labels, budget) => {
      const body = JSON.stringify({ model: config.model, labels, documents: batch.map(({ id, text }) => ({ id, text })) })
      return transport
        .post(
          {
            path: LABEL_PATH,
            body,
            headers: { "idempotency-key": createHash("sha256").update(body).digest("hex") },
            reserveMicros: perDocumentMicros * batch.length,
            decode
          },
          budget
        )
        .pipe(
          Effect.map((outcome): ProviderAnswer =>
            outcome._tag === "Ok" ? outcome.value : { _tag: "Malformed", detail: outcome.detail, costMicros: outcome.costMicros }
          )
        )
    }
  }
  return provider
})
