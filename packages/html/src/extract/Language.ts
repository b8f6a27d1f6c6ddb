/**
 * A light language detector: the writing system first (Cyrillic, Greek, Arabic, Hebrew, CJK,
 * Hangul, Thai, Devanagari), then, for Latin text, counts of each language's most frequent
 * function words. It is meant to confirm or overrule a page's `lang` attribute, not to tell
 * close dialects apart.
 */

/**
 * Words read from the text at most; enough for a stable vote (on WCXB's 1,358 pages, 500 words
 * give the same language as 2,000 on all but one, at a quarter of the cost).
 */
const maxWordsRead = 500

/** A Latin-script language needs this many stop-word hits to be detected at all. */
const minStopWordHits = 5

/** The best language must beat the runner-up by this factor to be trusted. */
const minLeadRatio = 1.5

/** Share of letters in one non-Latin script that decides the language outright. */
const scriptShare = 0.4

const stopWords: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["en", ["the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "as", "was", "on", "are", "be", "this", "by", "you", "not", "or", "have", "from", "at", "but", "they", "which", "we", "has", "were", "their"]],
  ["de", ["der", "die", "und", "das", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "sich", "des", "auf", "für", "im", "dem", "auch", "es", "von", "wird", "sie", "bei", "oder", "nach", "aus", "wie", "sind", "werden", "noch"]],
  ["fr", ["le", "la", "les", "et", "des", "est", "une", "un", "du", "que", "pour", "dans", "qui", "pas", "sur", "au", "avec", "sont", "ce", "il", "par", "plus", "ou", "mais", "aux", "nous", "vous", "cette", "été", "ses"]],
  ["es", ["el", "la", "de", "que", "y", "los", "las", "en", "por", "un", "una", "para", "con", "no", "es", "se", "del", "al", "como", "más", "pero", "sus", "le", "ya", "o", "este", "fue", "han", "también", "muy"]],
  ["it", ["il", "di", "che", "e", "la", "per", "un", "una", "non", "sono", "del", "della", "con", "si", "gli", "le", "da", "nel", "alla", "dei", "anche", "come", "più", "ma", "questo", "delle", "è", "al", "ha", "lo"]],
  ["pt", ["o", "a", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "os", "as", "no", "na", "por", "mais", "dos", "das", "se", "como", "mas", "foi", "ao", "ele", "também", "são", "está"]],
  ["nl", ["de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "zijn", "voor", "met", "die", "ook", "als", "aan", "er", "maar", "om", "bij", "ze", "nog", "wordt", "door", "naar", "dan", "wel", "kan", "worden"]],
  ["sv", ["och", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "inte", "om", "ett", "han", "men", "var", "jag", "sig", "från", "vi", "så", "kan", "när", "hade", "nu", "ska", "eller"]],
  ["pl", ["i", "w", "na", "się", "z", "nie", "do", "to", "że", "jest", "o", "jak", "ale", "po", "co", "tak", "za", "od", "przez", "dla", "jego", "są", "czy", "oraz", "tym", "jej", "może", "tego", "był", "także"]],
  ["id", ["yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan", "pada", "juga", "ke", "ada", "karena", "oleh", "atau", "bisa", "saya", "mereka", "kami", "sudah", "lebih", "telah", "seperti", "kita", "hanya", "bahwa", "para"]],
  ["tr", ["ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "çok", "daha", "gibi", "en", "ne", "ama", "olan", "sonra", "kadar", "her", "mi", "var", "değil", "veya", "ise", "şey", "o", "ya", "hem", "göre", "ancak", "bunu"]]
]

/** The languages of {@link stopWords}, in its order: a language's index counts its hits. */
const stopWordLanguages: ReadonlyArray<string> = stopWords.map(([language]) => language)

/** A stop word, its {@link extendHash} hash, and the indexes (in {@link stopWordLanguages}) of the languages it belongs to. */
interface StopWord {
  readonly word: string
  readonly hash: number
  readonly languages: ReadonlyArray<number>
}

/** A word's hash over its UTF-16 code units, extended one unit at a time while the word is read. */
const extendHash = (hash: number, code: number): number => (Math.imul(hash, 31) + code) | 0

/** The longest stop word, in code units: longer words are not looked up. */
const maxStopWordUnits = Math.max(...stopWords.flatMap(([, words]) => words.map((word) => word.length)))

/** Buckets of {@link stopWordBuckets}, a power of two well above the number of stop words, so most words read land in an empty one. */
const stopWordBucketCount = 4096

/**
 * Stop words by the low bits of their hash ({@link extendHash}): a word read from the text is
 * looked up by its hash and compared in place, without a string made for it.
 */
const stopWordBuckets: ReadonlyArray<ReadonlyArray<StopWord> | undefined> = (() => {
  const byWord = new Map<string, Array<number>>()
  stopWords.forEach(([, words], language) => {
    for (const word of words) {
      const languages = byWord.get(word) ?? []
      languages.push(language)
      byWord.set(word, languages)
    }
  })
  const buckets: Array<Array<StopWord> | undefined> = Array.from({ length: stopWordBucketCount }, () => undefined)
  for (const [word, languages] of byWord) {
    let hash = 0
    for (let i = 0; i < word.length; i++) hash = extendHash(hash, word.charCodeAt(i))
    const bucket = buckets[hash & (stopWordBucketCount - 1)] ?? []
    bucket.push({ word, hash, languages })
    buckets[hash & (stopWordBucketCount - 1)] = bucket
  }
  return buckets
})()

/** The stop word written in `text[start, end)` (with hash `hash`), or `undefined`. */
const stopWordAt = (text: string, start: number, end: number, hash: number): StopWord | undefined => {
  const bucket = stopWordBuckets[hash & (stopWordBucketCount - 1)]
  if (bucket === undefined) return undefined
  for (const entry of bucket) {
    const word = entry.word
    if (entry.hash !== hash || word.length !== end - start) continue
    let i = 0
    while (i < word.length && word.charCodeAt(i) === text.charCodeAt(start + i)) i++
    if (i === word.length) return entry
  }
  return undefined
}

/** Writing systems that decide the language by themselves: code point ranges (inclusive). */
const scripts: ReadonlyArray<readonly [string, number, number]> = [
  ["ja", 0x3040, 0x30ff],
  ["ko", 0xac00, 0xd7af],
  ["zh", 0x4e00, 0x9fff],
  ["ru", 0x0400, 0x04ff],
  ["el", 0x0370, 0x03ff],
  ["ar", 0x0600, 0x06ff],
  ["he", 0x0590, 0x05ff],
  ["th", 0x0e00, 0x0e7f],
  ["hi", 0x0900, 0x097f]
]

/** A code unit as a regular expression escape (`\u0370` for U+0370). */
const unitEscape = (code: number): string => `\\u${code.toString(16).padStart(4, "0")}`

/** A code unit in the range of one of {@link scripts}, or a surrogate (of a letter outside the BMP, or a lone one). */
const scriptOrSurrogateUnit = new RegExp(`[${scripts.map(([, low, high]) => `${unitEscape(low)}-${unitEscape(high)}`).join("")}\\ud800-\\udfff]`)

/** One letter of any script. */
const letter = /\p{L}/u


/** The lowest code point of {@link scripts}: characters below it are Latin, digits or punctuation. */
const firstScriptCode = Math.min(...scripts.map(([, low]) => low))

/** Whether a UTF-16 code unit below 128 is an ASCII letter. */
const isAsciiLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122)

/** Letter tests of code units outside ASCII, made once per process: 0 not made yet, 1 a letter, 2 not a letter. */
const letterMemo = new Uint8Array(0x10000)

/** Whether a UTF-16 code unit (a lone surrogate is not) is a letter of any script. */
const isLetterUnit = (code: number): boolean => {
  if (code < 128) return isAsciiLetter(code)
  let known = letterMemo[code] as number
  if (known === 0) {
    known = letter.test(String.fromCharCode(code)) ? 1 : 2
    letterMemo[code] = known
  }
  return known === 1
}

/** The code units of the letter at `i` (2 for a letter outside the BMP), or 0 when there is none. */
const letterWidth = (text: string, i: number): number => {
  const code = text.charCodeAt(i)
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1)
    if (low >= 0xdc00 && low <= 0xdfff) return letter.test(String.fromCodePoint(text.codePointAt(i) as number)) ? 2 : 0
  }
  return isLetterUnit(code) ? 1 : 0
}

/**
 * Letters of a text (in UTF-16 code units) and, per entry of {@link scripts}, how many fall in
 * its range: one pass over code units.
 */
const countScripts = (sample: string): { letters: number; counts: Array<number> } => {
  const counts = scripts.map(() => 0)
  let letters = 0
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i)
    if (code < 128) {
      if (isAsciiLetter(code)) letters++
      continue
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      if (letter.test(String.fromCodePoint(sample.codePointAt(i) as number))) letters += 2
      i++
      continue
    }
    if (isLetterUnit(code)) letters++
    if (code < firstScriptCode) continue
    for (let s = 0; s < scripts.length; s++) {
      const [, low, high] = scripts[s] as readonly [string, number, number]
      if (code >= low && code <= high) {
        counts[s] = (counts[s] as number) + 1
        break
      }
    }
  }
  return { letters, counts }
}

/**
 * Detects the language of a text, as an ISO 639-1 code, or `undefined` when the evidence is too
 * thin. Japanese wins over Chinese when kana appear, since Japanese text mixes kana with Han.
 */
export const detectLanguage = (text: string): string | undefined => {
  const sample = text.slice(0, maxWordsRead * 8)
  // Without a unit in a script's range or a surrogate (one native scan), every script count is
  // zero, and a sample without letters has no words for the vote below: the count is skipped.
  if (scriptOrSurrogateUnit.test(sample)) {
    const { letters, counts } = countScripts(sample)
    if (letters === 0) return undefined
    for (let s = 0; s < scripts.length; s++) {
      const language = (scripts[s] as readonly [string, number, number])[0]
      const threshold = language === "ja" ? scriptShare / 4 : scriptShare
      if ((counts[s] as number) / letters >= threshold) return language
    }
  }
  const hits = new Int32Array(stopWordLanguages.length)
  const lower = sample.toLowerCase()
  // Words are runs of letters of any script, read with a code-unit loop (no match objects).
  let position = 0
  for (let read = 0; read < maxWordsRead && position < lower.length; ) {
    let width = letterWidth(lower, position)
    if (width === 0) {
      position++
      continue
    }
    const start = position
    let hash = 0
    while (width > 0) {
      hash = extendHash(hash, lower.charCodeAt(position))
      if (width === 2) hash = extendHash(hash, lower.charCodeAt(position + 1))
      position += width
      width = position < lower.length ? letterWidth(lower, position) : 0
    }
    read++
    if (position - start > maxStopWordUnits) continue
    const stopWord = stopWordAt(lower, start, position, hash)
    if (stopWord === undefined) continue
    for (const language of stopWord.languages) hits[language] = (hits[language] as number) + 1
  }
  // The most hits wins, a tie going to the alphabetically first language; the runner-up's hits may equal the best's.
  let best = -1
  for (let language = 0; language < hits.length; language++) {
    const count = hits[language] as number
    if (count === 0) continue
    if (best === -1 || count > (hits[best] as number) || (count === hits[best] && (stopWordLanguages[language] as string) < (stopWordLanguages[best] as string))) best = language
  }
  if (best === -1 || (hits[best] as number) < minStopWordHits) return undefined
  let second = 0
  for (let language = 0; language < hits.length; language++) if (language !== best) second = Math.max(second, hits[language] as number)
  return (hits[best] as number) >= second * minLeadRatio ? stopWordLanguages[best] : undefined
}

/** The primary subtag of a BCP 47 tag, lower-cased (`en-US` -> `en`), or `undefined` when empty. */
export const primaryLanguage = (tag: string): string | undefined => {
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? ""
  return /^[a-z]{2,3}$/.test(primary) ? primary : undefined
}

/** How a page's language was settled. */
export type LanguageSource = "declared" | "confirmed" | "detected" | "overruled"

/**
 * Settles the language: the `lang` attribute when the text agrees or says nothing, the
 * detected language when the attribute is missing or the text clearly contradicts it.
 */
export const settleLanguage = (declared: string | undefined, text: string): { language: string | undefined; source: LanguageSource } => {
  const detected = detectLanguage(text)
  const declaredPrimary = declared === undefined ? undefined : primaryLanguage(declared)
  if (declaredPrimary === undefined) return { language: detected, source: "detected" }
  if (detected === undefined) return { language: declaredPrimary, source: "declared" }
  if (detected === declaredPrimary) return { language: declaredPrimary, source: "confirmed" }
  return { language: detected, source: "overruled" }
}
