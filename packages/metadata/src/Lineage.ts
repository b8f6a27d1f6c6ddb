/**
 * Lineage walks: from one partition's sidecar, upstream through every `data_source` entry to
 * the sources, as a tree; rendered as text, JSON, Mermaid or Graphviz dot. A partition without
 * a sidecar and a cycle are marked, never followed forever; a partition whose data changed
 * since it was read (its SHA-1 differs from the one recorded downstream) is marked too. A
 * partition of a source asset (observed, never materialized: it has no sidecar) is shown with
 * the URI and SHA-1 its reader recorded.
 *
 * @example
 * ```ts
 * const tree = yield* Lineage.walk(readSidecar, "preprocess/html-parsing", "2021-09-02")
 * console.log(Lineage.render(tree, "text"))
 * ```
 */
import { Effect, Option } from "effect"
import type { ExternalSource, Layer, Sidecar } from "./Sidecar.ts"

/** Reads the committed sidecar of an asset-partition, if there is one. */
export type ReadSidecar<E = never, R = never> = (asset: string, partition: string) => Effect.Effect<Option.Option<Sidecar>, E, R>

/**
 * - `ok`: the sidecar was read;
 * - `missing`: no sidecar (never materialized, or deleted);
 * - `cycle`: the partition is its own ancestor (a corrupted or hand-edited sidecar);
 * - `changed`: read, but its SHA-1 differs from the one recorded by the partition below it;
 * - `source`: a source asset's partition (no sidecar by design), with what its reader recorded.
 */
export type NodeStatus = "ok" | "missing" | "cycle" | "changed" | "source"

/** An asset-partition in the tree. */
export interface PartitionNode {
  readonly kind: "partition"
  readonly asset: string
  readonly partition: string
  readonly status: NodeStatus
  /** From its sidecar, when read (`uri` and `sha1` of a source: what its reader recorded). */
  readonly layer?: Layer
  readonly uri?: string
  readonly sha1?: string
  readonly createdAt?: string
  readonly codeVersion?: string
  /** The SHA-1 recorded by the partition below, when it differs from {@link sha1}. */
  readonly recordedSha1?: string
  /** Its own sources (empty for a missing partition or a cycle). */
  readonly upstream: ReadonlyArray<LineageNode>
}

/** A source outside Strata. */
export interface ExternalNode {
  readonly kind: "external"
  readonly name: string
  readonly uri: string
  readonly description?: string
}

/** A node of the lineage tree. */
export type LineageNode = PartitionNode | ExternalNode

/** The lineage of one partition: its node, with every source above it. */
export type LineageTree = PartitionNode

/** Output formats of {@link render}. */
export type Format = "text" | "json" | "mermaid" | "dot"

/** Default deepest level walked (a guard against pathological graphs, far beyond real pipelines). */
export const DEFAULT_MAX_DEPTH = 64

/** Options of {@link walk}. */
export interface WalkOptions {
  /** Deepest level followed; deeper partitions are shown without their sources. */
  readonly maxDepth?: number
  /** Whether an asset is a source asset (its partitions have no sidecar to read); none is by default. */
  readonly isSource?: (asset: string) => boolean
}

/** What the partition below recorded of the one it read (its `data_source` entry). */
interface Recorded {
  readonly uri: string
  readonly sha1: string
}

const externalNode = (source: ExternalSource): ExternalNode => ({
  kind: "external",
  name: source.name,
  uri: source.uri,
  ...(source.description === undefined ? {} : { description: source.description })
})

/**
 * Walks upstream from `asset@partition`. Each sidecar is read once (a diamond reuses the
 * subtree read first); the walk fails only if `readSidecar` fails.
 */
export const walk = <E, R>(
  readSidecar: ReadSidecar<E, R>,
  asset: string,
  partition: string,
  options: WalkOptions = {}
): Effect.Effect<LineageTree, E, R> => {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  const isSource = options.isSource ?? (() => false)
  const cache = new Map<string, Option.Option<Sidecar>>()
  const read = (key: string, a: string, p: string) => {
    const cached = cache.get(key)
    return cached !== undefined
      ? Effect.succeed(cached)
      : Effect.tap(readSidecar(a, p), (sidecar) => Effect.sync(() => cache.set(key, sidecar)))
  }
  const visit = (
    a: string,
    p: string,
    recorded: Recorded | undefined,
    ancestors: ReadonlySet<string>
  ): Effect.Effect<PartitionNode, E, R> => {
    const key = `${a}@${p}`
    if (ancestors.has(key)) return Effect.succeed({ kind: "partition", asset: a, partition: p, status: "cycle", upstream: [] })
    if (isSource(a)) return Effect.succeed({ kind: "partition", asset: a, partition: p, status: "source", ...recorded, upstream: [] })
    return Effect.gen(function* () {
      const found = yield* read(key, a, p)
      if (Option.isNone(found)) {
        return { kind: "partition", asset: a, partition: p, status: "missing", upstream: [] } satisfies PartitionNode
      }
      const sidecar = found.value
      const below = new Set(ancestors).add(key)
      const upstream: Array<LineageNode> = []
      if (below.size <= maxDepth) {
        for (const source of sidecar.dataSource) {
          upstream.push(
            source.kind === "external" ? externalNode(source) : yield* visit(source.asset, source.partition, { uri: source.uri, sha1: source.sha1 }, below)
          )
        }
      }
      const recordedSha1 = recorded?.sha1
      const changed = recordedSha1 !== undefined && recordedSha1 !== sidecar.sha1
      return {
        kind: "partition",
        asset: a,
        partition: p,
        status: changed ? "changed" : "ok",
        layer: sidecar.layer,
        uri: sidecar.uri,
        sha1: sidecar.sha1,
        createdAt: sidecar.createdAt,
        codeVersion: sidecar.codeVersion,
        ...(changed ? { recordedSha1 } : {}),
        upstream
      } satisfies PartitionNode
    })
  }
  return visit(asset, partition, undefined, new Set())
}

/** Characters of a SHA-1 shown in text renderings. */
const SHORT_SHA1 = 10

/** The one-line label of a node in text form. */
const textLabel = (node: LineageNode): string => {
  if (node.kind === "external") return `external: ${node.name} (${node.uri})`
  const name = `${node.asset}@${node.partition}`
  switch (node.status) {
    case "missing":
      return `${name}  [missing sidecar]`
    case "cycle":
      return `${name}  [cycle: already above]`
    case "source":
      return `${name}  source${node.sha1 === undefined ? "" : `  sha1 ${node.sha1.slice(0, SHORT_SHA1)}`}${node.uri === undefined ? "" : `  ${node.uri}`}`
    default: {
      const facts = [node.layer, node.sha1 === undefined ? undefined : `sha1 ${node.sha1.slice(0, SHORT_SHA1)}`, node.createdAt]
        .filter((fact) => fact !== undefined)
        .join("  ")
      const changed =
        node.status === "changed" ? `  [changed since read: recorded sha1 ${node.recordedSha1?.slice(0, SHORT_SHA1)}]` : ""
      return `${name}  ${facts}${changed}`
    }
  }
}

const renderText = (tree: LineageTree): string => {
  const lines = [textLabel(tree)]
  const walkChildren = (node: LineageNode, prefix: string) => {
    if (node.kind === "external") return
    node.upstream.forEach((child, i) => {
      const last = i === node.upstream.length - 1
      lines.push(`${prefix}${last ? "└── " : "├── "}${textLabel(child)}`)
      walkChildren(child, `${prefix}${last ? "    " : "│   "}`)
    })
  }
  walkChildren(tree, "")
  return lines.join("\n")
}

/** A graph of distinct nodes and "feeds" edges (source → consumer), for Mermaid and dot. */
const toGraph = (tree: LineageTree) => {
  const ids = new Map<string, { readonly id: string; readonly node: LineageNode }>()
  const edges = new Set<string>()
  const edgeList: Array<readonly [string, string]> = []
  const keyOf = (node: LineageNode) => (node.kind === "external" ? `external:${node.name}:${node.uri}` : `${node.asset}@${node.partition}`)
  const idOf = (node: LineageNode) => {
    const key = keyOf(node)
    const existing = ids.get(key)
    if (existing !== undefined) {
      if (existing.node.kind === "partition" && existing.node.status === "cycle") ids.set(key, { id: existing.id, node })
      return existing.id
    }
    const id = `n${ids.size}`
    ids.set(key, { id, node })
    return id
  }
  const visit = (node: LineageNode) => {
    const id = idOf(node)
    if (node.kind === "external") return
    for (const child of node.upstream) {
      const childId = idOf(child)
      const edge = `${childId}->${id}`
      if (!edges.has(edge)) {
        edges.add(edge)
        edgeList.push([childId, id])
      }
      visit(child)
    }
  }
  visit(tree)
  return { nodes: [...ids.values()], edges: edgeList }
}

/** The short label of a node in a diagram. */
const diagramLabel = (node: LineageNode): string => {
  if (node.kind === "external") return `${node.name} (external)`
  const marker = node.status === "ok" ? "" : ` [${node.status === "missing" ? "missing sidecar" : node.status}]`
  return `${node.asset}@${node.partition}${node.layer === undefined ? "" : ` (${node.layer})`}${marker}`
}

const renderMermaid = (tree: LineageTree): string => {
  const { nodes, edges } = toGraph(tree)
  const escape = (text: string) => text.replace(/"/g, "#quot;")
  return [
    "flowchart LR",
    ...nodes.map(({ id, node }) => `  ${id}["${escape(diagramLabel(node))}"]`),
    ...edges.map(([from, to]) => `  ${from} --> ${to}`)
  ].join("\n")
}

const renderDot = (tree: LineageTree): string => {
  const { nodes, edges } = toGraph(tree)
  const escape = (text: string) => text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')
  const style = (node: LineageNode) =>
    node.kind === "external" ? ", shape=ellipse" : node.status === "source" ? ", shape=cylinder" : node.status === "ok" ? "" : ", style=dashed, color=red"
  return [
    "digraph lineage {",
    "  rankdir=LR;",
    "  node [shape=box];",
    ...nodes.map(({ id, node }) => `  ${id} [label="${escape(diagramLabel(node))}"${style(node)}];`),
    ...edges.map(([from, to]) => `  ${from} -> ${to};`),
    "}"
  ].join("\n")
}

/** Renders a lineage tree: an indented tree (`text`), `json`, a Mermaid flowchart or a Graphviz digraph (`dot`). */
export const render = (tree: LineageTree, format: Format): string => {
  switch (format) {
    case "text":
      return renderText(tree)
    case "json":
      return JSON.stringify(tree, null, 2)
    case "mermaid":
      return renderMermaid(tree)
    case "dot":
      return renderDot(tree)
  }
}
