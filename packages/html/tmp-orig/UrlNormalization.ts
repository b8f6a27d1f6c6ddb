/**
 * URL normalization on the WHATWG URL parser (`new URL`), as a set of named rules.
 *
 * The WHATWG parser itself always lower-cases the scheme and host, converts IDN hosts to
 * punycode, drops the scheme's default port, resolves `.` and `..` segments (also their
 * percent-encoded forms), reads numeric IPv4 hosts (`http://3279880203/`) and removes tabs and
 * newlines. The rules in {@link UrlNormalizationOptions} act on its output. An input that
 * cannot be normalized is returned as an {@link InvalidUrl} with a closed reason, ready for
 * quarantine: this module never throws.
 */
import { domainToUnicode } from "node:url"
import { defaultTrackingParams, trackingParamMatcher, type TrackingParamMatcher } from "./TrackingParams.ts"

/** The longest input accepted, in characters; longer URLs are rejected as `TooLong`. */
export const maxUrlLength = 8192

/** The rules applied after WHATWG parsing; each can be switched off or on. */
export interface UrlNormalizationOptions {
  /** Keep hosts in punycode (`xn--...`); `false` converts them back to Unicode. Default `true`. */
  readonly idnToPunycode: boolean
  /** Remove the `#fragment`, which never reaches the server. Default `true`. */
  readonly removeFragment: boolean
  /** Decode percent-escapes of unreserved characters (`%7E` -> `~`), upper-case the hex of the others and escape a stray `%`. Default `true`. */
  readonly normalizePercentEncoding: boolean
  /** Sort query parameters by name (code-unit order), stable for repeated names. Default `true`. */
  readonly sortQueryParams: boolean
  /** Remove query parameters matching {@link trackingParams}. Default `true`. */
  readonly stripTrackingParams: boolean
  /** Tracking-parameter patterns: exact names or prefixes ending in `*`. Default {@link defaultTrackingParams}. */
  readonly trackingParams: ReadonlyArray<string>
  /** Drop empty `key&&` pieces and a bare `?`. Default `true`. */
  readonly removeEmptyQuery: boolean
  /** Remove trailing dots of the host (`example.com.` -> `example.com`). Default `true`. */
  readonly removeHostTrailingDots: boolean
  /** Collapse runs of `/` in the path. Default `false`: some servers treat `//` as meaningful. */
  readonly collapseSlashes: boolean
  /** Remove a leading `www.` from the host. Default `false`: it is a different host. */
  readonly stripWww: boolean
  /** Remove the trailing `/` of a non-root path. Default `false`: servers may distinguish them. */
  readonly removeTrailingSlash: boolean
  /** Remove a final `index.html`-like segment (`index|default` + `.html|.htm|.php|.asp|.aspx|.jsp`). Default `false`. */
  readonly removeIndexPage: boolean
  /** Schemes accepted (without `:`). Default `http` and `https`. */
  readonly allowedSchemes: ReadonlyArray<string>
  /** Scheme assumed for input without one (`www.example.com/a`); `undefined` rejects such input. Default `undefined`. */
  readonly assumeScheme: string | undefined
}

/** The default rules: every meaning-preserving rule on, the optional host/path rewrites off. */
export const defaultUrlNormalizationOptions: UrlNormalizationOptions = {
  idnToPunycode: true,
  removeFragment: true,
  normalizePercentEncoding: true,
  sortQueryParams: true,
  stripTrackingParams: true,
  trackingParams: defaultTrackingParams,
  removeEmptyQuery: true,
  removeHostTrailingDots: true,
  collapseSlashes: false,
  stripWww: false,
  removeTrailingSlash: false,
  removeIndexPage: false,
  allowedSchemes: ["http", "https"],
  assumeScheme: undefined
}

/** Why a URL could not be normalized. */
export type InvalidUrlReason = "Empty" | "TooLong" | "MissingScheme" | "Unparseable" | "UnsupportedScheme" | "MissingHost"

/** A normalized URL. */
export interface NormalizedUrl {
  readonly _tag: "Normalized"
  /** The normalized URL. */
  readonly url: string
  /** Its host after normalization (punycode unless `idnToPunycode` is off). */
  readonly host: string
  /** The input as given. */
  readonly input: string
  /** Names of the tracking parameters removed, in input order. */
  readonly removedParams: ReadonlyArray<string>
}

/** A URL that cannot be normalized, with the reason, for quarantine. */
export interface InvalidUrl {
  readonly _tag: "Invalid"
  /** The closed reason. */
  readonly reason: InvalidUrlReason
  /** The input as given (cut to {@link maxUrlLength}). */
  readonly input: string
  /** What is wrong and what to do. */
  readonly message: string
}

/** The result of {@link normalizeUrl}. */
export type UrlNormalization = NormalizedUrl | InvalidUrl

/** A normalizer with its options compiled once; use it for many URLs. */
export type UrlNormalizer = (input: string) => UrlNormalization

const unreserved = /[A-Za-z0-9\-._~]/
const percentEscape = /%([0-9A-Fa-f]{2})|%/g
const schemePrefix = /^[A-Za-z][A-Za-z0-9+.-]*:/
const indexPage = /(?:^|\/)(?:index|default)\.(?:html?|php|aspx?|jsp)$/i

/** Percent-encoding normalization of one URL component (see `normalizePercentEncoding`). */
export const normalizePercentEscapes = (component: string): string =>
  component.replace(percentEscape, (_escape, hex: string | undefined) => {
    if (hex === undefined) return "%25"
    const char = String.fromCharCode(Number.parseInt(hex, 16))
    return unreserved.test(char) ? char : `%${hex.toUpperCase()}`
  })

/** `new URL("http://h/q?").search` is `""`: tell a bare `?` from no query by the serialization. */
const hasBareQuestionMark = (parsed: URL): boolean => {
  const href = parsed.href
  const hashAt = href.indexOf("#")
  return (hashAt === -1 ? href : href.slice(0, hashAt)).endsWith("?")
}

const invalid = (reason: InvalidUrlReason, input: string, message: string): InvalidUrl => ({
  _tag: "Invalid",
  reason,
  input: input.slice(0, maxUrlLength),
  message
})

const queryParamName = (piece: string): string => {
  const eq = piece.indexOf("=")
  const raw = eq === -1 ? piece : piece.slice(0, eq)
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "))
  } catch {
    return raw
  }
}

const normalizeQuery = (
  search: string,
  options: UrlNormalizationOptions,
  isTracking: TrackingParamMatcher,
  removed: Array<string>
): string => {
  if (search === "" || search === "?") return options.removeEmptyQuery ? "" : search
  let pieces = search.slice(1).split("&")
  if (options.removeEmptyQuery) pieces = pieces.filter((piece) => piece !== "")
  if (options.stripTrackingParams) {
    pieces = pieces.filter((piece) => {
      const name = queryParamName(piece)
      if (!isTracking(name)) return true
      removed.push(name)
      return false
    })
  }
  if (options.normalizePercentEncoding) pieces = pieces.map(normalizePercentEscapes)
  if (options.sortQueryParams) {
    const keyed = pieces.map((piece, index) => ({ piece, index, key: piece.split("=", 1)[0] ?? "" }))
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    pieces = keyed.map((entry) => entry.piece)
  }
  if (pieces.length === 0) return options.removeEmptyQuery ? "" : "?"
  return `?${pieces.join("&")}`
}

const normalizePath = (pathname: string, options: UrlNormalizationOptions): string => {
  let path = pathname
  if (options.normalizePercentEncoding) path = normalizePercentEscapes(path)
  if (options.collapseSlashes) path = path.replace(/\/{2,}/g, "/")
  if (options.removeIndexPage) path = path.replace(indexPage, (match) => (match.startsWith("/") ? "/" : ""))
  if (options.removeTrailingSlash && path.length > 1 && path.endsWith("/")) path = path.replace(/\/+$/, "") || "/"
  return path === "" ? "/" : path
}

const normalizeHost = (hostname: string, options: UrlNormalizationOptions): string => {
  let host = hostname
  if (options.removeHostTrailingDots) host = host.replace(/\.+$/, "")
  if (options.stripWww && host.startsWith("www.") && host.length > 4) host = host.slice(4)
  if (!options.idnToPunycode) host = domainToUnicode(host) || host
  return host
}

/**
 * Compiles options (merged over {@link defaultUrlNormalizationOptions}) into a normalizer.
 *
 * @example
 * const normalize = urlNormalizer({ stripWww: true })
 * normalize("HTTP://www.Example.com:80/a/../b?utm_source=x&b=2&a=1#top")
 * // { _tag: "Normalized", url: "http://example.com/b?a=1&b=2", ... }
 */
export const urlNormalizer = (overrides: Partial<UrlNormalizationOptions> = {}): UrlNormalizer => {
  const options: UrlNormalizationOptions = { ...defaultUrlNormalizationOptions, ...overrides }
  const isTracking = trackingParamMatcher(options.trackingParams)
  const schemes = new Set(options.allowedSchemes.map((scheme) => scheme.toLowerCase()))
  return (input) => {
    if (input.length > maxUrlLength) {
      return invalid("TooLong", input, `URL has ${input.length} characters, more than ${maxUrlLength}; quarantine it or shorten it.`)
    }
    let text = input.trim()
    if (text === "") return invalid("Empty", input, "URL is empty; give an absolute URL such as https://example.com/.")
    if (!schemePrefix.test(text) || /^[^:/]+:\d+(?:[/?#]|$)/.test(text)) {
      if (options.assumeScheme === undefined) {
        return invalid("MissingScheme", input, `URL "${text.slice(0, 200)}" has no scheme; give an absolute URL (https://...) or set assumeScheme.`)
      }
      text = `${options.assumeScheme}://${text.replace(/^\/+/, "")}`
    }
    let parsed: URL
    try {
      parsed = new URL(text)
    } catch {
      return invalid("Unparseable", input, `URL "${text.slice(0, 200)}" is not a valid WHATWG URL (bad host or characters); fix the source or quarantine it.`)
    }
    const scheme = parsed.protocol.slice(0, -1)
    if (!schemes.has(scheme)) {
      return invalid("UnsupportedScheme", input, `URL scheme "${scheme}" is not one of ${[...schemes].join(", ")}; add it to allowedSchemes to accept it.`)
    }
    const host = normalizeHost(parsed.hostname, options)
    if (host === "") return invalid("MissingHost", input, `URL "${text.slice(0, 200)}" has no host; give an absolute URL with a host.`)
    const removed: Array<string> = []
    const search = normalizeQuery(parsed.search === "" && hasBareQuestionMark(parsed) ? "?" : parsed.search, options, isTracking, removed)
    const hash = options.removeFragment ? "" : parsed.hash
    const auth = parsed.username === "" ? "" : `${parsed.username}${parsed.password === "" ? "" : `:${parsed.password}`}@`
    const port = parsed.port === "" ? "" : `:${parsed.port}`
    const url = `${scheme}://${auth}${host}${port}${normalizePath(parsed.pathname, options)}${search}${hash}`
    return { _tag: "Normalized", url, host, input, removedParams: removed }
  }
}

/**
 * Normalizes one URL. For many URLs, compile the options once with {@link urlNormalizer}.
 *
 * @example
 * normalizeUrl("https://EXAMPLE.com/a?utm_medium=x") // { _tag: "Normalized", url: "https://example.com/a", ... }
 * normalizeUrl("not a url")                          // { _tag: "Invalid", reason: "MissingScheme", ... }
 */
export const normalizeUrl = (input: string, options: Partial<UrlNormalizationOptions> = {}): UrlNormalization =>
  urlNormalizer(options)(input)
