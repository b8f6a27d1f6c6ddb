/**
 * What the annotator needs from a labeling backend. Implementations live in `providers/`,
 * one per file: `httpJson.ts`, `openAi.ts`, `weakSupervision.ts`.
 */
import type { Effect } from "effect"
import type { Document, ProviderAnswer } from "./Annotation.ts"
import type { AnnotationError } from "./AnnotationError.ts"
import type { Traffic } from "./AnnotationStats.ts"
import type { Budget, BudgetExceeded } from "./Budget.ts"
import type { LabelSet } from "./LabelSet.ts"

/** A labeling backend. */
export interface Provider {
  /** Provider name, part of the cache key and of every annotation. */
  readonly name: string
  /** Model name, part of the cache key and of every annotation. */
  readonly model: string
  /** Documents per call. */
  readonly batchSize: number
  /** Calls in flight at once. */
  readonly concurrency: number
  /** HTTP calls and retries made so far (zero for a local labeler). */
  readonly traffic: Readonly<Traffic>
  /** Whether answers are worth caching (false for a free, deterministic, local labeler). */
  readonly cacheable: boolean
  /** Checks that the provider can label with this label set, before any call. */
  readonly checkLabels: (labels: LabelSet) => Effect.Effect<void, AnnotationError>
  /** Labels one batch, charging `budget` for what it sends. */
  readonly label: (
    batch: ReadonlyArray<Document>,
    labels: LabelSet,
    budget: Budget
  ) => Effect.Effect<ProviderAnswer, AnnotationError | BudgetExceeded>
}
