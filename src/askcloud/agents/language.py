"""Is a text French or English? Stop-word counts, ignoring quotes and citation markers."""

from __future__ import annotations

import re

_FR = set("le la les des du de un une et est sont pour dans que qui quel quelle quels quelles combien comment "
          "pourquoi où au aux avec sur par ce cette ces il elle ils ont a été était ne pas plus qu en".split())
_EN = set("the a an and is are was were for in that which who what how why where when of to with on by this "
          "these it they have has been did does do not more many much".split())
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”|\[\d+\]")


def detect_language(text: str, default: str = "fr") -> str:
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", _QUOTED.sub(" ", text.lower()))
    fr = sum(w in _FR for w in words) + 2 * len(re.findall(r"[àâçéèêëîïôûùœ]", text.lower()))
    en = sum(w in _EN for w in words)
    if fr == en:
        return default
    return "fr" if fr > en else "en"
