/**
 * The default lexicon: keywords for the 15 Brown Corpus categories, chosen by hand from what
 * each genre is about (not fitted to any data). Each keyword is one labeling function that
 * votes for its category when the word (or two-word phrase) occurs in a document.
 */
import type { Lexicon } from "../Lexicon.ts"

/** The 15 Brown Corpus categories, in the corpus's alphabetical order. */
export const BROWN_CATEGORIES = [
  "adventure",
  "belles_lettres",
  "editorial",
  "fiction",
  "government",
  "hobbies",
  "humor",
  "learned",
  "lore",
  "mystery",
  "news",
  "religion",
  "reviews",
  "romance",
  "science_fiction"
] as const

/** Keywords per Brown category. */
export const BROWN_LEXICON: Lexicon = {
  adventure: [
    "gun", "guns", "rifle", "pistol", "shot", "fired", "horse", "horses", "saddle", "trail", "canyon", "ridge",
    "sheriff", "outlaw", "cowboy", "ranch", "wagon", "raid", "ambush", "escape", "fled", "chase", "jungle",
    "cavalry", "indians", "apache", "frontier", "desert", "camp", "rode", "galloped", "wounded", "enemy", "sergeant"
  ],
  belles_lettres: [
    "poet", "poetry", "poems", "essay", "essays", "literary", "literature", "novelist", "critic", "criticism",
    "aesthetic", "tradition", "biography", "letters", "imagination", "style", "prose", "shakespeare", "milton",
    "romantic", "humanism", "intellectual", "genius", "culture", "civilization", "faulkner", "wordsworth", "artist"
  ],
  editorial: [
    "editorial", "editor", "opinion", "we believe", "should", "must", "policy", "congress", "democrats", "republicans",
    "taxpayers", "urge", "nation", "communism", "communist", "liberals", "conservatives", "legislature",
    "public interest", "voters", "administration", "reform", "to the editor", "critics", "deplorable"
  ],
  fiction: [
    "she said", "he said", "smiled", "laughed", "whispered", "kitchen", "bedroom", "mother", "father", "porch",
    "remembered", "stared", "nodded", "sighed", "window", "afternoon", "felt", "tears", "cried", "face", "eyes",
    "walked", "shrugged", "grandmother", "childhood", "supper", "quietly"
  ],
  government: [
    "section", "pursuant", "act", "regulations", "federal", "agency", "appropriation", "appropriations", "fiscal",
    "program", "programs", "department", "secretary", "administrator", "shall", "authorized", "provisions",
    "statute", "state", "commission", "report", "expenditures", "public law", "personnel", "procurement", "grants",
    "eligible", "compliance", "amended"
  ],
  hobbies: [
    "hobby", "garden", "gardening", "plants", "soil", "recipe", "boat", "boats", "fishing", "hunting", "dog",
    "dogs", "breed", "camera", "photography", "stamps", "collector", "craft", "woodworking", "tools", "paint",
    "build", "inches", "kit", "model", "golf", "swimming", "exercise", "diet", "travel", "home"
  ],
  humor: [
    "funny", "joke", "jokes", "laugh", "laughter", "hilarious", "comic", "comedy", "satire", "absurd", "silly",
    "wit", "ridiculous", "gag", "amusing", "nonsense", "prank", "pun", "wisecrack", "clown", "humor", "humorous",
    "chuckle", "spoof", "parody"
  ],
  learned: [
    "hypothesis", "analysis", "data", "results", "experiment", "experimental", "theory", "theorem", "equation",
    "coefficient", "variables", "measured", "measurements", "samples", "significant", "function", "method",
    "methods", "temperature", "pressure", "molecular", "cells", "frequency", "observed", "table", "figure",
    "respectively", "empirical", "statistical"
  ],
  lore: [
    "legend", "legends", "folklore", "tradition", "myth", "ancient", "history", "ancestors", "tribe", "customs",
    "ghost", "ghosts", "superstition", "witch", "occult", "astrology", "century", "centuries", "village",
    "pioneers", "civil war", "heritage", "origins", "tales", "ritual", "healing", "medicine", "psychic"
  ],
  mystery: [
    "murder", "murdered", "killer", "detective", "police", "clue", "clues", "suspect", "alibi", "corpse", "body",
    "inspector", "lieutenant", "homicide", "gun", "crime", "victim", "motive", "investigation", "mystery",
    "poison", "strangled", "blood", "witness", "confession", "private eye", "precinct"
  ],
  news: [
    "said", "yesterday", "today", "announced", "reported", "spokesman", "officials", "police", "court", "jury",
    "mayor", "governor", "president", "election", "vote", "council", "county", "city", "million", "percent",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "according to", "press", "team",
    "game", "season", "score"
  ],
  religion: [
    "god", "lord", "christ", "jesus", "church", "churches", "faith", "prayer", "pray", "spirit", "spiritual",
    "holy", "bible", "scripture", "gospel", "sin", "salvation", "worship", "theology", "divine", "christian",
    "christians", "catholic", "protestant", "pastor", "congregation", "soul", "heaven", "grace"
  ],
  reviews: [
    "review", "reviewer", "performance", "performances", "orchestra", "symphony", "concert", "audience", "album",
    "recording", "pianist", "composer", "conductor", "opera", "ballet", "theater", "theatre", "play", "production",
    "cast", "director", "film", "novel", "book", "exhibition", "gallery", "critics", "musical", "soloist"
  ],
  romance: [
    "love", "loved", "loving", "kiss", "kissed", "darling", "heart", "romance", "romantic", "marry", "married",
    "marriage", "wedding", "husband", "wife", "lover", "embrace", "tender", "beautiful", "handsome", "girl",
    "sweetheart", "passion", "longing", "jealous", "engaged", "honey", "dance"
  ],
  science_fiction: [
    "planet", "planets", "spaceship", "space", "galaxy", "alien", "aliens", "robot", "robots", "earth", "orbit",
    "rocket", "starship", "universe", "mars", "martian", "venus", "interstellar", "light years", "ship's",
    "android", "telepathic", "time machine", "future", "scientists", "machine", "colony", "mutant", "radiation"
  ]
}
