"""What the web app shares between sessions: one Assistant, built on first use, and the upload lock.

Conversations never live here (they are per-session gr.State); only the heavy, read-mostly parts do.
"""

from __future__ import annotations

import threading
from typing import Callable

from askcloud.errors import IndexNotBuilt

AssistantFactory = Callable[[object], object]


def default_factory(settings) -> object:
    from askcloud.assistant import Assistant

    return Assistant(settings)


class Runtime:
    def __init__(self, settings, assistant_factory: AssistantFactory | None = None) -> None:
        self.settings = settings
        self._factory = assistant_factory or default_factory
        self._assistant = None
        self._creating = threading.Lock()
        self._warming = threading.Lock()  # separate, so the status line never waits for the model to load
        self.index_lock = threading.Lock()

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
