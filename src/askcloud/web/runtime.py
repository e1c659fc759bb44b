"""What the web app shares between sessions: one Assistant, built on first use, the upload lock, and each user's
private collection with the assistant that searches it alongside the shared corpus.

Conversations never live here (they are per-session gr.State); only the heavy, read-mostly parts do.
"""

from __future__ import annotations

import threading
from typing import Callable

from askcloud.errors import IndexNotBuilt

AssistantFactory = Callable[[object], object]
Personalise = Callable[[object, object], object]  # (shared assistant, user's retriever) -> the user's assistant
MAX_PERSONAL = 64  # users' assistants kept built (a graph each; the chat model and embedder are shared)


def default_factory(settings) -> object:
    from askcloud.assistant import Assistant

    return Assistant(settings)


def personalise(shared, private_retriever) -> object:
    """The shared assistant's chat model and settings, searching the shared index and the user's together."""
    from dataclasses import replace

    from askcloud.assistant import Assistant
    from askcloud.retrieval.private import FusedRetriever

    deps = replace(shared.deps, retriever=FusedRetriever(shared.retriever, private_retriever))
    return Assistant(shared.settings, deps_override=deps)


class Runtime:
    def __init__(self, settings, assistant_factory: AssistantFactory | None = None,
                 personal: Personalise | None = None) -> None:
        from askcloud.web.originals import Originals
        from askcloud.web.private import Collections

        self.settings = settings
        self._factory = assistant_factory or default_factory
        self._personalise = personal or personalise
        self._assistant = None
        self._creating = threading.Lock()
        self._warming = threading.Lock()  # separate, so the status line never waits for the model to load
        self.index_lock = threading.Lock()
        self.collections = Collections(settings, lambda: self.retriever().embedder)
        self.originals = Originals(settings, self.collections)  # the cited documents' links, signed per process
        self._personal: dict[str, object] = {}
        self._personal_lock = threading.Lock()

    def assistant_for(self, owner: str | None):
        """The assistant for one user: the shared one, or, when the user has documents of their own, one that
        searches them too (for this user only)."""
        shared = self.assistant()
        if not owner or not self.collections.has_documents(owner):
            return shared
        with self._personal_lock:
            found = self._personal.get(owner)
            if found is None:
                if len(self._personal) >= MAX_PERSONAL:
                    self._personal.pop(next(iter(self._personal)))
                found = self._personal[owner] = self._personalise(shared, self.collections.get(owner).retriever)
            return found

    def topics_for(self, owner: str | None, topics: list[str] | None) -> tuple[str, ...]:
        """The topics ticked, plus the user's own documents when they have some (ticking topics narrows the
        shared corpus, never hides the user's files)."""
        from askcloud.web.private import PRIVATE_TOPIC

        chosen = tuple(topics or ())
        if chosen and owner and self.collections.has_documents(owner):
            chosen += (PRIVATE_TOPIC,)
        return chosen

    def forget(self, owner: str) -> None:
        """Drop a user's collection and assistant (a session's, when its tab closes)."""
        with self._personal_lock:
            self._personal.pop(owner, None)
        self.collections.drop(owner)

    def assistant(self):
        """The shared Assistant, its graph (and so its chat model) built under a lock: two first requests
        arriving together never load the model twice."""
        assistant = self._bare()
        with self._warming:
            _ = assistant.graph
        return assistant

    def _bare(self):
        with self._creating:
            if self._assistant is None:
                self._assistant = self._factory(self.settings)
            return self._assistant

    def retriever(self):
        """The shared retriever alone (uploads and the status line never wait for the chat model to load)."""
        return self._bare().retriever

    def index_counts(self) -> tuple[int, int] | None:
        """(documents, passages) of the committed index, or None when there is none yet (retriever only)."""
        try:
            state = self.retriever().snapshot().state
        except IndexNotBuilt:
            return None
        return len(state.documents), len(state.chunks)
