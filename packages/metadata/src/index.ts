/** The metadata sidecar: schema, one-pass profile, SHA1, checks, catalog and lineage walks. */
export {}
