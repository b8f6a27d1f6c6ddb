/**
 * The rule catalogue: every rule a rule set may name, in one place.
 *
 * | rule | kind | idempotent |
 * |---|---|---|
 * | `lower_case` | text | yes |
 * | `remove_stop_words` | token | no |
 * | `remove_punctuation` | token | yes |
 * | `remove_numbers` | token | yes |
 * | `remove_special_characters` | token | yes |
 * | `normalize_urls` | token | yes |
 * | `remove_emojis` | token | yes |
 * | `remove_foreign_language` | token | no |
 * | `remove_non_ascii` | text | yes |
 * | `remove_non_printable` | text | yes |
 * | `lemmatize` | token | no |
 * | `collapse_whitespace` | text | yes |
 * | `unicode_nfkc` | text | yes |
 */
import type { Rule } from "./Rule.ts"
import { collapseWhitespace } from "./rules/collapse_whitespace.ts"
import { lemmatize } from "./rules/lemmatize.ts"
import { lowerCase } from "./rules/lower_case.ts"
import { normalizeUrls } from "./rules/normalize_urls.ts"
import { removeEmojis } from "./rules/remove_emojis.ts"
import { removeForeignLanguage } from "./rules/remove_foreign_language.ts"
import { removeNonAscii } from "./rules/remove_non_ascii.ts"
import { removeNonPrintable } from "./rules/remove_non_printable.ts"
import { removeNumbers } from "./rules/remove_numbers.ts"
import { removePunctuation } from "./rules/remove_punctuation.ts"
import { removeSpecialCharacters } from "./rules/remove_special_characters.ts"
import { removeStopWords } from "./rules/remove_stop_words.ts"
import { unicodeNfkc } from "./rules/unicode_nfkc.ts"

/** Every rule, in the order the medallion article lists them. */
export const rules: ReadonlyArray<Rule> = [
  lowerCase,
  removeStopWords,
  removePunctuation,
  removeNumbers,
  removeSpecialCharacters,
  normalizeUrls,
  removeEmojis,
  removeForeignLanguage,
  removeNonAscii,
  removeNonPrintable,
  lemmatize,
  collapseWhitespace,
  unicodeNfkc,
]

const byName: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.name, rule]))

/** The names a rule set may use, sorted. */
export const ruleNames: ReadonlyArray<string> = rules.map((rule) => rule.name).sort()

/** The rule called `name`, if the catalogue has one. */
export const findRule = (name: string): Rule | undefined => byName.get(name)
