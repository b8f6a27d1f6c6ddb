/** URL normalization, deduplication and main-content extraction from HTML (cheerio). Usable alone. */
export {}
