/**
 * Date lines: a block whose whole text is a date, maybe with a time and a label saying what
 * happened then ("Aktualisiert: 11.04.2020, 10:27", "Publié le 3 avril 2020", "Updated March 3,
 * 2020", "23.10.2018"), or a time alone with such a label or its half of the day ("Updated at
 * 1:23 p.m.", "3:59 PM"). The page's furniture around an article, never its text; the labels
 * are in English, German, French, Spanish, Italian, Portuguese, Dutch and Polish.
 */

/** What the date says happened: published, updated, posted, created, or a plain "date" or "as of". */
const label = String.raw`(?:(?:first |last )?(?:updated|modified|published|posted|created)(?: on| at)?|date|aktualisiert(?: am)?|veröffentlicht(?: am)?|publiziert(?: am)?|veröffentlichung|erstellt(?: am)?|geändert(?: am)?|stand(?: vom)?|datum|mis à jour(?: le)?|publié(?: le)?|modifié(?: le)?|actualizado(?: el)?|publicado(?: el| em)?|fecha|aggiornato(?: il)?|pubblicato(?: il)?|atualizado(?: em)?|bijgewerkt(?: op)?|gepubliceerd(?: op)?|geplaatst(?: op)?|opublikowano|zaktualizowano|aktualizacja|data(?: publikacji)?)\s*:?\s*`

/** Weekdays' names and their short forms, in the eight languages of the labels. */
const weekdayNames = [
  "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun",
  "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|mo|di|mi|do|fr|sa|so",
  "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim",
  "lunes|martes|miércoles|jueves|viernes|sábado|domingo|mié|jue|vie|sáb|dom",
  "lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|gio|sab",
  "segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|seg|ter|qua|qui|sex",
  "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|wo|vr|za|zo",
  "poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela|pon|wt|śr|czw|pt|sob|niedz"
].join("|")

/**
 * A weekday before the date: "Mittwoch, ", "Mon. ", "Freitag, den ". Only a weekday's name: a
 * line such as "Approved September 22, 1961." is a sentence of the text, not a date line.
 */
const weekday = String.raw`(?:(?:${weekdayNames})\.?,?\s+(?:den\s+)?)?`

/** A date: `23.10.2018`, `2018-10-23`, `23/10/2018`, `23. Oktober 2018`, `3 avril 2020`, `March 3, 2020`, `3 de mayo de 2022`. */
const date = String.raw`(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+(?:de\s+)?\p{L}{3,12}\.?\s+(?:de\s+)?\d{4}|\p{L}{3,12}\.?\s+\d{1,2},?\s+\d{4})`

/** A time zone after the time: " IST", " GMT+1", " (CET)". */
const zone = String.raw`(?:\s*\(?(?:gmt|utc|cet|cest|mez|mesz|bst|ist|[ecmp][sd]?t|aest|jst)(?:[+-]\d{1,2}(?::?\d{2})?)?\)?)?`

/** A time after the date: ", 10:27", " um 15:21 Uhr", " at 3:59 PM", " - 12h35", " 01:41 PM IST". */
const time = String.raw`(?:,?\s*(?:um|at|à|a las|alle|às|om|o|-|\|)?\s*\d{1,2}[:h.]\d{2}(?:\s*(?:uhr|h|[ap]\.?m\.?))?${zone})?`

/**
 * A time alone, as a line of its own: after a label ("Updated at 1:23 p.m.", "Aktualisiert um
 * 10:27"), or with its half of the day or its hour word ("3:59 PM", "15:21 Uhr"). A bare
 * "12.30" may be a figure of the text.
 */
const timeAlone = String.raw`(?:${label}(?:um|at|à|a las|alle|às|om|o)?\s*\d{1,2}[:h.]\d{2}(?:\s*(?:uhr|h|[ap]\.?m\.?))?|\d{1,2}[:.]\d{2}\s*(?:uhr|[ap]\.?m\.?))${zone}`

/** A date line's whole text. */
const dateLine = new RegExp(`^(?:(?:${label})?${weekday}${date}${time}|${timeAlone})\\.?$`, "iu")

/**
 * Whether a text (trimmed, white space collapsed) is a date line: a date, maybe with a time and
 * a label, or a time alone with a label or its half of the day ({@link timeAlone}).
 *
 * @example
 * isDateLine("Aktualisiert: 11.04.2020, 10:27") // true
 * isDateLine("Published March 3, 2020") // true
 * isDateLine("On 3 March 2020 the council met.") // false
 */
export const isDateLine = (text: string): boolean => dateLine.test(text)
