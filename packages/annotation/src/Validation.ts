/**
 * Checks a provider's answer for a batch against the batch and the label set. Every document
 * of the batch ends up either labeled or quarantined with its reason; an answer for an id
 * outside the batch is quarantined too. A label outside the set is never accepted.
 */
import type { LabeledItem, QuarantineItem } from "./Annotation.ts"
import type { LabelSet } from "./LabelSet.ts"

/** The verdict on one batch. */
export interface Verdict {
  /** Documents with a valid label, in the batch's order. */
  readonly labeled: ReadonlyArray<LabeledItem>
  /** Documents (and unexpected ids) set aside. */
  readonly quarantined: ReadonlyArray<QuarantineItem>
}

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 80)}...` : text
}

/**
 * Validates raw answer items (`{ id, label, confidence? }`; `label: null` means abstain;
 * a missing confidence counts as 1) for the batch `ids` under `labels`.
 */
export const validate = (ids: ReadonlyArray<string>, labels: LabelSet, items: ReadonlyArray<unknown>): Verdict => {
  const allowed = new Set(labels)
  const expected = new Set(ids)
  const answers = new Map<string, LabeledItem | QuarantineItem>()
  const extra: Array<QuarantineItem> = []
  const setAnswer = (id: string, answer: LabeledItem | QuarantineItem) => {
    const previous = answers.get(id)
    if (previous === undefined) {
      answers.set(id, answer)
      return
    }
    const same = "label" in previous && "label" in answer && previous.label === answer.label
    if (!same && !("reason" in previous && previous.reason === "ConflictingAnswers")) {
      answers.set(id, { id, reason: "ConflictingAnswers", detail: `the answer gave this document more than one verdict (${shown(answer)})` })
    }
  }
  for (const item of items) {
    if (typeof item !== "object" || item === null || typeof (item as { id?: unknown }).id !== "string") {
      extra.push({ id: "", reason: "MalformedAnswer", detail: `an answer item has no string id: ${shown(item)}` })
      continue
    }
    const { id, label, confidence } = item as { id: string; label?: unknown; confidence?: unknown }
    if (!expected.has(id)) {
      extra.push({ id, reason: "UnexpectedId", detail: `the answer names id "${id}", which was not in the batch` })
      continue
    }
    if (label === null) {
      setAnswer(id, { id, reason: "Abstained", detail: "the provider abstained" })
    } else if (typeof label !== "string") {
      setAnswer(id, { id, reason: "MalformedAnswer", detail: `label is not a string: ${shown(label)}` })
    } else if (!allowed.has(label)) {
      setAnswer(id, { id, reason: "LabelOutsideSet", detail: `label ${shown(label)} is not in the label set` })
    } else if (confidence !== undefined && (typeof confidence !== "number" || !(confidence >= 0 && confidence <= 1))) {
      setAnswer(id, { id, reason: "MalformedAnswer", detail: `confidence is not a number in [0, 1]: ${shown(confidence)}` })
    } else {
      setAnswer(id, { id, label, confidence: confidence ?? 1 })
    }
  }
  const labeled: Array<LabeledItem> = []
  const quarantined: Array<QuarantineItem> = []
  for (const id of ids) {
    const answer = answers.get(id)
    if (answer === undefined) quarantined.push({ id, reason: "MissingFromAnswer", detail: "the answer left this document out" })
    else if ("reason" in answer) quarantined.push(answer)
    else labeled.push(answer)
  }
  return { labeled, quarantined: [...quarantined, ...extra] }
}
