import { describe, expect, it } from "vitest"
import { furnitureHint, isNegativeHint } from "../src/extract/Hints.ts"

describe("isNegativeHint", () => {
  it("finds boilerplate words as whole words of class and id names, plurals included", () => {
    for (const name of ["comment-list", "sidebar", "share_buttons", "site-footer", "md:hidden", "page widgets", "CookieBanner banner", "related", "is-hidden"]) {
      expect(isNegativeHint(name), name).toBe(true)
    }
  })

  it("ignores the words inside longer words, and layout or catalog words", () => {
    for (const name of ["commentary", "metadata", "hiddenfield", "media-body", "product-tags", "scroll-container", "shopping-cart-page", "sharepoint", "overflow-hidden", "md:overflow-x-hidden"]) {
      expect(isNegativeHint(name), name).toBe(false)
    }
  })
})

describe("furnitureHint's calls to action", () => {
  it("finds `cta` as a whole word of a class or id name", () => {
    for (const name of ["post-cta", "article--cta text-center", "blog_cta", "cta-wrapper", "nrplus-cta-wrap", "learn-cta__text", "cta"]) {
      expect(furnitureHint.test(name), name).toBe(true)
    }
  })

  it("ignores `cta` inside longer words", () => {
    for (const name of ["octagon", "doctab", "factaccount", "ctaxonomy", "dicta-box"]) {
      expect(furnitureHint.test(name), name).toBe(false)
    }
  })
})
