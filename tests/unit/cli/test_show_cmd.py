"""askcloud show: the text kept with the index (what offsets refer to), its pages, the index's topics; --topic
is checked against them at run time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from askcloud.cli.main import OFFLINE, main

pytestmark = pytest.mark.unit

PDF = Path(__file__).resolve().parents[2] / "stub_data" / "formats" / "lilypond-essai-p7-9.pdf"


@pytest.fixture
def cli(tmp_path, monkeypatch, corpus_dir):
    monkeypatch.chdir(tmp_path)
    for key, value in OFFLINE.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ASKCLOUD_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("ASKCLOUD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ASKCLOUD_RAISE_ERRORS")
    shutil.copy(PDF, corpus_dir / "essai.pdf")
    return lambda *args: main(["--corpus", str(corpus_dir), *args])


def test_show_prints_a_text_file_exactly(cli, capsys, corpus_dir):
    assert cli("index") == 0
    capsys.readouterr()
    assert cli("show", "salon-cloud-2020.txt") == 0
    assert capsys.readouterr().out == (corpus_dir / "salon-cloud-2020.txt").read_text(encoding="utf-8")


def test_show_json_gives_the_extracted_text_and_page_offsets_of_a_pdf(cli, capsys):
    assert cli("index") == 0
    capsys.readouterr()
    assert cli("show", "essai.pdf", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert set(shown) == {"doc_id", "source", "title", "text", "pages", "encoding", "ocr_pages"}
    assert shown["pages"][0] == 0 and len(shown["pages"]) == 3 and shown["encoding"] is None
    assert "Lorsque nous nous sommes décidés" in shown["text"]


def test_show_prints_a_windows_1252_file_decoded_and_names_its_encoding(cli, capsys, corpus_dir):
    note = "Compte rendu\n\nLe café sera servi à l'accueil avant la séance plénière de l'après-midi.\n"
    (corpus_dir / "compte-rendu.txt").write_bytes(note.encode("cp1252"))
    assert cli("index") == 0
    capsys.readouterr()
    assert cli("show", "compte-rendu.txt") == 0
    shown = capsys.readouterr()
    assert shown.out == note
    assert "compte-rendu.txt: read as cp1252" in shown.err
    assert cli("show", "compte-rendu.txt", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["text"] == note and data["encoding"] == "cp1252"


def test_show_prints_a_markdown_file_as_rendered_with_its_front_matter_title(cli, capsys, corpus_dir):
    source = ("---\ntitle: Guide de l'atelier\n---\n\nOuverture\n=========\n\n"
              "L'atelier ouvre **à 9 h** ; voir [le plan](plan.html).\n")
    (corpus_dir / "atelier.md").write_text(source, encoding="utf-8")
    assert cli("index") == 0
    capsys.readouterr()
    assert cli("show", "atelier.md", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["text"] == "Ouverture\n\nL'atelier ouvre à 9 h ; voir le plan."
    assert shown["title"] == "Guide de l'atelier" and shown["encoding"] == "utf-8"


def test_show_lists_documents_and_topics(cli, capsys):
    assert cli("index") == 0
    capsys.readouterr()
    assert cli("show", "--topics", "--json") == 0
    topics = json.loads(capsys.readouterr().out)
    assert [t["name"] for t in topics] == ["events", "net_neutrality", "all"]  # the PDF is not in the catalog
    assert topics[0]["labels"]["fr"] == "Événements"
    assert cli("show") == 0
    assert "essai.pdf" in capsys.readouterr().out


def test_unknown_document_or_missing_index_is_one_line_error(cli, capsys):
    assert cli("show", "salon-cloud-2020.txt") == 2
    assert "run `askcloud index`" in capsys.readouterr().err
    assert cli("index") == 0
    assert cli("show", "salon") == 2
    assert "did you mean salon-cloud-2020.txt" in capsys.readouterr().err


def test_an_unknown_topic_is_refused_naming_the_index_topics(cli, capsys):
    assert cli("index") == 0
    capsys.readouterr()
    assert cli("--backend", "fake", "ask", "Combien d'exposants ?", "--topic", "weather") == 2
    err = capsys.readouterr().err
    assert "unknown topic 'weather'" in err and "events, net_neutrality, all" in err
