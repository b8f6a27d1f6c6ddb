/** URL normalization, deduplication and main-content extraction from HTML (cheerio). Usable alone. */
export * from "./TrackingParams.ts"
export * from "./UrlNormalization.ts"
export * from "./MinHash.ts"
export * from "./Dedup.ts"
export * from "./Extraction.ts"
export * from "./HtmlStream.ts"
export { detectLanguage, type LanguageSource } from "./extract/Language.ts"
export { stripSiteName } from "./extract/Title.ts"
