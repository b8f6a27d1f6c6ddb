/** `remove_non_printable`: removes control, format, private-use and lone surrogate characters. */
import { Schema } from "effect"
import { define, textStep, withDefault } from "../Rule.ts"

/**
 * Control characters but whitespace, format characters but joiners and tags, private use, lone
 * surrogates. Built with `new RegExp` because the `v` flag (set subtraction) is newer than the
 * ES2023 target the compiler checks literals against.
 */
const nonPrintableKeepingJoiners = new RegExp(String.raw`[\p{Cc}--[\t\n\r\v\f]]|[\p{Cf}--[\u200C\u200D\u{E0020}-\u{E007F}]]|\p{Co}|\p{Cs}`, "gv")
/** The same, joiners included. */
const nonPrintable = new RegExp(String.raw`[\p{Cc}--[\t\n\r\v\f]]|[\p{Cf}--[\u{E0020}-\u{E007F}]]|\p{Co}|\p{Cs}`, "gv")
/** Tag characters that do not continue an emoji tag sequence (a flag such as Scotland's). */
const strayTag = /(?<![\u{1F3F4}\u{E0020}-\u{E007E}])[\u{E0020}-\u{E007F}]/gu

/**
 * Removes characters that print nothing: controls (NUL, BEL, ... but tab and line breaks),
 * format characters (zero-width space, soft hyphen, byte-order mark, bidirectional marks),
 * private-use characters and lone surrogates. Zero-width joiners, which shape Indic scripts
 * and emoji sequences, are kept unless `keepJoiners` is `false`; so are emoji tag sequences.
 * Idempotent.
 */
export const removeNonPrintable = define({
  name: "remove_non_printable",
  description: "Removes control, format (zero-width, bidi marks, soft hyphen), private-use and lone surrogate characters.",
  idempotent: true,
  params: Schema.Struct({
    /** Keep the zero-width joiner and non-joiner (U+200C, U+200D). Default `true`. */
    keepJoiners: withDefault(Schema.Boolean, true),
  }),
  compile: ({ keepJoiners }) => {
    const pattern = keepJoiners ? nonPrintableKeepingJoiners : nonPrintable
    return textStep((text) => text.replace(pattern, "").replace(strayTag, ""))
  },
})
