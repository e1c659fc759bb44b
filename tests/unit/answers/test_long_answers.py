"""Answers beyond one fact: the form asked for shapes the prompt and the evidence, and every step is checked."""

from __future__ import annotations

import pytest

from corpus_support import add_document

pytestmark = pytest.mark.unit

GUIDE = """Rempoter un géranium

Préparer le pot

Choisissez un pot plus large de deux centimètres que l'ancien. Posez une couche de billes d'argile au fond du pot.

Rempoter

Sortez le géranium de son ancien pot en tapotant les bords. Placez la motte au centre du nouveau pot et comblez avec du terreau. Arrosez légèrement puis laissez la plante à l'ombre pendant trois jours.
"""


@pytest.fixture
def corpus_dir(corpus_dir):
    return add_document(corpus_dir, "geranium.txt", GUIDE, "Rempoter un géranium (pélargonium)", "garden",
                        ("Jardin", "Garden"), kind="article")


STEPS = ("Voici les étapes :\n"
         "1. Choisissez un pot plus large de deux centimètres [1].\n"
         "2. Posez une couche de billes d'argile au fond du pot [1].\n"
         "3. Taillez les racines de moitié [2].\n"
         "4. Placez la motte au centre du nouveau pot et comblez avec du terreau [2].")


def test_a_procedure_is_asked_for_as_steps_and_answered_as_a_renumbered_checked_list(make_assistant):
    assistant, chat = make_assistant(STEPS)
    answer = assistant.ask("Comment rempoter un géranium ?")
    assert not answer.abstained
    lines = answer.answer.splitlines()
    # The step no passage gives is dropped; the others keep the documents' order, renumbered without a gap.
    assert [line.split(" ", 1)[0] for line in lines] == ["1.", "2.", "3."]
    assert "Taillez" not in answer.answer and "billes d'argile" in lines[1] and "motte" in lines[2]
    assert "Voici les étapes" not in answer.answer  # a line announcing a list asserts nothing
    assert answer.trace["contextualize"]["form"] == "procedure"
    system, user = (m.content for m in chat.calls[0])
    assert "étapes" in system and "(8 étapes au plus)" in user
    assert any("Taillez les racines" in n for n in answer.notices)  # what the documents do not give is named


def test_a_streamed_procedure_shows_only_checked_steps_and_they_open_the_answer(make_assistant):
    assistant, _ = make_assistant(STEPS)
    shown, final = [], None
    for kind, payload in assistant.stream("Comment rempoter un géranium ?"):
        if kind == "sentence":
            shown.append(payload)
        elif kind == "answer":
            final = payload
    assert shown and final.answer.startswith(" ".join(shown))
    assert not any("Taillez" in s for s in shown)


def test_a_summary_request_sets_its_length_and_shows_longer_passages(make_assistant):
    assistant, chat = make_assistant("Le géranium se rempote dans un pot plus large de deux centimètres [1].")
    assistant.ask("Résume le guide du géranium en deux phrases.")
    system, user = (m.content for m in chat.calls[0])
    assert "Résume" in system and "(2 phrases au plus)" in user


def test_a_step_is_one_claim_whatever_full_stops_it_holds():
    from askcloud.verify.claims import parse

    claims = parse("1. Choose File → Save As... in the menu [1].\n2. Type a name. Then press Enter [2].\n\nDone [2].")
    assert [(c.text, c.cited, c.item) for c in claims] == [
        ("Choose File → Save As... in the menu.", (1,), "1."),
        ("Type a name. Then press Enter.", (2,), "1."),
        ("Done.", (2,), ""),
    ]


def test_a_passage_label_copied_in_front_of_a_step_is_not_shown(make_assistant):
    # A title holding parentheses of its own is taken off whole.
    draft = ("1. (Rempoter un géranium (pélargonium)) Choisissez un pot plus large de deux centimètres [1].\n"
             "2. (Rempoter un  géranium (pélargonium)) Placez la motte au centre du nouveau pot [1].")
    assistant, _ = make_assistant(draft)
    answer = assistant.ask("Comment rempoter un géranium ?")
    assert not answer.abstained
    assert "(Rempoter" not in answer.answer
    assert answer.answer.splitlines()[0].startswith("1. Choisissez un pot")
    assert not any("retir" in n.lower() for n in answer.notices)  # nothing the writer claimed was withdrawn


def test_lines_that_state_nothing_are_dropped_silently_from_a_longer_answer(make_assistant):
    # An elision mark copied from an excerpt, and a line that only repeats a title and the question's words.
    draft = ("Le géranium se rempote dans un pot plus large de deux centimètres [1]. … [1] "
             "Rempoter un géranium [1]. La motte se place au centre du nouveau pot [1].")
    assistant, _ = make_assistant(draft)
    answer = assistant.ask("Résume le guide pour rempoter un géranium.")
    assert not answer.abstained
    assert "…" not in answer.answer and answer.answer.count("Rempoter un géranium") == 0
    assert "pot plus large" in answer.answer and "motte" in answer.answer
    removed = answer.trace["factcheck"]["removed_sentences"]
    assert {r["why"] for r in removed} == {"asserts nothing"}
    assert not answer.notices


def test_a_fact_answer_keeps_a_short_sentence_that_repeats_the_question():
    from askcloud.verify.statements import states
    from askcloud.verify.evidence import Evidence

    evidence = Evidence([], 0)
    assert states("Oui.", evidence, "Le pot est-il plus large ?", long=False)
    assert not states("…", evidence, "Le pot est-il plus large ?", long=False)


def test_a_sentence_announcing_what_follows_states_nothing_by_itself():
    from askcloud.verify.statements import states
    from askcloud.verify.evidence import Evidence

    evidence = Evidence([], 0)
    for long in (False, True):
        assert not states("Arrosez ensuite ainsi :", evidence, "Comment rempoter un géranium ?", long=long)
        assert states("Arrosez ensuite la motte.", evidence, "Comment rempoter un géranium ?", long=long)


def test_a_procedure_whose_draft_fails_quotes_the_steps_that_run_on_in_its_section(make_assistant):
    assistant, _ = make_assistant("1. Achetez un pot en plastique rouge [1].")
    answer = assistant.ask("Comment sortir le géranium de son ancien pot et le placer dans le nouveau ?")
    assert answer.answer.startswith("D'après les documents")
    # The sentence that answers, and the sentences after it under the same heading, quoted together.
    assert "tapotant les bords" in answer.answer and "comblez avec du terreau" in answer.answer
    assert "billes d'argile" not in answer.answer  # the section before is not quoted
    quote = answer.citations[0].quote
    assert "Sortez le géranium" in quote and "Arrosez" in quote


def test_a_fact_whose_draft_fails_quotes_one_sentence(make_assistant):
    assistant, _ = make_assistant("Le pot est en plastique rouge [1].")
    answer = assistant.ask("Avec quoi comble-t-on le nouveau pot autour de la motte ?")
    assert answer.trace["contextualize"]["form"] == "fact"
    assert answer.answer.startswith("D'après les documents") and "terreau" in answer.answer
    assert "Arrosez" not in answer.answer  # the next sentence of the section is not quoted for a fact
