"""Everything the graph needs for a run, in one object that tests replace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from langchain_core.language_models.chat_models import BaseChatModel

from askcloud.retrieval.hybrid import HybridRetriever
from askcloud.settings import Settings


@dataclass
class Deps:
    settings: Settings
    retriever: HybridRetriever
    chat_model: BaseChatModel | None  # None: the extractive writer, no LLM

    @property
    def prompts_dir(self) -> Path:
        return self.settings.resolved_prompts_dir
