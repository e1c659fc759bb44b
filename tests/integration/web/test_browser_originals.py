"""A source's link opens the original it quotes, in a real headless Chromium and over HTTP with a login.

The corpus is the stub corpus plus a real HTML page of the GIMP manual and three real pages of LilyPond's PDF
essay (tests/stub_data/formats), indexed with the hash embedder; the assistant is the real one with the extractive
writer (it quotes the best evidence), so each citation is one the assistant made.
"""

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from conftest import ROOT, free_port
from test_browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.integration, pytest.mark.browser,
              pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]

FORMATS = ROOT / "tests" / "stub_data" / "formats"
PDF, HTML = "lilypond-essai-p7-9.pdf", "gimp-fr-tool-curves.html"
ROUNDED = ("Pourquoi les extrémités en pointe des symboles de LilyPond devraient-elles avoir une terminaison "
           "arrondie ?")
# The sentence answering it stands in the manual's definition list, under the button's name.
RESET = "Quel bouton de l'outil Courbes remet le canal sélectionné aux valeurs par défaut ?"
VISITORS = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"
USER, PASSWORD = "alice", "Orig1nals-pw"


@pytest.fixture
def served(settings, corpus_dir):
    """(settings, a function starting the chat with an optional login and returning its URL)."""
    from askcloud.agents.deps import Deps
    from askcloud.assistant import Assistant
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore
    from askcloud.retrieval.hybrid import HybridRetriever
    from askcloud.web.app import build_app, launch_kwargs

    for name in (PDF, HTML):
        shutil.copy(FORMATS / name, corpus_dir / name)
    embedder = make_embedder(settings)
    store = ChromaStore(settings, embedder.model_id)
    run_index(settings, embedder, store)
    assistant = Assistant(settings, deps_override=Deps(settings, HybridRetriever(settings, embedder, store), None))
    demos = []

    def start(auth=None) -> str:
        demo = build_app(settings, assistant_factory=lambda s: assistant)
        port = free_port()
        demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True, auth=auth,
                    **launch_kwargs(settings))
        demos.append(demo)
        return f"http://127.0.0.1:{port}/"

    try:
        yield settings, start
    finally:
        for demo in demos:
            demo.close()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def ask_and_open(page, question: str, turn: int):
    """Ask, wait for the checked answer, click its first source's link; returns the tab it opened."""
    box = page.locator("#askcloud-question textarea")
    box.fill(question)
    box.press("Enter")
    link = page.locator(f"#src-{turn}-1 a.askcloud-original")
    link.wait_for()
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel").split()
    with page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state("domcontentloaded")
    return tab, link.get_attribute("href")


def test_a_sources_link_opens_the_pdf_at_its_page_and_the_html_page_at_the_quote(browser, served):
    settings, start = served
    url = start()
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="load")

    tab, href = ask_and_open(page, ROUNDED, 1)
    assert tab.url.startswith(f"{url}askcloud/original/{PDF}") and tab.url.endswith("#page=2"), tab.url
    assert page.url.rstrip("/") == url.rstrip("/")  # the chat stays where it was, in its own tab
    with page.context.expect_page() as opened:  # beside it, the text the quote is exact in
        page.locator("#src-1-1 a.askcloud-indexed").click()
    mark = opened.value.locator("mark#askcloud-quote")
    assert mark.inner_text().startswith("Les extrémités en pointe")

    tab, href = ask_and_open(page, RESET, 2)
    assert href.startswith(f"askcloud/original/{HTML}#:~:text=")
    start_words, end_words = (unquote(t) for t in href.split("#:~:text=", 1)[1].split(","))
    assert start_words == "Ce bouton efface tous" and end_words.endswith("par défaut.")
    assert tab.url.startswith(f"{url}askcloud/original/{HTML}")
    # Chromium found the quote: the page scrolled to it (the text fragment is the only thing that scrolls it)
    tab.wait_for_function("() => window.scrollY > 0")
    shown = tab.evaluate("""() => { const r = [...document.querySelectorAll('p, dd, td, li')].find(
        e => e.textContent.includes('Ce bouton efface tous')).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight; }""")
    assert shown


def test_the_text_view_marks_the_quote_in_the_text_as_indexed(browser, served):
    settings, start = served
    url = start()
    page = browser.new_context(locale="fr-FR").new_page()
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="load")
    tab, href = ask_and_open(page, VISITORS, 1)
    mark = tab.locator("mark#askcloud-quote")
    assert "1 500 visiteurs" in mark.inner_text()
    source = (settings.corpus_dir / "salon-cloud-2020.txt").read_text(encoding="utf-8")
    start_, end_ = (int(re.search(rf"[?&]{k}=(\d+)", href).group(1)) for k in ("start", "end"))
    assert source[start_:end_] == mark.inner_text()


def test_with_a_login_an_original_opens_for_the_logged_in_only(served):
    settings, start = served
    url = start(auth=(USER, PASSWORD))
    original = f"{url}askcloud/original/{PDF}"
    assert httpx.get(original, timeout=30).status_code == 401
    login = httpx.post(f"{url}login", data={"username": USER, "password": PASSWORD}, timeout=30)
    assert login.status_code == 200
    opened = httpx.get(original, cookies=login.cookies, timeout=30)
    assert opened.status_code == 200 and opened.content.startswith(b"%PDF")
    assert opened.headers["content-type"] == "application/pdf"
    wrong = httpx.post(f"{url}login", data={"username": USER, "password": "not-it"}, timeout=30)
    assert httpx.get(original, cookies=wrong.cookies, timeout=30).status_code == 401
    for escape in ("..%2F..%2Fpyproject.toml", "%2e%2e/%2e%2e/etc/passwd", "/etc/passwd", "data/corpus.json"):
        refused = httpx.get(f"{original.rsplit('/', 1)[0]}/{escape}", cookies=login.cookies, timeout=30)
        assert refused.status_code == 404, escape


def test_a_private_uploads_link_opens_its_rendered_text_in_its_own_session_only(browser, served, tmp_path):
    settings, start = served
    url = start()
    page = browser.new_context(locale="fr-FR").new_page()
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="load")
    upload = tmp_path / "zorblax.md"
    upload.write_text("# Le Festival Zorblax\n\nLe Festival **Zorblax** a réuni 4 321 participants à Brest.\n",
                      encoding="utf-8")
    page.locator('input[type="file"]').first.set_input_files(str(upload))
    page.wait_for_function("""() => document.querySelector('#askcloud-upload-status textarea').value
                               .includes('zorblax.md')""")
    tab, href = ask_and_open(page, "Combien de participants le Festival Zorblax a-t-il réunis ?", 1)
    assert "zorblax.md" in href and "&k=" in href
    mark = tab.locator("mark#askcloud-quote")
    assert "Zorblax a réuni 4 321 participants" in mark.inner_text()  # the rendered text: no Markdown syntax
    assert "**" not in tab.locator("pre").inner_text()

    stranger = browser.new_context().new_page()  # another browser session, holding the same link
    response = stranger.goto(tab.url)
    assert response.status == 403 and "4 321" not in stranger.content()
