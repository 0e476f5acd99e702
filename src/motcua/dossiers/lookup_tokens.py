"""The token printed on a dossier's receipt (mã tra cứu): who holds the paper may see the
dossier's status and download the signed result from the public lookup (issue 22, part 5;
issue 24, part 4: the code alone shows only that the dossier exists).

The receipt prints it for typing in four groups of four ("A1B2-C3D4-E5F6-A7B8",
`display_token`) and its QR carries it; a token is accepted in any case, with or without the
dashes and spaces (`token_matches`).

An HMAC of the dossier code with the site's `SECRET_KEY` (`django.utils.crypto.salted_hmac`),
so nothing is stored and no migration is needed; a code alone (printed in lists, said aloud
at the counter) gives no access to the result. Changing `SECRET_KEY` changes every token:
receipts printed before then still look the dossier up, but their QR no longer downloads the
result (docs/reference/settings.md).
"""

from __future__ import annotations

import re

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "motcua.dossiers.lookup_token"
LENGTH = 16  # hex digits: 64 bits


def lookup_token(code: str) -> str:
    """The receipt's token for dossier `code` (codes compare in upper case)."""
    return salted_hmac(SALT, code.strip().upper(), algorithm="sha256").hexdigest()[:LENGTH]


GROUP = 4
# What a person types between the groups, or a scanner adds: spaces and dashes.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]")


def display_token(code: str) -> str:
    """The token as printed on the receipt: upper case, four groups of four, dashes between."""
    token = lookup_token(code).upper()
    return "-".join(token[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def token_matches(code: str, token: str) -> bool:
    """True if `token` is the receipt's token of `code` (constant time), typed in any case,
    with or without its dashes and spaces."""
    token = SEPARATORS.sub("", token or "").lower()
    return len(token) == LENGTH and constant_time_compare(token, lookup_token(code))
