/** `lower_case`: lower-cases every letter (locale-independent, Unicode full case mapping). */
import { Schema } from "effect"
import { define, textStep } from "../Rule.ts"

/** Lower-cases the text: `Hello WORLD` -> `hello world`. Idempotent. No parameters. */
export const lowerCase = define({
  name: "lower_case",
  description: "Lower-cases every letter with Unicode's locale-independent case mapping.",
  idempotent: true,
  params: Schema.Struct({}),
  compile: () => textStep((text) => text.toLowerCase()),
})
