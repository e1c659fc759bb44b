import pytest

from askcloud.answer import Answer, Citation
from askcloud.web.render import (abstention_html, answer_html, checking_html, highlight, link_markers, partial_html,
                                 trace_markdown)

pytestmark = pytest.mark.unit

PASSAGE = ("Le Salon du Cloud 2020 à Lyon\n\nLe Salon du Cloud s'est tenu à Lyon le 12 mai 2020. "
           "Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture. Le salon proposait 40 ateliers.")
QUOTE = "Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture."


def citation(n: int = 1, **changes) -> Citation:
    values = dict(n=n, chunk_id=f"c{n}", doc_id="salon.txt", title="Le Salon <du> Cloud", source="corpus/salon.txt",
                  quote=QUOTE, start=83, end=148, score=0.5, date="2020-05-12", passage=PASSAGE)
    values.update(changes)
    return Citation(**values)


def answer(text: str, citations: list[Citation], **changes) -> Answer:
    values = dict(question="Combien de visiteurs ?", standalone_question="Combien de visiteurs ?", language="fr",
                  answer=text, abstained=False, citations=citations)
    values.update(changes)
    return Answer(**values)


def test_markers_link_to_the_anchor_of_their_source():
    html = answer_html(answer("Plus de 1 500 visiteurs [1].", [citation()]), turn=3)
    assert '<a class="askcloud-marker" href="#src-3-1">[1]</a>' in html
    assert 'id="src-3-1"' in html


def test_consecutive_and_grouped_markers_each_get_a_link_and_unknown_numbers_stay_text():
    html = link_markers("A [1][2]. B [1, 2]. C [7].", [citation(1), citation(2)], turn=1)
    assert html.count('href="#src-1-1"') == 2 and html.count('href="#src-1-2"') == 2
    assert "[7]" in html and "#src-1-7" not in html


def test_the_exact_quote_is_marked_inside_its_passage():
    marked = highlight(PASSAGE, QUOTE)
    assert f"<mark>{QUOTE.replace(chr(39), '&#x27;')}</mark>" in marked
    assert marked.startswith("Le Salon du Cloud 2020 à Lyon<br>Le Salon")  # a paragraph break, never a blank line
    assert marked.endswith("Le salon proposait 40 ateliers.")


def test_a_long_passage_is_trimmed_around_the_quote():
    passage = "mot " * 300 + QUOTE + " suite" * 300
    marked = highlight(passage, QUOTE)
    assert marked.startswith("…") and marked.endswith("…")
    assert len(marked) < 800


def test_a_quote_missing_from_its_passage_is_still_shown_marked():
    assert highlight("autre texte", "une citation") == "<mark>une citation</mark>"


def test_everything_from_the_model_and_the_documents_is_escaped():
    evil = citation(title="<img src=x onerror=alert(1)>", source="corpus/<b>.txt",
                    passage="avant <script>alert(1)</script> " + QUOTE, date="2020 & co")
    html = answer_html(answer("<script>alert('x')</script> 1 500 [1] & <b>gras</b>", [evil]), turn=1)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html and "&lt;img src=x" in html


def test_the_message_is_one_html_block_with_no_blank_line():
    html = answer_html(answer("Ligne un [1].\n\nLigne deux.", [citation()]), turn=1)
    assert "\n" not in html
    assert "Ligne un" in html and "<br>Ligne deux" in html


def test_sources_show_number_title_date_and_source_path():
    html = answer_html(answer("Plus de 1 500 visiteurs [1].", [citation()]), turn=1)
    assert "[1] Le Salon &lt;du&gt; Cloud" in html
    assert "2020-05-12" in html and "corpus/salon.txt:83-148" in html
    assert html.index("askcloud-answer") < html.index("askcloud-sources")


def test_a_rewritten_question_and_notices_are_shown_and_an_abstention_has_no_sources():
    html = answer_html(answer("Les documents ne le disent pas.", [], abstained=True, question="Et lui ?",
                              standalone_question="Et lui ? (à propos de : Marie)", notices=["1 phrase retirée"]), 1)
    assert "Question comprise" in html and "Et lui ? (à propos de : Marie)" in html
    assert "askcloud-abstained" in html and "askcloud-sources" not in html
    assert "1 phrase retirée" in html


def test_checked_sentences_are_escaped_joined_and_not_yet_linked():
    html = partial_html(["Plus de <b>1 500</b> visiteurs [1].", "Elle a duré 3 heures [2]."])
    assert html == ('<div class="askcloud-answer askcloud-partial">Plus de &lt;b&gt;1 500&lt;/b&gt; visiteurs [1]. '
                    'Elle a duré 3 heures [2].</div>')


def test_the_checking_state_speaks_the_question_language():
    assert "vérification…" in checking_html("fr") and "checking…" in checking_html("en")


ABSTENTION = {"text": "The documents do not answer this question.", "reason": "nothing bears on the question",
              "searched": "Who <founded> the Salon?", "topics": ["events", "my-documents"],
              "closest": [{"chunk_id": "c1", "doc_id": "salon.txt", "title": "Le Salon", "source": "salon.txt",
                           "excerpt": "Le Salon du Cloud s'est tenu à Lyon."}]}


def test_an_abstention_shows_what_was_searched_the_topics_and_closest_passages_marked_not_an_answer():
    html = abstention_html(ABSTENTION, "en", {"events": "Events"})
    assert "Who &lt;founded&gt; the Salon?" in html and "Events, Your documents" in html
    assert "Closest passages (not an answer)" in html and "Le Salon du Cloud s&#x27;est tenu" in html
    french = abstention_html(ABSTENTION, "fr", {"events": "Événements"})
    assert "ce n&#x27;est pas une réponse" in french and "Vos documents" in french


def test_an_abstained_answer_carries_its_abstention_outside_the_answer_text():
    answer = Answer(question="Who founded the Salon?", standalone_question="Who founded the Salon?", language="en",
                    answer=ABSTENTION["text"], abstained=True, abstention=ABSTENTION)
    html = answer_html(answer, 1)
    assert html.index("askcloud-abstained") < html.index("askcloud-abstention")
    assert "not an answer" in html and "askcloud-sources" not in html


def test_trace_shows_the_standalone_question_routing_kept_and_dropped_passages_and_removals():
    trace = {
        "route": {"topics": ["events"], "shares": {"events": 0.72}},
        "grade_0": {"attempt": 0, "reason": "",
                    "kept": [{"doc_id": "salon.txt", "section": "Ouverture", "score": 0.03, "dense": 0.58,
                              "coverage": 1.0}],
                    "dropped": [{"doc_id": "a|b.txt", "section": "Exposants", "score": 0.02, "dense": None,
                                 "coverage": 0.33}]},
        "rewrite": {"query": "visiteurs salon"},
        "write": {"mode": "llm"},
        "factcheck": {"sentences": 2, "removed": 1, "removed_sentences": [{"sentence": "Il pleuvait *fort*."}]},
    }
    md = trace_markdown(answer("x [1]", [], standalone_question="Et lui ? (à propos de : Marie)", topics=["events"],
                               trace=trace, timings_ms={"total": 12.3}), "fr")
    assert "Et lui ? (à propos de : Marie)" in md
    assert "events (0.72)" in md  # the topic's name: its labels belong to the index, which the trace is not given
    assert "| retenu | salon.txt | Ouverture | 0.03 | 0.58 | 1.0 |" in md
    assert "| écarté | a\\|b.txt | Exposants | 0.02 | – | 0.33 |" in md
    assert "visiteurs salon" in md and "2 phrase(s), 1 retirée(s)" in md
    assert "Il pleuvait \\*fort\\*." in md and "total 12" in md


def test_trace_labels_follow_the_interface_language():
    md = trace_markdown(answer("x", [], trace={"route": {}}, topics=["net_neutrality"]), "en")
    assert "Question understood as" in md and "Topics consulted" in md and "net_neutrality" in md


def test_a_source_shows_the_heading_path_of_its_quote_beside_its_title():
    html = answer_html(answer("Plus de 1 500 visiteurs [1].", [citation(section="Programme › <Ouverture>")]), turn=1)
    assert '<span class="askcloud-section">› Programme › &lt;Ouverture&gt;</span>' in html
    assert "askcloud-section" not in answer_html(answer("Plus de 1 500 visiteurs [1].", [citation()]), turn=1)
