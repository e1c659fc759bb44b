"""The running web app driven over HTTP by gradio_client: the stateless JSON turn and per-session chats."""

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import free_port

pytestmark = [pytest.mark.integration, pytest.mark.browser,
              # Gradio's queue uses pandas options that pandas 3 deprecates; not ours to fix
              pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]

QUESTION = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"
OTHER = "Que dit l'auteur de la neutralité du Net et des plateformes ?"


@pytest.fixture
def url(settings, make_assistant):
    from askcloud.web.app import build_app, launch_kwargs

    assistant, _ = make_assistant(extractive=True)
    demo = build_app(settings, assistant_factory=lambda s: assistant)
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True,
                **launch_kwargs())
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


def client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False)


def test_ask_json_answers_with_exact_citations(url, settings):
    result = client(url).predict(QUESTION, "[]", api_name="/ask_json")
    assert not result["abstained"] and "1 500" in result["answer"]
    assert result["topics"] == ["events"] and result["language"] == "fr"
    first = result["citations"][0]
    assert first["n"] == 1 and first["doc_id"] == "salon-cloud-2020.txt" and "1 500" in first["quote"]
    source = (settings.corpus_dir / "salon-cloud-2020.txt").read_text(encoding="utf-8")
    assert source[first["start"]:first["end"]] == first["quote"]
    assert "[1]" in result["answer"]


def test_ask_json_takes_the_history_for_a_follow_up(url):
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "Plus de 1 500 [1]."}]
    result = client(url).predict("Et combien d'exposants ?", json.dumps(history), api_name="/ask_json")
    assert result["standalone_question"] != result["question"]
    assert "Salon du Cloud" in result["standalone_question"]


def test_ask_json_reports_user_errors_as_messages(url):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="the question is empty"):
        client(url).predict("   ", "[]", api_name="/ask_json")
    with pytest.raises(AppError, match="not valid JSON"):
        client(url).predict(QUESTION, "[{", api_name="/ask_json")


def texts(conversation: list[dict]) -> list[str]:
    return [" ".join(part.get("text", "") for part in m["content"]) for m in conversation]


def test_two_clients_keep_their_conversations_apart(url):
    alice, bob = client(url), client(url)
    with ThreadPoolExecutor(2) as pool:  # at the same time, on one server
        first_a = pool.submit(alice.predict, QUESTION, [], "fr", api_name="/ask")
        first_b = pool.submit(bob.predict, OTHER, [], "fr", api_name="/ask")
        conversation_a, _, box_a = first_a.result(timeout=120)
        conversation_b, _, _ = first_b.result(timeout=120)
    assert box_a == ""  # the question box empties
    assert len(conversation_a) == 2 and len(conversation_b) == 2
    conversation_a, details, _ = alice.predict("Et combien d'exposants ?", [], "fr", api_name="/ask")
    shown = texts(conversation_a)
    assert len(shown) == 4 and "neutralit" not in " ".join(shown).lower()
    assert "à propos de" in details  # Alice's follow-up used Alice's history
    assert "src-2-1" in shown[-1]
    assert all("exposants" not in t for t in texts(bob.predict(OTHER, [], "fr", api_name="/ask")[0]))


def test_the_server_serves_no_file_of_the_corpus_or_the_project(url, settings):
    import httpx

    here = Path(__file__).resolve()
    for path in (settings.corpus_dir / "salon-cloud-2020.txt", here, here.relative_to(Path.cwd().resolve())
                 if here.is_relative_to(Path.cwd().resolve()) else here):
        response = httpx.get(f"{url}gradio_api/file={path}")
        assert response.status_code in (403, 404), path
