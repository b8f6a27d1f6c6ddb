/**
 * The wink-nlp model, loaded once per process, and one wink instance per annotation pipe.
 *
 * The model is large (a few MB of lexicon and automata), so it is loaded lazily on the first
 * reading and shared by every instance. Each distinct pipe (for example `[]` for tokenization
 * only, `["pos"]` for lemmas) gets its own instance, built once and kept for the process.
 */
import model from "wink-eng-lite-web-model"
import winkNLP, { type WinkMethods } from "wink-nlp"

/** A wink-nlp annotation a rule may need beyond tokenization. */
export type Annotation = "sbd" | "pos"

/** Annotations in wink's pipe order, so equal sets share one instance. */
const annotationOrder: ReadonlyArray<Annotation> = ["sbd", "pos"]

const instances = new Map<string, WinkMethods>()

/** The wink instance whose pipe runs exactly `annotations` (built on first use, then reused). */
export const winkFor = (annotations: ReadonlySet<Annotation>): WinkMethods => {
  const pipe = annotationOrder.filter((annotation) => annotations.has(annotation))
  const key = pipe.join(",")
  const existing = instances.get(key)
  if (existing !== undefined) return existing
  const created = winkNLP(model, pipe)
  instances.set(key, created)
  return created
}
