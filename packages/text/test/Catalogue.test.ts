import { describe, expect, it } from "vitest"
import { rules } from "../src/Catalogue.ts"
import { hardInputs, normalize } from "./helpers.ts"

describe("lower_case", () => {
  it("lower-cases Latin, Greek and Cyrillic and leaves caseless scripts alone", () => {
    expect(normalize(["lower_case"], "Hello WORLD ΣΟΦΙΑ Москва مرحبا 你好")).toBe("hello world σοφια москва مرحبا 你好")
    expect(normalize(["lower_case"], "")).toBe("")
  })
})

describe("remove_stop_words", () => {
  it("removes wink's English stop words, both pieces of contractions included", () => {
    expect(normalize(["remove_stop_words"], "this is an example")).toBe("example")
    expect(normalize(["remove_stop_words"], "I don't like the rain")).toBe("like rain")
  })
  it("adds and keeps words by parameter", () => {
    expect(normalize([{ rule: "remove_stop_words", params: { add: ["Rain"], keep: ["not", "n't"] } }], "it is not the rain")).toBe("not")
  })
  it("leaves text in other scripts and empty text alone", () => {
    expect(normalize(["remove_stop_words"], "שלום עולם 你好")).toBe("שלום עולם 你好")
    expect(normalize(["remove_stop_words"], "")).toBe("")
  })
})

describe("remove_punctuation", () => {
  it("removes punctuation tokens without fusing the words around them", () => {
    expect(normalize(["remove_punctuation"], "Hello, world! (yes) “quoted” ... end.")).toBe("Hello world yes quoted end")
    expect(normalize(["remove_punctuation"], "Hello,world")).toBe("Hello world")
  })
  it("keeps contractions, numbers, URLs and e-mail addresses", () => {
    expect(normalize(["remove_punctuation"], "I don't think it's 3.14 or 1,000.")).toBe("I don't think it's 3.14 or 1,000")
    expect(normalize(["remove_punctuation"], "See https://example.com/a?b=1, or x.y@example.org.")).toBe(
      "See https://example.com/a?b=1 or x.y@example.org",
    )
  })
  it("strips apostrophes outside words unless asked to keep intra-word marks", () => {
    expect(normalize([{ rule: "remove_punctuation", params: { keepIntraWord: false } }], "don't e-mail")).toBe("dont email")
    expect(normalize(["remove_punctuation"], "#tag @user :)")).toBe("tag user")
  })
  it("handles right-to-left text and CJK full stops", () => {
    expect(normalize(["remove_punctuation"], "مرحبا، بالعالم. שלום, עולם!")).toBe("مرحبا بالعالم שלום עולם")
    expect(normalize(["remove_punctuation"], "你好。世界！")).toBe("你好世界")
  })
})

describe("remove_numbers", () => {
  it("removes decimals, thousands, signed numbers, fractions and other digits", () => {
    expect(normalize(["remove_numbers"], "pi 3.14 sold 1,000 at -5 with ½ and ٣ left")).toBe("pi sold at with and left")
  })
  it("removes ordinals by default and digits in words on request", () => {
    expect(normalize(["remove_numbers"], "the 2nd mp3")).toBe("the mp3")
    expect(normalize([{ rule: "remove_numbers", params: { ordinals: false, withinWords: true } }], "the 2nd mp3")).toBe("the 2nd mp")
  })
  it("leaves digits in URLs and e-mail addresses", () => {
    expect(normalize(["remove_numbers"], "see https://example.com/2024/05 or a1@b2.org 42")).toBe("see https://example.com/2024/05 or a1@b2.org")
  })
})

describe("remove_special_characters", () => {
  it("removes symbols and whole emoji sequences, a space where a symbol joined two words", () => {
    expect(normalize(["remove_special_characters"], "$5 €3 + = <tag> ©2024 ™ 40°C")).toBe("5 3 tag 2024 40 C")
    expect(normalize(["remove_special_characters"], "coder 👩🏽‍💻 done")).toBe("coder done")
  })
  it("keeps the symbols listed in `keep`", () => {
    expect(normalize([{ rule: "remove_special_characters", params: { keep: "$" } }], "$5 €3")).toBe("$5 3")
  })
})

describe("normalize_urls", () => {
  it("replaces URLs with a token, leaving the punctuation after them", () => {
    expect(normalize(["normalize_urls"], "Visit https://example.com/a?b=1, now.")).toBe("Visit <url>, now.")
    expect(normalize([{ rule: "normalize_urls", params: { token: "URL" } }], "(https://en.wikipedia.org/wiki/Foo_(bar)).")).toBe("(URL).")
  })
  it("rewrites URLs in normal form", () => {
    expect(
      normalize([{ rule: "normalize_urls", params: { mode: "normalize" } }], "Go to HTTPS://Example.COM:443/a?z=1&utm_source=x&a=2#top."),
    ).toBe("Go to https://example.com/a?a=2&z=1.")
  })
  it("is protected from later rules", () => {
    expect(normalize(["normalize_urls", "remove_special_characters", "remove_punctuation"], "see https://x.org/ok")).toBe("see <url>")
  })
})

describe("remove_emojis", () => {
  it("removes ZWJ sequences, skin tones, flags, keycaps and presentation selectors whole", () => {
    expect(
      normalize(["remove_emojis"], "family 👨‍👩‍👧‍👦 coder 👩🏽‍💻 thumbs 👍🏿 flag 🇫🇷 keycap 1️⃣ rainbow 🏳️‍🌈 heart ❤️ end"),
    ).toBe("family coder thumbs flag keycap rainbow heart end")
    expect(normalize(["remove_emojis"], "hello🙂world")).toBe("hello world")
  })
  it("keeps joiners of Indic scripts, plain digits and text-style symbols", () => {
    expect(normalize(["remove_emojis"], "क्\u200Dष 1 © ™")).toBe("क्\u200Dष 1 © ™")
  })
})

describe("remove_foreign_language", () => {
  it("removes sentences in another script or another Latin language", () => {
    expect(normalize(["remove_foreign_language"], "The cat is here. Le chat est sur la table et il dort. It is over.")).toBe(
      "The cat is here. It is over.",
    )
    expect(normalize(["remove_foreign_language"], "It is fine. 这是中文句子。 مرحبا بالعالم. It is over.")).toBe("It is fine. It is over.")
  })
  it("removes words by script in word mode and keeps text without letters", () => {
    expect(normalize([{ rule: "remove_foreign_language", params: { granularity: "word" } }], "hello שלום world 你好 42 :)")).toBe(
      "hello world 42 :)",
    )
  })
  it("keeps the target language when it is not English", () => {
    expect(normalize([{ rule: "remove_foreign_language", params: { language: "he", granularity: "word" } }], "שלום hello עולם")).toBe(
      "שלום עולם",
    )
  })
})

describe("remove_non_ascii", () => {
  it("removes characters outside ASCII, or folds accented letters", () => {
    expect(normalize(["remove_non_ascii"], "café naïve")).toBe("caf nave")
    expect(normalize([{ rule: "remove_non_ascii", params: { fold: true } }], "café naïve e\u0301 ﬁne ＡＢＣ")).toBe("cafe naive e fine ABC")
    expect(normalize(["remove_non_ascii"], "مرحبا")).toBe("")
  })
})

describe("remove_non_printable", () => {
  it("removes controls, zero-width and bidi format characters and keeps whitespace and joiners", () => {
    expect(normalize(["remove_non_printable"], "a\u0000b\u0007c zero\u200Bwidth soft\u00ADhyphen \uFEFFbom \u202Ertl\u202C\ttab\nline")).toBe(
      "abc zerowidth softhyphen bom rtl\ttab\nline",
    )
    expect(normalize(["remove_non_printable"], "👩🏽\u200D💻 क्\u200Dष")).toBe("👩🏽\u200D💻 क्\u200Dष")
    expect(normalize([{ rule: "remove_non_printable", params: { keepJoiners: false } }], "a\u200Db")).toBe("ab")
  })
  it("keeps right-to-left text with its marks", () => {
    expect(normalize(["remove_non_printable"], "שָׁלוֹם \u200Fمرحبا")).toBe("שָׁלוֹם مرحبا")
  })
})

describe("lemmatize", () => {
  it("lemmatizes every word or only verbs", () => {
    expect(normalize(["lemmatize"], "The dogs were running")).toBe("The dog be run")
    expect(normalize([{ rule: "lemmatize", params: { mode: "verbs" } }], "The dogs were running")).toBe("The dogs be run")
  })
  it("expands contractions it lemmatizes, one word per piece", () => {
    expect(normalize([{ rule: "lemmatize", params: { mode: "verbs" } }], "it's fine, I can't")).toBe("it be fine, I can not")
    expect(normalize(["lemmatize"], "don't")).toBe("do not")
  })
  it("keeps the word's case unless told otherwise", () => {
    expect(normalize(["lemmatize"], "She Was SINGING songs")).toBe("She Be SING song")
    expect(normalize([{ rule: "lemmatize", params: { preserveCase: false } }], "She Was SINGING songs")).toBe("she be sing song")
  })
})

describe("collapse_whitespace", () => {
  it("collapses every run of whitespace and trims the ends", () => {
    expect(normalize(["collapse_whitespace"], "  a \t b\r\n\n c\u00A0 d  ")).toBe("a b c d")
    expect(normalize([{ rule: "collapse_whitespace", params: { keepNewlines: true } }], "a  b\n\n c")).toBe("a b\nc")
  })
  it("between token rules collapses the whitespace left by removed tokens", () => {
    expect(normalize(["remove_punctuation", "collapse_whitespace", "remove_stop_words"], "  the   cat ,  sat  ")).toBe("cat sat")
  })
})

describe("unicode_nfkc", () => {
  it("composes combining marks and folds compatibility forms", () => {
    expect(normalize(["unicode_nfkc"], "e\u0301te\u0301 A\u030A ＡＢＣ ﬁne ①")).toBe("été Å ABC fine 1")
  })
})

describe("idempotence", () => {
  const idempotent = rules.filter((rule) => rule.idempotent)

  it("the catalogue states which rules are idempotent", () => {
    expect(idempotent.map((rule) => rule.name).sort()).toEqual([
      "collapse_whitespace",
      "lower_case",
      "normalize_urls",
      "remove_emojis",
      "remove_non_ascii",
      "remove_non_printable",
      "remove_numbers",
      "remove_punctuation",
      "remove_special_characters",
      "unicode_nfkc",
    ])
  })

  for (const rule of idempotent) {
    it(`${rule.name} applied twice equals applied once, on every hard input`, () => {
      for (const input of hardInputs) {
        const once = normalize([rule.name], input)
        expect(normalize([rule.name], once), JSON.stringify(input)).toBe(once)
      }
    })
  }
})

describe("empty and blank input", () => {
  for (const rule of rules) {
    it(`${rule.name} maps "" to ""`, () => {
      expect(normalize([rule.name], "")).toBe("")
    })
  }
})
