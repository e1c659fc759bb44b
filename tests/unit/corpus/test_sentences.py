"""Sentence boundaries: abbreviations, initials, versions, paths and code never end a sentence; offsets are exact."""

from __future__ import annotations

import pytest

from askcloud.corpus.sentences import sentences

pytestmark = pytest.mark.unit


def split(text: str) -> list[str]:
    return [text[s.start:s.end] for s in sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("M. Martin ouvre la séance. Mme Durand répond.", ["M. Martin ouvre la séance.", "Mme Durand répond."]),
    ("Prenez un outil, p. ex. le crayon. Puis peignez.", ["Prenez un outil, p. ex. le crayon.", "Puis peignez."]),
    ("Use a brush, e.g. the pencil. Then paint.", ["Use a brush, e.g. the pencil.", "Then paint."]),
    ("Des pinceaux, des gommes, etc. Le reste suit.", ["Des pinceaux, des gommes, etc.", "Le reste suit."]),
    ("Des pinceaux, etc. et des gommes.", ["Des pinceaux, etc. et des gommes."]),
    ("Le livre de J. Dupont est paru. Il plaît.", ["Le livre de J. Dupont est paru.", "Il plaît."]),
    ("Depuis la version 2.10.12 de GIMP. Voilà.", ["Depuis la version 2.10.12 de GIMP.", "Voilà."]),
    ("Ouvrez /usr/share/gimp/2.0/help. Puis lisez index.html. Fin.",
     ["Ouvrez /usr/share/gimp/2.0/help.", "Puis lisez index.html.", "Fin."]),
    ("Appelez gimp.image_list() puis img.layers[0]. Ensuite ?", ["Appelez gimp.image_list() puis img.layers[0].",
                                                                  "Ensuite ?"]),
    ("Il a dit « oui. » Puis il est parti…\nUne ligne", ["Il a dit « oui. »", "Puis il est parti…", "Une ligne"]),
    ("Il y a env. 300 personnes, c.-à-d. beaucoup. Bien.", ["Il y a env. 300 personnes, c.-à-d. beaucoup.", "Bien."]),
])
def test_sentences(text, expected):
    assert split(text) == expected


def test_offsets_are_into_the_whole_text_within_the_range_given():
    text = "Titre\n\nUne phrase. Une autre."
    spans = sentences(text, 7, len(text))
    assert [(s.start, s.end) for s in spans] == [(7, 18), (19, 29)]
