/**
 * A light language identification for `remove_foreign_language`: the writing script of the
 * letters, then, among languages written in the Latin script, the most frequent stop words.
 *
 * It needs no model and reads no more than the tokens at hand. It is meant to drop text that is
 * plainly in another language (a sentence in French inside English text, a word in Arabic
 * script), not to tell close languages apart on a few words: text with too little evidence is
 * kept.
 */

/** The languages the identification knows. */
export const languageCodes = ["en", "fr", "de", "es", "it", "pt", "nl", "ru", "el", "ar", "he", "hi", "zh", "ja", "ko"] as const

/** A language the identification knows (ISO 639-1). */
export type LanguageCode = (typeof languageCodes)[number]

/** How a language is recognised: the script of its letters and, for Latin languages, frequent stop words. */
interface LanguageProfile {
  /** Matches one letter of the language's scripts. */
  readonly script: RegExp
  /** The most frequent function words, lower-case (empty for languages told by script alone). */
  readonly stopWords: ReadonlySet<string>
}

const latin = /\p{Script=Latin}/u
const words = (list: string): ReadonlySet<string> => new Set(list.split(" "))

const profiles: Readonly<Record<LanguageCode, LanguageProfile>> = {
  en: { script: latin, stopWords: words("the and of to is in that it was for on are with as this be at by have from not but what all were when we there can an which their has would you he she they i my") },
  fr: { script: latin, stopWords: words("le la les et est un une des du de que qui dans pour pas sur au avec ce il elle nous vous ils je sont mais ou son sa ses leur cette être très aux") },
  de: { script: latin, stopWords: words("der die das und ist nicht ein eine zu den dem mit von sich des auf für im dass ich sie es wir ihr auch wie noch nach aber oder sind wird bei") },
  es: { script: latin, stopWords: words("el la los las y es en un una que de del por para con no se su sus al lo como más pero este esta está son fue muy yo también") },
  it: { script: latin, stopWords: words("il lo la gli le e è un una di del della che per con non sono nel alla questo questa anche come più ma io noi loro essere") },
  pt: { script: latin, stopWords: words("o os a as e é um uma de do da dos das que em no na para com não por se mais mas como ele ela eu são foi muito também") },
  nl: { script: latin, stopWords: words("de het een en is van in dat op te voor niet met zijn er maar ook als bij dit die wat nog naar hij zij ik wij worden werd") },
  ru: { script: /\p{Script=Cyrillic}/u, stopWords: new Set() },
  el: { script: /\p{Script=Greek}/u, stopWords: new Set() },
  ar: { script: /\p{Script=Arabic}/u, stopWords: new Set() },
  he: { script: /\p{Script=Hebrew}/u, stopWords: new Set() },
  hi: { script: /\p{Script=Devanagari}/u, stopWords: new Set() },
  zh: { script: /\p{Script=Han}/u, stopWords: new Set() },
  ja: { script: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u, stopWords: new Set() },
  ko: { script: /[\p{Script=Hangul}\p{Script=Han}]/u, stopWords: new Set() },
}

const letter = /\p{L}/gu

/** The share of letters of `text` (0 to 1) written in `language`'s script; `undefined` without letters. */
export const scriptShare = (text: string, language: LanguageCode): number | undefined => {
  const letters = text.match(letter)
  if (letters === null) return undefined
  const script = profiles[language].script
  let inScript = 0
  for (const character of letters) if (script.test(character)) inScript += 1
  return inScript / letters.length
}

/** Options of {@link isForeign}. */
export interface Evidence {
  /** The least share of letters in the target's script for text to count as the target language. */
  readonly minScriptShare: number
  /** The least stop-word hits another language needs, beyond the target's, to call a Latin text foreign. */
  readonly minStopWordMargin: number
}

/**
 * Whether the words of a sentence (or a single word) are plainly not in `target`: too few of
 * their letters in the target's script, or, for a Latin-script target, more stop words of
 * another Latin language than of the target by at least the margin. No letters: not foreign.
 */
export const isForeign = (words: ReadonlyArray<string>, target: LanguageCode, evidence: Evidence): boolean => {
  const share = scriptShare(words.join(""), target)
  if (share === undefined) return false
  if (share < evidence.minScriptShare) return true
  const own = profiles[target].stopWords
  if (own.size === 0) return false
  const lower = words.map((word) => word.toLowerCase())
  const hits = (set: ReadonlySet<string>) => lower.reduce((count, word) => (set.has(word) ? count + 1 : count), 0)
  const ownHits = hits(own)
  for (const code of languageCodes) {
    const profile = profiles[code]
    if (code === target || profile.stopWords.size === 0 || profile.script !== profiles[target].script) continue
    if (hits(profile.stopWords) - ownHits >= evidence.minStopWordMargin) return true
  }
  return false
}
