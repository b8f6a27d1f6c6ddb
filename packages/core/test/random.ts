/** The seeded PRNG of property-style tests: the source's (same seed, same sequence). */
export { make as random, type Random } from "../src/Random.ts"
