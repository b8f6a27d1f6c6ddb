/**
 * Trafilatura's evaluation set, as its Go port ships it: 983 real pages (news, blogs, forums,
 * institutions; German, English, Polish and more) annotated with snippets that the main content
 * must contain (`with`) and boilerplate it must not (`without`). Its odd half (by URL order)
 * has never served to tune Strata's extractor: it measures it on pages it has not seen; the
 * even half tuned the rules for other languages than English.
 *
 * The pages come from the Go module `github.com/markusmobius/go-trafilatura` (Apache-2.0), fetched
 * once from the Go module proxy and kept in `bench/.cache/` (its SHA-256 checked). The
 * annotations are the map literal of its `scripts/comparison/data.go`; the pages lie in
 * `test-files/comparison/` or `test-files/mock/`, which its comparison script searches in that
 * order. Scoring follows that script: a snippet counts as found when the extracted text
 * contains it verbatim; precision, recall, accuracy and F-score are taken over the snippets of
 * all pages together, and an empty extraction finds no `with` snippet and keeps no `without` one.
 */
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { unzipSync } from "fflate"

/** The module version whose pages and annotations are used (trafilatura 1.12.2's evaluation). */
export const MODULE_VERSION = "v1.12.2"

/** Where the Go module proxy serves that version's zip. */
export const MODULE_URL = `https://proxy.golang.org/github.com/markusmobius/go-trafilatura/@v/${MODULE_VERSION}.zip`

/** SHA-256 of that zip as first fetched (the proxy serves immutable module zips). */
export const MODULE_SHA256 = "7da0a1455b901cfab79f27801aac9ff1e99774d0cb7ef4ab6d3eaee17cb2d5b2"

/** The annotations' file inside the module. */
const DATA_FILE = "scripts/comparison/data.go"

/** Folders searched for a page, in this order (as the comparison script does). */
const PAGE_FOLDERS = ["test-files/comparison/", "test-files/mock/"]

/** One annotated page. */
export interface EvaluationPage {
  /** The page's URL (the map's key). */
  readonly url: string
  /** The page's file name in the module. */
  readonly file: string
  /** The page's bytes, as served (`extract` decodes them by their declared charset). */
  readonly html: Uint8Array
  /** Snippets the main content must contain. */
  readonly with: ReadonlyArray<string>
  /** Snippets the main content must not contain. */
  readonly without: ReadonlyArray<string>
}

/** Snippet counts over a set of pages. */
export interface SnippetCounts {
  readonly truePositives: number
  readonly falseNegatives: number
  readonly falsePositives: number
  readonly trueNegatives: number
}

/** Published results on this set (go-trafilatura's README, its author's PC, 983 documents). */
export const PUBLISHED: ReadonlyArray<{ readonly extractor: string; readonly precision: number; readonly recall: number; readonly accuracy: number; readonly f: number }> = [
  { extractor: "trafilatura 1.12.2 (Python)", precision: 0.912, recall: 0.886, accuracy: 0.901, f: 0.899 },
  { extractor: "trafilatura 1.12.2 + fallback", precision: 0.913, recall: 0.902, accuracy: 0.908, f: 0.907 },
  { extractor: "go-trafilatura + fallback", precision: 0.908, recall: 0.912, accuracy: 0.91, f: 0.91 },
  { extractor: "go-readability", precision: 0.87, recall: 0.881, accuracy: 0.875, f: 0.875 },
  { extractor: "go-domdistiller", precision: 0.871, recall: 0.864, accuracy: 0.868, f: 0.867 }
]

/** Why the set could not be had (the benchmark then says so and goes on). */
export class EvaluationUnavailable extends Error {}

/**
 * The module's zip: from the cache, or fetched from the proxy and cached. Fails with
 * {@link EvaluationUnavailable} when the proxy cannot be reached or the zip's SHA-256 differs.
 */
const moduleZip = async (cacheFolder: string): Promise<Uint8Array> => {
  const cached = join(cacheFolder, `go-trafilatura-${MODULE_VERSION}.zip`)
  if (existsSync(cached)) return readFileSync(cached)
  let response: Response
  try {
    response = await fetch(MODULE_URL, { signal: AbortSignal.timeout(120_000) })
  } catch (cause) {
    throw new EvaluationUnavailable(`cannot fetch ${MODULE_URL} (${String(cause)}); the Go module proxy must be reachable once`)
  }
  if (!response.ok) throw new EvaluationUnavailable(`${MODULE_URL} answered ${response.status}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  const sha256 = createHash("sha256").update(bytes).digest("hex")
  if (sha256 !== MODULE_SHA256) throw new EvaluationUnavailable(`${MODULE_URL} has SHA-256 ${sha256}, expected ${MODULE_SHA256}: not the module this benchmark was written for`)
  mkdirSync(cacheFolder, { recursive: true })
  writeFileSync(cached, bytes)
  return bytes
}

/** A Go escape's single-character meanings. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"' }

/**
 * Decodes the Go string literal starting at `source[start]` (interpreted `"..."` with its
 * escapes, or raw `` `...` ``); returns its value and the index after it. `\x` and octal
 * escapes are bytes of UTF-8, as in Go.
 */
export const readGoString = (source: string, start: number): { readonly value: string; readonly end: number } => {
  const quote = source[start]
  if (quote === "`") {
    const close = source.indexOf("`", start + 1)
    if (close < 0) throw new Error(`unterminated raw string at offset ${start}`)
    return { value: source.slice(start + 1, close).replaceAll("\r", ""), end: close + 1 }
  }
  if (quote !== '"') throw new Error(`expected a string at offset ${start}, found ${JSON.stringify(source.slice(start, start + 20))}`)
  let value = ""
  let bytes: Array<number> = []
  const flushBytes = (): void => {
    if (bytes.length > 0) value += Buffer.from(bytes).toString("utf8")
    bytes = []
  }
  let i = start + 1
  while (i < source.length) {
    const char = source[i] as string
    if (char === '"') {
      flushBytes()
      return { value, end: i + 1 }
    }
    if (char === "\n") break
    if (char !== "\\") {
      flushBytes()
      value += char
      i++
      continue
    }
    const kind = source[i + 1] as string
    if (kind === "x") {
      bytes.push(Number.parseInt(source.slice(i + 2, i + 4), 16))
      i += 4
    } else if (kind >= "0" && kind <= "7") {
      bytes.push(Number.parseInt(source.slice(i + 1, i + 4), 8))
      i += 4
    } else if (kind === "u" || kind === "U") {
      const digits = kind === "u" ? 4 : 8
      flushBytes()
      value += String.fromCodePoint(Number.parseInt(source.slice(i + 2, i + 2 + digits), 16))
      i += 2 + digits
    } else if (kind in SIMPLE_ESCAPES) {
      flushBytes()
      value += SIMPLE_ESCAPES[kind] as string
      i += 2
    } else {
      throw new Error(`unknown escape \\${kind} at offset ${i}`)
    }
  }
  throw new Error(`unterminated string at offset ${start}`)
}

/** Skips white space, commas and Go comments from `index`; returns the next significant index. */
const skipInsignificant = (source: string, index: number): number => {
  let i = index
  while (i < source.length) {
    const char = source[i] as string
    if (char === " " || char === "\t" || char === "\n" || char === "\r" || char === ",") i++
    else if (source.startsWith("//", i)) i = source.indexOf("\n", i) < 0 ? source.length : source.indexOf("\n", i)
    else if (source.startsWith("/*", i)) i = source.indexOf("*/", i) + 2
    else break
  }
  return i
}

/** One entry's fields as written (the ones the benchmark uses). */
interface Annotation {
  readonly url: string
  readonly file: string
  readonly with: ReadonlyArray<string>
  readonly without: ReadonlyArray<string>
}

/**
 * Parses the `comparisonData` map literal of `data.go`: `"<url>": { Field: value, ... },` where a
 * value is a string or a `[]string{...}`. Fields other than `File`, `With` and `Without` are read
 * and ignored.
 */
export const parseAnnotations = (source: string): Array<Annotation> => {
  const opening = /comparisonData\s*=\s*map\[string\]ComparisonEntry\{/.exec(source)
  if (opening === null) throw new Error(`${DATA_FILE}: no comparisonData map literal`)
  const annotations: Array<Annotation> = []
  let i = skipInsignificant(source, opening.index + opening[0].length)
  while (source[i] !== "}") {
    const key = readGoString(source, i)
    i = skipInsignificant(source, key.end)
    if (source[i] !== ":") throw new Error(`${DATA_FILE}: expected ':' after ${JSON.stringify(key.value)} at offset ${i}`)
    i = skipInsignificant(source, i + 1)
    if (source[i] !== "{") throw new Error(`${DATA_FILE}: expected '{' for ${JSON.stringify(key.value)} at offset ${i}`)
    i = skipInsignificant(source, i + 1)
    const fields = new Map<string, ReadonlyArray<string>>()
    while (source[i] !== "}") {
      const name = /^([A-Za-z]+)\s*:\s*/.exec(source.slice(i, i + 40))
      if (name === null) throw new Error(`${DATA_FILE}: expected a field of ${JSON.stringify(key.value)} at offset ${i}`)
      i += name[0].length
      const values: Array<string> = []
      if (source.startsWith("[]string{", i)) {
        i = skipInsignificant(source, i + "[]string{".length)
        while (source[i] !== "}") {
          const item = readGoString(source, i)
          values.push(item.value)
          i = skipInsignificant(source, item.end)
        }
        i++
      } else {
        const item = readGoString(source, i)
        values.push(item.value)
        i = item.end
      }
      fields.set(name[1] as string, values)
      i = skipInsignificant(source, i)
    }
    i = skipInsignificant(source, i + 1)
    const file = fields.get("File")?.[0]
    if (file !== undefined) annotations.push({ url: key.value, file, with: fields.get("With") ?? [], without: fields.get("Without") ?? [] })
  }
  return annotations
}

/**
 * The annotated pages whose file the module holds, sorted by URL, with the count of annotations
 * whose page is missing (the comparison script skips them too).
 */
export const loadEvaluation = async (cacheFolder: string): Promise<{ readonly pages: Array<EvaluationPage>; readonly missing: number }> => {
  const zip = await moduleZip(cacheFolder)
  const prefix = `github.com/markusmobius/go-trafilatura@${MODULE_VERSION}/`
  const files = unzipSync(zip, { filter: (entry) => entry.name === prefix + DATA_FILE || PAGE_FOLDERS.some((folder) => entry.name.startsWith(prefix + folder)) })
  const data = files[prefix + DATA_FILE]
  if (data === undefined) throw new EvaluationUnavailable(`${MODULE_URL} has no ${DATA_FILE}`)
  const decoder = new TextDecoder()
  const pages: Array<EvaluationPage> = []
  let missing = 0
  for (const annotation of parseAnnotations(decoder.decode(data))) {
    const bytes = PAGE_FOLDERS.map((folder) => files[prefix + folder + annotation.file]).find((found) => found !== undefined)
    if (bytes === undefined) missing++
    else pages.push({ ...annotation, html: bytes })
  }
  pages.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))
  return { pages, missing }
}

/** Scores one page's extracted text: its snippets found and kept, verbatim. */
export const scorePage = (page: Pick<EvaluationPage, "with" | "without">, text: string): SnippetCounts => {
  const found = text === "" ? 0 : page.with.filter((snippet) => text.includes(snippet)).length
  const kept = text === "" ? 0 : page.without.filter((snippet) => text.includes(snippet)).length
  return { truePositives: found, falseNegatives: page.with.length - found, falsePositives: kept, trueNegatives: page.without.length - kept }
}

/** Precision, recall, accuracy and F-score over summed snippet counts. */
export const snippetMetrics = (counts: ReadonlyArray<SnippetCounts>): { readonly precision: number; readonly recall: number; readonly accuracy: number; readonly f: number } => {
  let tp = 0
  let fn = 0
  let fp = 0
  let tn = 0
  for (const count of counts) {
    tp += count.truePositives
    fn += count.falseNegatives
    fp += count.falsePositives
    tn += count.trueNegatives
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), accuracy: (tp + tn) / (tp + tn + fp + fn), f: (2 * tp) / (2 * tp + fp + fn) }
}
