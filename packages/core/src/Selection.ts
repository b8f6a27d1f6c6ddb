/**
 * Asset selection: a small language to pick assets, parsed by {@link parse} and resolved
 * against a graph by {@link resolve}.
 *
 * Grammar (OR binds loosest; there are no parentheses):
 *
 * ```
 * selection := clause (OR clause)*        OR  := whitespace or ","
 * clause    := term (AND term)*           AND := "&" or the word "and"
 * term      := ["+"] atom ["+"]           leading "+": with every upstream asset,
 *                                         trailing "+": with every downstream asset
 * atom      := "*"                        every asset
 *            | key                        one asset, e.g. preprocess/html-parsing
 *            | prefix "/*"                every asset under the prefix, e.g. preprocess/*
 *            | "layer:" layer             every asset of a layer, e.g. layer:silver
 *            | "tag:" name ["=" value]    every asset carrying a tag (with that value)
 * ```
 *
 * Examples: `+annotated` (annotated and everything it needs); `raw/html-documents+`;
 * `layer:silver & tag:nlp`; `preprocess/* and +model, post-train`.
 * A named key, a prefix or a tag that matches no asset is an error (a typo must not
 * select nothing in silence); a layer with no asset selects nothing.
 */
import { Data, Result } from "effect"
import * as AssetGraph from "./AssetGraph.ts"
import type { AssetKey } from "./AssetKey.ts"
import * as Key from "./AssetKey.ts"
import * as Layer from "./Layer.ts"

/** What one atom names. */
export type Atom =
  | { readonly _tag: "All" }
  | { readonly _tag: "Key"; readonly key: string }
  | { readonly _tag: "Prefix"; readonly prefix: string }
  | { readonly _tag: "Layer"; readonly layer: Layer.Layer }
  | { readonly _tag: "Tag"; readonly name: string; readonly value?: string }

/** An atom with its graph expansions. */
export interface Term {
  /** The text it was parsed from. */
  readonly text: string
  /** What it names. */
  readonly atom: Atom
  /** Whether every upstream asset is added (`+atom`). */
  readonly upstream: boolean
  /** Whether every downstream asset is added (`atom+`). */
  readonly downstream: boolean
}

/** A parsed selection: an OR of clauses, each an AND of terms. */
export interface Selection {
  /** The text it was parsed from. */
  readonly text: string
  /** The clauses (any may match), each a list of terms (all must match). */
  readonly clauses: ReadonlyArray<ReadonlyArray<Term>>
}

/** A selection that cannot be parsed or resolved; `term` is the offending text. */
export class SelectionError extends Data.TaggedError("SelectionError")<{
  readonly reason: "Syntax" | "UnknownAsset" | "NoMatch"
  readonly term: string
  readonly message: string
}> {}

const AND_WORDS: ReadonlySet<string> = new Set(["&", "and"])

const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

const syntax = (term: string, message: string) => new SelectionError({ reason: "Syntax", term, message })

const atomOf = (text: string, whole: string): Result.Result<Atom, SelectionError> => {
  if (text === "*") return Result.succeed({ _tag: "All" })
  if (text.startsWith("layer:")) {
    const layer = text.slice("layer:".length)
    return Layer.isLayer(layer)
      ? Result.succeed({ _tag: "Layer", layer })
      : Result.fail(syntax(whole, `Unknown layer ${JSON.stringify(layer)} in ${JSON.stringify(whole)}: use one of ${Layer.all.join(", ")}.`))
  }
  if (text.startsWith("tag:")) {
    const [name = "", value] = text.slice("tag:".length).split("=", 2)
    if (!TAG_PATTERN.test(name) || (value !== undefined && value.length === 0)) {
      return Result.fail(syntax(whole, `Bad tag term ${JSON.stringify(whole)}: write tag:name or tag:name=value.`))
    }
    return Result.succeed(value === undefined ? { _tag: "Tag", name } : { _tag: "Tag", name, value })
  }
  const isPrefix = text.endsWith("/*")
  const key = isPrefix ? text.slice(0, -2) : text
  const parsed = Key.parse(key)
  if (Result.isFailure(parsed)) return Result.fail(syntax(whole, `Bad term ${JSON.stringify(whole)}: ${parsed.failure.message}`))
  return Result.succeed(isPrefix ? { _tag: "Prefix", prefix: key } : { _tag: "Key", key })
}

const termOf = (text: string): Result.Result<Term, SelectionError> => {
  const upstream = text.startsWith("+")
  const downstream = text.length > 1 && text.endsWith("+")
  const inner = text.slice(upstream ? 1 : 0, downstream ? -1 : undefined)
  if (inner.length === 0) return Result.fail(syntax(text, `Bad term ${JSON.stringify(text)}: a "+" needs an asset, e.g. +gold/annotated.`))
  const atom = atomOf(inner, text)
  return Result.isFailure(atom) ? Result.fail(atom.failure) : Result.succeed({ text, atom: atom.success, upstream, downstream })
}

/**
 * Parses a selection; fails with a `SelectionError` (reason `Syntax`) naming the bad term.
 *
 * @example
 * Selection.parse("+annotated layer:gold & tag:nlp")
 */
export const parse = (text: string): Result.Result<Selection, SelectionError> => {
  const tokens = text.replaceAll("&", " & ").split(/[\s,]+/).filter((token) => token.length > 0)
  if (tokens.length === 0) return Result.fail(syntax(text, "The selection is empty: name assets, or use * for all of them."))
  const clauses: Array<Array<Term>> = []
  let pendingAnd = true
  let current: Array<Term> = []
  for (const token of tokens) {
    if (AND_WORDS.has(token)) {
      if (pendingAnd) return Result.fail(syntax(token, `"${token}" must stand between two terms, as in "layer:silver & tag:nlp".`))
      pendingAnd = true
      continue
    }
    const term = termOf(token)
    if (Result.isFailure(term)) return Result.fail(term.failure)
    if (!pendingAnd) {
      clauses.push(current)
      current = []
    }
    current.push(term.success)
    pendingAnd = false
  }
  if (pendingAnd) return Result.fail(syntax(text, `The selection ${JSON.stringify(text)} ends with "and"/"&": add the term it joins.`))
  clauses.push(current)
  return Result.succeed({ text, clauses })
}

/** A selection of exactly these keys (no expansion). */
export const keys = (selected: ReadonlyArray<AssetKey>): Selection => ({
  text: selected.join(" "),
  clauses: selected.map((key) => [{ text: key, atom: { _tag: "Key", key }, upstream: false, downstream: false }])
})

/** Every asset. */
export const all: Selection = { text: "*", clauses: [[{ text: "*", atom: { _tag: "All" }, upstream: false, downstream: false }]] }

const matchAtom = (graph: AssetGraph.AssetGraph, term: Term): Result.Result<ReadonlySet<AssetKey>, SelectionError> => {
  const atom = term.atom
  const matching = (predicate: (key: AssetKey) => boolean) => new Set(graph.order.filter(predicate))
  switch (atom._tag) {
    case "All":
      return Result.succeed(new Set(graph.order))
    case "Key": {
      if (graph.definitions.has(atom.key as AssetKey)) return Result.succeed(new Set([atom.key as AssetKey]))
      const close = AssetGraph.suggest(atom.key, graph.order)
      const hint = close.length === 0 ? " Run `strata catalog` to list the assets." : ` Did you mean ${close.slice(0, 3).join(" or ")}?`
      return Result.fail(new SelectionError({ reason: "UnknownAsset", term: term.text, message: `No asset ${atom.key}.${hint}` }))
    }
    case "Prefix": {
      const found = matching((key) => Key.isUnder(key, atom.prefix) && key !== atom.prefix)
      return found.size > 0
        ? Result.succeed(found)
        : Result.fail(new SelectionError({ reason: "NoMatch", term: term.text, message: `No asset under ${atom.prefix}/. Check the prefix.` }))
    }
    case "Layer":
      return Result.succeed(matching((key) => graph.definitions.get(key)?.spec.layer === atom.layer))
    case "Tag": {
      const found = matching((key) => {
        const tags = graph.definitions.get(key)?.spec.tags ?? {}
        return Object.hasOwn(tags, atom.name) && (atom.value === undefined || tags[atom.name] === atom.value)
      })
      return found.size > 0
        ? Result.succeed(found)
        : Result.fail(new SelectionError({ reason: "NoMatch", term: term.text, message: `No asset has tag ${atom.name}${atom.value === undefined ? "" : `=${atom.value}`}. Check the tag name and value.` }))
    }
  }
}

/**
 * The keys a selection picks in a graph, in topological order; fails with a `SelectionError`
 * naming the unknown asset (with suggestions) or the term matching nothing.
 */
export const resolve = (graph: AssetGraph.AssetGraph, selection: Selection): Result.Result<ReadonlyArray<AssetKey>, SelectionError> => {
  const chosen = new Set<AssetKey>()
  for (const clause of selection.clauses) {
    let clauseKeys: Set<AssetKey> | undefined
    for (const term of clause) {
      const matched = matchAtom(graph, term)
      if (Result.isFailure(matched)) return Result.fail(matched.failure)
      const expanded = new Set(matched.success)
      if (term.upstream) for (const key of AssetGraph.upstreamOf(graph, matched.success)) expanded.add(key)
      if (term.downstream) for (const key of AssetGraph.downstreamOf(graph, matched.success)) expanded.add(key)
      clauseKeys = clauseKeys === undefined ? expanded : new Set([...clauseKeys].filter((key) => expanded.has(key)))
    }
    for (const key of clauseKeys ?? []) chosen.add(key)
  }
  return Result.succeed(AssetGraph.toposort(graph, chosen))
}
