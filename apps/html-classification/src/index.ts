/** The example pipeline: crawl -> bronze -> silver -> gold -> model -> post-train, its crawl generator and its demo. */
export * from "./crawl/CrawlGenerator.ts"
export { makeDefinitions } from "./definitions.ts"
export { demoDates, ensureLanding, summarize, DEMO_START, DEMO_DAYS, DEMO_SEED, groundTruthKey } from "./Demo.ts"
