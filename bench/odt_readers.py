"""askcloud's .odt loader against odfdo on the office-odt pages: time, and whether an entity declared in
content.xml is expanded (docs/corpus.md, Loaders). odfdo is not a dependency: install it by hand to run this
(`.venv/bin/pip install odfdo==3.27.3`, and uninstall it afterwards).

    .venv/bin/python bench/odt_readers.py
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path


from askcloud.corpus.loaders import odt
from askcloud.corpus.loaders.base import Unreadable

PAGES = Path("evals/corpora/office-odt")
ROUNDS = 3
ENTITY_CONTENT = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "EXPANDED">]><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
    '<text:p>&e;</text:p></office:text></office:body></office:document-content>')


def timed(read, datas: list[bytes]) -> float:
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for data in datas:
            read(data)
    return (time.perf_counter() - start) / ROUNDS * 1000


def main() -> None:
    import odfdo

    datas = [p.read_bytes() for p in sorted(PAGES.rglob("*.odt"))]
    own = timed(odt.extract, datas)
    lib = timed(lambda d: odfdo.Document(io.BytesIO(d)).body.get_formatted_text(), datas)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", ENTITY_CONTENT)
    body = odfdo.Document(io.BytesIO(out.getvalue())).body
    parsed_by_odfdo = body.serialize()
    try:
        ours = "expanded" if "EXPANDED" in odt.extract(out.getvalue()).text else "not expanded"
    except Unreadable as exc:
        ours = f"refused: {exc}"
    print(f"| reader | {len(datas)} pages, ms | entity declared in content.xml |")
    print("|---|---:|---|")
    print(f"| askcloud odt loader (archive checks included) | {own:.0f} | {ours} |")
    print(f"| odfdo {odfdo.__version__} Document + get_formatted_text | {lib:.0f} | "
          f"{'expanded' if 'EXPANDED' in parsed_by_odfdo else 'not expanded'} |")


if __name__ == "__main__":
    main()
