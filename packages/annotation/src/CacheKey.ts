/**
 * The content-hash key of a cached label: the same text, label set, provider and model always
 * give the same key, whatever the document id, so re-runs, duplicates and backfills hit.
 */
import { hash } from "node:crypto"
import type { LabelSet } from "./LabelSet.ts"
import { sorted } from "./LabelSet.ts"

/** A cache key: 64 lowercase hex characters (SHA-256). */
export type CacheKey = string

/** What a key is computed from, apart from the text. */
export interface CacheScope {
  /** The label set (order does not matter). */
  readonly labels: LabelSet
  /** Provider name. */
  readonly provider: string
  /** Model name. */
  readonly model: string
}

/**
 * Makes a key function for one scope: sha256 over `<text length>:<text>` followed by the JSON of
 * `[sorted labels, provider, model]` (the length prefix and JSON keep the fields unambiguous
 * whatever characters they contain).
 */
export const keyer = (scope: CacheScope): ((text: string) => CacheKey) => {
  const suffix = JSON.stringify([sorted(scope.labels), scope.provider, scope.model])
  return (text) => hash("sha256", `${text.length}:${text}${suffix}`, "hex")
}
