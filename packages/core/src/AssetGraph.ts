/**
 * The asset graph: definitions indexed by key, validated (no duplicate, no unknown
 * dependency, no cycle, every mapping fits its partitions), with a deterministic topological
 * order (ties on key text) and walks up and down.
 *
 * @example
 * const graph = yield* AssetGraph.make([landing, raw, parsing])
 * AssetGraph.upstreamOf(graph, [parsing.spec.key]) // Set { "landing", "raw/html-documents" }
 */
import { Effect, Result } from "effect"
import type { AssetDefinition } from "./AssetDefinition.ts"
import type { AssetKey } from "./AssetKey.ts"
import type { AssetSpec } from "./AssetSpec.ts"
import { problemOf } from "./AssetSpec.ts"
import { DefinitionError } from "./DefinitionError.ts"
import type { MappedKeys } from "./PartitionMapping.ts"
import type { PartitionContext } from "./Partitions.ts"

/** A validated graph. */
export interface AssetGraph {
  /** Definitions by key. */
  readonly definitions: ReadonlyMap<AssetKey, AssetDefinition>
  /** Every key, upstream before downstream, ties broken on key text. */
  readonly order: ReadonlyArray<AssetKey>
  /** Position of each key in `order`. */
  readonly rank: ReadonlyMap<AssetKey, number>
  /** Direct upstream keys of each asset, sorted. */
  readonly parents: ReadonlyMap<AssetKey, ReadonlyArray<AssetKey>>
  /** Direct downstream keys of each asset, sorted. */
  readonly children: ReadonlyMap<AssetKey, ReadonlyArray<AssetKey>>
}

/** Edit distance at most which a known key is offered as "did you mean". */
const SUGGESTION_DISTANCE = 3

const distance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/** The known keys closest to an unknown one, for "did you mean" hints (empty when none is close). */
export const suggest = (unknown: string, known: Iterable<string>): ReadonlyArray<string> =>
  [...known]
    .map((key) => ({ key, d: distance(unknown, key) }))
    .filter(({ d, key }) => d <= SUGGESTION_DISTANCE || key.endsWith(`/${unknown}`))
    .sort((a, b) => a.d - b.d || (a.key < b.key ? -1 : 1))
    .map(({ key }) => key)

const hint = (unknown: string, known: Iterable<string>): string => {
  const close = suggest(unknown, known)
  return close.length === 0 ? "" : ` Did you mean ${close.slice(0, 3).join(" or ")}?`
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Finds a cycle by depth-first search in key order: each key depends on the next, the first repeated last. */
const findCycle = (keys: ReadonlyArray<AssetKey>, parents: ReadonlyMap<AssetKey, ReadonlyArray<AssetKey>>): ReadonlyArray<AssetKey> | undefined => {
  const state = new Map<AssetKey, "visiting" | "done">()
  const stack: Array<AssetKey> = []
  const visit = (key: AssetKey): ReadonlyArray<AssetKey> | undefined => {
    const seen = state.get(key)
    if (seen === "done") return undefined
    if (seen === "visiting") return [...stack.slice(stack.indexOf(key)), key]
    state.set(key, "visiting")
    stack.push(key)
    for (const parent of parents.get(key) ?? []) {
      const cycle = visit(parent)
      if (cycle !== undefined) return cycle
    }
    stack.pop()
    state.set(key, "done")
    return undefined
  }
  for (const key of keys) {
    const cycle = visit(key)
    if (cycle !== undefined) return cycle
  }
  return undefined
}

const topologicalOrder = (
  keys: ReadonlyArray<AssetKey>,
  parents: ReadonlyMap<AssetKey, ReadonlyArray<AssetKey>>,
  children: ReadonlyMap<AssetKey, ReadonlyArray<AssetKey>>
): ReadonlyArray<AssetKey> => {
  const waiting = new Map(keys.map((key) => [key, (parents.get(key) ?? []).length]))
  const ready = keys.filter((key) => waiting.get(key) === 0)
  const order: Array<AssetKey> = []
  while (ready.length > 0) {
    ready.sort((a, b) => compareText(b, a))
    const next = ready.pop() as AssetKey
    order.push(next)
    for (const child of children.get(next) ?? []) {
      const left = (waiting.get(child) ?? 0) - 1
      waiting.set(child, left)
      if (left === 0) ready.push(child)
    }
  }
  return order
}

/**
 * Validates definitions into a graph, or fails with the first `DefinitionError` in key order:
 * invalid spec, duplicate key, unknown dependency, cycle (with its path), misfit mapping.
 */
export const validate = (definitions: ReadonlyArray<AssetDefinition>): Result.Result<AssetGraph, DefinitionError> => {
  const byKey = new Map<AssetKey, AssetDefinition>()
  for (const definition of definitions) {
    const problem = problemOf(definition.spec)
    if (problem !== undefined) return Result.fail(problem)
    const key = definition.spec.key
    if (byKey.has(key)) {
      return Result.fail(new DefinitionError({ reason: "DuplicateKey", asset: key, message: `Asset ${key} is defined twice; give one of the definitions another key.` }))
    }
    byKey.set(key, definition)
  }
  const keys = [...byKey.keys()].sort(compareText)
  const parents = new Map<AssetKey, ReadonlyArray<AssetKey>>()
  const children = new Map<AssetKey, Array<AssetKey>>(keys.map((key) => [key, []]))
  for (const key of keys) {
    const spec = (byKey.get(key) as AssetDefinition).spec
    for (const dep of spec.deps) {
      if (!byKey.has(dep.asset)) {
        return Result.fail(
          new DefinitionError({
            reason: "UnknownDependency",
            asset: key,
            path: [key, dep.asset],
            message: `Asset ${key} depends on ${dep.asset}, which is not defined.${hint(dep.asset, keys)} Define it or fix the dependency.`
          })
        )
      }
    }
    const direct = [...new Set(spec.deps.map((dep) => dep.asset))].sort(compareText)
    parents.set(key, direct)
    for (const parent of direct) children.get(parent)?.push(key)
  }
  const cycle = findCycle(keys, parents)
  if (cycle !== undefined) {
    return Result.fail(
      new DefinitionError({
        reason: "Cycle",
        asset: cycle[0] ?? "",
        path: cycle,
        message: `Assets form a cycle: ${cycle.join(" -> ")} (each depends on the next). Remove one of these dependencies.`
      })
    )
  }
  for (const key of keys) {
    const spec = (byKey.get(key) as AssetDefinition).spec
    for (const dep of spec.deps) {
      const upstream = (byKey.get(dep.asset) as AssetDefinition).spec
      const misfit = dep.mapping.misfit(spec.partitions, upstream.partitions)
      if (misfit !== undefined) {
        return Result.fail(
          new DefinitionError({
            reason: "MappingMismatch",
            asset: key,
            path: [key, dep.asset],
            message: `Asset ${key} reads ${dep.asset} with a ${dep.mapping.kind} mapping that does not fit: ${misfit}.`
          })
        )
      }
    }
  }
  for (const list of children.values()) list.sort(compareText)
  const order = topologicalOrder(keys, parents, children)
  return Result.succeed({
    definitions: byKey,
    order,
    rank: new Map(order.map((key, i) => [key, i])),
    parents,
    children
  })
}

/** {@link validate} as an Effect failing with `DefinitionError`. */
export const make = (definitions: ReadonlyArray<AssetDefinition>): Effect.Effect<AssetGraph, DefinitionError> =>
  Effect.suspend(() => Effect.fromResult(validate(definitions)))

/** The spec of a key in the graph (`undefined` when absent). */
export const spec = (graph: AssetGraph, key: string): AssetSpec | undefined => graph.definitions.get(key as AssetKey)?.spec

/** The given keys in topological order. */
export const toposort = (graph: AssetGraph, keys: Iterable<AssetKey>): ReadonlyArray<AssetKey> =>
  [...new Set(keys)].sort((a, b) => (graph.rank.get(a) ?? 0) - (graph.rank.get(b) ?? 0))

const walk = (start: Iterable<AssetKey>, next: ReadonlyMap<AssetKey, ReadonlyArray<AssetKey>>): ReadonlySet<AssetKey> => {
  const seen = new Set<AssetKey>()
  const queue = [...start]
  while (queue.length > 0) {
    const key = queue.pop() as AssetKey
    for (const other of next.get(key) ?? []) {
      if (!seen.has(other)) {
        seen.add(other)
        queue.push(other)
      }
    }
  }
  return seen
}

/** Every asset the given ones depend on, transitively (the given ones excluded unless upstream of another). */
export const upstreamOf = (graph: AssetGraph, keys: Iterable<AssetKey>): ReadonlySet<AssetKey> => walk(keys, graph.parents)

/** Every asset depending on the given ones, transitively. */
export const downstreamOf = (graph: AssetGraph, keys: Iterable<AssetKey>): ReadonlySet<AssetKey> => walk(keys, graph.children)

/** The upstream partitions one partition reads, per dependency. */
export interface PartitionDependency extends MappedKeys {
  /** The upstream asset. */
  readonly asset: AssetKey
  /** The mapping in words. */
  readonly mapping: string
}

/** Upstream partitions read by `partition` of `asset`, per dependency (missing keys included). */
export const upstreamPartitions = (graph: AssetGraph, asset: AssetKey, partition: string, ctx: PartitionContext): ReadonlyArray<PartitionDependency> => {
  const own = graph.definitions.get(asset)?.spec
  if (own === undefined) return []
  return own.deps.map((dep) => ({
    asset: dep.asset,
    mapping: dep.mapping.describe(),
    ...dep.mapping.upstream(partition, own.partitions, graph.definitions.get(dep.asset)?.spec.partitions, ctx)
  }))
}

/** Downstream partitions reading `partition` of `asset`, per direct downstream asset and dependency. */
export const downstreamPartitions = (graph: AssetGraph, asset: AssetKey, partition: string, ctx: PartitionContext): ReadonlyArray<PartitionDependency> => {
  const upstreamDef = graph.definitions.get(asset)?.spec.partitions
  return (graph.children.get(asset) ?? []).flatMap((child) => {
    const childSpec = graph.definitions.get(child)?.spec
    if (childSpec === undefined) return []
    return childSpec.deps
      .filter((dep) => dep.asset === asset)
      .map((dep) => ({
        asset: child,
        mapping: dep.mapping.describe(),
        ...dep.mapping.downstream(partition, childSpec.partitions, upstreamDef, ctx)
      }))
  })
}
