/**
 * Notices: the site's lines set after an article or between its paragraphs, which are not the
 * article's text. Calls to action (follow the author or the site on a social network, subscribe
 * to a newsletter or a channel, get news delivered to one's inbox, "if you enjoyed this
 * article"), the author's contact line ("she can be reached at ...") and legal notices
 * (copyright lines, "all rights reserved", "this document is subject to copyright").
 *
 * The phrases are English: they were measured on ScrapingHub's tuning half and WCXB, whose
 * notices are English.
 */

/** Following someone on a social network: "Follow us on Twitter", "Follow Jane Doe on Instagram". */
const followCall = String.raw`\bfollow (?:us|me|him|her|them|[A-Z][\w.]+(?: [A-Z][\w.]+)?) on (?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads)\b|\blike us on facebook\b`

/** Subscribing to the site's publications: "Subscribe to our newsletter", "Sign up for The Daily newsletter". */
const subscribeCall = String.raw`\b(?:subscribe|sign up|signup|register) (?:to|for) (?:[\w'’.]+ ){0,5}(?:newsletters?|channel|podcast|magazine|mailing list)\b|\b(?:delivered|straight|right) (?:\w+ )?(?:to|in|into) your inbox\b|\bif you (?:enjoyed|liked) this (?:article|post|story|piece)\b`

/** The author's contact line: "Jane Doe can be reached at jane@example.com". */
const contactLine = String.raw`\b(?:can|may) be reached (?:at|by)\b`

/** Copyright and reuse notices: "© 2019 Site", "Copyright © Site", "All rights reserved", "This document is subject to copyright". */
const legalNotice = String.raw`\ball rights reserved\b|copyright\s*(?:©|\(c\)|@)|©\s*(?:copyright\s*)?\d{4}|\bthis (?:document|article|material|story|content) (?:is subject to copyright|may not be (?:re)?(?:published|produced|distributed))`

/** Any notice phrase. Letter case is ignored (`[A-Z]` in {@link followCall} then matches any name). */
const notice = new RegExp([followCall, subscribeCall, contactLine, legalNotice].join("|"), "i")

/**
 * Whether a text holds a notice phrase: a call to follow or subscribe, the author's contact
 * line, or a copyright notice. The caller decides which blocks are short enough to be a notice
 * rather than prose that mentions one.
 *
 * @example
 * isNotice("Follow us on Twitter @site.") // true
 * isNotice("The council met on Tuesday.") // false
 */
export const isNotice = (text: string): boolean => notice.test(text)
