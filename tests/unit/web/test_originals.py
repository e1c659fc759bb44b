"""A source's link to its original: where it opens (PDF page, HTML text fragment, marked text) and who may open it."""

import os
import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from askcloud.answer import Citation
from askcloud.corpus.kept import keep_corpus
from askcloud.corpus.models import Document
from askcloud.web import chat
from askcloud.web.original_route import original_routes
from askcloud.web.originals import BROWSER_COOKIE, Originals, Refused, text_fragment
from askcloud.web.private import PRIVATE_TOPIC, Collections, owner_key
from askcloud.web.render import source_html
from askcloud.web.runtime import Runtime

pytestmark = pytest.mark.unit

ALICE, BOB = owner_key("alice", None), owner_key("bob", None)
PAGES_TEXT = "Première page, son texte.\n\nDeuxième page : la phrase citée s'y trouve.\n\nTroisième page, la fin."
PAGES = (0, PAGES_TEXT.index("Deuxième"), PAGES_TEXT.index("Troisième"))


def cite(doc_id: str, quote: str, text: str, page: int | None = None) -> Citation:
    start = text.index(quote)
    return Citation(n=1, chunk_id=f"{doc_id}#0", doc_id=doc_id, title="Titre", source=f"corpus/{doc_id}",
                    quote=quote, start=start, end=start + len(quote), score=1.0, passage=text, page=page)


def document(doc_id: str, text: str, pages: tuple[int, ...] = ()) -> Document:
    return Document(doc_id=doc_id, source=f"corpus/{doc_id}", text=text, title=doc_id, pages=pages,
                    encoding=None if doc_id.endswith(".pdf") else "utf-8")


@pytest.fixture
def shared(settings):
    """The shared corpus as indexed: a PDF, an HTML page and a text file, each kept with its text."""
    folder = settings.corpus_dir
    (folder / "manuel.pdf").write_bytes(b"%PDF-1.4 stand-in")
    (folder / "sous dossier").mkdir()
    (folder / "sous dossier" / "page.html").write_text("<p>Une page.</p>", encoding="utf-8")
    (folder / "notes.txt").write_text("Une note <b>brute</b> & vraie.\n", encoding="utf-8")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    keep_corpus(settings.data_dir, [document("manuel.pdf", PAGES_TEXT, PAGES),
                                    document("sous dossier/page.html", "Une page."),
                                    document("notes.txt", "Une note <b>brute</b> & vraie.\n")], [], ())
    return settings


@pytest.fixture
def collections(shared):
    return Collections(shared, lambda: None)


@pytest.fixture
def originals(shared, collections):
    return Originals(shared, collections, secret=b"k" * 32)


def private_upload(collections, owner: str, name: str, text: str) -> None:
    """A user's own document, filed and kept as the private indexer files and keeps it."""
    collection = collections.get(owner)
    collection.files.mkdir(parents=True)
    (collection.files / name).write_text(text, encoding="utf-8")
    keep_corpus(collection.folder, [document(f"{PRIVATE_TOPIC}/{name}", text)], [], ())


# --- where a link opens --------------------------------------------------------------------------------------------

def test_a_short_quote_is_its_own_text_fragment_with_spaces_and_punctuation_encoded():
    assert text_fragment("Le canal Alpha, au-delà.") == "#:~:text=Le%20canal%20Alpha%2C%20au%2Ddel%C3%A0."
    fragment = text_fragment('Il dit « oui » & "non"')
    assert fragment == "#:~:text=Il%20dit%20%C2%AB%20oui%20%C2%BB%20%26%20%22non%22"


def test_the_directives_own_marks_never_appear_unencoded_in_a_term():
    for quote in ("moins-que-rien, dit-il", "a-b,c&d e-f g,h i&j k-l m,n o&p"):
        terms = text_fragment(quote).removeprefix("#:~:text=").split(",")
        assert 1 <= len(terms) <= 2
        assert all(not set("-,& '\"") & set(term) for term in terms), terms
        assert unquote(terms[0]).split(" ")[0] == quote.split(" ")[0]


def test_a_long_quote_is_named_by_its_first_and_last_words():
    quote = "Ce bouton efface tous les changements effectués sur le canal sélectionné et le remet à zéro."
    start, end = text_fragment(quote).removeprefix("#:~:text=").split(",")
    assert unquote(start) == "Ce bouton efface tous" and unquote(end) == "le remet à zéro."


def test_a_quote_across_blocks_starts_in_its_first_block_and_ends_in_its_last():
    quote = "Canal\n\nCinq options :\nValeur | La courbe représente la valeur"
    start, end = text_fragment(quote).removeprefix("#:~:text=").split(",")
    assert unquote(start) == "Canal"  # a heading line of its own: never joined to the next block's words
    assert unquote(end) == "courbe représente la valeur"
    assert text_fragment(" \n ") == ""


def test_a_pdf_link_opens_at_the_quotes_page_not_the_passages(originals):
    # the passage starts on page 1, the quote stands on page 2
    c = cite("manuel.pdf", "la phrase citée s'y trouve.", PAGES_TEXT, page=1)
    links = originals.links(None)(c)
    assert links.original == "askcloud/original/manuel.pdf#page=2"
    view = urlsplit(links.text)  # and its text as indexed, the quote marked
    assert view.path == "askcloud/original/manuel.pdf" and view.fragment == "askcloud-quote"
    assert parse_qs(view.query) == {"start": [str(c.start)], "end": [str(c.end)], "lang": ["fr"], "view": ["text"]}


def test_an_html_link_carries_the_text_fragment_and_an_encoded_id(originals):
    c = cite("sous dossier/page.html", "Une page.", "Une page.")
    assert originals.links(None)(c).original == "askcloud/original/sous%20dossier/page.html#:~:text=Une%20page."


def test_any_other_format_opens_its_text_as_indexed_at_the_quote(originals):
    text = "Une note <b>brute</b> & vraie.\n"
    c = cite("notes.txt", "brute</b> & vraie", text)
    links = originals.links(None, "en")(c)
    assert links.original == links.text
    url = urlsplit(links.text)
    assert url.path == "askcloud/original/notes.txt" and url.fragment == "askcloud-quote"
    assert parse_qs(url.query) == {"start": [str(c.start)], "end": [str(c.end)], "lang": ["en"]}


def test_a_document_no_longer_indexed_gets_no_link(originals):
    assert originals.links(None)(cite("parti.txt", "x", "x")) is None


def test_the_link_opens_in_a_new_tab_and_is_escaped(originals):
    c = cite("sous dossier/page.html", "Une page.", "Une page.")
    html = source_html(c, 1, originals.links(None)(c), "fr")
    assert ('<a class="askcloud-original" href="askcloud/original/sous%20dossier/page.html#:~:text=Une%20page."'
            ' target="_blank" rel="noopener">ouvrir l&#x27;original ↗</a>') in html
    assert ('<a class="askcloud-indexed" href="askcloud/original/sous%20dossier/page.html?start=0&amp;end=9&amp;'
            'lang=fr&amp;view=text#askcloud-quote" target="_blank" rel="noopener">texte indexé ↗</a>') in html
    note = cite("notes.txt", "note", "Une note <b>brute</b> & vraie.\n")
    assert source_html(note, 1, originals.links(None)(note), "fr").count("<a ") == 1  # its original is its text
    assert "askcloud-original" not in source_html(c, 1)


# --- who may open what ---------------------------------------------------------------------------------------------

def test_a_shared_document_opens_by_its_id_inside_the_corpus(originals, shared):
    found = originals.open("sous dossier/page.html")
    assert found.path == (shared.corpus_dir / "sous dossier" / "page.html").resolve() and found.kind == "html"


@pytest.mark.parametrize("doc_id", ["../secret.txt", "/etc/passwd", "sous dossier/../../secret.txt",
                                    "sous dossier/../notes.txt/..", "", ".", "corpus.json", "../data/corpus.json"])
def test_a_path_out_of_the_corpus_is_refused_even_when_the_index_names_it(originals, shared, doc_id):
    (shared.corpus_dir.parent / "secret.txt").write_text("secret", encoding="utf-8")
    keep_corpus(shared.data_dir, [document(doc_id or "x", "secret"), document("notes.txt", "note")], [], ())
    with pytest.raises(Refused) as refused:
        originals.open(doc_id)
    assert refused.value.status == 404


def test_a_link_leading_out_of_the_corpus_is_refused(originals, shared):
    (shared.corpus_dir.parent / "secret.txt").write_text("secret", encoding="utf-8")
    os.symlink(shared.corpus_dir.parent / "secret.txt", shared.corpus_dir / "lien.txt")
    keep_corpus(shared.data_dir, [document("lien.txt", "secret")], [], ())
    with pytest.raises(Refused, match="no such indexed document"):
        originals.open("lien.txt")


def test_a_private_document_opens_for_its_owner_only(originals, collections):
    private_upload(collections, ALICE, "zorblax.txt", "Le Festival Zorblax.")
    doc_id = f"{PRIVATE_TOPIC}/zorblax.txt"
    link = originals.links(ALICE)(cite(doc_id, "Festival Zorblax", "Le Festival Zorblax."))
    query = parse_qs(urlsplit(link.original).query)
    owner, signature = query["o"][0], query["k"][0]
    assert owner == ALICE
    assert originals.open(doc_id, owner, signature).path == (collections.get(ALICE).files / "zorblax.txt").resolve()
    assert originals.open(doc_id, owner, signature, login=ALICE).kind == "text"

    for attempt in [dict(owner=BOB, signature=signature),  # another user's link, relabelled
                    dict(owner=owner, signature=signature, login=BOB),  # another login holding the link
                    dict(owner=owner, signature=originals.sign(owner, "notes.txt")),  # a signature for another doc
                    dict(owner=owner, signature=None), dict(owner="../" + owner, signature=signature)]:
        with pytest.raises(Refused) as refused:
            originals.open(doc_id, **attempt)
        assert refused.value.status == 403, attempt
    with pytest.raises(Refused):  # a private document is never found among the shared ones
        originals.open(doc_id)
    other_server = Originals(originals.settings, collections)  # a link signed by another server process
    with pytest.raises(Refused):
        other_server.open(doc_id, owner, signature)


def test_another_users_upload_is_refused_with_a_valid_signature_for_them(originals, collections):
    private_upload(collections, ALICE, "a.txt", "Le document d'Alice.")
    private_upload(collections, BOB, "b.txt", "Le document de Bob.")
    alice_doc = f"{PRIVATE_TOPIC}/a.txt"
    with pytest.raises(Refused, match="no such indexed document"):  # Bob's own valid link shape, Alice's document
        originals.open(alice_doc, BOB, originals.sign(BOB, alice_doc), login=BOB)
    assert originals.links(BOB)(cite(alice_doc, "document", "Le document d'Alice.")) is None


def test_a_removed_private_document_is_gone(originals, collections):
    private_upload(collections, ALICE, "a.txt", "Texte.")
    doc_id = f"{PRIVATE_TOPIC}/a.txt"
    signature = originals.sign(ALICE, doc_id)
    collections.drop(ALICE)
    with pytest.raises(Refused) as refused:
        originals.open(doc_id, ALICE, signature)
    assert refused.value.status == 404


# --- the route -----------------------------------------------------------------------------------------------------

@pytest.fixture
def client(originals):
    return TestClient(FastAPI(routes=original_routes(originals)))


def test_the_route_serves_a_pdf_inline_and_an_html_page_inert(client):
    pdf = client.get("/askcloud/original/manuel.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    html = client.get("/askcloud/original/sous%20dossier/page.html")
    assert html.status_code == 200 and html.headers["content-type"] == "text/html; charset=utf-8"
    assert html.headers["content-security-policy"].startswith("sandbox;")  # no script of the page runs
    assert html.headers["x-content-type-options"] == "nosniff"


def test_the_text_view_marks_the_quote_escaped_and_links_the_raw_file(client):
    text = "Une note <b>brute</b> & vraie.\n"
    start, end = text.index("brute"), text.index(" vraie")
    view = client.get(f"/askcloud/original/notes.txt?start={start}&end={end}&lang=en")
    assert view.status_code == 200 and "script-src" not in view.headers["content-security-policy"]
    assert '<mark id="askcloud-quote">brute&lt;/b&gt; &amp;</mark>' in view.text
    assert "<b>" not in view.text and 'lang="en"' in view.text and "original file" in view.text
    raw = client.get("/askcloud/original/notes.txt?raw=1")
    assert raw.text == text and raw.headers["content-type"] == "text/plain; charset=utf-8"
    unmarked = client.get("/askcloud/original/notes.txt?start=5&end=999")
    assert unmarked.status_code == 200 and "<mark" not in unmarked.text


@pytest.mark.parametrize("path", ["..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd", "%2Fetc%2Fpasswd",
                                  "absent.txt", "notes.txt%00.pdf"])
def test_the_route_refuses_what_is_not_an_indexed_document(client, path):
    refused = client.get(f"/askcloud/original/{path}")
    assert refused.status_code == 404 and "root:" not in refused.text


def test_the_route_refuses_another_users_link(client, originals, collections):
    private_upload(collections, ALICE, "a.txt", "Le document d'Alice.")
    doc_id = f"{PRIVATE_TOPIC}/a.txt"
    own = client.get(f"/askcloud/original/{doc_id}", params={"o": ALICE, "k": originals.sign(ALICE, doc_id)})
    assert own.status_code == 200 and "Le document d&#x27;Alice." in own.text
    forged = client.get(f"/askcloud/original/{doc_id}", params={"o": BOB, "k": originals.sign(ALICE, doc_id)})
    assert forged.status_code == 403


def test_a_private_answers_link_opens_for_its_owner_and_not_for_another_login(settings, make_assistant, tmp_path):
    assistant, _ = make_assistant(extractive=True)
    runtime = Runtime(settings, lambda s: assistant)
    upload = tmp_path / "zorblax.txt"
    upload.write_text("Le Festival Zorblax 2031 à Brest\n\nLe Festival Zorblax a réuni 4 321 participants.\n",
                      encoding="utf-8")
    runtime.collections.get(ALICE).add([(upload, "zorblax.txt")])
    messages, _, _ = list(chat.respond(runtime, "Combien de participants le Festival Zorblax a-t-il réunis ?", [],
                                       [], None, "fr", owner=ALICE))[-1]
    hrefs = [unescape(h) for h in re.findall(r'class="askcloud-original" href="([^"]+)"', messages[-1]["content"])]
    private = [h for h in hrefs if "zorblax.txt" in h]
    assert private, hrefs
    client = TestClient(FastAPI(routes=original_routes(runtime.originals)))
    opened = client.get(private[0].split("#")[0].replace("askcloud/", "/askcloud/", 1))
    assert opened.status_code == 200 and '<mark id="askcloud-quote">' in opened.text and "4 321" in opened.text
    url = urlsplit(private[0])
    query = parse_qs(url.query)
    with pytest.raises(Refused):
        runtime.originals.open(unquote(url.path.removeprefix("askcloud/original/")), query["o"][0], query["k"][0],
                               login=BOB)


def test_a_sessions_private_link_opens_in_the_browser_that_asked_only(originals, collections):
    session = owner_key(None, "a-tab")
    private_upload(collections, session, "a.txt", "Le document de l'onglet.")
    doc_id = f"{PRIVATE_TOPIC}/a.txt"
    link = originals.links(session, "fr", browser="cookie-of-this-browser")(cite(doc_id, "document", "Le document"))
    query = parse_qs(urlsplit(link.original).query)
    assert originals.open(doc_id, session, query["k"][0], browser="cookie-of-this-browser").kind == "text"
    for other in ("cookie-of-another-browser", None):
        with pytest.raises(Refused) as refused:
            originals.open(doc_id, session, query["k"][0], browser=other)
        assert refused.value.status == 403

    client = TestClient(FastAPI(routes=original_routes(originals)))
    path = f"/askcloud/original/{doc_id}"
    client.cookies.set(BROWSER_COOKIE, "cookie-of-another-browser")
    assert client.get(path, params={"o": session, "k": query["k"][0]}).status_code == 403
    client.cookies.set(BROWSER_COOKIE, "cookie-of-this-browser")
    assert client.get(path, params={"o": session, "k": query["k"][0]}).status_code == 200


def test_every_browser_gets_its_own_cookie_once(originals):
    from askcloud.web.original_route import browser_cookie

    client = TestClient(FastAPI(routes=original_routes(originals), middleware=[browser_cookie()]))
    first = client.get("/askcloud/original/notes.txt")
    set_cookie = first.headers["set-cookie"]
    assert set_cookie.startswith(f"{BROWSER_COOKIE}=") and "HttpOnly" in set_cookie and "Path=/" in set_cookie
    assert "set-cookie" not in client.get("/askcloud/original/notes.txt").headers  # kept, never replaced
    other = TestClient(FastAPI(routes=original_routes(originals), middleware=[browser_cookie()]))
    assert other.get("/askcloud/original/notes.txt").headers["set-cookie"] != set_cookie


def test_a_pdfs_text_view_shows_the_text_the_quote_is_exact_in(client):
    start = PAGES_TEXT.index("la phrase")
    end = start + len("la phrase citée")
    view = client.get(f"/askcloud/original/manuel.pdf?start={start}&end={end}&view=text")
    assert view.status_code == 200 and view.headers["content-type"].startswith("text/html")
    assert '<mark id="askcloud-quote">la phrase citée</mark>' in view.text and "Troisième page" in view.text
    assert client.get("/askcloud/original/manuel.pdf?view=text&raw=1").headers["content-type"] == "application/pdf"
