/** Shared test wiring: a label server as a scoped resource, an environment, fast HTTP options. */
import { ConfigProvider, Effect } from "effect"
import type { HttpOptions } from "../../src/HttpTransport.ts"
import { startLabelServer, type LabelServerOptions } from "./LabelServer.ts"

/** A label server that closes with the test's scope. */
export const labelServer = (options: LabelServerOptions = {}) =>
  Effect.acquireRelease(
    Effect.promise(() => startLabelServer(options)),
    (server) => Effect.promise(() => server.close())
  )

/** Runs an effect with `env` as its environment variables. */
export const withEnv =
  (env: Record<string, string>) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.provideService(effect, ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env }))

/** Transport options that keep tests fast: short timeout, short seeded backoff. */
export const fastHttp = (overrides: Partial<HttpOptions> = {}): HttpOptions => ({
  concurrency: 4,
  requestTimeoutMs: 300,
  retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, seed: 7 },
  ...overrides
})

/** Documents whose text names the label the fake server will answer. */
export const documents = (count: number, labels: ReadonlyArray<string>, prefix = "doc") =>
  Array.from({ length: count }, (_, index) => ({
    id: `${prefix}-${index}`,
    text: `document ${index} about ${labels[index % labels.length]}`
  }))
