/**
 * Notices: the site's lines set after an article or between its paragraphs, which are not the
 * article's text. Calls to action (follow the author or the site on a social network, subscribe
 * to a newsletter or a channel, get news delivered to one's inbox, "if you enjoyed this
 * article"), the author's contact line ("she can be reached at ..."), calls for the reader's
 * opinion ("tell us what you think"), a script's notice that the page needs JavaScript and
 * legal notices (copyright lines, "all rights reserved", "this document is subject to copyright").
 *
 * The English phrases were measured on ScrapingHub's tuning half and WCXB, whose notices are
 * English; the same notices in German, French, Spanish, Italian, Portuguese, Dutch and Polish on
 * the tuning half of trafilatura's evaluation set; a page that declares itself English is read
 * for the English phrases only. Besides these phrases, found anywhere in a short block, a block
 * whose whole text is a share bar's or a likes widget's label ("Share this:", "Teilen mit:",
 * "Like Loading..."), opens with a picture's credit ("Foto:"), is a reading time ("5 min
 * read"), skip links ("Skip to main content") or a placeholder's or an advertisement's label
 * ("Loading...", "Sponsored") is a notice too. Apart from the notices, this file reads the
 * filing lines of a post ("Tags: ...", {@link isFilingLine}) and the furniture labels a page
 * sets outside blocks ({@link isFurnitureLabel}).
 */

/**
 * Following someone on a social network: "Follow us on Twitter", "Follow Jane Doe on Instagram",
 * "Follow us at Twitter"; or following the site's coverage of a topic, the line a news agency
 * sets under its stories: "Follow AP's full coverage of Brexit at https://...".
 */
const followCall = String.raw`\bfollow (?:(?:us|me|him|her|them|[A-Z][\w.]+(?: [A-Z][\w.]+)?) (?:on|at) (?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads)\b|(?:[\w'’.]+ ){0,2}(?:full |complete |latest |live |ongoing |continuing )?coverage (?:of|on|at)\b)|\blike us on facebook\b`

/**
 * Subscribing to the site's publications: "Subscribe to our newsletter", "Sign up for The Daily
 * newsletter"; and the pitch that opens on the reader's liking: "If you enjoyed this article",
 * "If you liked this blog post, you'll love ...", "If you're enjoying this article, consider
 * supporting ...", "Enjoyed this piece? We need your help".
 */
const subscribeCall = String.raw`\b(?:subscribe|sign up|signup|register) (?:to|for) (?:[\w'’.]+ ){0,5}(?:newsletters?|channel|podcast|magazine|mailing list)\b|\b(?:delivered|straight|right) (?:\w+ )?(?:to|in|into) your inbox\b|\bif you(?:'re|’re| are)? (?:enjoy(?:ed|ing)|lik(?:ed|ing)) (?:this|my|our) (?:blog )?(?:article|post|story|piece)\b|^\W*(?:enjoyed|liked) this (?:article|post|story|piece)\?`

/** The author's contact line: "Jane Doe can be reached at jane@example.com". */
const contactLine = String.raw`\b(?:can|may) be reached (?:at|by)\b`

/** A call for the reader's opinion: "Tell us what you think", "We want to hear what you think about this article", "Submit a letter to the editor". */
const feedbackCall = String.raw`\b(?:tell us|let us know) what you think\b|\bwe(?:'d| would)? (?:want|like|love) to hear (?:what you think|from you)\b|\bsubmit a letter to the editor\b`

/** A script's notice that the page needs JavaScript: "This slideshow requires JavaScript", "Please enable JavaScript". */
const scriptNotice = String.raw`\b(?:requires?|enable|turn on) javascript\b|\bjavascript (?:is (?:required|disabled)|must be enabled)\b`

/** A script's notice that the page needs JavaScript, in German: "Bitte aktivieren Sie JavaScript", "JavaScript aktivieren". */
const scriptNoticeElsewhere = String.raw`\baktivieren sie javascript\b|\bjavascript (?:aktivieren|ist deaktiviert)\b`

/**
 * Copyright and reuse notices: "Copyright (c) Site", "All rights reserved", "This document is
 * subject to copyright". A line holding the copyright sign ("© 2019 Site", "photos © Site,
 * 2018") is one too ({@link copyrightSign}).
 */
const legalNotice = String.raw`\ball rights reserved\b|copyright\s*(?:\(c\)|@)|\bthis (?:document|article|material|story|content) (?:is subject to copyright|may not be (?:re)?(?:published|produced|distributed))`

/** Following the site on a social network, in other languages: "Folgen Sie uns auf", "Suivez-nous sur", "Síguenos en", "Seguici su", "Volg ons op", "Obserwuj nas na". */
const followCallElsewhere = String.raw`\b(?:folg(?:en sie|t) uns auf|folge uns auf|liken sie uns auf|suivez-nous sur|retrouvez-nous sur|síguenos en|seguinos en|seguici su|siga-nos n[oa]|volg ons op|obserwuj nas na|polub nas na)\b`

/**
 * Subscribing to a newsletter, in other languages: a verb of subscribing near the newsletter's
 * name ("Newsletter abonnieren", "Melde dich hier für unseren Newsletter an", "Inscrivez-vous à
 * notre newsletter", "Suscríbete a nuestro boletín", "Iscriviti alla newsletter", "Zapisz się do
 * newslettera", "Zapraszamy do subskrypcji").
 */
const subscribeCallElsewhere = String.raw`\b(?:abonnier\w*|anmelden|inscri\w*|abonne[zr]\w*|suscr[ií]b\w*|iscriv\w*|assin[ae]\w*|inschrijv\w*|schrijf je in|aanmelden|zapisz się|zapisz|subskryb\w*)(?:-(?:vous|te|ti))?(?: [\wÀ-ÿ'’]+){0,5} (?:newsletter\w*|nieuwsbrief|boletín|bolet[ií]n informativo)\b|\b(?:newsletter|nieuwsbrief|boletín)\b(?: [\w'’]+){0,3} (?:abonnieren|bestellen|anmelden)\b|\bzapraszamy (?:też |także |również )?do subskrypcji\b|\bmelde(?:n sie sich| dich)\b(?: [\wÀ-ÿ'’]+){0,5} (?:newsletter\w*) an\b`

/** The site's cookie notice: "We use cookies", "This website uses cookies". */
const cookieNotice = String.raw`\b(?:we use|this (?:web)?site uses) cookies?\b`

/**
 * The site's cookie notice, in other languages: "Wir verwenden Cookies", "Nous utilisons des
 * cookies", "Utilizamos cookies", "Utilizziamo i cookie", "Wij gebruiken cookies", "Korzystamy z cookies".
 */
const cookieNoticeElsewhere = String.raw`\b(?:wir (?:verwenden|nutzen|setzen)|(?:diese|unsere) (?:web)?seite (?:verwendet|nutzt)|nous utilisons(?: des)?|ce site (?:web )?utilise(?: des)?|utilizamos|usamos|este sitio(?: web)? (?:utiliza|usa)|este site (?:utiliza|usa)|utilizziamo(?: i)?|questo sito(?: web)? utilizza(?: i)?|wij gebruiken|we gebruiken|deze (?:web)?site gebruikt|korzystamy z|używamy(?: plików)?|(?:ta|nasza) strona (?:używa|korzysta z)(?: plików)?) cookies?\b`

/**
 * Logging in to comment: "You must be logged in to post a comment", "Du musst eingeloggt sein,
 * um Kommentare zu schreiben", "Vous devez être connecté pour publier un commentaire", and the
 * same in Spanish, Italian, Portuguese, Dutch and Polish.
 */
const loginToComment = String.raw`\blogged in to (?:post|leave|write) a (?:comment|reply)\b`

/** Logging in to comment, in other languages (see {@link loginToComment}). */
const loginToCommentElsewhere = String.raw`\b(?:eingeloggt|angemeldet) sein,? um\b|\bum (?:.{1,80} )?(?:zu )?kommentieren zu können\b|\bconnecté pour (?:publier|poster|laisser|écrire)\b|\b(?:conectado|registrado|identificado) para (?:publicar|comentar|escribir)\b|\b(?:loggato|connesso|registrato) per (?:commentare|inviare|pubblicare)\b|\b(?:login|logado|conectado) para (?:comentar|publicar)\b|\bingelogd (?:zijn|om)\b|\bbyć zalogowany\b`

/**
 * A blog's line under its post, saying when and where the post was filed: "This entry was posted
 * in ...", "Der Beitrag wurde am ... veröffentlicht", "Cet article a été publié dans ...", "Esta
 * entrada fue publicada en ...", "Questo articolo è stato pubblicato in ...", "Dit bericht is
 * geplaatst in ...", "Ten wpis został opublikowany w ...".
 */
const filedLine = String.raw`\bthis (?:entry|post) was posted (?:in|on)\b`

/** A blog's filed-under line, in other languages (see {@link filedLine}). */
const filedLineElsewhere = String.raw`\b(?:beitrag|eintrag) wurde am\b.{0,80}\bveröffentlicht\b|\b(?:cet article|cette entrée) a été publiée? (?:le|dans)\b|\besta entrada (?:fue publicada|se publicó)\b|\b(?:questo articolo|questa voce) è stat[oa] pubblicat[oa]\b|\b(?:dit bericht|deze (?:post|inzending)) (?:is|werd) geplaatst\b|\bten wpis został opublikowany\b`

/**
 * The copyright sign: a line holding it is a notice. Looked for apart from the phrases: as an
 * alternative of {@link englishNotice} it would cost that expression twice its time.
 */
const copyrightSign = "©"

/** Any English notice phrase. Letter case is ignored (`[A-Z]` in {@link followCall} then matches any name). */
const englishNotice = new RegExp([followCall, subscribeCall, contactLine, feedbackCall, scriptNotice, legalNotice, cookieNotice, loginToComment, filedLine].join("|"), "i")

/**
 * Any notice phrase of the other languages. Kept apart because it costs three times the English
 * one (each phrase is an alternative tried at every word), and a page declared English
 * ({@link NoticeOptions}) is not read for it.
 */
const noticeElsewhere = new RegExp([followCallElsewhere, subscribeCallElsewhere, cookieNoticeElsewhere, scriptNoticeElsewhere, loginToCommentElsewhere, filedLineElsewhere].join("|"), "i")

/** Options of {@link isNotice}. */
export interface NoticeOptions {
  /** Read the English phrases only: the page declares itself English (`<html lang="en">`). Default false. */
  readonly englishOnly?: boolean
}

/**
 * A share bar's or a likes widget's label, as a block's whole text: "Share this:", "Teilen
 * mit:", "Partager :", "Compartir en:", "Condividi:", "Compartilhe:", "Delen:", "Udostępnij:",
 * and WordPress's likes widget ("Like Loading...", "Gefällt mir Wird geladen...", "J'aime
 * chargement…").
 */
const shareLabel =
  /^\s*(?:(?:share|teilen|sharen|partager|compartir|condividi|compartilhe|compartilhar|partilhar|delen|deel|udostępnij)(?:\s+(?:this|it|mit|on|via|sur|en|su|em|op|na|w))?(?:\s+(?:article|post|story|artikel|beitrag|l'article|artículo|articolo|artigo|artikuł))?\s*:?|(?:like|gefällt\s+mir|j'aime|me\s+gusta|mi\s+piace|curtir|vind\s+ik\s+leuk|lubię\s+to)\s*(?:loading|wird\s+geladen|chargement|cargando|caricamento|carregando|laden|wczytywanie)\s*(?:\.{3}|…)?)\s*$/i

/**
 * A picture's credit, as a block's opening label: "Foto: ...", "Titelbild: ...", "(Credit:
 * ...)", "Photo : ...", "Fotografía: ...", "Zdjęcie: ...".
 */
const creditLine =
  /^\s*[([]?(?:photos?|photo\s+credits?|credits?|images?|pictures?|fotos?|fotograf(?:ie|ía|ia)|bild(?:er)?|titelbild|titelfoto|bildquelle|crédits?(?:\s+photo)?|imagen|foto\s+di|zdjęcie|fot\.|beeld|quelle|source|fuente|fonte|źródło|bron)\s*:/i

/**
 * A reading time, as a block's whole text: "Reading time: 8 minutes", "5 min read", "Lesezeit:
 * 3 Min.", "Tempo de leitura: 1 minuto", "Temps de lecture : 4 minutes".
 */
const readingTime =
  /^\s*(?:(?:estimated )?(?:reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|tempo de leitura|tempo di lettura|leestijd|czas czytania)\s*:?\s*(?:ca\.\s*)?\d+(?:\s*[-–]\s*\d+)?\s*(?:min(?:ute|uto|uti|uten|ut)?s?|min\.)?|\d+\s*(?:min(?:ute)?s?\.?)\s*(?:read|lesezeit|de lectura|de leitura|di lettura|leestijd))\s*\.?\s*$/i

/**
 * A blog's or a news site's filing of the article, as a block's opening label and a colon before
 * the names it is filed under: "Filed under: Politics |", "Tags: Employment, Health", "Category:
 * Personal Finance", "Kategorie: News", "Schlagworte: Schule, Bildung", "Catégories : ...",
 * "Etiquetas: ...", "Tagi: ...". A label alone ("Categories") is a heading, left to the cleaning
 * of orphan headings; a label glued to its name ("Category:Benchmarking") is a wiki's link.
 */
const filingLabel =
  /^\s*(?:filed under|posted in|tagged(?: with| as)?|tags?|categor(?:y|ies)|topics|kategorien?|schlagw(?:ö|o)rte?r?|stichw(?:ö|o)rte?r?|themen|catégories?|étiquettes?|mots[- ]clés|categorías?|etiquetas|categorie|categorias|marcadores|categorieën|trefwoorden|kategorie|tagi)\s*:\s+\S/i

/**
 * A widget's placeholder or an advertisement's label, as a block's whole text: "Loading...",
 * "Wird geladen …", "Chargement", "Cargando...", "Sponsored", "Advertisement", "- Anzeige -",
 * "Werbung", "Publicité", "Publicidad", "Pubblicità", "Reklama".
 */
const placeholderLabel =
  /^\W*(?:loading|wird geladen|chargement(?: en cours)?|cargando|caricamento(?: in corso)?|carregando|bezig met laden|ładowanie|sponsored|advertisement|anzeige|werbung|publicité|publicidad|pubblicità|publicidade|advertentie|reklama)\W*$/i

/**
 * Skip links, as a block's whole text: the links a page sets first for keyboard and screen
 * reader users, to jump past its menus ("Skip to main content", "Jump to navigation Jump to
 * search", "Skip to search results", "Zum Inhalt springen", "Aller au contenu principal",
 * "Saltar al contenido", "Przejdź do treści"), one or several, maybe run together.
 */
const skipLinks =
  /^(?:\s*(?:(?:skip|jump)(?: to)?(?: the)? (?:main |primary |page )?(?:content|navigation|nav|search(?: results)?|footer|menu|sidebar)(?: links)?|(?:direkt )?zum (?:haupt)?inhalt(?: springen| wechseln)?|aller (?:au|à la) (?:contenu|navigation|recherche)(?: principal)?|passer au contenu(?: principal)?|saltar (?:al|a la) (?:contenido|navegación)(?: principal)?|(?:vai|salta) al (?:contenuto|menu)(?: principale)?|(?:ir|pular) para o conteúdo(?: principal)?|(?:ga |spring )?naar (?:de )?(?:hoofd)?inhoud|przejdź do (?:treści|menu|nawigacji)))+\s*$/i

/**
 * Whether a text is a furniture label: skip links ({@link skipLinks}: "Skip to main content") or
 * a placeholder's or an advertisement's label ({@link placeholderLabel}: "Loading...",
 * "Sponsored"). Pages often set these as a bare link or span, outside any block of their own,
 * where the notices of blocks are not looked for.
 *
 * @example
 * isFurnitureLabel("Skip to main content") // true
 * isFurnitureLabel("Loading...") // true
 * isFurnitureLabel("Skip the sauce if you are in a hurry") // false
 */
export const isFurnitureLabel = (text: string): boolean => skipLinks.test(text) || placeholderLabel.test(text)

/**
 * Whether a block's text opens with a filing label ({@link filingLabel}): the site's filing of
 * the article, not its text. The caller keeps the fields of a list or a table of data ("Kategorie:
 * Erste Versuche" among a photo's details), which are the page's content.
 *
 * @example
 * isFilingLine("Tags: Employment, Health & Fitness") // true
 * isFilingLine("Tags are how the site files its posts.") // false
 */
export const isFilingLine = (text: string): boolean => filingLabel.test(text)

/**
 * Whether a text holds a notice phrase (a call to follow or subscribe, the author's contact
 * line, a call for the reader's opinion, a script's notice, a copyright sign or notice, a cookie
 * notice, a call to log in to comment, a blog's filed-under line), is a share bar's label, a
 * reading time or a furniture label ({@link isFurnitureLabel}), or opens with a picture's
 * credit. The caller decides which blocks are short
 * enough to be a notice rather than prose that mentions one.
 *
 * @example
 * isNotice("Follow us on Twitter @site.") // true
 * isNotice("The council met on Tuesday.") // false
 */
export const isNotice = (text: string, options: NoticeOptions = {}): boolean =>
  text.includes(copyrightSign) ||
  englishNotice.test(text) || (options.englishOnly !== true && noticeElsewhere.test(text)) || shareLabel.test(text) || creditLine.test(text) || readingTime.test(text) || skipLinks.test(text) || placeholderLabel.test(text)
