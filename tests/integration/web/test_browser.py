"""The web chat in a real headless Chromium: streaming, sources, follow-ups, details, two sessions at once.

The assistant runs on the stub corpus with a scripted chat model that streams slowly enough to be seen.
"""

import os
import re
import time
from pathlib import Path

import pytest
from conftest import ROOT, free_port

pytestmark = [pytest.mark.integration, pytest.mark.browser,
              # Gradio's queue uses pandas options that pandas 3 deprecates; not ours to fix
              pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = ROOT / "docs" / "screenshot-answer.png"  # written when missing or with ASKCLOUD_UPDATE_SCREENSHOT=1,
# so a screenshot taken on the real corpus is not replaced by this stub-corpus one on every run

VISITORS = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"
FOLLOW_UP = "Et qui l'animait ?"
NEUTRALITY = "Que désigne la neutralité du Net ?"
SCRIPT = {  # what the model answers, by a word of the question (checked in this order)
    "animait": "Elle était animée par Marie Durand [1].",
    "visiteurs": "Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture, animée par Marie Durand [1].",
    "neutralité": "La neutralité du Net désigne la non-discrimination des paquets de données par les opérateurs [1].",
}
VISITORS_QUOTE = "Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture, animée par Marie Durand."


def scripted_chat():
    from askcloud.llm.fake import FakeChatModel

    class ScriptedChat(FakeChatModel):
        """Answers by the question's words (never the passages'), a word every 80 ms."""

        def _next(self, messages):
            self.calls.append(list(messages))
            question = str(messages[-1].content).rsplit("Question :", 1)[-1].rsplit("Question:", 1)[-1]
            return next(reply for word, reply in SCRIPT.items() if word in question)

        def _stream(self, messages, stop=None, run_manager=None, **kwargs):
            for chunk in super()._stream(messages, stop, run_manager, **kwargs):
                time.sleep(0.08)
                yield chunk

    return ScriptedChat()


@pytest.fixture
def url(settings, indexed):
    from askcloud.agents.deps import Deps
    from askcloud.assistant import Assistant
    from askcloud.retrieval.hybrid import HybridRetriever
    from askcloud.web.app import build_app, launch_kwargs

    embedder, store = indexed
    assistant = Assistant(settings, deps_override=Deps(settings, HybridRetriever(settings, embedder, store),
                                                        scripted_chat()))
    demo = build_app(settings, assistant_factory=lambda s: assistant)
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True,
                **launch_kwargs())
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI the browser tests must run, never silently skip
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_chat(browser, url: str):
    page = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR").new_page()
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="load")  # Gradio keeps connections open: never wait for networkidle
    page.locator("#askcloud-question textarea").wait_for()
    return page


def ask(page, question: str) -> None:
    box = page.locator("#askcloud-question textarea")
    box.fill(question)
    box.press("Enter")


def bot(page):
    return page.locator('[data-testid="bot"]')


def wait_answers(page, n: int) -> None:
    """Until the n-th answer carries its sources (the final, checked answer)."""
    page.locator(f"#src-{n}-1 mark").wait_for()


def test_a_conversation_streams_cites_follows_up_and_explains(browser, url, tmp_path):
    page = open_chat(browser, url)
    ask(page, VISITORS)
    # Until checked sentences arrive, a visible checking state, never the draft (see test_browser_trust.py).
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="bot"]')].some(
        m => m.querySelector('.askcloud-checking') || m.querySelector('.askcloud-answer'))""", polling=50)
    wait_answers(page, 1)
    assert page.locator("#askcloud-question textarea").input_value() == ""
    assert page.locator("#src-1-1 mark").inner_text() == VISITORS_QUOTE
    assert "Le Salon du Cloud 2020 à Lyon" in page.locator("#src-1-1").inner_text()

    page.locator('a.askcloud-marker[href="#src-1-1"]').click()
    page.wait_for_function("document.getElementById('src-1-1').classList.contains('askcloud-flash')")
    assert page.url.rstrip("/") == url.rstrip("/")  # handled in the page: no navigation, no new tab

    ask(page, FOLLOW_UP)
    wait_answers(page, 2)
    assert "Marie Durand" in page.locator("#src-2-1 mark").inner_text()
    assert "à propos de" in bot(page).nth(1).inner_text()  # the standalone question is shown
    assert bot(page).count() == 2

    page.get_by_text("Détails", exact=True).click()
    details = page.locator("#askcloud-details")
    details.get_by_text("Question comprise").wait_for()
    assert "retenu" in details.inner_text() and "Événements" in details.inner_text()
    shot = page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)
    if os.environ.get("ASKCLOUD_UPDATE_SCREENSHOT") == "1" or not SCREENSHOT.exists():
        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.write_bytes(shot)

    page.locator("#askcloud-clear").click()
    page.wait_for_function("""() => !document.querySelector('[data-testid="bot"]')""")


def test_two_browsers_at_once_see_only_their_own_conversation(browser, url):
    alice, bob = open_chat(browser, url), open_chat(browser, url)
    ask(alice, VISITORS)
    ask(bob, NEUTRALITY)
    wait_answers(alice, 1)
    wait_answers(bob, 1)
    ask(alice, FOLLOW_UP)
    wait_answers(alice, 2)
    alice_text = " ".join(bot(alice).all_inner_texts())
    bob_text = " ".join(bot(bob).all_inner_texts())
    assert "1 500" in alice_text and "Elle était animée" in alice_text and "neutralité" not in alice_text.lower()
    assert "non-discrimination" in bob_text and "1 500" not in bob_text and "Elle était" not in bob_text
    assert bot(bob).count() == 1 and bot(alice).count() == 2


def test_english_interface_and_a_private_upload(browser, url, tmp_path, settings):
    from playwright.sync_api import expect

    page = open_chat(browser, url)
    page.get_by_text(re.compile(r"^Index : 2 documents")).wait_for()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Send").wait_for()
    assert page.get_by_text("Net neutrality").is_visible()

    new = tmp_path / "forum-nuage.txt"
    new.write_text("Le Forum Nuage 2021 à Nantes\n\nLe Forum Nuage a réuni 730 participants.\n", encoding="utf-8")
    page.locator('input[type="file"]').first.set_input_files(str(new))
    expect(page.locator("#askcloud-upload-status textarea")).to_have_value(
        re.compile(r"^1 document\(s\) added to your documents: forum-nuage.txt"), timeout=60_000)
    assert not (settings.corpus_dir / "forum-nuage.txt").exists()  # private: the shared corpus is untouched
    page.get_by_text(re.compile(r"^Index: 2 documents")).wait_for()
