"""Trust in the page, in a real headless Chromium: only checked text is ever displayed while an answer streams,
each user's uploads stay their own, every visible string follows the page's language, and a conversation exports.

The assistant is the real one on the stub corpus (hash embedder, extractive writer), behind Assistant.stream's
streaming contract: ("checking", None), then ("sentence", s) for each checked sentence, then ("answer", Answer).
The wrapper also emits raw draft tokens holding an invented claim: the page must never show them.
"""

import json
import re
import time

import pytest
from conftest import free_port
from test_browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.integration, pytest.mark.browser,
              pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]

VISITORS = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"
INVENTED = "Le Salon du Cloud a été annulé à cause d'une grève des pilotes."
FACT = "Le Festival Zorblax 2031 à Brest\n\nLe Festival Zorblax a réuni 4 321 participants à Brest.\n"
ZORBLAX = "Combien de participants le Festival Zorblax a-t-il réunis ?"


class Sentences:
    """The real assistant's answer, delivered as the streaming contract says, slowly enough to be watched."""

    graph = "built"

    def __init__(self, inner) -> None:
        self.inner, self.deps, self.retriever, self.settings = inner, inner.deps, inner.retriever, inner.settings

    def stream(self, question, history=None, filters=None):
        answer = self.inner.ask(question, history, filters)
        yield "token", INVENTED  # a draft the check removed: never to be displayed
        yield "checking", None
        time.sleep(0.8)
        for sentence in _sentences(answer.answer):
            yield "token", INVENTED
            yield "sentence", sentence
            time.sleep(0.5)
        yield "answer", answer


def _sentences(text: str) -> list[str]:
    words = text.split()
    cut = max(1, len(words) // 2)
    return [" ".join(words[:cut]), " ".join(words[cut:])] if len(words) > 1 else words


@pytest.fixture
def url(settings, make_assistant):
    from askcloud.web.app import build_app, launch_kwargs
    from askcloud.web.runtime import personalise

    assistant, _ = make_assistant(extractive=True)
    demo = build_app(settings, assistant_factory=lambda s: Sentences(assistant),
                     personal=lambda shared, private: Sentences(personalise(shared, private)))
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True,
                **launch_kwargs(settings))
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: make browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_chat(browser, url: str, **context):
    options = {"viewport": {"width": 1280, "height": 1000}, "locale": "fr-FR", "accept_downloads": True, **context}
    page = browser.new_context(**options).new_page()
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="load")
    page.locator("#askcloud-question textarea").wait_for()
    return page


def ask(page, question: str) -> None:
    box = page.locator("#askcloud-question textarea")
    box.fill(question)
    box.press("Enter")


def last_answer(page):
    return page.locator('[data-testid="bot"]').last


def wait_final(page) -> None:
    """Until the last bot message holds the final answer (no partial, no checking state)."""
    page.wait_for_function("""() => {
        const bots = document.querySelectorAll('[data-testid="bot"]');
        const last = bots[bots.length - 1];
        return last && last.querySelector('.askcloud-answer:not(.askcloud-partial)'); }""", polling=100)


RECORDER = """() => {
    window.__seen = {answers: [], chat: [], checking: 0};
    const chat = document.querySelector('#askcloud-chat');
    const take = () => {
        window.__seen.chat.push(chat.innerText);
        chat.querySelectorAll('.askcloud-answer').forEach(a => window.__seen.answers.push(a.innerText));
        window.__seen.checking += chat.querySelectorAll('.askcloud-checking').length;
    };
    new MutationObserver(take).observe(chat, {subtree: true, childList: true, characterData: true});
}"""


def squash(text: str) -> str:
    return " ".join(text.split())


def test_a_streamed_answer_never_displays_text_the_final_answer_does_not_hold(browser, url):
    page = open_chat(browser, url)
    page.evaluate(RECORDER)
    ask(page, VISITORS)
    wait_final(page)
    seen = page.evaluate("window.__seen")
    final = squash(last_answer(page).locator(".askcloud-answer").inner_text())
    assert "1 500" in final
    assert seen["checking"] > 0, "no visible checking state"
    partial = [squash(a) for a in seen["answers"] if squash(a) != final]
    assert partial, "no sentence was shown before the final answer"
    for text in partial:  # every answer text ever displayed is the start of the final one
        assert final.startswith(text), (text, final)
    for text in seen["chat"]:
        assert "annulé" not in text and "grève" not in text, text
    assert last_answer(page).locator(".askcloud-source mark").count() >= 1


def test_uploads_are_private_to_their_user_and_removable(browser, url, settings, tmp_path):
    alice, bob = open_chat(browser, url), open_chat(browser, url)
    fact = tmp_path / "zorblax.txt"
    fact.write_text(FACT, encoding="utf-8")
    alice.locator('input[type="file"]').first.set_input_files(str(fact))
    alice.locator("#askcloud-upload-status textarea").wait_for()
    alice.wait_for_function("""() => document.querySelector('#askcloud-upload-status textarea').value
                               .includes('ajouté(s) à vos documents : zorblax.txt')""")
    alice.locator("#askcloud-mine").get_by_text("zorblax.txt").wait_for()
    assert not (settings.corpus_dir / "zorblax.txt").exists()
    assert "zorblax" not in bob.locator("#askcloud-mine").inner_text()

    ask(bob, ZORBLAX)
    wait_final(bob)
    assert last_answer(bob).locator(".askcloud-abstained").count() == 1
    assert "4 321" not in last_answer(bob).inner_text() and "zorblax.txt" not in last_answer(bob).inner_text()

    ask(alice, ZORBLAX)
    wait_final(alice)
    text = last_answer(alice).inner_text()
    assert "4 321" in squash(text) and "zorblax.txt" in text  # cited, with its source
    assert last_answer(alice).locator(".askcloud-source mark").count() >= 1

    alice.locator("#askcloud-mine").get_by_text("zorblax.txt").click()
    alice.locator("#askcloud-remove").click()
    alice.wait_for_function("""() => document.querySelector('#askcloud-upload-status textarea').value
                               .includes('retiré(s) : zorblax.txt')""")
    ask(alice, ZORBLAX)
    alice.wait_for_function("() => document.querySelectorAll('[data-testid=\"bot\"]').length == 2")
    wait_final(alice)
    assert "4 321" not in last_answer(alice).inner_text()


def test_every_visible_string_follows_the_page_language_and_the_conversation_exports(browser, url, tmp_path):
    page = open_chat(browser, url, locale="en-US")  # Gradio's own strings follow the browser: none may show
    page.get_by_text(re.compile(r"^Index : 2 documents")).wait_for()  # the page has loaded
    page.get_by_label("English").check()
    page.get_by_role("button", name="Send").wait_for()
    body = page.locator("body").inner_text()
    page.get_by_text("Your documents (private)").wait_for()
    for french in ("Envoyer", "Effacer", "Vos documents", "Exporter", "Thèmes", "Ajouter des fichiers", "Ajouts"):
        assert french not in body, french
    assert "Drop File Here" not in body and "Use via API" not in body and "Add files" in body
    assert "Textbox" not in body  # no Gradio default label either
    ask(page, "How many visitors attended the opening conference of the Salon du Cloud?")
    wait_final(page)
    with page.expect_download() as download:
        page.locator("#askcloud-export-json").click()
    turns = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert len(turns) == 1 and turns[0]["language"] == "en"
    assert set(turns[0]) == {"question", "standalone_question", "language", "answer", "abstained", "topics",
                             "kind", "citations", "timings_ms"}
    with page.expect_download() as download:
        page.locator("#askcloud-export-md").click()
    markdown = open(download.value.path(), encoding="utf-8").read()
    assert markdown.startswith("# askcloud conversation") and "## 1. How many visitors" in markdown
    answer_text = squash(last_answer(page).locator(".askcloud-answer").inner_text())
    assert re.sub(r"\W", "", answer_text)[:30] in re.sub(r"\W", "", markdown)
