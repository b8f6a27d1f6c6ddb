/**
 * Query parameters that only identify a campaign, an ad click or an analytics session: they
 * never change the resource a URL names, so URL normalization removes them.
 *
 * A pattern is either an exact parameter name or a prefix ending in `*` (`utm_*`). Matching is
 * case-insensitive.
 */

/** The default list: analytics campaign tags, ad-click identifiers and mail-campaign ids. */
export const defaultTrackingParams: ReadonlyArray<string> = [
  "utm_*",
  "gclid",
  "gclsrc",
  "gbraid",
  "wbraid",
  "dclid",
  "fbclid",
  "msclkid",
  "yclid",
  "twclid",
  "ttclid",
  "li_fat_id",
  "igshid",
  "mc_*",
  "srsltid",
  "_ga",
  "_gl",
  "_hsenc",
  "_hsmi",
  "__hs*",
  "hsctatracking",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "vero_conv",
  "wickedid",
  "rb_clickid",
  "s_cid"
]

/** A compiled matcher for a list of tracking-parameter patterns. */
export type TrackingParamMatcher = (name: string) => boolean

/**
 * Compiles patterns (exact names, or prefixes ending in `*`) into a case-insensitive matcher.
 *
 * @example
 * const isTracking = trackingParamMatcher(["utm_*", "gclid"])
 * isTracking("UTM_source") // true
 */
export const trackingParamMatcher = (patterns: ReadonlyArray<string>): TrackingParamMatcher => {
  const exact = new Set<string>()
  const prefixes: Array<string> = []
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase()
    if (lower.endsWith("*")) prefixes.push(lower.slice(0, -1))
    else exact.add(lower)
  }
  return (name) => {
    const lower = name.toLowerCase()
    return exact.has(lower) || prefixes.some((prefix) => lower.startsWith(prefix))
  }
}
