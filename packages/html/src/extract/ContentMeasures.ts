/**
 * The measures of content that the extraction's stages share: how much text makes a result
 * (below it the next, less strict attempt runs), how long a paragraph must be to score, and the
 * link densities below which text is prose and a container may be widened over it. Pruning,
 * item lists, cleaning and the candidates' scoring (Content.ts) all read them.
 */

/** Text shorter than this (characters) after an attempt triggers the next, less strict attempt. */
export const minContentChars = 500

/** A paragraph shorter than this (characters) adds nothing to its ancestors' scores. */
export const minScoredParagraphChars = 25

/** Containers are widened to ancestors whose text outside them has a link density below this. */
export const maxWideningLinkDensity = 0.35

/** A block's own text counts as prose from this length (characters)... */
export const minProseParagraphChars = 80

/** ...and below this link density. */
export const maxProseLinkDensity = 0.3
