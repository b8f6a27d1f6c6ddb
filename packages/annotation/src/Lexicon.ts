/**
 * A lexicon: keywords per label, and the labeling functions compiled from it. Each keyword is
 * a labeling function that votes for its label when it occurs in the document (once, however
 * often it occurs) and abstains otherwise. Keywords are lowercase words or phrases of words
 * separated by single spaces; matching is on whole words, case-insensitive.
 */
import type { LabelSet } from "./LabelSet.ts"

/** Keywords per label. Labels outside the label set in use are ignored. */
export type Lexicon = Readonly<Record<string, ReadonlyArray<string>>>

/** Votes added to the total in the confidence's denominator, so that few votes give a modest confidence. */
export const VOTE_SMOOTHING = 2

/** The outcome of voting on one document. */
export type Vote =
  | { readonly _tag: "Label"; readonly label: string; readonly confidence: number; readonly votes: number }
  | { readonly _tag: "Abstain" }

/** Labeling functions compiled for one label set. */
export interface LabelingFunctions {
  /** Labels (of the label set) that have at least one keyword. */
  readonly covered: ReadonlyArray<string>
  /** Votes on a text. */
  readonly vote: (text: string) => Vote
}

const WORD = /[a-z0-9]+(?:'[a-z]+)?/g

/** Splits text into lowercase words (letters, digits and an inner apostrophe). */
export const words = (text: string): ReadonlyArray<string> => text.toLowerCase().match(WORD) ?? []

/**
 * Compiles a lexicon for a label set. Ties break towards the label that comes first in the
 * label set. Confidence = (top votes - runner-up votes) / (all votes + {@link VOTE_SMOOTHING}).
 */
export const compile = (lexicon: Lexicon, labels: LabelSet): LabelingFunctions => {
  const functions = new Map<string, Array<number>>()
  const covered: Array<string> = []
  labels.forEach((label, index) => {
    const keywords = lexicon[label] ?? []
    for (const keyword of keywords) {
      const normalized = words(keyword).join(" ")
      if (normalized === "") continue
      const voters = functions.get(normalized)
      if (voters === undefined) functions.set(normalized, [index])
      else if (!voters.includes(index)) voters.push(index)
    }
    if (keywords.length > 0) covered.push(label)
  })
  const phraseLengthsByFirstWord = new Map<string, Array<number>>()
  for (const keyword of functions.keys()) {
    const parts = keyword.split(" ")
    if (parts.length === 1) continue
    const lengths = phraseLengthsByFirstWord.get(parts[0]!) ?? []
    if (!lengths.includes(parts.length)) lengths.push(parts.length)
    phraseLengthsByFirstWord.set(parts[0]!, lengths)
  }
  return {
    covered,
    vote: (text) => {
      const tokens = words(text)
      const fired = new Set<string>()
      for (let start = 0; start < tokens.length; start++) {
        const token = tokens[start]!
        if (functions.has(token)) fired.add(token)
        const lengths = phraseLengthsByFirstWord.get(token)
        if (lengths === undefined) continue
        for (const length of lengths) {
          if (start + length > tokens.length) continue
          const phrase = tokens.slice(start, start + length).join(" ")
          if (functions.has(phrase)) fired.add(phrase)
        }
      }
      const votes = new Array<number>(labels.length).fill(0)
      for (const phrase of fired) for (const index of functions.get(phrase)!) votes[index]! += 1
      let top = -1
      let runnerUp = 0
      let total = 0
      for (let index = 0; index < votes.length; index++) {
        const count = votes[index]!
        total += count
        if (top === -1 || count > votes[top]!) {
          if (top !== -1) runnerUp = Math.max(runnerUp, votes[top]!)
          top = index
        } else {
          runnerUp = Math.max(runnerUp, count)
        }
      }
      if (top === -1 || votes[top] === 0) return { _tag: "Abstain" }
      return {
        _tag: "Label",
        label: labels[top]!,
        confidence: (votes[top]! - runnerUp) / (total + VOTE_SMOOTHING),
        votes: votes[top]!
      }
    }
  }
}
