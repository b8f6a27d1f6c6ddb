/**
 * API keys come from the environment only, named in the configuration, and stay wrapped in
 * `Redacted` so that they print as `<redacted>` in logs, errors and stats.
 */
import { Config, Effect, type Redacted } from "effect"
import { AnnotationError } from "./AnnotationError.ts"

/**
 * Reads the API key of `provider` from the environment variable `variable` (through Effect's
 * ConfigProvider, the process environment by default); fails with `MissingApiKey` naming the
 * variable, never its value.
 */
export const fromEnv = (variable: string, provider: string): Effect.Effect<Redacted.Redacted<string>, AnnotationError> =>
  Config.Redacted(variable).pipe(
    Effect.mapError(
      () =>
        new AnnotationError({
          reason: "MissingApiKey",
          provider,
          message: `The ${provider} API key is missing: set the environment variable ${variable}`
        })
    )
  )
