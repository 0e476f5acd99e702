"""The token printed on a dossier's receipt (mã tra cứu): who holds the paper may download
the signed result from the public lookup (issue 22, part 5).

An HMAC of the dossier code with the site's `SECRET_KEY` (`django.utils.crypto.salted_hmac`),
so nothing is stored and no migration is needed; a code alone (printed in lists, said aloud
at the counter) gives no access to the result. Changing `SECRET_KEY` changes every token:
receipts printed before then still look the dossier up, but their QR no longer downloads the
result (docs/reference/settings.md).
"""

from __future__ import annotations

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "motcua.dossiers.lookup_token"
LENGTH = 16  # hex digits: 64 bits


def lookup_token(code: str) -> str:
    """The receipt's token for dossier `code` (codes compare in upper case)."""
    return salted_hmac(SALT, code.strip().upper(), algorithm="sha256").hexdigest()[:LENGTH]


def token_matches(code: str, token: str) -> bool:
    """True if `token` is the receipt's token of `code` (constant time)."""
    token = (token or "").strip().lower()
    return len(token) == LENGTH and constant_time_compare(token, lookup_token(code))
