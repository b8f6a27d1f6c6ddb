/**
 * HTML templates for generated pages: each wraps an article in the boilerplate real sites carry
 * (navigation, cookie banners, ads, related links, footers, scripts, styles, comments), so that
 * extraction has something to remove.
 */
import type { Random } from "./Random.ts"

/** What a page shows. */
export interface PageContent {
  readonly site: string
  readonly section: string
  readonly title: string
  readonly paragraphs: ReadonlyArray<string>
  readonly author: string
  readonly publishedAt: string
  readonly canonicalUrl: string
  readonly language: string
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const navigation = (site: string, random: Random): string => {
  const sections = ["World", "Politics", "Culture", "Science", "Sports", "Opinion", "Travel", "Books"]
  const links = sections.filter(() => random.chance(0.7)).map((s) => `<li><a href="/${s.toLowerCase()}/">${s}</a></li>`)
  return `<nav class="main-nav"><a class="logo" href="/">${escapeHtml(site)}</a><ul>${links.join("")}</ul><form role="search"><input name="q" placeholder="Search"></form></nav>`
}

const cookieBanner = `<div id="cookie-consent" class="cookie-banner">We use cookies to improve your experience. By continuing you accept our <a href="/privacy">cookie policy</a>. <button>Accept all</button> <button>Manage</button></div>`

const advert = (random: Random): string =>
  `<div class="ad ad-slot-${random.int(1, 9)}" data-ad="true"><span>Advertisement</span><a href="https://ads.example.net/click?id=${random.int(1000, 9999)}">Save 50% on premium subscriptions today</a></div>`

const related = (random: Random): string => {
  const items = Array.from({ length: random.int(3, 6) }, (_, i) => `<li><a href="/story/${random.int(10000, 99999)}">Related story number ${i + 1} you may have missed</a></li>`)
  return `<aside class="related"><h3>Read more</h3><ul>${items.join("")}</ul></aside>`
}

const footer = (site: string): string =>
  `<footer class="site-footer"><p>&copy; 2021 ${escapeHtml(site)}. All rights reserved.</p><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/terms">Terms of use</a></li></ul><p>Subscribe to our newsletter for daily updates.</p></footer>`

const scripts = `<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());</script><script src="/static/app.js" async></script>`

const styles = `<style>body{font-family:Georgia,serif;margin:0}.main-nav{display:flex}.ad{border:1px solid #ccc}</style>`

const comments = (random: Random): string => {
  const n = random.int(0, 3)
  if (n === 0) return "<!-- no comments -->"
  const items = Array.from({ length: n }, (_, i) => `<li class="comment"><b>reader${random.int(1, 999)}</b>: Great piece, thanks for sharing! (${i + 1})</li>`)
  return `<section id="comments" class="comments"><h3>${n} comments</h3><ol>${items.join("")}</ol></section>`
}

const head = (page: PageContent, random: Random): string => {
  const titleTag = random.chance(0.5) ? `${page.title} | ${page.site}` : `${page.title} - ${page.site}`
  return `<head><meta charset="utf-8"><title>${escapeHtml(titleTag)}</title><meta property="og:title" content="${escapeHtml(page.title)}"><meta name="description" content="${escapeHtml(page.paragraphs[0]?.slice(0, 150) ?? "")}"><meta name="author" content="${escapeHtml(page.author)}"><meta property="article:published_time" content="${page.publishedAt}"><link rel="canonical" href="${escapeHtml(page.canonicalUrl)}">${styles}</head>`
}

const paragraphs = (page: PageContent): string => page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")

/** A page layout: a function from content to HTML. */
export type Template = (page: PageContent, random: Random) => string

/** Classic news layout: nav, banner, article with byline, aside, footer. */
const news: Template = (page, random) =>
  `<!DOCTYPE html><html lang="${page.language}">${head(page, random)}<body>${cookieBanner}<header>${navigation(page.site, random)}</header>${advert(random)}<main><article><h1>${escapeHtml(page.title)}</h1><p class="byline">By <span class="author">${escapeHtml(page.author)}</span> <time datetime="${page.publishedAt}">${page.publishedAt.slice(0, 10)}</time></p>${paragraphs(page)}</article>${related(random)}</main>${comments(random)}${footer(page.site)}${scripts}</body></html>`

/** Blog layout: div soup, sidebar first, no semantic tags. */
const blog: Template = (page, random) =>
  `<html lang="${page.language}">${head(page, random)}<body><div id="wrapper"><div class="sidebar">${related(random)}${advert(random)}</div><div id="content" class="post"><h2 class="post-title">${escapeHtml(page.title)}</h2><div class="post-meta">Posted by ${escapeHtml(page.author)}</div><div class="entry-content">${paragraphs(page)}</div><div class="share">Share: <a href="#">Twitter</a> <a href="#">Facebook</a></div></div>${comments(random)}<div class="footer">${footer(page.site)}</div></div>${scripts}</body></html>`

/** Magazine layout: ads between paragraphs, unclosed paragraph tags. */
const magazine: Template = (page, random) => {
  const body = page.paragraphs
    .map((p, i) => `<p>${escapeHtml(p)}${i % 3 === 2 ? advert(random) : ""}`)
    .join("\n")
  return `<!doctype html><html lang="${page.language}">${head(page, random)}<body>${navigation(page.site, random)}<div class="cookie-notice">This site uses cookies. <a href="/privacy">Learn more</a></div><section class="story"><h1 class="headline">${escapeHtml(page.title)}</h1><div class="story-body">${body}</div></section>${footer(page.site)}${scripts}</body></html>`
}

/** Minimal layout: little boilerplate, table layout. */
const minimal: Template = (page, random) =>
  `<html>${head(page, random)}<body><table><tr><td class="menu">${navigation(page.site, random)}</td></tr><tr><td><h1>${escapeHtml(page.title)}</h1>${paragraphs(page)}</td></tr></table>${footer(page.site)}</body></html>`

/** Every template, picked at random per site. */
export const templates: ReadonlyArray<Template> = [news, blog, magazine, minimal]
