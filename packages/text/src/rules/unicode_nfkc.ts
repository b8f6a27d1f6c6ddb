/** `unicode_nfkc`: Unicode compatibility normalization (NFKC). */
import { Schema } from "effect"
import { define, textStep } from "../Rule.ts"

/**
 * Applies Unicode NFKC: composes combining marks (`e` + U+0301 -> `é`) and folds compatibility
 * forms (full-width `Ａ` -> `A`, ligature `ﬁ` -> `fi`, `①` -> `1`). Idempotent. No parameters.
 */
export const unicodeNfkc = define({
  name: "unicode_nfkc",
  description: "Normalizes to Unicode NFKC: composed marks, compatibility forms folded (full-width, ligatures).",
  idempotent: true,
  params: Schema.Struct({}),
  compile: () => textStep((text) => text.normalize("NFKC")),
})
