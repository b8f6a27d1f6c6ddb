/**
 * Which provider to use, as data (for a configuration file): `http-json`, `openai` or
 * `weak-supervision` (the default when none is configured).
 */
import { Effect, type Scope } from "effect"
import type { AnnotationError } from "./AnnotationError.ts"
import type { Provider } from "./Provider.ts"
import * as HttpJsonProvider from "./providers/httpJson.ts"
import * as OpenAiProvider from "./providers/openAi.ts"
import * as WeakSupervisionProvider from "./providers/weakSupervision.ts"

/** A provider's configuration, tagged by `kind`. */
export type ProviderConfig =
  | ({ readonly kind: "http-json" } & HttpJsonProvider.HttpJsonConfig)
  | ({ readonly kind: "openai" } & OpenAiProvider.OpenAiConfig)
  | ({ readonly kind: "weak-supervision" } & WeakSupervisionProvider.WeakSupervisionConfig)

/** Makes the configured provider (the weak-supervision labeler when `config` is undefined). */
export const makeProvider = (config?: ProviderConfig): Effect.Effect<Provider, AnnotationError, Scope.Scope> => {
  if (config === undefined) return Effect.succeed(WeakSupervisionProvider.make())
  switch (config.kind) {
    case "http-json":
      return HttpJsonProvider.make(config)
    case "openai":
      return OpenAiProvider.make(config)
    case "weak-supervision":
      return Effect.succeed(WeakSupervisionProvider.make(config))
  }
}
