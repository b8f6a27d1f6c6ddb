/**
 * The wink-nlp model, loaded once per process, and one wink instance per annotation pipe.
 *
 * The model is large (a few MB of lexicon and automata), so it is loaded lazily on the first
 * reading and shared by every instance. Each distinct pipe (for example `[]` for tokenization
 * only, `["pos"]` for lemmas) gets its own instance, built once and kept for the process.
 *
 * wink learns as it reads: every word it has not seen joins its lexicon, and its tokenizer
 * splits a token differently once the token is in the lexicon (`Manning's` is `Manning` + `'s`
 * until a text ends a sentence on `Manning's.`, and one token after). Left alone, a document's
 * tokens would depend on every document read before it in the process, and the lexicon would
 * grow without bound. `patches/wink-nlp@2.4.0.patch` makes the tokenizer treat learned words as
 * unknown, so a reading depends on its text alone, and adds `learnedWords` and
 * `forgetLearnedWords`, which {@link afterReading} uses to bound the memory learned words take.
 * (Forgetting would break custom entities, which learn their words when compiled: Strata
 * compiles none.)
 */
import model from "wink-eng-lite-web-model"
import winkNLP, { type WinkMethods } from "wink-nlp"

/** A wink-nlp annotation a rule may need beyond tokenization. */
export type Annotation = "sbd" | "pos"

/** Annotations in wink's pipe order, so equal sets share one instance. */
const annotationOrder: ReadonlyArray<Annotation> = ["sbd", "pos"]

/** A wink instance with the patch's learned-word methods. */
interface PatchedWink extends WinkMethods {
  /** How many words wink learned from the texts it read (not in the model's lexicon). */
  readonly learnedWords: () => number
  /** Forgets the learned words (which changes no reading: the tokenizer ignores them). */
  readonly forgetLearnedWords: () => void
}

/** Learned words kept before they are forgotten: a few MB of lexicon, and no re-learning of common ones. */
export const MAX_LEARNED_WORDS = 100_000

const isPatched = (nlp: WinkMethods): nlp is PatchedWink =>
  typeof (nlp as Partial<PatchedWink>).learnedWords === "function" && typeof (nlp as Partial<PatchedWink>).forgetLearnedWords === "function"

const instances = new Map<string, PatchedWink>()

/** The wink instance whose pipe runs exactly `annotations` (built on first use, then reused). */
export const winkFor = (annotations: ReadonlySet<Annotation>): PatchedWink => {
  const pipe = annotationOrder.filter((annotation) => annotations.has(annotation))
  const key = pipe.join(",")
  const existing = instances.get(key)
  if (existing !== undefined) return existing
  const created = winkNLP(model, pipe)
  if (!isPatched(created))
    throw new Error("wink-nlp is installed without patches/wink-nlp@2.4.0.patch (pnpm applies it from pnpm-workspace.yaml's patchedDependencies); run `pnpm install` at the repository root.")
  instances.set(key, created)
  return created
}

/**
 * Runs `use` (which reads with `nlp` and may look at the reading until it returns), then
 * forgets the words wink learned if there are more than {@link MAX_LEARNED_WORDS}.
 */
export const afterReading = <A>(nlp: PatchedWink, use: () => A): A => {
  try {
    return use()
  } finally {
    if (nlp.learnedWords() > MAX_LEARNED_WORDS) nlp.forgetLearnedWords()
  }
}
