"""A list split across two chunks: the chunk that ends it follows the one that announces it, to the writer too."""

from __future__ import annotations

import pytest

from askcloud.agents.deps import Deps
from askcloud.agents.grade import grade
from askcloud.settings import Policy

MAX_KEPT = Policy().max_kept
from askcloud.verify.lists import continues_list, follows, leading_items, open_list
from askcloud.agents.relevance import excerpt
from askcloud.agents.write import render_prompt
from askcloud.corpus.models import Chunk
from askcloud.retrieval.passage import Passage

pytestmark = pytest.mark.unit

QUESTION = "Quels sont les légumes d'hiver à Kerlann ?"
DOC = ("Le potager de Kerlann se visite toute l'année.\nLes légumes d'hiver sont :\n"
       "  1. Les poireaux de pleine terre, semés en juin. Ils résistent au gel.\n"
       "  2. Les choux frisés (kale, chou de Milan), récoltés jusqu'en février.\n"
       "Les tomates ne poussent qu'en serre à Kerlann.")
SPLIT = DOC.index("  2.")


def chunk(start: int, end: int, doc_id: str = "lettre.txt", section: str = "Commercial") -> Chunk:
    return Chunk(id=f"{doc_id}:{start}", doc_id=doc_id, text=DOC[start:end].strip(), start=start, end=end,
                 section=section, title="Lettre au conseil", source=doc_id)


FIRST = chunk(0, DOC.index("  2.") + 5)  # ends on the bare "2." of the second item, as the splitter may leave it
SECOND = chunk(DOC.index("2. Les"), len(DOC))


def test_a_text_ending_inside_a_list_leaves_it_open():
    assert open_list(FIRST.text)
    assert not open_list(SECOND.text)
    assert not open_list("Les marchés naturels sont :")  # announced, but no item yet: not a list cut in two
    assert not open_list("Une phrase.\n  1. Un élément.\nLa suite parle d'autre chose.")


def test_the_chunk_that_follows_goes_on_with_the_list():
    assert follows(FIRST, SECOND) and continues_list(FIRST, SECOND)
    assert not follows(SECOND, FIRST)
    assert not continues_list(FIRST, chunk(SECOND.start, SECOND.end, doc_id="autre.txt"))
    far = chunk(DOC.index("Les tomates"), len(DOC))  # text between the two: not the list's end
    assert not follows(FIRST, far)


def test_leading_items_are_the_lines_a_text_opens_with():
    text = "fin de l'élément précédent.\n  2. Deuxième élément.\n  • Troisième.\nUn paragraphe."
    items = leading_items(text)
    assert [text[a:b] for a, b in items] == ["2. Deuxième élément.", "• Troisième."]
    # Only the first line may be the end of an item: after a paragraph, the list is another one.
    assert leading_items("Un paragraphe.\nUn autre.\n  1. Un élément.\n") == []


def test_the_excerpt_of_a_list_end_opens_with_its_items():
    text = SECOND.text
    plain = excerpt(QUESTION, text, 80)
    assert "choux" not in plain  # the items share no word with the question
    shown = excerpt(QUESTION, text, 80, ends_list=True)
    assert "Les choux frisés" in shown.split(" … ")[0]
    assert "2." not in shown.split(" … ")  # a bare list mark is never a sentence of an excerpt


def passage(c: Chunk, score: float) -> Passage:
    return Passage(c, score, 0.9, 1.0)


def test_grade_brings_the_list_end_right_after_the_list(settings):
    other = [chunk(0, 60, doc_id=f"autre{i}.txt") for i in range(MAX_KEPT)]
    other = [Passage(Chunk(**{**c.to_dict(), "text": "Kerlann, son potager, ses légumes d'hiver et sa fiche."}), 0.6 - i / 10)
             for i, c in enumerate(other)]
    found = [passage(FIRST, 1.0), *other, passage(SECOND, 0.1)]
    state = {"question": QUESTION, "search_query": QUESTION, "language": "fr", "attempt": 0,
             "found": {"0:strategy": found}, "history": []}
    out = grade(state, Deps(settings, _Corpus(), None))
    assert [p.chunk.id for p in out["kept"]][:2] == [FIRST.id, SECOND.id]
    assert len(out["kept"]) == MAX_KEPT
    assert out["trace"]["grade_0"]["list_ends"] == [SECOND.id]
    system, user = render_prompt(Deps(settings, None, None), QUESTION, QUESTION, out["kept"], "fr")
    shown = user.split("[2]", 1)[1].split("\n[3]", 1)[0]
    assert "Les choux frisés" in shown


def test_a_list_end_that_was_not_retrieved_is_never_brought(settings):
    state = {"question": QUESTION, "search_query": QUESTION, "language": "fr", "attempt": 0,
             "found": {"0:strategy": [passage(FIRST, 1.0)]}, "history": []}
    out = grade(state, Deps(settings, _Corpus(), None))
    assert [p.chunk.id for p in out["kept"]] == [FIRST.id]
    assert "list_ends" not in out["trace"]["grade_0"]


class _Corpus:
    """The one thing grade asks the retriever: the folded corpus, to check the question's names exist."""

    def snapshot(self):
        from types import SimpleNamespace

        return SimpleNamespace(folded_text="kerlann fiche legumes hiver potager")


def factchecked(draft: str, question: str = QUESTION) -> dict:
    from askcloud.settings import Policy
    from askcloud.verify import Aligner, Evidence, Turn, verify

    kept = [passage(FIRST, 1.0), passage(SECOND, 0.5)]
    verdict = verify(draft, Turn(question, question, "fr"), Evidence(kept, 2), Aligner(Policy()))
    return {"abstained": verdict.abstained, "answer": verdict.text, "citations": verdict.citations,
            "outcome": verdict.outcome.value}


def test_a_draft_stopping_at_the_list_gets_the_list_quoted_from_both_passages():
    out = factchecked("Les légumes d'hiver de Kerlann sont : [1].")
    assert out["abstained"] is False and out["outcome"] == "quoted"
    assert "Les poireaux de pleine terre" in out["answer"] and "Les choux frisés" in out["answer"]
    assert [(c.n, c.chunk_id) for c in out["citations"]] == [(1, FIRST.id), (2, SECOND.id)]
    for c in out["citations"]:
        assert DOC[c.start:c.end] == c.quote  # exact, at its offsets


def test_no_list_is_quoted_for_what_the_passages_do_not_name():
    out = factchecked("Les légumes d'hiver de Trégor sont : [1].",
                      "Quels sont les légumes d'hiver à Trégor ?")
    assert out["abstained"] is True and out["citations"] == []


def test_a_draft_that_gives_the_list_is_kept():
    out = factchecked("Les légumes d'hiver sont les poireaux de pleine terre [1] et les choux frisés [2].")
    assert out["abstained"] is False and out["outcome"] == "answered"
