"""A topic specialist: hybrid search restricted to its topic (and to the user's filters)."""

from __future__ import annotations

import time
from dataclasses import replace

from askcloud.agents.deps import Deps


def specialist(state: dict, deps: Deps) -> dict:
    topic = state["topic"]
    filters = state["filters"]
    scoped = replace(filters, topics=(topic,))
    started = time.perf_counter()
    passages = deps.retriever.search(state["search_query"], k=deps.settings.top_k, filters=scoped,
                                      language=state["language"])
    elapsed = (time.perf_counter() - started) * 1000
    key = f"{state.get('attempt', 0)}:{topic}"
    return {"found": {key: passages}, "timings": {f"retrieve_{topic}": elapsed}}

