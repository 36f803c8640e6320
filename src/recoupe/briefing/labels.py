"""Every word of the briefing's interface, in French and English: one table, read by both templates."""

from __future__ import annotations

from recoupe.errors import ExportError

LANGUAGES = ("fr", "en")
# French by default: the corpus is French, and a French reader sees the source text and the
# interface in one language; `--lang en` is for readers who only need the labels in English.
DEFAULT_LANGUAGE = "fr"

# key: (fr, en). Keys with a dot are the values of one export field ("status.conflicting").
# Templates format the entries with "%d"/"%s" placeholders through Jinja's `format` filter.
LABELS: dict[str, tuple[str, str]] = {
    "title": ("Note de synthèse", "Briefing"),
    "sep": (" : ", ": "),  # French puts a space before a colon
    "summary": ("%d documents de %d sources indépendantes, %d entités reliées d'un document à l'autre.",
                "%d documents from %d independent sources, %d entities linked across them."),
    "developments": ("Faits marquants", "Key developments"),
    "developments.none": ("Aucun fait marquant : aucun sujet n'a été regroupé.",
                          "No key development found: no story was clustered."),
    "developments.sources": ("%d sources indépendantes, %d documents", "%d independent sources, %d documents"),
    "developments.latest": ("dernier article", "latest article"),
    "timeline": ("Chronologie", "Timeline"),
    "timeline.none": ("Aucun événement daté.", "No dated event found."),
    "checks": ("Vérifications : contradictions, faits contestés et sources uniques d'abord",
               "Checks: conflicting, disputed and single-source facts first"),
    "checks.none": ("Aucune vérification croisée.", "No cross-source check found."),
    "explanation": ("Explication", "Explanation"),
    "series": ("Évolution des estimations", "Estimates over time"),
    "series.undated": ("date inconnue", "date unknown"),
    "about": ("Concerne", "About"),
    "quotes": ("Qui a dit quoi", "Who said what"),
    "quotes.none": ("Aucune citation attribuée.", "No attributed quote found."),
    "quotes.reported": ("propos rapportés", "reported"),
    "figures": ("Chiffres", "Figures"),
    "figures.none": ("Aucun chiffre.", "No figure found."),
    "actors": ("Acteurs", "Actors"),
    "actors.none": ("Aucune entité.", "No entity found."),
    "sources": ("Sources", "Sources"),
    "sources.none": ("Aucun document.", "No document."),
    "sources.text": ("Textes cités, avec les passages repérés", "Cited texts, with the spans marked"),
    "removed": ("Ce que le nettoyage a retiré", "What cleaning removed"),
    "removed.none": ("Rien.", "Nothing."),
    "rejected": ("Entrées rejetées", "Inputs rejected"),
    "skipped": ("non analysé", "not analysed"),
    "more": ("… et %d de plus dans export.json", "… and %d more in export.json"),
    "inferred": ("date déduite du texte", "date inferred from the text"),
    "col.value": ("valeur", "value"),
    "col.claim": ("affirmation", "claim"),
    "col.source": ("source", "source"),
    "col.outlet": ("média", "outlet"),
    "col.document": ("document", "document"),
    "col.date": ("date", "date"),
    "col.event": ("événement", "event"),
    "col.figure": ("chiffre", "figure"),
    "col.low": ("min.", "low"),
    "col.high": ("max.", "high"),
    "col.unit": ("unité", "unit"),
    "col.qualifier": ("précision", "qualifier"),
    "col.entity": ("entité", "entity"),
    "col.type": ("type", "type"),
    "col.mentions": ("mentions", "mentions"),
    "col.documents": ("documents", "documents"),
    "col.roles": ("fonctions", "roles"),
    "col.title": ("titre", "title"),
    "col.published": ("publication", "published"),
    "col.actors": ("acteurs", "actors"),
    "col.targets": ("cibles", "targets"),
    "col.location": ("lieu", "location"),
    "col.modality": ("modalité", "modality"),
    "status.conflicting": ("contradictoire", "conflicting"),
    "status.disputed": ("contesté", "disputed"),
    "status.single-source": ("source unique", "single source"),
    "status.corroborated": ("recoupé", "corroborated"),
    "kind.figure": ("chiffre", "figure"),
    "kind.role": ("fonction", "role"),
    "kind.event": ("événement", "event"),
    "kind.date": ("date", "date"),
    "modality.asserted": ("affirmé", "asserted"),
    "modality.hedged": ("rapporté sous réserve", "hedged"),
    "modality.denied": ("démenti", "denied"),
    "modality.planned": ("prévu", "planned"),
    "qualifier.exact": ("exact", "exact"),
    "qualifier.between": ("entre", "between"),
    "qualifier.at-least": ("au moins", "at least"),
    "qualifier.at-most": ("au plus", "at most"),
    "qualifier.about": ("environ", "about"),
    "qualifier.more-than": ("plus de", "more than"),
    "qualifier.less-than": ("moins de", "less than"),
    "reason.boilerplate": ("habillage du site", "boilerplate"),
    "reason.repeated-paragraph": ("paragraphe répété", "repeated paragraph"),
    "reason.repeated-title": ("titre répété", "repeated title"),
    "reason.caption": ("légende ou crédit", "caption or credit"),
    "reason.other": ("autre", "other"),
    "type.PER": ("personne", "person"),
    "type.ORG": ("organisation", "organisation"),
    "type.GPE": ("État ou ville", "state or city"),
    "type.LOC": ("lieu", "place"),
    "type.EVT": ("événement", "event"),
    "type.MISC": ("autre", "other"),
}


def table(lang: str) -> dict[str, str]:
    """Every label in one language; an unknown language is an `ExportError` naming the valid ones."""
    if lang not in LANGUAGES:
        raise ExportError(f"no briefing labels for language {lang!r}; available: {', '.join(LANGUAGES)}")
    index = LANGUAGES.index(lang)
    return {key: pair[index] for key, pair in LABELS.items()}
