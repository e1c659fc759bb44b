"""Interface texts in French (the default) and English. Answers follow the question's language, not these."""

from __future__ import annotations

DEFAULT = "fr"
LANGUAGES: list[tuple[str, str]] = [("Français", "fr"), ("English", "en")]

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "## askcloud\nPosez vos questions sur les documents : chaque réponse cite les passages exacts "
                 "qu'elle utilise, et dit quand les documents ne répondent pas.",
        "language": "Langue",
        "chat": "Conversation",
        "placeholder": "Votre question (en français ou en anglais)…",
        "question": "Question",
        "send": "Envoyer",
        "clear": "Effacer",
        "examples": "Exemples",
        "topics": "Thèmes à consulter (aucun : tous)",
        "details": "Détails",
        "details_empty": "Posez une question : la question reformulée et la trace des agents s'afficheront ici.",
        "upload": "Vos documents : visibles de vous seul, cherchés avec le corpus partagé",
        "upload_button": "Ajouter des fichiers (.txt, .md, .html, .pdf ; 5 Mo au plus)",
        "mine": "Vos documents (privés)",
        "mine_empty": "Aucun document à vous pour l'instant.",
        "remove": "Retirer la sélection",
        "removed": "{n} document(s) retiré(s) : {names}.",
        "nothing_selected": "Cochez d'abord les documents à retirer.",
        "shared": "Ajouter au corpus partagé (administration : visible de tous)",
        "export_md": "Exporter (Markdown)",
        "export_json": "Exporter (JSON)",
        "checking": "vérification…",
        "upload_status": "Ajouts et retraits",
        "status": "Index : {documents} documents, {chunks} passages.",
        "status_missing": "Index absent ou vide : lancez `askcloud index` (ou ajoutez des documents).",
        "status_error": "Index indisponible : {error}",
        "thinking": "…",
        "error": "Désolé, je ne peux pas répondre : {error}",
        "internal_error": "Une erreur interne est survenue ; la conversation peut continuer.",
        "no_file": "Choisissez d'abord un ou plusieurs fichiers.",
        "too_many": "Au plus {limit} fichiers à la fois.",
        "added": "{n} document(s) ajouté(s) : {names}. Index : {documents} documents, {chunks} passages "
                 "({embedded} nouveaux passages calculés).",
        "added_private": "{n} document(s) ajouté(s) à vos documents : {names} ({chunks} passages).",
        "rejected": "Refusé : {name} — {reason}",
        "bad_name": "nom de fichier non accepté (pas de chemin, pas de fichier caché, lettres, chiffres, . - _ "
                    "et espaces)",
        "bad_type": "type {suffix} non pris en charge (accepté : {allowed})",
        "too_big": "{size} Mo, au-delà de la limite de {limit} Mo",
        "empty": "fichier vide",
        "exists": "un document de ce nom existe déjà",
        "unreadable": "illisible : {detail}",
        "indexing": "Indexation…",
        "upload_failed": "L'ajout a échoué : {error}",
    },
    "en": {
        "title": "## askcloud\nAsk questions about the documents: every answer cites the exact passages it uses, "
                 "and says so when the documents do not hold the answer.",
        "language": "Language",
        "chat": "Conversation",
        "placeholder": "Your question (in French or English)…",
        "question": "Question",
        "send": "Send",
        "clear": "Clear",
        "examples": "Examples",
        "topics": "Topics to search (none: all)",
        "details": "Details",
        "details_empty": "Ask a question: the rewritten question and the agents' trace will show here.",
        "upload": "Your documents: seen by you alone, searched with the shared corpus",
        "upload_button": "Add files (.txt, .md, .html, .pdf; 5 MB at most)",
        "mine": "Your documents (private)",
        "mine_empty": "No document of yours yet.",
        "remove": "Remove selected",
        "removed": "{n} document(s) removed: {names}.",
        "nothing_selected": "Tick the documents to remove first.",
        "shared": "Add to the shared corpus (admin: seen by everyone)",
        "export_md": "Export (Markdown)",
        "export_json": "Export (JSON)",
        "checking": "checking…",
        "upload_status": "Uploads and removals",
        "status": "Index: {documents} documents, {chunks} passages.",
        "status_missing": "No index yet, or an empty one: run `askcloud index` (or add documents).",
        "status_error": "Index unavailable: {error}",
        "thinking": "…",
        "error": "Sorry, I cannot answer: {error}",
        "internal_error": "An internal error occurred; the conversation can go on.",
        "no_file": "Choose one or more files first.",
        "too_many": "At most {limit} files at once.",
        "added": "{n} document(s) added: {names}. Index: {documents} documents, {chunks} passages "
                 "({embedded} new passages embedded).",
        "added_private": "{n} document(s) added to your documents: {names} ({chunks} passages).",
        "rejected": "Rejected: {name} — {reason}",
        "bad_name": "file name not accepted (no path, no hidden file; letters, digits, . - _ and spaces)",
        "bad_type": "type {suffix} is not supported (accepted: {allowed})",
        "too_big": "{size} MB, over the {limit} MB limit",
        "empty": "empty file",
        "exists": "a document with this name already exists",
        "unreadable": "unreadable: {detail}",
        "indexing": "Indexing…",
        "upload_failed": "Adding the documents failed: {error}",
    },
}

# Texts inside an answer follow the answer's language, like the CLI's: the language packs' labels.
ANSWER_KEYS = {"sources": "label_sources", "understood": "label_understood", "note": "label_note",
               "checking": "label_checking", "private_topic": "label_private_topic"}


def lang_of(value: str | None) -> str:
    """The language code for a selector value; anything unknown falls back to French."""
    return value if value in LABELS else DEFAULT


def t(lang: str | None, key: str, **values: object) -> str:
    text = LABELS[lang_of(lang)][key]
    return text.format(**values) if values else text


def answer_text(lang: str | None, key: str, **values: object) -> str:
    from askcloud.text import pack

    return pack(lang_of(lang)).message(ANSWER_KEYS.get(key, key), **values)


def topic_choices(lang: str | None, topics=()) -> list[tuple[str, str]]:
    """(label, value) of each topic of the index (corpus.topics.Topic), labelled in the interface's language."""
    return [(topic.label(lang_of(lang)), topic.name) for topic in topics]

# Labels of the "Details" panel (the interface's language).
TRACE: dict[str, dict[str, str]] = {
    "fr": {"standalone": "Question comprise", "language": "Langue détectée", "topics": "Thèmes consultés",
           "rewrite": "Recherche reformulée", "attempt": "Passages (tentative {n})", "kept": "retenu",
           "dropped": "écarté", "document": "document", "section": "section", "score": "score",
           "dense": "cosinus", "coverage": "couverture", "reason": "Raison", "write": "Rédaction",
           "factcheck": "Vérification", "sentences": "{n} phrase(s), {removed} retirée(s)",
           "removed": "Retirée", "timings": "Temps (ms)", "none": "aucun"},
    "en": {"standalone": "Question understood as", "language": "Detected language", "topics": "Topics consulted",
           "rewrite": "Rewritten search", "attempt": "Passages (attempt {n})", "kept": "kept",
           "dropped": "dropped", "document": "document", "section": "section", "score": "score",
           "dense": "cosine", "coverage": "coverage", "reason": "Reason", "write": "Writing",
           "factcheck": "Fact-check", "sentences": "{n} sentence(s), {removed} removed",
           "removed": "Removed", "timings": "Timings (ms)", "none": "none"},
}


def trace_text(lang: str | None, key: str, **values: object) -> str:
    text = TRACE[lang_of(lang)][key]
    return text.format(**values) if values else text

# The link from a source to its original document, and the page showing a document's text as indexed (they follow
# the answer's language).
ORIGINAL: dict[str, dict[str, str]] = {
    "fr": {"open": "ouvrir l'original ↗", "open_text": "voir dans le texte ↗", "open_indexed": "texte indexé ↗",
           "indexed": "texte tel qu'indexé : les positions des citations comptent ses caractères",
           "quoted": " ; citation : caractères {start} à {end}", "raw": "fichier d'origine"},
    "en": {"open": "open the original ↗", "open_text": "see it in the text ↗", "open_indexed": "indexed text ↗",
           "indexed": "the text as indexed: citation offsets count its characters",
           "quoted": "; quote: characters {start} to {end}", "raw": "original file"},
}


def original_text(lang: str | None, key: str, **values: object) -> str:
    text = ORIGINAL[lang_of(lang)][key]
    return text.format(**values) if values else text
