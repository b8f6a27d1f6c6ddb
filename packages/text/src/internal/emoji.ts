/**
 * Emoji sequences across wink tokens.
 *
 * wink splits one emoji sequence into several tokens (`👩🏽‍💻` reads as `👩`, `🏽`, ZWJ, `💻`;
 * `1️⃣` as `1` and `️⃣`), so sequences are found on the text of each run of tokens glued
 * together (no whitespace between them) and the characters they cover are removed from every
 * token of the run. A zero-width joiner outside an emoji sequence (Indic scripts) is kept.
 */
import { withText, type Token } from "../Token.ts"

/**
 * One emoji sequence (UTS #51): a pictograph (text-default `©`, `®` and `™` only with the emoji
 * presentation selector), a skin-tone modifier, a flag pair, a keycap or a tag sequence, joined
 * by ZWJ; then stray modifiers, selectors and regional indicators.
 */
const emojiSequence = new RegExp(
  [
    String.raw`(?:(?:[\p{Extended_Pictographic}--[©®™]]|[©®™]\uFE0F)\uFE0F?\p{Emoji_Modifier}?[\u{E0020}-\u{E007E}]*\u{E007F}?` +
      String.raw`|\p{Regional_Indicator}{2}|[0-9#*]\uFE0F?\u20E3)` +
      String.raw`(?:\u200D(?:[\p{Extended_Pictographic}--[©®™]]|[©®™]\uFE0F)\uFE0F?\p{Emoji_Modifier}?)*\u200D?`,
    String.raw`\p{Emoji_Modifier}`,
    String.raw`\p{Regional_Indicator}`,
    String.raw`[\uFE0F\u20E3]`,
  ].join("|"),
  "gv",
)

/** A cheap test: does a token hold any character that can be part of an emoji sequence? */
const emojiCharacter = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\uFE0F\u20E3\u200D]/u

/** Whether `text` holds a character that may belong to an emoji sequence. */
export const mayHoldEmoji = (text: string): boolean => emojiCharacter.test(text)

/** Removes every emoji sequence from a text. */
export const removeEmojiSequences = (text: string): string => text.replace(emojiSequence, "")

/**
 * Removes emoji sequences from the tokens, seeing each run of glued tokens as one text.
 * Returns the same array when nothing changed.
 */
export const removeEmojiTokens = (tokens: ReadonlyArray<Token>): ReadonlyArray<Token> => {
  let out: Array<Token> | undefined
  let start = 0
  while (start < tokens.length) {
    let end = start + 1
    while (end < tokens.length && (tokens[end] as Token).spaces === "") end += 1
    let touched = false
    for (let i = start; i < end && !touched; i += 1) touched = mayHoldEmoji((tokens[i] as Token).text)
    if (touched) {
      const run = tokens.slice(start, end)
      const cleaned = removeFromRun(run)
      if (cleaned !== run) {
        out ??= tokens.slice()
        for (let i = 0; i < cleaned.length; i += 1) out[start + i] = cleaned[i] as Token
      }
    }
    start = end
  }
  return out ?? tokens
}

/** Removes the characters covered by emoji sequences from a run of glued tokens. */
const removeFromRun = (run: ReadonlyArray<Token>): ReadonlyArray<Token> => {
  const joined = run.map((token) => token.text).join("")
  const covered: Array<readonly [number, number]> = []
  for (const match of joined.matchAll(emojiSequence)) covered.push([match.index, match.index + match[0].length])
  if (covered.length === 0) return run
  let offset = 0
  return run.map((token) => {
    const from = offset
    const to = offset + token.text.length
    offset = to
    let text = ""
    let cursor = from
    for (const [start, end] of covered) {
      if (end <= cursor || start >= to) continue
      if (start > cursor) text += joined.slice(cursor, start)
      cursor = Math.min(end, to)
    }
    if (cursor < to) text += joined.slice(cursor, to)
    return text === token.text ? token : withText(token, text)
  })
}
