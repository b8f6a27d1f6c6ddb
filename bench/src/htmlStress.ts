/**
 * Stress suite of main-content extraction (issue 5): structural perturbations of the tuning
 * half's (even-indexed) ScrapingHub pages that model how real news pages collapse: the body
 * split over sibling containers with ads or teaser boxes between them, a body without `<p>`
 * (`<br>`-separated text, `<div>` paragraphs, a `<table>` of `<font>`), a standfirst or long
 * comments beside the body, a chrome-like class on the body's container, linked headlines of
 * other stories set between the body's paragraphs, the next stories of an infinite scroll
 * appended after the page's own, alike; and what makes a page keep far too much or the wrong
 * region: a live blog's older dated entries after the top one (the article), full-text
 * previews of related articles, a long thread of replies in plain `div`s (names unlinked, no
 * comment class), a "most popular" list with summaries inside the article's container (print
 * and AMP pages), an author's or a newsletter's archive with summaries, a long essay under its
 * own headline and byline in the rail, the next page's first paragraphs under "Page 2", and a
 * long legal text in paragraphs (class and heading names vary across pages); and short
 * articles (`short<n><rest>`): the body cut to its first 1, 2 or 3 paragraphs, alone on the
 * page, on the page otherwise unchanged, or followed by a long comments section or a long list
 * of related stories with summaries, where nothing scores big and the extraction may widen to
 * the page's other text. The article body (the ground truth) is unchanged by every
 * perturbation but the short articles, which cut it as they cut the page (a perturbation may
 * return its own truth), so the page's shingle precision and recall against it say whether
 * the extraction collapsed (either below 0.3); mean precision and recall are printed beside
 * F1 (over-extraction shows as low precision).
 *
 * Run: `cd bench && node src/htmlStress.ts` (env: HTML_STRESS_ONLY=name,name to run some
 * perturbations, HTML_STRESS_SHOW=1 to list the collapsed pages, HTML_STRESS_DUMP=<id prefix> to print
 * that page's extractions, HTML_BENCH_DATASETS as in
 * html.bench.ts).
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join, resolve } from "node:path"
import { gunzipSync } from "node:zlib"
import { extract } from "@strata/html"
import { shingleMatching, shingleMetrics, type ShingleCounts } from "./htmlScoring.ts"

const require = createRequire(resolve(import.meta.dirname, "../../packages/html/package.json"))
/** cheerio, loaded from @strata/html's dependencies (bench does not depend on it, so it is untyped here). */
type Api = any
type Node = any
const cheerio = (await import(require.resolve("cheerio"))) as { load: (html: string) => Api }

/** A page's precision or recall below this is a collapse. */
const collapseBelow = 0.3

const datasetsRoot = resolve(process.env["HTML_BENCH_DATASETS"] ?? join(import.meta.dirname, "../../../shared/datasets"))
const only = process.env["HTML_STRESS_ONLY"]?.split(",")
const show = process.env["HTML_STRESS_SHOW"] === "1"
const dump = process.env["HTML_STRESS_DUMP"]

const folder = join(datasetsRoot, "scrapinghub-articles")
const truth = JSON.parse(readFileSync(join(folder, "ground-truth.json"), "utf8")) as Record<string, { articleBody: string; url: string }>
const ids = Object.keys(truth).sort().filter((_, index) => index % 2 === 0)

/** Deterministic filler text sharing no shingles with articles: sentences of invented words. */
const filler = (seed: number, sentences: number): string => {
  const syllables = ["ka", "lo", "mer", "tiv", "sun", "dra", "pel", "qui", "zor", "ban", "fek", "wol", "nix", "tor", "gal", "ump"]
  let state = seed >>> 0
  // mulberry32
  const next = (n: number): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) % n
  }
  const word = (): string => Array.from({ length: 1 + next(3) }, () => syllables[next(syllables.length)]).join("")
  const out: Array<string> = []
  for (let s = 0; s < sentences; s++) {
    const words = Array.from({ length: 12 + next(10) }, word)
    // About one comma a sentence, as in news prose.
    const comma = 4 + next(8)
    if (comma < words.length - 2) words[comma] = `${words[comma]},`
    out.push(`${(words.join(" ")[0] ?? "").toUpperCase()}${words.join(" ").slice(1)}.`)
  }
  return out.join(" ")
}

/** `count` paragraphs of filler, the j-th drawn from seed `seed + j`. */
const paragraphs = (count: number, seed: number, sentences: number): string => Array.from({ length: count }, (_, j) => `<p>${filler(seed + j, sentences)}</p>`).join("")

const tokens = (text: string): Array<string> => text.match(/[\p{L}\p{M}\p{N}_]+/gu) ?? []

/** A leaf block of the page ({@link truthBlocks}) whose text is mostly the article body's, and its characters. */
interface TruthBlock {
  readonly el: Node
  readonly chars: number
}

/** The leaf blocks (no block inside them) at least half of whose 4-token shingles are in the article body `body`, in document order. */
const truthBlocks = ($: Api, body: string): Array<TruthBlock> => {
  const truthShingles = new Set<string>()
  const truthTokens = tokens(body)
  for (let i = 0; i + 3 < truthTokens.length; i++) truthShingles.add(truthTokens.slice(i, i + 4).join(" "))
  const inTruth: Array<TruthBlock> = []
  $("p, li, h2, h3, div, span, font, td").each((_: number, el: Node) => {
    const node = $(el)
    if (node.children("p, div, li, td, table, section, article").length > 0) return
    const t = tokens(node.text())
    if (t.length < 6) return
    let hit = 0
    for (let i = 0; i + 3 < t.length; i++) if (truthShingles.has(t.slice(i, i + 4).join(" "))) hit++
    if (hit / Math.max(1, t.length - 3) >= 0.5) inTruth.push({ el: node, chars: t.join(" ").length })
  })
  return inTruth
}

/** The article body's container: the deepest element holding 85% of the text of the paragraphs that are in the ground truth. */
const findContainer = ($: Api, body: string): Node | undefined => {
  const inTruth = truthBlocks($, body)
  const total = inTruth.reduce((a, b) => a + b.chars, 0)
  if (total === 0) return undefined
  let best: Node | undefined
  let bestDepth = -1
  const counted = new Map<unknown, number>()
  for (const { el, chars } of inTruth) for (const ancestor of el.parents().toArray()) counted.set(ancestor, (counted.get(ancestor) ?? 0) + chars)
  for (const [element, chars] of counted) {
    if (chars < 0.85 * total) continue
    const depth = $(element as never).parents().length
    if (depth > bestDepth) {
      bestDepth = depth
      best = $(element as never)
    }
  }
  return best
}

/**
 * Cuts the article in container `c` after its first `kept` paragraphs (the outermost blocks of
 * the body inside it, {@link truthBlocks}): whatever follows the last kept one in the container
 * is removed, figures and asides among it. Returns the ground truth cut the same way: the kept
 * paragraphs' text, one a line.
 */
const cutArticle = ($: Api, c: Node, body: string, kept: number): string => {
  const blocks = truthBlocks($, body).filter(({ el }) => el.parents().toArray().includes(c.get(0)))
  // A `<span>` of the body inside a `<p>` of the body is a leaf block too: the outer one is the paragraph.
  const elements = new Set(blocks.map(({ el }) => el.get(0)))
  const paragraphs = blocks.filter(({ el }) => !el.parents().toArray().some((ancestor: unknown) => elements.has(ancestor))).slice(0, kept)
  const last = paragraphs.at(-1)
  if (last === undefined) return ""
  const container = c.get(0)
  for (let node = last.el.get(0); node !== container && node !== null; node = node.parent) while (node.next !== null) $(node.next).remove()
  return paragraphs.map(({ el }) => (el.text() as string).trim()).join("\n")
}

/** Sets every `articleBody` in the page's JSON-LD to `body` (scripts that do not parse are left alone). */
const cutDeclaredBody = ($: Api, body: string): void => {
  const cut = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(cut)
    if (value === null || typeof value !== "object") return value
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === "articleBody" ? body : cut(inner)]))
  }
  $('script[type="application/ld+json"]').each((_: number, script: Node) => {
    try {
      $(script).text(JSON.stringify(cut(JSON.parse($(script).text() as string))))
    } catch {
      // Not JSON: the extraction cannot read a body from it either.
    }
  })
}

/** Related stories after an article: a headline link and a summary paragraph each, in plain blocks. */
const relatedSummaries = (c: Node): string => {
  const [box, item] = variant(c, [["related-stories", "story"], ["more-news", "item"], ["recommended", "card"], ["", ""]])
  const heading = variant(c, ["Related stories", "More news", "You may also like", "Latest"])
  return `<div class="${box}"><h3>${heading}</h3>${Array.from({ length: 12 }, (_, i) => `<div class="${item}"><h4><a href="/n/${i}">${filler(1800 + i, 1).slice(0, 70)}</a></h4><p>${filler(1820 + i, 3)}</p></div>`).join("")}</div>`
}

/**
 * The "short article" family: the article cut to its first `kept` paragraphs
 * ({@link cutArticle}), and the body the page declares in JSON-LD cut alike
 * ({@link cutDeclaredBody}: a short item declares a short body), alone on its page (`bare`:
 * the body holds nothing but its container), on its page otherwise unchanged (`page`), or
 * followed by a long comments section (`comments`) or a long list of related stories with
 * summaries (`related`). A brief news item or press note on a page with much other text, where
 * nothing scores big and the extraction may widen to that text.
 */
const shortArticle =
  (kept: number, rest: "bare" | "page" | "comments" | "related"): Perturbation =>
  ($, c, body) => {
    const truth = cutArticle($, c, body, kept)
    cutDeclaredBody($, truth)
    if (rest === "bare") $("body").html($.html(c))
    else if (rest === "comments") c.parent().append(comments(30, "responses"))
    else if (rest === "related") c.after(relatedSummaries(c))
    return truth
  }

const teaserBox = (seed: number): string =>
  `<div class="inline-links"><h4>Read more</h4><ul>${[1, 2, 3].map((i) => `<li><a href="/x/${seed}/${i}">${filler(seed + i, 1).slice(0, 70)}</a></li>`).join("")}</ul></div>`

const adBox = (): string => `<div class="ad-container"><span>Advertisement</span><div id="div-gpt-ad-1"></div></div>`

/** Splits the container's children into `parts` runs, each wrapped by `wrap(run, index)` and joined by `between(index)`. */
const split = ($: Api, c: Node, parts: number, wrap: (html: string, index: number) => string, between: (index: number) => string): void => {
  const kids = c.contents().toArray()
  const size = Math.ceil(kids.length / parts)
  const chunks: Array<string> = []
  for (let p = 0; p < parts; p++) chunks.push(kids.slice(p * size, (p + 1) * size).map((k: Node) => $.html(k)).join(""))
  c.html(chunks.map((html, i) => (i > 0 ? between(i) : "") + wrap(html, i)).join(""))
}

const comments = (count: number, cls: string): string =>
  `<div class="${cls}"><h3>Responses</h3>${Array.from({ length: count }, (_, i) => `<div class="item"><div class="who"><a href="/u/${i}">User ${i}</a> said</div><div class="said"><p>${filler(100 + i, 3)}</p><p>${filler(200 + i, 2)}</p></div></div>`).join("")}</div>`

/** One of `options`, chosen by the container's text length: class names and headings vary across pages as on real sites. */
const variant = <T,>(c: Node, options: ReadonlyArray<T>): T => options[(c.text() as string).length % options.length] as T

/**
 * A perturbation of a page: `c` is the article body's container, `body` the ground truth. It
 * returns the ground truth of the perturbed page when it changes it (else the truth stands).
 */
type Perturbation = ($: Api, c: Node, body: string) => string | void

const perturbations: Record<string, Perturbation> = {
  identity: () => {},
  split3Ads: ($, c) => split($, c, 3, (h) => `<div>${h}</div>`, () => adBox()),
  split3Teasers: ($, c) => split($, c, 3, (h, i) => `<div class="body-part part-${i}">${h}</div>`, (i) => teaserBox(i)),
  split2Paywall: ($, c) => split($, c, 2, (h, i) => (i === 0 ? `<div class="article-teaser">${h}</div>` : `<div class="paywall-content"><div><div>${h}</div></div></div>`), () => `<div class="continue"><a href="/subscribe">Continue reading</a></div>`),
  split4Sections: ($, c) => split($, c, 4, (h, i) => `<section class="block-${i}"><div class="inner">${h}</div></section>`, (i) => adBox() + teaserBox(i)),
  splitDeep: ($, c) => split($, c, 3, (h) => `<div class="row"><div class="col"><div class="text">${h}</div></div></div>`, (i) => `<div class="row"><div class="col">${adBox()}${teaserBox(i)}</div></div>`),
  eachParagraphWrapped: ($, c) => c.children("p").each((_: number, p: Node) => void $(p).wrap(`<div class="paragraph"><div class="paragraph-inner"></div></div>`)),
  brText: ($, c) => {
    c.find("p").each((_: number, p: Node) => void $(p).replaceWith(`${$(p).html() ?? ""}<br><br>`))
  },
  divParagraphs: ($, c) => c.find("p").each((_: number, p: Node) => void $(p).replaceWith(`<div>${$(p).html() ?? ""}</div>`)),
  fontTable: ($, c) => {
    c.find("p").each((_: number, p: Node) => void $(p).replaceWith(`<font size="2">${$(p).html() ?? ""}</font><br><br>`))
    c.html(`<table><tr><td valign="top"><font face="arial">${c.html() ?? ""}</font></td></tr></table>`)
  },
  standfirst: ($, c) => void c.before(`<div class="standfirst"><p>${filler(7, 5)}</p></div>`),
  comments30: ($, c) => void c.parent().append(comments(30, "responses")),
  commentsBrBody: ($, c) => {
    c.find("p").each((_: number, p: Node) => void $(p).replaceWith(`${$(p).html() ?? ""}<br><br>`))
    c.parent().append(comments(15, "responses"))
  },
  mostRead: ($, c) =>
    void c.after(`<div class="most-read"><h3>Most read</h3><ol>${Array.from({ length: 10 }, (_, i) => `<li><a href="/m/${i}">${filler(300 + i, 1).slice(0, 80)}</a><p>${filler(400 + i, 1)}</p></li>`).join("")}</ol></div>`),
  teaserParagraphs: ($, c) =>
    c.children("p").each((i: number, p: Node) => {
      if (i % 3 === 2) $(p).after(`<p><strong><a href="/t/${i}">${filler(700 + i, 1).slice(0, 60).toUpperCase()}</a></strong></p>`)
    }),
  authorBio: ($, c) => void c.after(`<div class="about"><h3>About the writer</h3><p>${filler(9, 6)}</p><p>${filler(10, 6)}</p></div>`),
  sidebarClass: ($, c) => void c.attr("class", "content-sidebar"),
  navClass: ($, c) => void c.attr("class", "main-nav-wrapper"),
  shareClass: ($, c) => void c.attr("class", "story-text js-share-highlight"),
  // Infinite scroll: the page's story and the next ones, alike, each under its own headline.
  nextStories: ($, c) => {
    const title = ($('meta[property="og:title"]').attr("content") ?? $("title").first().text()).trim()
    const cls = c.attr("class") ?? "story-body"
    c.wrap(`<article class="story"></article>`)
    c.before(`<h1 class="story-title">${title}</h1>`)
    const story = c.parent()
    for (const i of [2, 1]) {
      story.after(`<article class="story"><h1 class="story-title">${filler(700 + i, 1).slice(0, 60)}</h1><div class="${cls}">${paragraphs(8, 710 + i * 10, 5)}</div></article>`)
    }
  },
  // A live blog: the article is the top entry, older dated updates follow in entries alike.
  liveUpdates: ($, c) => {
    const cls = variant(c, ["live-update", "entry", "post-update", "timeline-item"])
    c.wrap(`<div class="${cls}"></div>`)
    c.before(`<div class="${cls}__time"><time datetime="2020-03-04T10:42">10:42</time></div>`)
    const first = c.parent()
    for (const i of [3, 2, 1]) {
      first.after(`<div class="${cls}"><div class="${cls}__time"><time datetime="2020-03-04T0${i}:15">0${i}:15</time></div><div class="${c.attr("class") ?? "update-body"}">${paragraphs(5, 1000 + i * 10, 4)}</div></div>`)
    }
  },
  // Full-text previews of related articles after the article, several paragraphs each, not `<article>`.
  relatedPreviews: ($, c) => {
    const [box, item] = variant(c, [["more-coverage", "preview"], ["further-reading", "card"], ["bottom-stories", "story-item"], ["", ""]])
    const heading = variant(c, ["More on this", "Also on the site", "Elsewhere today", "Keep reading"])
    c.after(`<div class="${box}"><h2>${heading}</h2>${Array.from({ length: 4 }, (_, i) => `<div class="${item}"><h3><a href="/r/${i}">${filler(1100 + i, 1).slice(0, 70)}</a></h3>${paragraphs(3, 1110 + i * 10, 3)}<a href="/r/${i}">Full story</a></div>`).join("")}</div>`)
  },
  // A long thread of replies in plain `div`s with `<p>` paragraphs, no comment class or heading.
  plainThread: ($, c) => {
    const cls = variant(c, ["thread", "discussion", "replies-list", ""])
    c.parent().append(`<div class="${cls}">${Array.from({ length: 25 }, (_, i) => `<div><div><b>${filler(1200 + i, 1).split(" ")[0]}</b> <span>${i + 1} hours ago</span></div><p>${filler(1210 + i, 3)}</p><p>${filler(1260 + i, 2)}</p></div>`).join("")}</div>`)
  },
  // A print or AMP page: the article and a "most popular" list with summaries share its container.
  sharedPopular: ($, c) => {
    const heading = variant(c, ["Most popular", "Popular now", "What others are reading", "In case you missed it"])
    c.append(`<h3>${heading}</h3>${Array.from({ length: 10 }, (_, i) => `<h4><a href="/p/${i}">${filler(1300 + i, 1).slice(0, 70)}</a></h4><p>${filler(1310 + i, 2)}</p>`).join("")}`)
  },
  // The author's archive beside the article: many entries with summary paragraphs.
  authorArchive: ($, c) => {
    const [box, item] = variant(c, [["author-archive", "entry"], ["newsletter-archive", "issue"], ["writer-latest", "teaser"], ["col-md-4", "row"]])
    const heading = variant(c, ["More from this writer", "Past issues", "Latest by the author", "From the archive"])
    c.parent().after(`<div class="${box}"><h3>${heading}</h3>${Array.from({ length: 12 }, (_, i) => `<div class="${item}"><h4><a href="/a/${i}">${filler(1400 + i, 1).slice(0, 60)}</a></h4><p>${filler(1420 + i, 3)}</p><span class="date">March ${i + 1}, 2020</span></div>`).join("")}</div>`)
  },
  // A long essay or promo in the rail beside the article, with more prose than a short article.
  railEssay: ($, c) => {
    const cls = variant(c, ["rail-feature", "col-right", "promo-essay", "widget-column"])
    c.parent().after(`<div class="${cls}"><h2>${filler(1500, 1).slice(0, 60)}</h2><p class="byline">By ${filler(1501, 1).split(" ")[0]}</p>${paragraphs(10, 1510, 5)}</div>`)
  },
  // Pagination: the next page's first paragraphs under "Page 2" at the body's end.
  nextPage: ($, c) =>
    void c.append(`<div class="pagination"><a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=2">Next</a></div><h2>Page 2</h2>${paragraphs(3, 1600, 4)}`),
  // Long legal, cookie or paywall text in paragraphs, in no banner class.
  legalText: ($, c) => {
    const cls = variant(c, ["terms", "info-text", "small-print", ""])
    $("body").append(`<div class="${cls}"><h4>${variant(c, ["Terms of use", "Your privacy", "Subscriber agreement", "Important information"])}</h4>${paragraphs(8, 1700, 5)}</div>`)
  },
  longChrome: ($, c) =>
    void $("body").append(`<div class="site-index">${Array.from({ length: 8 }, (_, i) => `<div class="col"><h4>Section ${i}</h4><p>${filler(500 + i, 4)}</p><ul>${Array.from({ length: 12 }, (_, j) => `<li><a href="/s/${i}/${j}">${filler(600 + i * 12 + j, 1).slice(0, 40)}</a></li>`).join("")}</ul></div>`).join("")}</div>`),
  ...Object.fromEntries(
    ([1, 2, 3] as const).flatMap((kept) =>
      (["bare", "page", "comments", "related"] as const).map((rest) => [`short${kept}${rest[0]?.toUpperCase()}${rest.slice(1)}`, shortArticle(kept, rest)])
    )
  )
}

const results = new Map<string, { counts: Array<ShingleCounts>; collapsed: Array<string> }>()
for (const id of dump === undefined ? ids : ids.filter((id) => id.startsWith(dump))) {
  const entry = truth[id] as { articleBody: string; url: string }
  const html = gunzipSync(readFileSync(join(folder, "html", `${id}.html.gz`))).toString("utf8")
  for (const [name, perturb] of Object.entries(perturbations)) {
    if (only !== undefined && !only.includes(name)) continue
    const $ = cheerio.load(html)
    const container = findContainer($, entry.articleBody)
    if (container === undefined) continue
    // Perturbations written as one cheerio expression return its value: only a string is a truth.
    const cut: unknown = perturb($, container, entry.articleBody)
    const expected = typeof cut === "string" ? cut : entry.articleBody
    const content = extract($.html(), { url: entry.url }).content
    if (dump !== undefined && id.startsWith(dump)) console.log(`--- ${name}\n${content}\n---`)
    const counts = shingleMatching(expected, content)
    const row = results.get(name) ?? { counts: [], collapsed: [] }
    row.counts.push(counts)
    const precision = counts.tp + counts.fp === 0 ? 0 : counts.tp / (counts.tp + counts.fp)
    const recall = counts.tp + counts.fn === 0 ? 0 : counts.tp / (counts.tp + counts.fn)
    if (precision < collapseBelow || recall < collapseBelow) row.collapsed.push(`${id.slice(0, 10)} p=${precision.toFixed(2)} r=${recall.toFixed(2)}`)
    results.set(name, row)
  }
}
let total = 0
/** Collapses of the short articles (`short<n><rest>`), whose truth is cut: counted apart so the other families compare with earlier runs. */
let short = 0
for (const [name, row] of results) {
  const { precision, recall, f1 } = shingleMetrics(row.counts)
  total += row.collapsed.length
  if (name.startsWith("short")) short += row.collapsed.length
  console.log(`${name.padEnd(16)} n=${row.counts.length}  F1 ${f1.toFixed(3)}  P ${precision.toFixed(3)}  R ${recall.toFixed(3)}  collapses ${row.collapsed.length}`)
  if (show) for (const line of row.collapsed) console.log(`    ${line}`)
}
console.log(`collapses in all: ${total} (short articles ${short}, the other families ${total - short})`)
