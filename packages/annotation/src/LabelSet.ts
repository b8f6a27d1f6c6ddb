/**
 * A label set: the closed list of labels a provider may answer. Order matters only for
 * tie-breaking in weak supervision; the cache key uses the sorted set.
 */
import { Effect } from "effect"
import { AnnotationError } from "./AnnotationError.ts"

/** A checked label set: non-empty, no blank or repeated labels. */
export type LabelSet = ReadonlyArray<string>

/**
 * Checks a label set for `provider`: fails with `InvalidLabelSet` on an empty set, a blank
 * label or a repeated label, naming the offending label.
 */
export const check = (labels: ReadonlyArray<string>, provider: string): Effect.Effect<LabelSet, AnnotationError> => {
  const invalid = (message: string) => Effect.fail(new AnnotationError({ reason: "InvalidLabelSet", provider, message }))
  if (labels.length === 0) return invalid("The label set is empty: configure at least one label")
  const seen = new Set<string>()
  for (const label of labels) {
    if (label.trim() === "") return invalid("The label set contains a blank label: remove it")
    if (seen.has(label)) return invalid(`The label set repeats "${label}": list each label once`)
    seen.add(label)
  }
  return Effect.succeed(labels)
}

/** The label set in code-point order, as used in cache keys and prompts' schemas. */
export const sorted = (labels: LabelSet): ReadonlyArray<string> => [...labels].sort()
