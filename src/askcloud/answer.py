"""What one turn produces: the answer, its citations and its trace (Contract 1 of ARCHITECTURE.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    n: int
    chunk_id: str
    doc_id: str
    title: str
    source: str
    quote: str  # == the source document's text[start:end]
    start: int
    end: int
    score: float
    date: str | None = None
    passage: str = ""  # the whole chunk the quote comes from, for display
    page: int | None = None  # a PDF's page where the passage starts; None for other formats
    section: str | None = None  # the heading path the quote stands under, below the title; None: the title alone
    ocr: bool = False  # the passage was recognised from a scanned page (OCR): its text may hold misread words


@dataclass(frozen=True)
class Retrieved:
    chunk_id: str
    doc_id: str
    text: str
    score: float
    duplicates: int = 0  # near-identical passages left out of the results for this one (retrieval/dedup.py)


@dataclass
class Answer:
    question: str
    standalone_question: str
    language: str
    answer: str
    abstained: bool
    topics: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    retrieved: list[Retrieved] = field(default_factory=list)
    trace: dict = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    usage: dict[str, int] = field(default_factory=dict)
    abstention: dict | None = None  # when abstained: what was searched, topics, closest passages (not an answer)
    kind: str = "fact"  # the form of answer the request asked for: fact, procedure, summary, comparison, list

    def to_contract(self) -> dict:
        """Exactly the fields of `askcloud ask --json`."""
        return {
            "question": self.question, "standalone_question": self.standalone_question, "language": self.language,
            "answer": self.answer, "abstained": self.abstained, "topics": list(self.topics), "kind": self.kind,
            "citations": [{k: v for k, v in asdict(c).items()
                           if k != "passage" and (k not in ("page", "section") or v is not None)
                           and (k != "ocr" or v)}
                          for c in self.citations],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }

    def to_dict(self) -> dict:
        """Contract 1 plus the trace, notices, token usage and ranked retrieved passages (for reports)."""
        data = self.to_contract()
        data.update(trace=self.trace, notices=list(self.notices), usage=dict(self.usage), abstention=self.abstention,
                    retrieved=[{k: v for k, v in asdict(r).items() if k != "duplicates" or v}  # when any
                               for r in self.retrieved])
        return data
