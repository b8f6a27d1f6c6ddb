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
 * Writes the card of every asset this run committed to, and of every materialized asset with
 * committed partitions but no card (a run killed between its last commit and its cards leaves
 * none, and the re-run has nothing to commit): its most recent {@link CARD_PARTITIONS}
 * partitions (those committed before the run, from the observations, and those it committed),
 * reading only the sidecars the run does not already hold. One write per asset; one existence
 * check per asset the run did not commit to.
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
    const assets = new Set(committed.map((sidecar) => sidecar.asset))
    for (const asset of new Set(observed.map((observation) => observation.asset))) {
      if (assets.has(asset) || definitions.get(asset)?.spec.kind === "source") continue
      if (Option.isNone(yield* store.head(cardKey(project, asset)))) assets.add(asset)
    }
    for (const asset of assets) {
      const spec = definitions.get(asset)?.spec
      if (spec === undefined || spec.kind === "source") continue
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
