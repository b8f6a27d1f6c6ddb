/** Annotation client: providers, a cache that never pays twice, a budget, retries; an offline weak-supervision labeler. Usable alone. */
export {}
