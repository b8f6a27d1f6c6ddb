/**
 * Money as integer micro-dollars (1 USD = 1,000,000 µUSD), so that budgets add up to the cent
 * without floating-point drift. Dollars appear only at the edges (configuration, stats).
 */

/** Micro-dollars in one US dollar. */
export const MICROS_PER_USD = 1_000_000

/** Pico-dollars in one micro-dollar: token prices are kept in pico-dollars per token to stay exact. */
const PICOS_PER_MICRO = 1_000_000

/** An amount of money in integer micro-dollars. */
export type MicroUsd = number

/** Converts dollars to micro-dollars, rounding to the nearest micro-dollar. */
export const fromUsd = (usd: number): MicroUsd => Math.round(usd * MICROS_PER_USD)

/** Converts micro-dollars to dollars (for display and stats only). */
export const toUsd = (micros: MicroUsd): number => micros / MICROS_PER_USD

/**
 * A token price given in USD per million tokens, as integer pico-dollars per token
 * (USD per 1M tokens equals µUSD per token, times 10^6 gives pUSD per token).
 */
export const picosPerToken = (usdPerMillionTokens: number): number => Math.round(usdPerMillionTokens * PICOS_PER_MICRO)

/** Token counts and their prices in pico-dollars per token (see {@link picosPerToken}). */
export interface TokenUsage {
  /** Prompt (input) tokens. */
  readonly inputTokens: number
  /** Completion (output) tokens. */
  readonly outputTokens: number
  /** Price of one input token in pico-dollars. */
  readonly inputPicos: number
  /** Price of one output token in pico-dollars. */
  readonly outputPicos: number
}

/** The cost of a call's tokens, computed exactly in pico-dollars and rounded up once to the next micro-dollar. */
export const tokenCost = (usage: TokenUsage): MicroUsd =>
  Math.ceil((usage.inputTokens * usage.inputPicos + usage.outputTokens * usage.outputPicos) / PICOS_PER_MICRO)

/**
 * Splits `total` micro-dollars over `parts` shares that differ by at most one micro-dollar and
 * add up to `total` exactly (the first `total mod parts` shares get the extra micro-dollar).
 */
export const split = (total: MicroUsd, parts: number): ReadonlyArray<MicroUsd> => {
  if (parts <= 0) return []
  const base = Math.floor(total / parts)
  const extra = total - base * parts
  return Array.from({ length: parts }, (_, index) => base + (index < extra ? 1 : 0))
}
