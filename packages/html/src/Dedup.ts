/**
 * Deterministic deduplication of crawled pages, in two passes that fit a stream:
 *
 * 1. `add(doc)` for every row: keeps only a small record per page (normalized URL keys,
 *    timestamp, length, title key, a MinHash signature), never the page itself.
 * 2. `result()` decides, as a function of the set of pages only (never of their order):
 *    - `duplicate_url`: same normalized URL; `canonical`: same `rel=canonical` target;
 *    - `duplicate_title`: same normalized title on the same host;
 *    - `near_duplicate`: MinHash LSH candidates whose estimated Jaccard similarity reaches the
 *      threshold (groups are connected components: A~B and B~C put A, B and C together);
 *    - `invalid_url`: the URL cannot be normalized (for quarantine).
 *    In each group the freshest page is kept. Ties: larger content length, then the
 *    lexicographically smallest id.
 * Then filter the rows again with `result().isKept(id)`.
 */
import { makeMinHasher, estimateSimilarity, type MinHashOptions, type Signature } from "./MinHash.ts"
import { wordHashes } from "./Shingles.ts"
import { type UrlNormalizationOptions, urlNormalizer } from "./UrlNormalization.ts"

/** One page as the deduplicator needs it. */
export interface DedupDocument {
  /** Unique row id. A repeated id is ignored (the first record stands) and counted as `repeated_id`. */
  readonly id: string
  /** The page URL. */
  readonly url: string
  /** When the page was fetched (epoch milliseconds or an ISO 8601 string); the freshest copy is kept. */
  readonly fetchedAt: number | string
  /** Content length (bytes or characters), the first tie-breaker. Default: length of `content`. */
  readonly contentLength?: number | undefined
  /** Page title, for title deduplication. */
  readonly title?: string | undefined
  /** Page text, for near-duplicate detection. */
  readonly content?: string | undefined
  /** `rel=canonical` URL (absolute, or relative to `url`). */
  readonly canonicalUrl?: string | undefined
}

/** Why a page was removed. */
export type DuplicateReason = "invalid_url" | "repeated_id" | "duplicate_url" | "canonical" | "duplicate_title" | "near_duplicate"

/** All reasons, in the order the passes apply them. */
export const duplicateReasons: ReadonlyArray<DuplicateReason> = ["invalid_url", "repeated_id", "duplicate_url", "canonical", "duplicate_title", "near_duplicate"]

/** The decision about one page. */
export type DedupDecision =
  | { readonly kept: true }
  | { readonly kept: false; readonly reason: DuplicateReason; readonly duplicateOf: string | undefined }

/** Deduplication options. */
export interface DedupOptions {
  /** URL normalization rules for the URL keys. */
  readonly url: Partial<UrlNormalizationOptions>
  /** Honour `rel=canonical`. Default `true`. */
  readonly canonical: boolean
  /** Deduplicate by normalized title within a host. Default `true`. */
  readonly title: boolean
  /** Titles shorter than this (characters, normalized) are too generic ("Home") to deduplicate on. */
  readonly minTitleChars: number
  /** Detect near-duplicate content. Default `true`. */
  readonly nearDuplicate: boolean
  /** Texts with fewer words are not compared for near-duplication (too little evidence). */
  readonly minNearDuplicateWords: number
  /** MinHash and LSH parameters (see {@link defaultMinHashOptions}). */
  readonly minHash: Partial<MinHashOptions>
}

/** Default options: every pass on, titles of at least 10 characters, texts of at least 50 words. */
export const defaultDedupOptions: DedupOptions = {
  url: {},
  canonical: true,
  title: true,
  minTitleChars: 10,
  nearDuplicate: true,
  minNearDuplicateWords: 50,
  minHash: {}
}

/** What {@link Deduplicator.result} returns. */
export interface DedupResult {
  /** The decision for an id (`undefined` for an id never added). */
  readonly decision: (id: string) => DedupDecision | undefined
  /** Whether an id is kept (false for an id never added). */
  readonly isKept: (id: string) => boolean
  /** Pages seen and kept. */
  readonly seen: number
  readonly kept: number
  /** Pages removed, per reason (every reason present, zero when none), for the sidecar. */
  readonly removed: Readonly<Record<DuplicateReason, number>>
}

/** A two-pass deduplicator: `add` every page, then read `result()`. */
export interface Deduplicator {
  /** Records one page (keeps its keys and signature only). */
  readonly add: (doc: DedupDocument) => void
  /** Decides over every page added so far; independent of the order of `add` calls. */
  readonly result: () => DedupResult
}

interface Entry {
  readonly id: string
  readonly urlKey: string | undefined
  readonly canonicalKey: string | undefined
  readonly host: string
  readonly fetchedAt: number
  readonly length: number
  readonly titleKey: string | undefined
  readonly signature: Signature | undefined
}

const toMillis = (value: number | string): number => {
  if (typeof value === "number") return Number.isFinite(value) ? value : Number.NEGATIVE_INFINITY
  const parsed = Date.parse(value)
  return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed
}

/** Normalized title key: NFKC, lower case, letters and digits only, single spaces. */
export const normalizeTitle = (title: string): string =>
  title.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim()

/** The keep order: fresher first, then longer, then smaller id. Negative when `a` is kept over `b`. */
export const compareFreshness = (
  a: { readonly id: string; readonly fetchedAt: number; readonly length: number },
  b: { readonly id: string; readonly fetchedAt: number; readonly length: number }
): number => {
  if (a.fetchedAt !== b.fetchedAt) return b.fetchedAt - a.fetchedAt > 0 ? 1 : -1
  if (a.length !== b.length) return b.length - a.length
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Makes a deduplicator. */
export const makeDeduplicator = (overrides: Partial<DedupOptions> = {}): Deduplicator => {
  const options: DedupOptions = { ...defaultDedupOptions, ...overrides }
  const normalize = urlNormalizer(options.url)
  const hasher = makeMinHasher(options.minHash)
  const entries = new Map<string, Entry>()
  let repeated = 0

  const add = (doc: DedupDocument): void => {
    if (entries.has(doc.id)) {
      repeated++
      return
    }
    const url = normalize(doc.url)
    let canonicalKey: string | undefined
    if (options.canonical && doc.canonicalUrl !== undefined && doc.canonicalUrl.trim() !== "") {
      let absolute: string | undefined
      try {
        absolute = new URL(doc.canonicalUrl.trim(), url._tag === "Normalized" ? url.url : undefined).href
      } catch {
        absolute = undefined
      }
      const canonical = absolute === undefined ? undefined : normalize(absolute)
      if (canonical?._tag === "Normalized") canonicalKey = canonical.url
    }
    const title = options.title && doc.title !== undefined ? normalizeTitle(doc.title) : ""
    const content = doc.content ?? ""
    const words = options.nearDuplicate ? wordHashes(content) : undefined
    const signature = words !== undefined && words.length >= options.minNearDuplicateWords ? hasher.signWords(words) : undefined
    entries.set(doc.id, {
      id: doc.id,
      urlKey: url._tag === "Normalized" ? url.url : undefined,
      canonicalKey,
      host: url._tag === "Normalized" ? url.host : "",
      fetchedAt: toMillis(doc.fetchedAt),
      length: doc.contentLength ?? content.length,
      titleKey: title.length >= options.minTitleChars ? title : undefined,
      signature
    })
  }

  const result = (): DedupResult => {
    const decisions = new Map<string, DedupDecision>()
    const removed: Record<DuplicateReason, number> = { invalid_url: 0, repeated_id: repeated, duplicate_url: 0, canonical: 0, duplicate_title: 0, near_duplicate: 0 }
    const ordered = [...entries.values()].sort(compareFreshness)
    const drop = (entry: Entry, reason: DuplicateReason, winner: Entry | undefined): void => {
      decisions.set(entry.id, { kept: false, reason, duplicateOf: winner?.id })
      removed[reason]++
    }
    let survivors: Array<Entry> = []
    for (const entry of ordered) {
      if (entry.urlKey === undefined) drop(entry, "invalid_url", undefined)
      else survivors.push(entry)
    }
    const byUrl = new Map<string, Entry>()
    survivors = survivors.filter((entry) => {
      const key = entry.canonicalKey ?? (entry.urlKey as string)
      const winner = byUrl.get(key) ?? byUrl.get(entry.urlKey as string)
      if (winner === undefined) {
        byUrl.set(key, entry)
        byUrl.set(entry.urlKey as string, entry)
        return true
      }
      drop(entry, winner.urlKey === entry.urlKey ? "duplicate_url" : "canonical", winner)
      return false
    })
    if (options.title) {
      const byTitle = new Map<string, Entry>()
      survivors = survivors.filter((entry) => {
        if (entry.titleKey === undefined) return true
        const key = `${entry.host}\n${entry.titleKey}`
        const winner = byTitle.get(key)
        if (winner === undefined) {
          byTitle.set(key, entry)
          return true
        }
        drop(entry, "duplicate_title", winner)
        return false
      })
    }
    if (options.nearDuplicate) {
      const parent = new Map<Entry, Entry>()
      const find = (entry: Entry): Entry => {
        let root = entry
        while (parent.get(root) !== root) root = parent.get(root) as Entry
        let node = entry
        while (node !== root) {
          const next = parent.get(node) as Entry
          parent.set(node, root)
          node = next
        }
        return root
      }
      const rank = new Map<Entry, number>(survivors.map((entry, index) => [entry, index]))
      const union = (a: Entry, b: Entry): void => {
        const rootA = find(a)
        const rootB = find(b)
        if (rootA === rootB) return
        // The better-ranked root stays the root, so each group's root is its page to keep.
        if ((rank.get(rootA) as number) < (rank.get(rootB) as number)) parent.set(rootB, rootA)
        else parent.set(rootA, rootB)
      }
      // Band keys are 32-bit hashes that include the band index: a chance collision only adds a candidate, which the similarity check below rejects.
      const buckets = new Map<number, Array<Entry>>()
      for (const entry of survivors) {
        parent.set(entry, entry)
        if (entry.signature === undefined) continue
        for (const key of hasher.bandKeys(entry.signature)) {
          const bucket = buckets.get(key)
          if (bucket === undefined) buckets.set(key, [entry])
          else bucket.push(entry)
        }
      }
      for (const bucket of buckets.values()) {
        for (let i = 0; i < bucket.length; i++) {
          for (let j = i + 1; j < bucket.length; j++) {
            const a = bucket[i] as Entry
            const b = bucket[j] as Entry
            if (find(a) === find(b)) continue
            if (estimateSimilarity(a.signature as Signature, b.signature as Signature) >= hasher.options.threshold) union(a, b)
          }
        }
      }
      survivors = survivors.filter((entry) => {
        const root = find(entry)
        if (root === entry) return true
        drop(entry, "near_duplicate", root)
        return false
      })
    }
    for (const entry of survivors) decisions.set(entry.id, { kept: true })
    return {
      decision: (id) => decisions.get(id),
      isKept: (id) => decisions.get(id)?.kept === true,
      seen: entries.size + repeated,
      kept: survivors.length,
      removed
    }
  }

  return { add, result }
}
