/**
 * A token of one wink-nlp reading, as the token rules of a rule set see and rewrite it.
 *
 * Whitespace is carried by the token that follows it (`spaces`), so a document is rebuilt by
 * concatenating `spaces + text` of every token, then the document's trailing whitespace. A rule
 * removes a token by setting its `text` to `""`; {@link render} then joins the neighbours.
 */

/** One token: its current text, the whitespace before it, and what wink read. */
export interface Token {
  /** The current text; `""` means the token has been removed. */
  readonly text: string
  /** What precedes the token in the source: whitespace, and characters wink skips (a byte-order mark). */
  readonly spaces: string
  /** wink's token type (`word`, `number`, `punctuation`, `url`, `emoji`, `unk`, ...). */
  readonly type: string
  /** The index of the wink token this one comes from (lemma, part of speech, sentence). */
  readonly index: number
  /** The text wink read for this token, before any rule. */
  readonly value: string
}

/**
 * A copy of `token` with another text (and, optionally, other whitespace before it), built
 * field by field: cheaper than a spread on the hot path of a rule.
 */
export const withText = (token: Token, text: string, spaces: string = token.spaces): Token => ({
  text,
  spaces,
  type: token.type,
  index: token.index,
  value: token.value,
})

/**
 * Rebuilds the text of `tokens` followed by `trailing`.
 *
 * A removed token hands its whitespace to the next kept token when that one has none, and a
 * removed token glued to both neighbours (`Hello,world`) leaves one space, so that removing a
 * token never fuses two words. When the first tokens are removed, the text starts with the
 * document's leading whitespace, not with the whitespace of the first kept token.
 */
export const render = (tokens: ReadonlyArray<Token>, trailing: string): string => {
  const leading = tokens[0]?.spaces ?? ""
  let out = ""
  let pending = ""
  let removedSinceKept = false
  for (const token of tokens) {
    if (token.text === "") {
      if (pending === "") pending = token.spaces
      removedSinceKept = true
      continue
    }
    const spaces =
      out === "" && removedSinceKept
        ? leading
        : token.spaces !== ""
          ? token.spaces
          : pending !== ""
            ? pending
            : removedSinceKept
              ? " "
              : ""
    out += spaces
    out += token.text
    pending = ""
    removedSinceKept = false
  }
  return out + trailing
}
