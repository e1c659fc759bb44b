"""Word processor files and slides uploaded in the web chat go through the private-upload path with the same
checks as text: a readable .docx is indexed for its owner, a password-protected one is refused with its reason."""

import shutil
from pathlib import Path

import pytest

from askcloud.web.layout import UPLOAD_TYPES
from askcloud.web.private import owner_key
from askcloud.web.runtime import Runtime

pytestmark = pytest.mark.unit

STUB = Path(__file__).resolve().parents[2] / "stub_data"


@pytest.fixture
def runtime(settings, make_assistant):
    assistant, _ = make_assistant(extractive=True)
    return Runtime(settings, lambda s: assistant)


def sent(tmp_path: Path, fixture: Path) -> Path:
    path = tmp_path / "browser-upload.bin"  # the browser's name travels separately
    shutil.copy(fixture, path)
    return path


def test_the_file_picker_offers_the_office_formats():
    assert {".docx", ".odt", ".pptx"} <= set(UPLOAD_TYPES)


def test_a_docx_upload_is_indexed_for_its_owner_only(runtime, tmp_path):
    alice = owner_key("alice", None)
    docx = sent(tmp_path, STUB / "formats" / "gimp-fr-tool-curves.docx")
    outcome = runtime.collections.get(alice).add([(docx, "courbes.docx")])
    assert outcome.added == ["courbes.docx"] and not outcome.rejected and outcome.chunks > 5
    hits = runtime.collections.get(alice).retriever.search("Courbes canal histogramme")
    assert hits and hits[0].chunk.doc_id.endswith("courbes.docx")


def test_a_password_protected_upload_is_refused_with_its_reason(runtime, tmp_path):
    alice = owner_key("alice", None)
    locked = sent(tmp_path, STUB / "broken-formats" / "gimp-fr-tool-curves.password.docx")
    outcome = runtime.collections.get(alice).add([(locked, "secret.docx")])
    assert outcome.added == [] and outcome.rejected[0][1].key == "unreadable"
    assert "password-protected" in outcome.rejected[0][1].reason("en")
    assert runtime.collections.get(alice).names() == []
