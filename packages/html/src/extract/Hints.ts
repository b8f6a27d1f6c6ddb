/**
 * Class and id hints: what an element's class or id names say about it. Names of boilerplate
 * (menus, comments, share bars, cookie banners) and of content (article, body, post), the
 * weight they give a candidate ({@link classWeight}, `+`/`-` {@link classHintWeight} a hint),
 * and the names that mark an element unlikely to be content ({@link isUnlikely}), a share bar
 * ({@link shareHint}) or page furniture ({@link furnitureHint}).
 */
import type { PageAttempt } from "./Attempt.ts"
import { attr, type DomElement } from "./Dom.ts"

/** Class/id hint weight, added for a positive hint and subtracted for a negative one. */
export const classHintWeight = 25

/** Class or id names of elements that are usually boilerplate. */
const unlikelyHint =
  /-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|consent|newsletter|subscribe|share|sharing|promo|outbrain|taboola|navbar|skip-link|byline|author-bio|signup|paywall|modal/i

/** Class or id names that rescue an element matching {@link unlikelyHint}. */
const maybeContentHint = /and|article|body|column|content|main|mathjax|shadow/i

/**
 * Words that mark a class or id name as boilerplate, matched as whole words of the name (split
 * at spaces, `-`, `_` and `:`), plurals included: `comment-list`, `sidebar` and `share_buttons`
 * match, while `commentary`, `metadata` and `hiddenfield` do not. Whole words, because
 * page builders' names hold these as parts of other words. Layout and catalog words (`media`,
 * `scroll`, `shopping`, `tags`) are not in the list: `media-body` or `product-tags` wrap content
 * as often as not (measured on WCXB's tuning half; the held-out half agrees). `hidden` after
 * `overflow-` (`overflow-hidden`, `overflow-x-hidden`: utility classes that clip, not hide) is
 * not a hint: page builders put it on the sections that hold a page's content.
 */
const negativeWord =
  /(?:^|[\s_:-])(?:banner|combx|comment|contact|cookie|footer|gdpr|hid|(?<!overflow-(?:[xy]-)?)hidden|masthead|meta|newsletter|outbrain|promo|related|share|shoutbox|sidebar|skyscraper|sponsor|subscribe|widget)s?(?=$|[\s_:-])/i

/** Whether a class or id name holds a {@link negativeWord}. */
export const isNegativeHint = (hint: string): boolean => negativeWord.test(hint)

/** Class or id names of content: an article, its body, a post. */
const positiveHint = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/i
/** Class or id names of share bars and social widgets. */
export const shareHint = /share|sharedaddy|social/i

/**
 * Class or id names of short page furniture inside an article: bylines, dates, captions, tag
 * lists, and calls to action (`cta` as a whole word of the name: `post-cta`, `article--cta`,
 * `blog_cta`, `cta-wrapper`: the site's pitch set in the article, "Want to win more jobs with
 * less effort?", "Enjoyed this piece? We need your help", and its button). The calls to action
 * were measured on the tuning halves: ScrapingHub precision +0.0003, WCXB +0.0002; named a
 * negative word instead (weighed against in scoring), they cost WCXB.
 */
export const furnitureHint =
  /byline|dateline|timestamp|caption|credit|author|published|posted-on|entry-meta|post-meta|article-meta|tag-list|taglist|read-more|readmore|newsletter|subscribe|advert|sponsor|recirc|more-stories|breadcrumb|(?:^|[\s_:-])cta(?=$|[\s_:-])/i

/** An element's class and id, joined by a space (`""` for each that is absent). */
export const classAndId = (element: DomElement): string => `${attr(element, "class")} ${attr(element, "id")}`

/**
 * Whether an element's class or id names boilerplate ({@link unlikelyHint}) and no content
 * ({@link maybeContentHint}); `body`, `html` and links never are.
 */
export const isUnlikely = (element: DomElement): boolean => {
  if (element.name === "body" || element.name === "a" || element.name === "html") return false
  const className = element.attribs["class"]
  const id = element.attribs["id"]
  if (className === undefined && id === undefined) return false
  const hints = `${className ?? ""} ${id ?? ""}`
  if (hints.length < 2) return false
  return unlikelyHint.test(hints) && !maybeContentHint.test(hints)
}

/** schema.org microdata properties that hold a page's own text: an item's description, an article's body. */
const contentItemProp = /^(?:description|articleBody|text)$/i

/** Whether an element carries a {@link contentItemProp} microdata property. */
const describesItem = (element: DomElement): boolean => {
  const prop = element.attribs["itemprop"]
  return prop !== undefined && contentItemProp.test(prop)
}

/**
 * `review` or `reviews` as a whole word of a class or id name (`product-reviews`,
 * `review_list`): on a page not declared an article (a product's page), the customer reviews,
 * which are not the product's description however much prose they hold; a declared article's
 * `review-body` is the review it publishes, and weighs nothing.
 */
const reviewWord = /(?:^|[\s_:-])reviews?(?=$|[\s_:-])/i

/**
 * The class/id weight of an element ({@link classHintWeight} per hint): negative for
 * boilerplate names (and review names on pages not declared articles), positive for content names,
 * and positive for a {@link contentItemProp} microdata property: a block the page marks as its
 * item's description or its article's body is content whatever its class says (a product's
 * `meta` description, a forum post's `text`), so it is neither out-scored by reviews nor
 * cleaned away for its class.
 */
export const classWeight = (element: DomElement, attempt: PageAttempt): number => {
  if (!attempt.weightClasses) return 0
  let weight = 0
  for (const hint of [attr(element, "class"), attr(element, "id")]) {
    if (hint === "") continue
    if (isNegativeHint(hint) || (!attempt.declaresArticle && reviewWord.test(hint))) weight -= classHintWeight
    if (positiveHint.test(hint)) weight += classHintWeight
  }
  if (describesItem(element)) weight += classHintWeight
  return weight
}
