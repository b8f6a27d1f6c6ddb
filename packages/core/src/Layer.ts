/** The medallion layers an asset belongs to. */

/** A layer: `source` (observed, not produced), `bronze` raw, `silver` cleaned, `gold` curated, `model`, `post-train`. */
export type Layer = "source" | "bronze" | "silver" | "gold" | "model" | "post-train"

/** Every layer, upstream first. */
export const all: ReadonlyArray<Layer> = ["source", "bronze", "silver", "gold", "model", "post-train"]

/** Whether a string names a layer. */
export const isLayer = (text: string): text is Layer => (all as ReadonlyArray<string>).includes(text)
