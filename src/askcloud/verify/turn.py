"""What verification needs to know of a turn besides the draft and the evidence."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    """What verification needs to know of the turn besides the draft."""

    asked: str  # the user's question without instructions
    standalone: str  # with the follow-up's context
    language: str
    instructions: tuple[str, ...] = ()  # the writer's system prompts
    vocabulary: Callable[[], Collection[str]] = frozenset  # the corpus's index terms, asked for only when needed
    form: str = "fact"  # the form of answer asked for (text.packs.FORMS)
    sides: tuple[str, ...] = ()  # a comparison's sides, as the request names them (retrieval.decompose)
    aspect: str = ""  # what the sides are compared on, when the request names it ("le prix")
    parts: tuple[str, ...] = ()  # the questions a multi-part question asks (retrieval.decompose.parts_of)
