/**
 * Column schemas and documentation shared by several assets (the URL key, timestamps), so a
 * column means the same thing in every layer.
 */
import { ColumnDoc } from "@strata/core"
import { normalizeUrl } from "@strata/html"
import { Schema } from "effect"

/** An ISO 8601 instant with a zone, e.g. `2021-09-02T13:45:00.000Z`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/** An ISO 8601 instant (with a zone) that parses to a real date. */
export const Instant = Schema.String.check(
  Schema.makeFilter((text: string) =>
    INSTANT.test(text) && !Number.isNaN(Date.parse(text)) ? undefined : `expected an ISO 8601 instant such as 2021-09-02T13:45:00Z, got ${JSON.stringify(text.slice(0, 40))}`
  )
)

/** URLs found in normal form that are remembered (then all forgotten at once): about a month of the example's pages. */
const MAX_KNOWN_NORMAL_URLS = 50_000

/**
 * URLs already found in normal form: every layer's rows carry the same pages' URLs (the model's
 * and post-train's a week of them a step), and normalizing is a function of the text alone.
 */
const knownNormal = new Set<string>()

/**
 * A URL already in normal form: normalizing it again gives itself. A URL the normalizer rejects
 * fails with the normalizer's reason, which is what the quarantine file then shows.
 */
export const NormalizedUrl = Schema.String.check(
  Schema.makeFilter((text: string) => {
    if (knownNormal.has(text)) return undefined
    const result = normalizeUrl(text)
    if (result._tag === "Invalid") return `invalid URL (${result.reason}): ${result.message}`
    if (result.url !== text) return `URL is not normalized: expected ${result.url}`
    if (knownNormal.size >= MAX_KNOWN_NORMAL_URLS) knownNormal.clear()
    knownNormal.add(text)
    return undefined
  })
)

/** The documentation of the URL primary key. */
export const urlDoc = ColumnDoc.make(
  "normalized URL (lower-case scheme and host, no default port, fragment or tracking parameters, sorted query)",
  "the page's identity across crawls and layers: one row per page"
)

/** The documentation of the fetch time. */
export const fetchedAtDoc = ColumnDoc.make("when the crawler fetched the page (ISO 8601, UTC)", "the copy's freshness: the freshest copy of a page wins")

/** Anchored pattern of an http(s) URL, for pattern checks. */
export const HTTP_URL_PATTERN = /^https?:\/\/[^\s/]+/
