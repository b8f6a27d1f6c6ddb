/**
 * An OpenAI-compatible chat-completions endpoint (`POST {endpoint}/v1/chat/completions`): the
 * prompt template lists the labels and the documents; `response_format` is a strict JSON
 * schema whose `label` is an enum of the label set (and `id` an enum of the batch's ids), so a
 * conforming server cannot answer anything else, and the answer is validated anyway.
 *
 * Cost = `usage.prompt_tokens` x input price + `usage.completion_tokens` x output price. The
 * budget reserves a true upper bound before each request: prompt tokens cannot exceed the
 * request body's UTF-8 bytes (plus a per-request overhead) for byte-level BPE tokenizers, and
 * completion tokens are capped by `max_tokens`.
 */
import { Effect } from "effect"
import type { Document, ProviderAnswer } from "../Annotation.ts"
import { AnnotationError } from "../AnnotationError.ts"
import * as ApiKey from "../ApiKey.ts"
import { makeTraffic } from "../AnnotationStats.ts"
import * as HttpTransport from "../HttpTransport.ts"
import type { LabelSet } from "../LabelSet.ts"
import { picosPerToken, tokenCost } from "../Money.ts"
import type { Provider } from "../Provider.ts"

/** The provider's name in annotations and cache keys. */
export const NAME = "openai"

/** The chat-completions path under the endpoint. */
export const COMPLETIONS_PATH = "/v1/chat/completions"

/** The endpoint when not configured. */
export const DEFAULT_ENDPOINT = "https://api.openai.com"

/** The environment variable holding the key when not configured. */
export const DEFAULT_API_KEY_ENV = "OPENAI_API_KEY"

/** Documents per request when not configured. */
export const DEFAULT_BATCH_SIZE = 4

/** Characters of a document's text sent at most (the rest is cut) when not configured. */
export const DEFAULT_MAX_INPUT_CHARS = 4_000

/** Completion tokens allowed per document in the batch when not configured. */
export const DEFAULT_COMPLETION_TOKENS_PER_DOCUMENT = 48

/** Tokens a chat request may add beyond its body's bytes (role markers, message separators, schema wrapping). */
export const CHAT_OVERHEAD_TOKENS = 64

/** The placeholder replaced by the label list in a prompt template. */
export const LABELS_PLACEHOLDER = "{{labels}}"

/** The placeholder replaced by the documents (one JSON object per line) in a prompt template. */
export const DOCUMENTS_PLACEHOLDER = "{{documents}}"

/** The prompt used when none is configured. */
export const DEFAULT_PROMPT_TEMPLATE = [
  `Classify each document into exactly one of these categories: ${LABELS_PLACEHOLDER}.`,
  "Answer with one result per document, using the document's id, the category, and your confidence between 0 and 1.",
  "",
  "Documents, one JSON object per line:",
  DOCUMENTS_PLACEHOLDER
].join("\n")

/** Configuration of the OpenAI-compatible provider (no secret here: only the name of the variable holding it). */
export interface OpenAiConfig {
  /** Base URL (default `https://api.openai.com`); the path `/v1/chat/completions` is appended. */
  readonly endpoint?: string
  /** Model name; part of the cache key. */
  readonly model: string
  /** Name of the environment variable holding the API key (default `OPENAI_API_KEY`). */
  readonly apiKeyEnv?: string
  /** Prompt template with `{{labels}}` and `{{documents}}`. */
  readonly promptTemplate?: string
  /** Price of input tokens in USD per million tokens. */
  readonly inputPricePerMillionTokensUsd: number
  /** Price of output tokens in USD per million tokens. */
  readonly outputPricePerMillionTokensUsd: number
  /** Documents per request. */
  readonly batchSize?: number
  /** Characters of a document's text sent at most. */
  readonly maxInputChars?: number
  /** Completion tokens allowed per document (the request's `max_tokens` is this times the batch size). */
  readonly completionTokensPerDocument?: number
  /** Transport behaviour (concurrency, timeout, retries, circuit breaker). */
  readonly http?: HttpTransport.HttpOptions
}

const invalid = (message: string) => new AnnotationError({ reason: "InvalidConfig", provider: NAME, message })

/** The `response_format` constraining the answer to the batch's ids and the label set. */
export const responseFormat = (ids: ReadonlyArray<string>, labels: LabelSet) => ({
  type: "json_schema",
  json_schema: {
    name: "document_labels",
    strict: true,
    schema: {
      type: "object",
      additionalProperties: false,
      required: ["results"],
      properties: {
        results: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["id", "label", "confidence"],
            properties: {
              id: { type: "string", enum: ids },
              label: { type: "string", enum: labels },
              confidence: { type: "number" }
            }
          }
        }
      }
    }
  }
})

/** Fills a prompt template with the label set and the batch (texts cut to `maxInputChars`). */
export const renderPrompt = (template: string, labels: LabelSet, batch: ReadonlyArray<Document>, maxInputChars: number): string =>
  template
    .split(LABELS_PLACEHOLDER)
    .join(labels.join(", "))
    .split(DOCUMENTS_PLACEHOLDER)
    .join(batch.map(({ id, text }) => JSON.stringify({ id, text: text.slice(0, maxInputChars) })).join("\n"))

interface Usage {
  readonly inputPicos: number
  readonly outputPicos: number
}

const decodeWith =
  (prices: Usage) =>
  (text: string): HttpTransport.Decoded<ProviderAnswer> => {
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return { ok: false, detail: `the response is not JSON: ${text.slice(0, HttpTransport.RESPONSE_SNIPPET_CHARS)}` }
    }
    const { choices, usage } = (typeof body === "object" && body !== null ? body : {}) as { choices?: unknown; usage?: unknown }
    const { prompt_tokens, completion_tokens } = (typeof usage === "object" && usage !== null ? usage : {}) as {
      prompt_tokens?: unknown
      completion_tokens?: unknown
    }
    if (!Number.isInteger(prompt_tokens) || !Number.isInteger(completion_tokens)) {
      return { ok: false, detail: "the response has no usage.prompt_tokens and usage.completion_tokens" }
    }
    const costMicros = tokenCost({
      inputTokens: prompt_tokens as number,
      outputTokens: completion_tokens as number,
      inputPicos: prices.inputPicos,
      outputPicos: prices.outputPicos
    })
    const malformed = (detail: string): HttpTransport.Decoded<ProviderAnswer> => ({
      ok: true,
      value: { _tag: "Malformed", detail, costMicros },
      costMicros
    })
    const choice: unknown = Array.isArray(choices) ? choices[0] : undefined
    if (typeof choice !== "object" || choice === null) return malformed("the response has no choices[0]")
    const { message, finish_reason } = choice as { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }
    if (finish_reason === "length") return malformed("the answer was cut at max_tokens: raise completionTokensPerDocument")
    if (typeof message?.refusal === "string") return malformed(`the model refused: ${message.refusal.slice(0, HttpTransport.RESPONSE_SNIPPET_CHARS)}`)
    if (typeof message?.content !== "string") return malformed("choices[0].message.content is not a string")
    let answer: unknown
    try {
      answer = JSON.parse(message.content)
    } catch {
      return malformed(`the answer is not JSON: ${message.content.slice(0, HttpTransport.RESPONSE_SNIPPET_CHARS)}`)
    }
    const results = typeof answer === "object" && answer !== null ? (answer as { results?: unknown }).results : undefined
    if (!Array.isArray(results)) return malformed("the answer has no results array")
    return { ok: true, value: { _tag: "Answered", items: results, costMicros }, costMicros }
  }

/**
 * Makes the provider: reads the API key from the environment and opens the connection pool
 * (closed with the scope).
 *
 * @example
 * const provider = yield* OpenAiProvider.make({ model: "gpt-4o-mini", inputPricePerMillionTokensUsd: 0.15, outputPricePerMillionTokensUsd: 0.6 })
 */
export const make = Effect.fnUntraced(function* (config: OpenAiConfig) {
  const template = config.promptTemplate ?? DEFAULT_PROMPT_TEMPLATE
  if (!template.includes(DOCUMENTS_PLACEHOLDER)) {
    return yield* invalid(`The prompt template has no ${DOCUMENTS_PLACEHOLDER} placeholder: add it where the documents go`)
  }
  for (const [field, price] of [
    ["inputPricePerMillionTokensUsd", config.inputPricePerMillionTokensUsd],
    ["outputPricePerMillionTokensUsd", config.outputPricePerMillionTokensUsd]
  ] as const) {
    if (!(price >= 0) || !Number.isFinite(price)) {
      return yield* invalid(`${field} must be a non-negative price in USD per million tokens, got ${String(price)}`)
    }
  }
  const key = yield* ApiKey.fromEnv(config.apiKeyEnv ?? DEFAULT_API_KEY_ENV, NAME)
  const traffic = makeTraffic()
  const transport = yield* HttpTransport.make({
    provider: NAME,
    endpoint: config.endpoint ?? DEFAULT_ENDPOINT,
    auth: { header: "authorization", scheme: "Bearer", key },
    ...(config.http === undefined ? {} : { http: config.http }),
    traffic
  })
  const prices: Usage = {
    inputPicos: picosPerToken(config.inputPricePerMillionTokensUsd),
    outputPicos: picosPerToken(config.outputPricePerMillionTokensUsd)
  }
  const decode = decodeWith(prices)
  const maxInputChars = config.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS
  const tokensPerDocument = config.completionTokensPerDocument ?? DEFAULT_COMPLETION_TOKENS_PER_DOCUMENT
  const provider: Provider = {
    name: NAME,
    model: config.model,
    batchSize: Math.max(1, config.batchSize ?? DEFAULT_BATCH_SIZE),
    concurrency: transport.concurrency,
    cacheable: true,
    traffic,
    checkLabels: () => Effect.void,
    label: (batch, labels, budget) => {
      const maxTokens = tokensPerDocument * batch.length
      const body = JSON.stringify({
        model: config.model,
        temperature: 0,
        max_tokens: maxTokens,
        messages: [{ role: "user", content: renderPrompt(template, labels, batch, maxInputChars) }],
        response_format: responseFormat(
          batch.map((document) => document.id),
          labels
        )
      })
      const reserveMicros = tokenCost({
        inputTokens: Buffer.byteLength(body) + CHAT_OVERHEAD_TOKENS,
        outputTokens: maxTokens,
        inputPicos: prices.inputPicos,
        outputPicos: prices.outputPicos
      })
      return transport
        .post({ path: COMPLETIONS_PATH, body, reserveMicros, decode }, budget)
        .pipe(
          Effect.map((outcome): ProviderAnswer =>
            outcome._tag === "Ok" ? outcome.value : { _tag: "Malformed", detail: outcome.detail, costMicros: outcome.costMicros }
          )
        )
    }
  }
  return provider
})
