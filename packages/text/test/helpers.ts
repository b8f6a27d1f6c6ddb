/** Test helpers: a normalization function from an inline list of rules. */
import { Effect } from "effect"
import { normalizer } from "../src/Normalizer.ts"
import * as RuleSet from "../src/RuleSet.ts"

/** Normalizes `text` with a one-off version made of `rules`. */
export const normalize = (rules: ReadonlyArray<RuleSet.RuleConfig>, text: string): string =>
  normalizer(Effect.runSync(RuleSet.make("test", rules)))(text)

/** Inputs that stress tokenization and Unicode handling. */
export const hardInputs: ReadonlyArray<string> = [
  "",
  "   ",
  "this is an example",
  "Hello, world! Visit https://example.com/a?b=1, now.",
  "(see https://en.wikipedia.org/wiki/Foo_(bar)). Done",
  "Pi is 3.14 and we sold 1,000 units, -5 degrees, ½ cup, ٣ apples, the 2nd time.",
  "I don't think it's John's; we can't, won't.",
  "Family 👨‍👩‍👧‍👦 coder 👩🏽‍💻 thumbs 👍🏿 flag 🇫🇷 keycap 1️⃣ rainbow 🏳️‍🌈 heart ❤️ smile☺ end",
  "Combining: e\u0301te\u0301, A\u030A, Z\u0336",
  "Arabic: مرحبا بالعالم. Hebrew: שָׁלוֹם עוֹלָם.",
  "CJK: 你好世界。日本語のテキスト。한국어 텍스트.",
  "Controls:\u0000\u0007 zero\u200Bwidth soft\u00ADhyphen \uFEFFbom \u202Ertl\u202C",
  "Full-width ＡＢＣ，ｆｉｎｅ and ligature ﬁne ① ™ © $5 €3 + = <tag>",
  "Tabs\tand\r\nnewlines\n\nand  double  spaces  ",
  "mail me at x.y@example.org or @handle #hashtag :) :-(",
]
