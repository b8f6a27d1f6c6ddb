/**
 * Boilerplate headings: the headings that open a section which is not the article (related
 * items, recommendations, comments, reviews, the author's biography, a news site's lists of
 * other stories: "Most read", "Trending", "Read more", "Latest news", and the site's legal text
 * set after the article: "Terms of use", "Your privacy", "Datenschutzerklärung"), in English,
 * German, French, Spanish, Italian, Portuguese, Dutch and Polish. A heading's
 * whole text must be one of these phrases (letter case ignored, a closing `:`, `.`, `!`, `?` or
 * `…` stripped by the caller), so an article's own heading that merely contains such words
 * ("Comments from the council") is not one.
 */

/** English: related items, recommendations, comments and reviews, the author, lists of other stories, legal text. */
const english = String.raw`related(?: (?:articles?|posts?|products?|stories|content|items|reading|news|links|videos))?|you (?:may|might) also (?:like|enjoy)|customers (?:who|also)\b.*|people (?:who|also)\b.*|recently viewed.*|more (?:from|stories|to explore|like this)\b.*|recommended(?: for you| articles| products| reading)?|(?:\d+ )?comments?(?: \(\d+\))?|leave a (?:reply|comment)|(?:customer )?reviews(?: \(\d+\))?|about the (?:authors?|writers?)|most (?:read|popular|viewed|shared|emailed|commented)(?: (?:stories|articles|news|now|today))?|trending(?: (?:now|news|stories|articles|topics))?|popular(?: (?:now|stories|articles|posts|news))?|top stories|editor'?s'? picks|don'?t miss|read (?:more|next|also)|see also|more (?:news|headlines|on this(?: story| topic)?)|latest (?:news|stories|articles|posts|headlines)|\d+ (?:responses?|replies|thoughts) (?:to|on) .+|(?:tell us )?what do you think|tell us what you think|terms (?:of (?:use|service|sale)|and conditions|& conditions)|your privacy(?: choices| rights)?|privacy (?:policy|notice|statement)|cookie (?:policy|notice|settings|preferences)|legal (?:notice|information)|disclaimer|subscriber agreement`

/** German. */
const german = String.raw`über (?:den autor|die autorin)|ähnliche (?:artikel|beiträge|produkte|themen)|verwandte (?:artikel|beiträge|themen)|(?:das )?(?:thema )?(?:das )?könnte (?:sie|dich|euch) auch interessieren|auch interessant|ebenfalls interessant|lesen sie (?:auch|mehr)|(?:das )?sollten sie auch lesen|schon gelesen|zum weiterlesen|weiterlesen|mehr zum thema\b.*|(?:mehr|weitere) (?:artikel|beiträge|themen|nachrichten|news)(?: zum thema)?|weiterführende (?:links?|artikel|beiträge)|weiterführender link|neueste (?:artikel|beiträge|nachrichten)|empfohlene (?:artikel|beiträge)|unsere empfehlungen?|(?:\d+ )?kommentare(?: \(\d+\))?|\d+ (?:antworten|kommentare) (?:zu|auf) .+|(?:schreibe|hinterlasse|verfasse)(?: einen)? kommentar|kommentar (?:schreiben|verfassen|hinterlassen)|meistgelesen(?:e (?:artikel|beiträge|nachrichten))?|am meisten gelesen|was (?:denkst|meinst) du|was (?:denken|meinen) sie|(?:ihre|deine) meinung|datenschutz(?:erklärung|hinweise?)|nutzungsbedingungen|impressum|rechtliche hinweise|allgemeine geschäftsbedingungen`

/** French. */
const french = String.raw`(?:à propos de l'|sur l')auteur|(?:articles?|contenus?) (?:similaires|liés|associés|recommandés)|vous (?:aimerez|pourriez aimer)(?: aussi| également)?|ces articles (?:peuvent|pourraient) vous intéresser|(?:à )?lire (?:aussi|également)|(?:à )?voir (?:aussi|également)|(?:sur le )?même sujet|(?:[\wÀ-ÿ]+ )?(?:et )?(?:[\wÀ-ÿ]+ )?sur le (?:même )?sujet|dans la même rubrique|pour aller plus loin|(?:derniers|nos derniers) articles|dernières (?:actualités|nouvelles|infos)|(?:\d+ )?commentaires?|(?:laisser|laissez|écrire|ajouter) un commentaire|avis clients|les plus (?:lus|partagés|commentés|populaires)|mentions légales|conditions (?:générales )?d'utilisation|politique de (?:confidentialité|cookies)`

/** Spanish. */
const spanish = String.raw`sobre el autora?|(?:artículos|noticias|notas|publicaciones|entradas) (?:relacionad[oa]s|recomendad[oa]s|similares)|(?:también )?(?:le|te|les) (?:puede|podría|pueden|podrían) interesar|(?:quizás?|tal vez) (?:le|te) interese|(?:lee|lea|leer) (?:también|además)|puedes ver|ver (?:también|además)|te recomendamos|más (?:noticias|leídas?|leídos|vist[oa]s|populares)|lo más (?:leído|visto|popular)|últimas noticias|(?:\d+ )?comentarios|(?:deja|dejar|escribe) (?:un|tu) comentario|aviso legal|política de (?:privacidad|cookies)|términos (?:y condiciones|de uso)|condiciones de uso`

/** Italian. */
const italian = String.raw`sull'autore|(?:articoli|notizie|post) (?:correlati|correlate|simili)|(?:ti )?potrebbe(?:ro)? (?:anche )?interessar(?:ti|e)|leggi anche|vedi anche|da non perdere|(?:altri|ultimi) articoli|ultime notizie|(?:\d+ )?commenti|(?:lascia|scrivi) un commento|i più (?:letti|visti|popolari)|note legali|informativa (?:sulla )?(?:privacy|cookie)|termini (?:e condizioni|di utilizzo|d'uso)`

/** Portuguese. */
const portuguese = String.raw`sobre o autora?|(?:artigos|notícias|posts) relacionad[oa]s|(?:leia|veja) (?:também|mais)|você (?:também )?pode (?:gostar|se interessar)|mais (?:lidas|lidos|vistos|vistas|notícias)|últimas notícias|(?:\d+ )?comentários|deixe (?:um|seu) comentário|termos (?:de uso|e condições)|política de privacidade`

/** Dutch. */
const dutch = String.raw`over de (?:auteur|schrijver)|(?:gerelateerde|vergelijkbare|aanbevolen) (?:artikelen|berichten|nieuws)|lees (?:ook|meer|verder)|bekijk ook|(?:ook|misschien ook) interessant|dit vind je misschien ook leuk|meer (?:nieuws|artikelen|over dit onderwerp)|meest (?:gelezen|bekeken)|(?:laatste|nieuwste) (?:nieuws|artikelen|berichten)|(?:\d+ )?reacties?|(?:laat|plaats|geef) een reactie(?: achter)?|privacyverklaring|algemene voorwaarden|gebruiksvoorwaarden|cookiebeleid`

/** Polish. */
const polish = String.raw`o autorze|(?:podobne|powiązane|polecane) (?:artykuły|wpisy|posty|tematy)|(?:czytaj|przeczytaj|zobacz) (?:też|także|również|więcej)|polecamy|(?:to )?może (?:cię|pana|panią) (?:też |także |również )?zainteresować|najczęściej (?:czytane|komentowane|oglądane)|najnowsze (?:artykuły|wpisy|wiadomości)|(?:\d+ )?komentarz(?:e|y)?(?: \(\d+\))?|(?:dodaj|napisz|zostaw) komentarz|polityka (?:prywatności|cookies)|nota prawna`

/** Every language's phrases. */
const phrases = [english, german, french, spanish, italian, portuguese, dutch, polish].join("|")

/** A boilerplate heading's whole text. */
const boilerplateHeading = new RegExp(`^(?:${phrases})$`, "i")

/** A line that opens with a boilerplate heading and a colon, then names what it points to: "Lesen Sie auch: ...", "Le puede interesar: ...". */
const boilerplateLead = new RegExp(`^(?:${phrases})\\s*:\\s*\\S`, "i")

/**
 * Whether a heading's text (its closing punctuation stripped) is a boilerplate heading.
 *
 * @example
 * isBoilerplateHeading("Related articles") // true
 * isBoilerplateHeading("Kommentare") // true
 * isBoilerplateHeading("The council's comments") // false
 */
export const isBoilerplateHeading = (text: string): boolean => boilerplateHeading.test(text)

/**
 * Whether a line opens with a boilerplate heading and a colon before the rest of its text: a
 * teaser of another article set between an article's paragraphs ("Lesen Sie auch: ...", "Czytaj
 * też: ...", "Le puede interesar: ...").
 *
 * @example
 * isBoilerplateLead("Read also: The council's new budget") // true
 * isBoilerplateLead("Read also the council's budget.") // false
 */
export const isBoilerplateLead = (text: string): boolean => boilerplateLead.test(text)
