/** `remove_emojis`: removes whole emoji sequences. */
import { Schema } from "effect"
import type { TokenStep } from "../Rule.ts"
import { define } from "../Rule.ts"
import { removeEmojiTokens } from "../internal/emoji.ts"

/**
 * Removes emoji sequences whole: ZWJ sequences (`👩🏽‍💻`), skin tones, flags (`🇫🇷`), keycaps
 * (`1️⃣`) and tag sequences, leaving no joiner or modifier behind. `©`, `®` and `™` stay unless
 * written with the emoji presentation selector. Idempotent. No parameters.
 */
export const removeEmojis = define({
  name: "remove_emojis",
  description: "Removes whole emoji sequences: ZWJ sequences, skin tones, flags, keycaps and tag sequences.",
  idempotent: true,
  params: Schema.Struct({}),
  compile: (): TokenStep => ({ kind: "token", needs: [], apply: (tokens) => removeEmojiTokens(tokens) }),
})
