"""What kind of thing a question asks for, and whether a sentence gives one: rules, no model call.

A small model often restates the question ("The OpenStack Summit 2014 was held in Paris [1]") or picks the wrong
figure of the right passage ("400 millions de photos" for a number of users). Its sentence is then supported, word
for word, yet answers nothing. A question that asks for a figure is answered only by a figure the question does not
already hold; one that asks for a person, a place or an organisation only by a name it does not already hold; and
"combien de X" only by a figure that its passage gives for X.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from askcloud.agents.relevance import names_known, names_within, numbers, units
from askcloud.citations import MARKER
from askcloud.index.analyzer import tokenize
from askcloud.textnorm import normalize

Kind = Literal["number", "name"]

_NUMBER_Q = re.compile(
    r"\b(combien|how (many|much)|quel(le)?s? (est le |est la |était le |était la )?(nombre|chiffre|montant|"
    r"pourcentage|part|taux|somme|prix|amende)|(en |de )?quelle année|"
    r"what (number|percentage|share|year|amount|fines?(?![\w-]))|"
    r"in (what|which) year|how long|how old)\b", re.IGNORECASE)
_NAME_Q = re.compile(
    r"^(qui|who|whom)\b|\b(quel est le nom|what is the name|par qui|à qui|avec qui|de qui|by whom|à quel(le)? (entreprise|société|opérateur|"
    r"constructeur)|(dans |en )?quelle (ville|entreprise|société|région)|quel (opérateur|constructeur|pays|"
    r"fournisseur|hébergeur)|(in )?which (city|company|firm|operator|country|provider)|where)\b"
    # "Quel exposant …", "Sur quel morceau …", "Which US operator …": a noun for a person, a work or an organisation
    r"|\b(quel|quelle|quels|quelles) (?:\w+ )?(exposants?|morceaux?|morceau|chansons?|groupes?|nouveautés?|services?|"
    r"produits?|outils?|logiciels?|constructeurs?|opérateurs?|entreprises?|sociétés?|projets?|marques?|slogans?|"
    r"fournisseurs?|hébergeurs?|partenaires?|régulateurs?|organismes?|intervenants?|orateurs?|dirigeants?|"
    r"plate-?formes?|plateformes?)\b"
    r"|\b(which|what) (?:\w+ )?(exhibitors?|songs?|bands?|services?|products?|tools?|operators?|companies|company|"
    r"firms?|projects?|brands?|taglines?|slogans?|providers?|partners?|regulators?|speakers?|cit(?:y|ies)|"
    r"platforms?)\b",
    re.IGNORECASE)
_YEAR_Q = re.compile(r"\b((en |de )?quelle année|en quel an|(in )?(what|which) year)\b", re.IGNORECASE)
# "Quel opérateur", "which city": a name answers them ("quel est le nom de …" is left: "nom" says what it is about).
_KIND_NOUN = re.compile(
    r"\b(?:quel|quelle|quels|quelles|which|what) (?:\w+ )?(?:villes?|opérateurs?|entreprises?|sociétés?|"
    r"constructeurs?|pays|cit(?:y|ies)|operators?|compan(?:y|ies))\b", re.IGNORECASE)
# "Combien de partenaires exposants …" → "partenaires"; the noun a figure must be about.
# An open question: it asks for something ("quels sont …", "comment …"), a yes or a no does not answer it.
_OPEN_Q = re.compile(r"\b(quel|quelle|quels|quelles|qui|quoi|comment|pourquoi|où|combien|what|which|who|whom|how|"
                     r"why|where)\b", re.IGNORECASE)
_FOCUS = re.compile(r"\bcombien (?:de |d['’])\s*(\w+)", re.IGNORECASE)
# "Combien de temps …": a duration or a price is not a thing its figure must be said of, word for word.
_UNITS = {"temps", "fois", "jours", "heures", "minutes", "ans", "années", "mois", "semaines", "argent", "euros",
          "dollars"}


def expected_kind(question: str) -> Kind | None:
    """"number" or "name" when the question plainly asks for one; None for every other question (no check)."""
    if _NUMBER_Q.search(question):
        return "number"
    if _NAME_Q.search(question.strip()):
        return "name"
    return None


def gives_kind(sentence: str, question: str, kind: Kind | None, known: frozenset[str] | None = None) -> bool:
    """Whether the sentence holds a figure (or a name) that the question does not already hold. `known`: names
    of the passages, which count even where they open the sentence ("Numergy [2].")."""
    text = MARKER.sub(" ", sentence)
    if kind == "number":
        given = numbers(text) - numbers(question)
        return any(_is_year(n) for n in given) if _YEAR_Q.search(question) else bool(given)
    if kind == "name":
        asked = normalize(question)
        return any(name not in asked for name in names_known(text, known or frozenset()))
    return True


def without_kind_words(question: str) -> str:
    """The question without the words naming the kind of answer it asks for, which a sentence giving one answers:
    "En quelle année son auteur est-il né ?" → "son auteur est-il né ?" (the sentence gives a year), "Avec quel
    opérateur Netflix …" → "Avec Netflix …" (it gives a name)."""
    return _YEAR_Q.sub(" ", _KIND_NOUN.sub(" ", question))


def _is_year(value: str) -> bool:
    """A figure that can be a year ("1975", "2014"); "65.000 personnes" is not the answer to "en quelle année"."""
    return value.isdigit() and 1000 <= int(value) <= 2199


# Words for a head count. Asked for ("combien de visiteurs"), any of them is answered by a sentence counting people
# in general words ("4000 personnes étaient attendues"), never by one counting another group ("300 développeurs").
_PEOPLE_ASKED = "personnes participants visiteurs spectateurs congressistes inscrits gens"
_PEOPLE_GENERAL = "personnes participants gens"


@lru_cache(maxsize=1)
def _people() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(tokenize(_PEOPLE_ASKED)), frozenset(tokenize(_PEOPLE_GENERAL))


def _about(term: str, sentence_terms: list[str]) -> bool:
    asked, general = _people()
    return term in sentence_terms or (term in asked and any(t in general for t in sentence_terms))


def focus(question: str) -> str | None:
    """The index term of X in a French "combien de X" question."""
    match = _FOCUS.search(question)
    if match and match.group(1).lower() in _UNITS:
        return None
    terms = tokenize(match.group(1)) if match else []
    return terms[0] if terms else None


def figure_about_focus(sentence: str, question: str, passages: list[str]) -> bool:
    """For "combien de X": some figure of the sentence stands, in one of the passages, in a sentence that names X.

    Always true when the question has no such X (English questions included: the passages are French).
    """
    term = focus(question)
    if term is None:
        return True
    wanted = numbers(MARKER.sub(" ", sentence)) - numbers(question)
    for text in passages:
        for unit in units(text):  # "Ils sont nombreux (700 000)" is said of the clients of the sentence before
            core = text[unit.core.start:unit.core.end]
            if wanted & numbers(core) and _about(term, tokenize(text[unit.start:unit.end])):
                return True
    return False


def answers(sentence: str, question: str, language: str, passages: list[str]) -> bool:
    """The sentence gives what the question asks for (always true for questions of no plain kind)."""
    kind = expected_kind(question)
    known = names_within(" ".join(passages)) if kind == "name" else None
    if not gives_kind(sentence, question, kind, known):
        return False
    return kind != "number" or language != "fr" or figure_about_focus(sentence, question, passages)


def restates(answer: str, question: str) -> bool:
    """The answer to an open question holds no word the question does not: "Les marchés naturels de Cloudwatt
    sont : et [1][2]." gives nothing, however well its passages support it."""
    if not _OPEN_Q.search(question):
        return False
    bare = MARKER.sub(" ", answer)
    folded = normalize(question)
    new_names = {n for n in names_known(bare, frozenset()) if n not in folded}  # "La Poste" for "the … post"
    return not (set(tokenize(bare)) - set(tokenize(question)) or numbers(bare) - numbers(question) or new_names)
