import { describe, expect, it } from "vitest"
import { isNegativeHint } from "../src/extract/Hints.ts"

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
