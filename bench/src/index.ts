/** Benchmarks (pnpm bench): speed and memory figures for every issue's targets. */
export {}
