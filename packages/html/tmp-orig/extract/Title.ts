/**
 * Title choice among `og:title`, JSON-LD `headline`, `<title>` and `<h1>`, with site-name
 * suffixes and prefixes (`Story | Site`, `Site - Story`) removed.
 */
import { collapseWhitespace } from "./Dom.ts"

/** Separators sites put between a story title and their name. */
const titleSeparators = /\s+[|\-–—·»:/\\]{1,2}\s+/

/** A title part with fewer words than this is more likely a site or section name than a story. */
const minStoryWords = 3

/** Lower-cased word tokens, for comparing titles. */
const words = (text: string): Array<string> => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []

const sameWords = (a: string, b: string): boolean => words(a).join(" ") === words(b).join(" ")

/** Whether all words of `part` appear, in order, inside `whole`. */
const containsWords = (whole: string, part: string): boolean => {
  const needle = words(part).join(" ")
  return needle !== "" && ` ${words(whole).join(" ")} `.includes(` ${needle} `)
}

/**
 * Removes a site name from a title: parts equal to the site name or host are dropped; else,
 * with separators, the longest part is kept if it has enough words.
 */
export const stripSiteName = (title: string, siteNames: ReadonlyArray<string>): string => {
  const clean = collapseWhitespace(title)
  const parts = clean.split(titleSeparators)
  if (parts.length < 2) return clean
  const names = siteNames.filter((name) => name.trim() !== "")
  const kept = parts.filter((part) => !names.some((name) => sameWords(part, name) || containsWords(name, part)))
  if (kept.length === 1) return kept[0] as string
  if (kept.length === 0) return clean
  const first = parts[0] as string
  if (words(first).length >= minStoryWords) {
    const rest = parts.slice(1).join(" ")
    return words(rest).length < words(first).length ? first : clean
  }
  const longest = [...kept].sort((a, b) => words(b).length - words(a).length)[0] as string
  return words(longest).length >= minStoryWords ? longest : clean
}

/** The title candidates a page offers. */
export interface TitleCandidates {
  readonly openGraph: string | undefined
  readonly headline: string | undefined
  readonly titleTag: string | undefined
  readonly headings: ReadonlyArray<string>
  /** Site names: `og:site_name`, `application-name`, the JSON-LD publisher, the host. */
  readonly siteNames: ReadonlyArray<string>
}

/**
 * Chooses the title: an `<h1>` that the other sources confirm (it is usually the cleanest),
 * else `og:title`, else the JSON-LD headline, else `<title>` (site names stripped), else the
 * first `<h1>`.
 */
export const chooseTitle = (candidates: TitleCandidates): string | undefined => {
  const present = (value: string | undefined): value is string => value !== undefined && collapseWhitespace(value) !== ""
  const sources = [candidates.openGraph, candidates.headline, candidates.titleTag].filter(present)
  const headings = candidates.headings.filter(present).map(collapseWhitespace)
  const isSiteName = (text: string): boolean => candidates.siteNames.some((name) => sameWords(text, name))
  const confirmed = headings.find(
    (heading) => words(heading).length > 0 && !isSiteName(heading) && sources.some((source) => containsWords(source, heading))
  )
  if (confirmed !== undefined) return confirmed
  for (const source of sources) {
    const stripped = stripSiteName(source, candidates.siteNames)
    if (stripped !== "") return stripped
  }
  return headings[0]
}
