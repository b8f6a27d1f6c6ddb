/** The example pipeline: crawl -> bronze -> silver -> gold -> model -> post-train. */
export {}
