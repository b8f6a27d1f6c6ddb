/**
 * Dataset cards: a `README.md` at each asset's prefix, generated from the sidecars of its
 * partitions, so that someone browsing the bucket understands the data without downloading it.
 */
import type { AssetDefinition } from "@strata/core"
import { DatasetCard, type Sidecar } from "@strata/metadata"
import { BlobStore, type BlobStoreError } from "@strata/storage"
import { Effect } from "effect"

/** Partitions a card lists (the most recent by key); older ones stay described by their sidecars. */
export const CARD_PARTITIONS = 50

/** The key of an asset's card. */
export const cardKey = (project: string, asset: string): string => `${project}/${asset}/README.md`

/** Writes the card of each asset from the sidecars committed for it (one write per asset). */
export const writeCards = (
  project: string,
  definitions: ReadonlyMap<string, AssetDefinition.AssetDefinition>,
  sidecars: ReadonlyArray<Sidecar.Sidecar>
): Effect.Effect<void, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const byAsset = new Map<string, Array<Sidecar.Sidecar>>()
    for (const sidecar of sidecars) {
      const list = byAsset.get(sidecar.asset) ?? []
      list.push(sidecar)
      byAsset.set(sidecar.asset, list)
    }
    for (const [asset, list] of byAsset) {
      const spec = definitions.get(asset)?.spec
      if (spec === undefined) continue
      const recent = [...list].sort((a, b) => a.partition.localeCompare(b.partition)).slice(-CARD_PARTITIONS)
      const card = DatasetCard.render(
        { asset, layer: spec.layer, description: spec.description, columns: spec.columns, codeVersion: spec.codeVersion, owners: spec.owners, tags: spec.tags },
        recent
      )
      yield* store.put(cardKey(project, asset), new TextEncoder().encode(card))
    }
  })
