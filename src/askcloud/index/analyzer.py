"""Tokens for BM25: case and accent folding, elisions, stop words, stemming, whole numbers.

French by default; English text (the passages of a document the indexer found written in English, and a query
as those passages are scored) takes English stop words and the English stemmer, so that "cropped" meets "crop" and
"just", "can" or "only" are not counted as rare, telling words."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from askcloud.textnorm import normalize

VERSION = 5  # bump when tokens change: the indexer then recomputes them

# Inverted subjects ("compte-t-il", "dit-on", "donne-moi") are not part of the word.
_INVERSION = re.compile(r"(?:-t)?-(?:il|elle|on|ils|elles|je|tu|nous|vous|moi|toi|ce|en|y)\b")
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z0-9]+(?:[-:][a-z0-9]+)*")

# French stop words, folded (no accents), plus a few English ones so English questions match on content words.
STOP_WORDS = frozenset("""
a au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me
meme mes moi mon nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos
votre vous c d j l m n s t y ete etee etees etes etant suis es est sommes sont serai sera seront etais etait etaient
ai as avons avez ont avait avaient aurai aura eu fut sont ceci cela ca comme dont donc or ni car si plus moins tres
tout tous toute toutes aussi alors quel quelle quels quelles combien comment pourquoi quand ou quoi lequel laquelle
est-ce ya celui celle ceux celles ici la-bas sans sous entre vers chez selon apres avant depuis pendant
the of and or to in on at by for with from is are was were be been being what which who whom whose when where why
how did does do this that these those it its as an about into than there their they he she his her we you your
""".split())


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """English stop words (bm25s's fuller English list, folded: "don't" gives "don" and "t")."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(w for word in STOPWORDS_EN_PLUS for w in _TOKEN.findall(normalize(word)))


@lru_cache(maxsize=2)
def _stemmer(language: str = "fr"):
    """One Snowball stemmer and the lock its use needs: it keeps the word being stemmed in its own fields, so two
    threads (two web sessions, parallel specialists) stemming at once corrupt each other's word."""
    import snowballstemmer

    return snowballstemmer.stemmer("english" if language == "en" else "french"), threading.Lock()


def tokenize(text: str, language: str = "fr") -> list[str]:
    """Index terms of a text in `language` ("en": English; French for any other). Numbers stay whole: "2 000",
    "2000" and "2.000" all give "2000"."""
    if language == "en":
        stop = english_stop_words()
        words = [w for w in _TOKEN.findall(normalize(text)) if w not in stop]
        return [w if w[0].isdigit() else _stem_en(w) for w in words if len(w) > 1 or w.isdigit()]
    folded = _INVERSION.sub(" ", _ELISION.sub(" ", normalize(text)))
    words = [w for w in _TOKEN.findall(folded) if w not in STOP_WORDS]
    return [w if w[0].isdigit() else _stem(w) for w in words if len(w) > 1 or w.isdigit()]


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Snowball's French stem of the folded word. Folding comes first (so "élection" and "election" agree), which
    leaves the "e" of a folded "ée" that Snowball would have taken: "installee" and "installe" both give "install"."""
    stemmer, lock = _stemmer("fr")
    with lock:
        stem = stemmer.stemWord(word)
    return stem[:-1] if len(stem) > 4 and stem.endswith("e") else stem


@lru_cache(maxsize=65536)
def _stem_en(word: str) -> str:
    """Snowball's English stem of the folded word; a hyphenated or dotted term (an option, a version) stays whole."""
    if not word.isalpha():
        return word
    stemmer, lock = _stemmer("en")
    with lock:
        return stemmer.stemWord(word)
