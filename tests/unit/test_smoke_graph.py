import pytest

pytestmark = pytest.mark.unit


def test_fake_answer_is_checked_and_cited(make_assistant):
    assistant, chat = make_assistant("Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [1].")
    answer = assistant.ask("Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?")
    assert not answer.abstained
    assert "1 500" in answer.answer
    assert answer.citations and "1 500" in answer.citations[0].quote
    assert len(chat.calls) == 1
