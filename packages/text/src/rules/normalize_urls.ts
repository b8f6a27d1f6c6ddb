/** `normalize_urls`: replaces URLs with a placeholder token or rewrites them in a normal form. */
import { Schema } from "effect"
import { define, tokenStep, withDefault } from "../Rule.ts"

/** Query parameters that track a visit and never change the page, as names or `prefix*`. */
export const defaultTrackingParams: ReadonlyArray<string> = [
  "utm_*", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc", "_hsmi", "ref_src",
]

/** Whether a query parameter name matches a pattern (`utm_*` matches every `utm_` name). */
const matches = (name: string, pattern: string): boolean =>
  pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern

/** The normal form of a URL, or the URL unchanged when it does not parse. */
const normalizeUrl = (url: string, trackingParams: ReadonlyArray<string>): string => {
  if (!URL.canParse(url)) return url
  const parsed = new URL(url)
  parsed.hash = ""
  const kept = [...parsed.searchParams].filter(([name]) => !trackingParams.some((pattern) => matches(name, pattern)))
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  parsed.search = new URLSearchParams(kept).toString()
  return parsed.href
}

/**
 * Rewrites the URLs wink finds (`https://...`, trailing punctuation split off). In `token`
 * mode each becomes `token` (default `<url>`); in `normalize` mode it is parsed (WHATWG) and
 * rewritten: scheme and host lower-cased, default port and fragment dropped, tracking
 * parameters removed, remaining parameters sorted. A URL that does not parse is kept as
 * written. Later rules leave the result alone. Idempotent.
 */
export const normalizeUrls = define({
  name: "normalize_urls",
  description: "Replaces URLs with a token (`<url>`) or rewrites them in a normal form (lower-case host, no fragment, no tracking parameters).",
  idempotent: true,
  params: Schema.Struct({
    /** `token`: replace each URL with `token`; `normalize`: rewrite it in normal form. Default `token`. */
    mode: withDefault(Schema.Literals(["token", "normalize"]), "token"),
    /** The placeholder of `token` mode. Default `<url>`. */
    token: withDefault(Schema.String, "<url>"),
    /** Query parameters removed in `normalize` mode, as names or `prefix*`. Default {@link defaultTrackingParams}. */
    trackingParams: withDefault(Schema.Array(Schema.String), defaultTrackingParams),
  }),
  compile: ({ mode, token: placeholder, trackingParams }) =>
    tokenStep((token) => {
      if (token.type !== "url") return token.text
      return mode === "token" ? placeholder : normalizeUrl(token.text, trackingParams)
    }),
})
