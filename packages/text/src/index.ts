/** Text normalization rules on wink-nlp, and rule sets as versions. Usable alone. */
export {}
