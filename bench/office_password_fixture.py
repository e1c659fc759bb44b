"""Save a copy of an office document with an open password, through LibreOffice's UNO API (test fixtures only).

    python3 bench/office_password_fixture.py IN.odt OUT.odt writer8        # Debian's python3 with python3-uno

`soffice --convert-to` takes no password from the command line (LibreOffice 7.4 ignores an EncryptFile filter
option), so the document is stored through storeToURL with the media descriptor's Password. LibreOffice 7.4 writes
an ODF file encrypted that way; for .docx it does not, so tests/stub_data/formats' password.docx was encrypted with
msoffcrypto-tool instead (`python -m msoffcrypto -e -p secret IN.docx OUT.docx`, installed in a scratch folder).
"""

from __future__ import annotations

import subprocess
import sys
import time

import uno  # LibreOffice's Python bridge (Debian python3-uno)
from com.sun.star.beans import PropertyValue

PASSWORD = "secret"
PORT = 2099


def prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(src: str, dst: str, filter_name: str) -> int:
    office = subprocess.Popen(["soffice", "--headless", "--norestore",
                               f"--accept=socket,host=127.0.0.1,port={PORT};urp;"])
    try:
        ctx = None
        for _ in range(60):
            try:
                local = uno.getComponentContext()
                resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
                ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={PORT};urp;StarOffice.ComponentContext")
                break
            except Exception:  # LibreOffice is still starting
                time.sleep(0.5)
        if ctx is None:
            print("LibreOffice did not answer", file=sys.stderr)
            return 1
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
        doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", filter_name), prop("Password", PASSWORD)))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge closes as LibreOffice quits
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
