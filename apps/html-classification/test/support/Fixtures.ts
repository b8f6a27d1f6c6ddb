/** Hand-made crawler records and pages for the asset tests. */
import type { AnnotatedDocument } from "../../src/assets/Annotated.ts"
import * as Settings from "../../src/Settings.ts"

/** Default settings. */
export const settings = Settings.fromConfig({})

/** A crawler record. */
export const record = (url: string, fetchedAt: string, html: string) => ({
  url,
  fetched_at: fetchedAt,
  status: 200,
  content_type: "text/html; charset=utf-8",
  html
})

/** An article page with boilerplate around its paragraphs. */
export const page = (options: { readonly title: string; readonly paragraphs: ReadonlyArray<string>; readonly canonical?: string; readonly author?: string }) =>
  [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${options.title} | Example</title>`,
    options.canonical === undefined ? "" : `<link rel="canonical" href="${options.canonical}">`,
    options.author === undefined ? "" : `<meta name="author" content="${options.author}">`,
    `<meta name="description" content="About ${options.title}"><script>var tracking = 1;</script><style>p{}</style></head><body>`,
    `<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sports">Sports</a></nav>`,
    `<div class="cookie-banner">We use cookies. <button>Accept</button></div>`,
    `<article><h1>${options.title}</h1>${options.paragraphs.map((p) => `<p>${p}</p>`).join("")}</article>`,
    `<footer>© Example Media. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>`
  ].join("")

/** A long paragraph about a topic (enough words for near-duplicate detection). */
export const story = (topic: string, extra = ""): ReadonlyArray<string> => [
  `The ${topic} committee met on Tuesday, and its members discussed the budget, the schedule and the hiring of new staff for the coming season, which had been delayed twice.`,
  `Several members argued that the ${topic} program needed more money, while others said the existing funds had not been spent wisely, and a vote was postponed until the next meeting.`,
  `Observers of the ${topic} debate expect a decision before the end of the month, after the auditors publish their report on the accounts of the last three years.${extra}`
]

/** Settings of the model tests: three labels, three folds. */
export const threeTopicSettings = Settings.fromConfig({ annotation: { labels: ["sports", "cooking", "finance"] }, model: { folds: 3 } })

/** The words of each of the model tests' topics (the labels of {@link threeTopicSettings}). */
export const TOPIC_VOCABULARY: Readonly<Record<string, ReadonlyArray<string>>> = {
  sports: ["match", "goal", "team", "coach", "league", "score", "season", "player"],
  cooking: ["recipe", "oven", "flour", "butter", "simmer", "sauce", "garlic", "bake"],
  finance: ["market", "shares", "bank", "interest", "bond", "investor", "profit", "stock"]
}

/**
 * An annotated page about `topic` of the model tests, labeled `label` (a wrong label when they
 * differ): `words` words of the topic's vocabulary, the `i`-th page's taken with `stride`.
 */
export const topicPage = (options: {
  readonly i: number
  readonly topic: string
  readonly label: string
  readonly fetchedAt: string
  readonly words: number
  readonly stride: number
}): AnnotatedDocument => {
  const vocabulary = TOPIC_VOCABULARY[options.topic] ?? []
  return {
    url: `https://example.com/${options.topic}/${options.i}`,
    label: options.label,
    confidence: 0.9,
    provider: "weak-supervision",
    model: "test",
    cached: false,
    normalization_version: "v2",
    title: `${options.topic} ${options.i}`,
    content: Array.from({ length: options.words }, (_, k) => vocabulary[(options.i * options.stride + k * 3) % vocabulary.length]).join(" "),
    fetched_at: options.fetchedAt
  }
}
