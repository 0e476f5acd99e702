"""QR codes for printed documents, made in memory with segno (no file, no network).

The receipt (form 01) carries a QR of the public lookup page, so a citizen follows the
dossier by scanning the paper instead of typing its long code (issue 3, part 4).
"""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

import segno

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LOOKUP_PATH = "/tra-cuu"


def lookup_url(base_url: str, code: str, token: str = "") -> str:
    """The public lookup page of one dossier: "https://host/tra-cuu?ma=<code>", with the
    receipt's token ("&t=<token>", `dossiers.lookup_tokens`) that opens its signed result."""
    url = f"{base_url.rstrip('/')}{LOOKUP_PATH}?ma={quote(code, safe='.-')}"
    return f"{url}&t={quote(token, safe='')}" if token else url


def qr_png(payload: str, *, scale: int = 6) -> bytes:
    """A PNG of the QR code encoding `payload`, error correction M (survives a worn print)."""
    buffer = BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
