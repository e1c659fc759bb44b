"""Document metadata: from catalog.yaml when listed, inferred from the text otherwise; a bad catalog is an error."""

from __future__ import annotations

import pytest

from askcloud.corpus.catalog import infer_entry, load_catalog, read_catalog
from askcloud.corpus.loader import load_corpus
from askcloud.errors import CorpusError

pytestmark = pytest.mark.unit


def test_catalog_entry_gives_title_date_kind_and_topics(corpus_dir):
    documents, skipped = load_corpus(corpus_dir)
    assert skipped == []
    salon = next(d for d in documents if d.doc_id == "salon-cloud-2020.txt")
    assert salon.title == "Le Salon du Cloud 2020 à Lyon"
    assert salon.date == "2020-05-12"
    assert salon.kind == "article"
    assert salon.topics == ("events",)
    assert salon.original_file == "salon-cloud-2020.txt"  # the file itself when the catalog names no other
    billet = next(d for d in documents if d.doc_id == "neutralite-billet.txt")
    assert (billet.kind, billet.topics) == ("blog post", ("net_neutrality",))


def test_unlisted_file_gets_inferred_title_date_and_topics(corpus_dir):
    (corpus_dir / "ovh-summit.txt").write_text(
        "OVH Summit : la journée\n\nmardi 7 octobre 2014\n\nLe keynote du summit a réuni 2 000 personnes. "
        "La conférence suivante parlait du cloud.\n", encoding="utf-8")
    documents, _ = load_corpus(corpus_dir)
    doc = next(d for d in documents if d.doc_id == "ovh-summit.txt")
    assert doc.title == "OVH Summit : la journée"
    assert doc.date == "2014-10-07"
    assert doc.topics == ("all",)  # not listed, at the top of the corpus: the one topic "all", never a guess
    assert doc.kind == "article"


@pytest.mark.parametrize("head, date", [
    ("Billet\n1er mars 2014\ntexte", "2014-03-01"),
    ("Billet\nvendredi 14 mars 2014", "2014-03-14"),
    ("Billet\n3 Août 2015", "2015-08-03"),
    ("Billet publié le 2023-02-15", "2023-02-15"),
    ("Billet de 2023-02", "2023-02"),
    ("Billet sans date", None),
])
def test_inferred_date(head, date):
    assert infer_entry(head).date == date


def test_unlisted_file_in_a_folder_takes_the_folder_as_its_topic(tmp_path):
    (tmp_path / "outils" / "pinceaux").mkdir(parents=True)
    (tmp_path / "outils" / "pinceaux" / "aero.txt").write_text("L'aérographe\n\nIl peint par jets.\n", "utf-8")
    (tmp_path / "intro.txt").write_text("Introduction\n\nBienvenue.\n", "utf-8")
    documents, _ = load_corpus(tmp_path)
    assert {d.doc_id: d.topics for d in documents} == {"outils/pinceaux/aero.txt": ("outils",),
                                                        "intro.txt": ("all",)}


def test_catalog_describes_topics_with_labels_and_examples(tmp_path):
    (tmp_path / "catalog.yaml").write_text(
        "topics:\n  meteo: {fr: Météo, en: Weather}\n  sport: Sport\n"
        "examples:\n  - Quel temps fera-t-il ?\n"
        "a.txt:\n  title: T\n  topics: [meteo]\n", encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert catalog.topics == {"meteo": {"fr": "Météo", "en": "Weather"}, "sport": {"": "Sport"}}
    assert catalog.examples == ("Quel temps fera-t-il ?",)
    assert list(catalog.entries) == ["a.txt"]  # the reserved keys are no documents


def test_empty_text_gets_a_placeholder_title():
    assert infer_entry("\n\n").title == "Sans titre"


def test_inferred_title_of_markdown_drops_the_heading_marker(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "salon.md").write_text("# Le Salon du Cloud\n\nUn salon à Lyon.\n", encoding="utf-8")
    documents, _ = load_corpus(corpus)
    assert documents[0].title == "Le Salon du Cloud"


def test_inferred_title_of_an_html_page_is_the_one_its_head_states(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.html").write_text("<html><head><title>Le Salon du Cloud 2020</title></head><body>"
                                      "<p>Raccourcis clavier</p><h1>Lyon</h1><p>Un salon.</p></body></html>",
                                      encoding="utf-8")
    documents, _ = load_corpus(corpus)
    assert documents[0].title == "Le Salon du Cloud 2020"


@pytest.mark.parametrize("yaml_text, message", [
    ("a.txt: [unclosed\n", "not valid YAML"),
    ("- a.txt\n- b.txt\n", "must map file names"),
    ("a.txt:\n  date: '2020-01-01'\n", "needs at least a title"),
    ("topics: {events: Events}\na.txt:\n  title: T\n  topics: [weather]\n", "unknown topic"),
    ("topics: [events]\n", "topics must map"),
    ("examples: Une question\n", "examples must be a list"),
    ("a.txt:\n  title: T\n  kind: novel\n", "unknown topic or kind"),
])
def test_invalid_catalog_is_a_corpus_error(tmp_path, yaml_text, message):
    (tmp_path / "catalog.yaml").write_text(yaml_text, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Texte.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        read_catalog(tmp_path)
    with pytest.raises(CorpusError):
        load_corpus(tmp_path)


def test_unquoted_yaml_date_is_kept_as_iso_text(tmp_path):
    (tmp_path / "catalog.yaml").write_text("a.txt:\n  title: T\n  date: 2014-10-07\n", encoding="utf-8")
    assert read_catalog(tmp_path)["a.txt"].date == "2014-10-07"


def test_no_catalog_means_everything_is_inferred(tmp_path):
    assert read_catalog(tmp_path) == {}
    (tmp_path / "note.txt").write_text("Ma note\n\nLa neutralité du Net.\n", encoding="utf-8")
    (doc,), _ = load_corpus(tmp_path)
    assert (doc.title, doc.topics) == ("Ma note", ("all",))
