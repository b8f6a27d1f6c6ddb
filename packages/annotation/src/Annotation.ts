/**
 * The records that go in and out of the annotator: documents, label sets, annotations and
 * quarantined items.
 */
import type { MicroUsd } from "./Money.ts"

/** A document to label: a caller-chosen id (unique within a call) and its text. */
export interface Document {
  /** Identifier echoed back in the annotation or quarantine item. */
  readonly id: string
  /** The text to label. */
  readonly text: string
}

/** One labeled document. */
export interface Annotation {
  /** The document's id. */
  readonly id: string
  /** A label from the configured label set, never anything else. */
  readonly label: string
  /** Confidence in [0, 1] as reported by the provider (vote margin for weak supervision). */
  readonly confidence: number
  /** Provider name (`http-json`, `openai`, `weak-supervision`, `human-review`). */
  readonly provider: string
  /** Model name (or the reviewer, for a human override). */
  readonly model: string
  /** What this call paid for the document in USD; 0 for a cache hit or a duplicate. */
  readonly costUsd: number
  /** Whether the label came from the cache (or a duplicate text in the same call) instead of a paid call. */
  readonly cached: boolean
}

/**
 * Why a document was quarantined instead of labeled:
 * - `LabelOutsideSet`: the provider answered a label that is not in the label set;
 * - `MalformedAnswer`: the document's answer lacks a label or has a bad confidence;
 * - `MalformedResponse`: the whole response could not be read (not JSON, wrong shape, truncated);
 * - `MissingFromAnswer`: a partial batch left the document out;
 * - `UnexpectedId`: the answer named an id that was not in the batch;
 * - `ConflictingAnswers`: the answer gave the document two different labels;
 * - `DuplicateId`: the input repeated an id already seen in the same call;
 * - `Abstained`: every labeling function abstained (weak supervision, or a `null` label).
 */
export type QuarantineReason =
  | "LabelOutsideSet"
  | "MalformedAnswer"
  | "MalformedResponse"
  | "MissingFromAnswer"
  | "UnexpectedId"
  | "ConflictingAnswers"
  | "DuplicateId"
  | "Abstained"

/** A document (or an unexpected answer) set aside with its reason, never silently dropped. */
export interface QuarantineItem {
  /** The document's id (or the unexpected id the provider answered). */
  readonly id: string
  /** Closed reason, to branch on. */
  readonly reason: QuarantineReason
  /** Human-readable detail (the offending label or field); never contains secrets. */
  readonly detail: string
}

/** A validated answer for one document of a batch, before it is priced and cached. */
export interface LabeledItem {
  /** The document's id. */
  readonly id: string
  /** A label from the label set. */
  readonly label: string
  /** Confidence in [0, 1]. */
  readonly confidence: number
}

/** What a provider call returned for a batch, before validation. */
export type ProviderAnswer =
  | {
      readonly _tag: "Answered"
      /** Raw answer items (checked by `Validation.validate`); `label: null` means abstain. */
      readonly items: ReadonlyArray<unknown>
      /** What the call cost in micro-dollars. */
      readonly costMicros: MicroUsd
    }
  | {
      readonly _tag: "Malformed"
      /** Why the response could not be read. */
      readonly detail: string
      /** What the call is assumed to have cost (the reserved worst case). */
      readonly costMicros: MicroUsd
    }
