/**
 * A small YAML emitter for JSON values in block style, fast enough to run once per committed
 * partition: a sidecar is a tree of mappings, sequences and scalars, and needs none of a
 * general YAML library's machinery (documents, nodes, anchors, comments, flow styles).
 *
 * Its output follows the `yaml` package's choices for the same values (block mappings and
 * sequences indented by two, `[]` and `{}` when empty, plain scalars where they read back as
 * the same string, else double quotes, or single quotes for text with `"` only, literal blocks
 * for multi-line text), and reads back identically with a YAML 1.2 parser (what `Sidecar.decode`
 * uses) and a YAML 1.1 one: a string that either version would read as a boolean, null, number,
 * date or merge key is quoted. Unlike `yaml`, it never folds long lines.
 */

/** A JSON value, as the emitter takes it (`undefined` members of a mapping are left out). */
export type JsonValue = null | boolean | number | string | ReadonlyArray<JsonValue> | { readonly [key: string]: JsonValue | undefined }

/** Spaces per nesting level. */
const INDENT_STEP = "  "

/** Scalars a YAML 1.1 or 1.2 reader resolves to something other than a string when written plain. */
const IMPLICIT_TYPES: ReadonlyArray<RegExp> = [
  // Null (1.1 and 1.2 core; the empty string too).
  /^(?:~|[Nn]ull|NULL)?$/,
  // Booleans (1.1; the 1.2 core's are a subset).
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  // Integers: binary, octal (1.1 `0`-prefixed and 1.2 `0o`), decimal, hexadecimal (1.1 allows `_`), sexagesimal.
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?0o[0-7]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  // Floats: infinities and NaN, with an exponent, with a point (1.1 allows `_` and a bare `.`), sexagesimal.
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  // Dates and timestamps (1.1).
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:t|T|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:[ \t]*(?:Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
  // The merge key (1.1).
  /^<<$/
]

/** {@link IMPLICIT_TYPES} as one expression, tested once per scalar. */
const IMPLICIT_TYPE = new RegExp(IMPLICIT_TYPES.map((type) => `(?:${type.source})`).join("|"))

/**
 * The first characters an {@link IMPLICIT_TYPES} match can start with (`e5` reads as a float);
 * text starting otherwise needs no test against them.
 */
const IMPLICIT_START = /^(?:$|[~nNyYtToOfFeE0-9+\-.<])/

/** Whether a YAML reader may resolve `text`, written plain, to something other than a string. */
const isImplicit = (text: string): boolean => IMPLICIT_START.test(text) && IMPLICIT_TYPE.test(text)

/**
 * Text that is plain whatever else holds: a letter, then letters, digits and `_ / . -`
 * (asset keys, names, hex digests), unless it is an implicit type (`yes`, `null`, ...).
 */
const SIMPLE = /^[A-Za-z][A-Za-z0-9_/.-]*$/

/**
 * Text a plain scalar cannot hold: a leading indicator, `: ` or ` #` inside, a trailing space
 * or `:`, a lone `-` or `?` (the `yaml` package's rule), line breaks and tabs at either end.
 */
const PLAIN_FORBIDDEN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/

/** Text that starts a directive or a document marker when a reader meets it at the left margin (as a key may be). */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m

/** Characters that only a double-quoted scalar can hold (as escapes): controls other than tab and line feed, DEL, C1, lone surrogates, and the Unicode line and paragraph separators, BOM and non-characters. */
const NEEDS_ESCAPE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u

/** The same characters, to replace one by one (the `u` flag would not match lone surrogates one code unit at a time). */
const ESCAPED_CHARACTER = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g

/** A double-quoted scalar: JSON's escapes (valid in YAML) plus `\x..`/`\u....` for what YAML does not print raw. */
const doubleQuoted = (text: string): string =>
  JSON.stringify(text).replace(ESCAPED_CHARACTER, (character) => {
    const code = character.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`
  })

/** A single-quoted scalar, for one-line text that holds `"` but no `'` (so there is no `'` to double). */
const singleQuoted = (text: string): string => `'${text}'`

/** Quotes text the way `yaml` does: single quotes when it holds `"` and no `'` (and fits on one line), else double quotes. */
const quoted = (text: string): string =>
  text.includes('"') && !text.includes("'") && !text.includes("\n") && !NEEDS_ESCAPE.test(text) ? singleQuoted(text) : doubleQuoted(text)

/** Whether `text` reads back as this very string when written plain, on one line (after `key: ` or `- `). */
const isPlain = (text: string): boolean =>
  SIMPLE.test(text) ? !isImplicit(text) : !text.includes("\n") && !PLAIN_FORBIDDEN.test(text) && !NEEDS_ESCAPE.test(text) && !isImplicit(text)

/**
 * Multi-line text as a literal block (`|`, `|-` or `|+` by its trailing line breaks), when a
 * literal block keeps it exactly: no escapes needed, no leading whitespace (which would need an
 * indentation indicator), no whitespace at the end of its last line, no carriage return.
 */
const literalBlock = (text: string, indent: string): string | undefined => {
  if (NEEDS_ESCAPE.test(text) || text.includes("\r") || /^[\n\t ]/.test(text) || /[\t ]\n*$/.test(text)) return undefined
  const body = text.replace(/\n+$/, "")
  const trailing = text.length - body.length
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+"
  const lines = body.split("\n").map((line) => (line === "" ? "" : `${indent}${line}`))
  return `|${chomp}\n${lines.join("\n")}${"\n".repeat(Math.max(0, trailing - 1))}`
}

/** A string scalar; `indent` is where a literal block's lines start. */
const stringScalar = (text: string, indent: string): string => {
  if (isPlain(text)) return text
  if (text.includes("\n")) return literalBlock(text, indent) ?? doubleQuoted(text)
  return quoted(text)
}

/** Keys remembered by {@link keyText}: sidecars repeat the same few dozen. */
const KEY_CACHE_LIMIT = 1024
const keyCache = new Map<string, string>()

/** A mapping key written after `prefix`: plain when it reads back as itself (and starts no document marker at the margin), else quoted on one line. */
const keyText = (key: string, prefix: string): string => {
  const atMargin = prefix === ""
  const cached = atMargin ? undefined : keyCache.get(key)
  if (cached !== undefined) return cached
  const text = isPlain(key) && !(atMargin && DOCUMENT_MARKER.test(key)) ? key : quoted(key)
  if (!atMargin && keyCache.size < KEY_CACHE_LIMIT) keyCache.set(key, text)
  return text
}

/** A number as JSON writes it (`-0` kept); non-finite numbers as YAML's `.inf` and `.nan`. */
const numberText = (value: number): string =>
  Number.isFinite(value) ? (Object.is(value, -0) ? "-0" : JSON.stringify(value)) : Number.isNaN(value) ? ".nan" : value < 0 ? "-.inf" : ".inf"

/** A scalar or an empty collection, as it follows `key: ` or `- `. */
const scalarText = (value: JsonValue, indent: string): string => {
  if (value === null) return "null"
  if (typeof value === "boolean") return value ? "true" : "false"
  if (typeof value === "number") return numberText(value)
  if (typeof value === "string") return stringScalar(value, indent)
  return Array.isArray(value) ? "[]" : "{}"
}

/** Whether a value is written over lines of its own (a non-empty mapping or sequence). */
const isBlock = (value: JsonValue): value is ReadonlyArray<JsonValue> | { readonly [key: string]: JsonValue | undefined } => {
  if (typeof value !== "object" || value === null) return false
  if (Array.isArray(value)) return value.length > 0
  const mapping = value as { readonly [key: string]: JsonValue | undefined }
  for (const key in mapping) if (mapping[key] !== undefined) return true
  return false
}

/**
 * Writes a block mapping or sequence at `indent`. `lead` replaces the first line's indentation:
 * `- ` and the like, for a collection that starts on its parent sequence item's line.
 */
const writeBlock = (value: ReadonlyArray<JsonValue> | { readonly [key: string]: JsonValue | undefined }, indent: string, out: Array<string>, lead = indent): void => {
  let prefix = lead
  const child = `${indent}${INDENT_STEP}`
  if (Array.isArray(value)) {
    for (const item of value as ReadonlyArray<JsonValue>) {
      if (isBlock(item)) writeBlock(item, child, out, `${prefix}- `)
      else out.push(`${prefix}- ${scalarText(item, child)}\n`)
      prefix = indent
    }
    return
  }
  // `for...in` over a plain object's own keys, in their order: no [key, value] pair per entry.
  const mapping = value as { readonly [key: string]: JsonValue | undefined }
  for (const key in mapping) {
    const item = mapping[key]
    if (item === undefined) continue
    if (isBlock(item)) {
      out.push(`${prefix}${keyText(key, prefix)}:\n`)
      writeBlock(item, child, out)
    } else {
      out.push(`${prefix}${keyText(key, prefix)}: ${scalarText(item, child)}\n`)
    }
    prefix = indent
  }
}

/**
 * The YAML text of a mapping, one key per line in the mapping's own key order, ending with a
 * line break.
 *
 * @example
 * emit({ asset: "raw/html", partition: "2021-09-02", tags: [] })
 * // 'asset: raw/html\npartition: "2021-09-02"\ntags: []\n'
 */
export const emit = (document: { readonly [key: string]: JsonValue | undefined }): string => {
  const out: Array<string> = []
  writeBlock(document, "", out)
  return out.length === 0 ? "{}\n" : out.join("")
}
