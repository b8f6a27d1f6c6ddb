/**
 * Dataset cards: a `README.md` at each asset's prefix, generated from the sidecars of its
 * partitions, so that someone browsing the bucket understands the data without downloading it.
 */
import type { AssetDefinition, Observation } from "@strata/core"
import { DatasetCard, type Sidecar } from "@strata/metadata"
import { BlobStore, type BlobStoreError } from "@strata/storage"
import { Effect, Option } from "effect"

/** Partitions a card lists (the most recent by key); older ones stay described by their sidecars. */
export const CARD_PARTITIONS = 50

/** The key of an asset's card. */
export const cardKey = (project: string, asset: string): string => `${project}/${asset}/README.md`

/**
 * Writes the card of every asset this run committed to: its most recent {@link CARD_PARTITIONS}
 * partitions (those committed before the run, from the observations, and those it committed),
 * reading only the sidecars the run does not already hold. One write per asset.
 */
export const writeCards = <E, R>(
  project: string,
  definitions: ReadonlyMap<string, AssetDefinition.AssetDefinition>,
  committed: ReadonlyArray<Sidecar.Sidecar>,
  observed: ReadonlyArray<Observation.Observation>,
  read: (asset: string, partition: string) => Effect.Effect<Option.Option<Sidecar.Sidecar>, E, R>
): Effect.Effect<void, BlobStoreError | E, BlobStore | R> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const held = new Map(committed.map((sidecar) => [`${sidecar.asset}@${sidecar.partition}`, sidecar]))
    for (const asset of new Set(committed.map((sidecar) => sidecar.asset))) {
      const spec = definitions.get(asset)?.spec
      if (spec === undefined) continue
      const keys = new Set(observed.filter((o) => o.asset === asset).map((o) => o.partition))
      for (const sidecar of committed) if (sidecar.asset === asset) keys.add(sidecar.partition)
      const recent = [...keys].sort().slice(-CARD_PARTITIONS)
      const sidecars: Array<Sidecar.Sidecar> = []
      for (const partition of recent) {
        const sidecar = held.get(`${asset}@${partition}`) ?? Option.getOrUndefined(yield* read(asset, partition))
        if (sidecar !== undefined) sidecars.push(sidecar)
      }
      const card = DatasetCard.render(
        { asset, layer: spec.layer, description: spec.description, columns: spec.columns, codeVersion: spec.codeVersion, owners: spec.owners, tags: spec.tags },
        sidecars
      )
      yield* store.put(cardKey(project, asset), new TextEncoder().encode(card))
    }
  })
