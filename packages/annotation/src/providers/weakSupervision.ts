/**
 * The embedded weak-supervision labeler: keyword labeling functions (from a {@link Lexicon})
 * vote, the label with most votes wins, and confidence comes from the vote margin. Local,
 * deterministic, free and fast: the default when no API is configured, for offline runs and
 * the demo. When every function abstains the document is quarantined as `Abstained`, or given
 * `fallbackLabel` with confidence 0 if one is configured.
 */
import { createHash } from "node:crypto"
import { Effect } from "effect"
import { AnnotationError } from "../AnnotationError.ts"
import { makeTraffic } from "../AnnotationStats.ts"
import type { LabelSet } from "../LabelSet.ts"
import { compile, type LabelingFunctions, type Lexicon } from "../Lexicon.ts"
import { BROWN_LEXICON } from "../lexicons/brown.ts"
import type { Provider } from "../Provider.ts"

/** The provider's name in annotations. */
export const NAME = "weak-supervision"

/** Documents per batch: large, since labeling is local and synchronous. */
export const DEFAULT_BATCH_SIZE = 512

/** Hex characters of the lexicon digest in the model name. */
const MODEL_DIGEST_CHARS = 12

/** Configuration of the weak-supervision labeler. */
export interface WeakSupervisionConfig {
  /** Keywords per label (default: the 15 Brown Corpus categories). */
  readonly lexicon?: Lexicon
  /** Label given, with confidence 0, when every labeling function abstains (default: quarantine as `Abstained`). */
  readonly fallbackLabel?: string
  /** Documents per batch. */
  readonly batchSize?: number
}

/** The model name of a lexicon: `lexicon-<sha256 prefix>`, so that a changed lexicon is visible in lineage. */
export const modelName = (lexicon: Lexicon): string =>
  `lexicon-${createHash("sha256")
    .update(JSON.stringify(Object.keys(lexicon).sort().map((label) => [label, lexicon[label]])))
    .digest("hex")
    .slice(0, MODEL_DIGEST_CHARS)}`

/**
 * Makes the labeler.
 *
 * @example
 * const provider = WeakSupervisionProvider.make() // the Brown lexicon
 */
export const make = (config: WeakSupervisionConfig = {}): Provider => {
  const lexicon = config.lexicon ?? BROWN_LEXICON
  const compiled = new Map<string, LabelingFunctions>()
  const functionsFor = (labels: LabelSet): LabelingFunctions => {
    const key = JSON.stringify(labels)
    let functions = compiled.get(key)
    if (functions === undefined) {
      functions = compile(lexicon, labels)
      compiled.set(key, functions)
    }
    return functions
  }
  return {
    name: NAME,
    model: modelName(lexicon),
    batchSize: Math.max(1, config.batchSize ?? DEFAULT_BATCH_SIZE),
    concurrency: 1,
    cacheable: false,
    traffic: makeTraffic(),
    checkLabels: (labels) => {
      if (functionsFor(labels).covered.length === 0) {
        return Effect.fail(
          new AnnotationError({
            reason: "InvalidLabelSet",
            provider: NAME,
            message: `No keyword in the lexicon votes for any of the labels ${labels.join(", ")}: give a lexicon with keywords for these labels`
          })
        )
      }
      if (config.fallbackLabel !== undefined && !labels.includes(config.fallbackLabel)) {
        return Effect.fail(
          new AnnotationError({
            reason: "InvalidConfig",
            provider: NAME,
            message: `The fallback label "${config.fallbackLabel}" is not in the label set: pick one of ${labels.join(", ")}`
          })
        )
      }
      return Effect.void
    },
    label: (batch, labels) =>
      Effect.sync(() => {
        const functions = functionsFor(labels)
        const items = batch.map(({ id, text }) => {
          const vote = functions.vote(text)
          if (vote._tag === "Label") return { id, label: vote.label, confidence: vote.confidence }
          return config.fallbackLabel === undefined ? { id, label: null } : { id, label: config.fallbackLabel, confidence: 0 }
        })
        return { _tag: "Answered" as const, items, costMicros: 0 }
      })
  }
}
