/** `collapse_whitespace`: one space for every run of whitespace, none at the ends. */
import { Schema } from "effect"
import { define, withDefault } from "../Rule.ts"

const whitespaceRun = /\s+/gu

/**
 * Replaces each run of whitespace (spaces, tabs, line breaks, no-break spaces) with one space,
 * or one line break when the run holds one and `keepNewlines` is set, and trims the ends.
 * Between token rules it collapses the whitespace before each token and removes it at the ends. Idempotent.
 */
export const collapseWhitespace = define({
  name: "collapse_whitespace",
  description: "Replaces every run of whitespace with one space (or one line break) and trims the ends.",
  idempotent: true,
  params: Schema.Struct({
    /** Collapse a run holding a line break to `\n` rather than a space. Default `false`. */
    keepNewlines: withDefault(Schema.Boolean, false),
  }),
  compile: ({ keepNewlines }) => {
    const collapse = (piece: string): string =>
      piece.replace(whitespaceRun, (run) => (keepNewlines && run.includes("\n") ? "\n" : " "))
    return { kind: "text", text: (text) => collapse(text).trim(), piece: (piece, edge) => (edge ? piece.trim() : collapse(piece)) }
  },
})
