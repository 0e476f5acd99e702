"""The site's public address (`MOTCUA_PUBLIC_URL`): every QR code and absolute link uses it.

A request's own host is not used: behind a proxy, or printed at the counter of a server
reached as 127.0.0.1, it is not the address a citizen scanning the paper can reach.
`motcua demo` sets it to the address it serves unless the environment names one.
"""

from __future__ import annotations

from django.conf import settings


def public_url() -> str:
    """ "https://motcua.example.vn/": `MOTCUA_PUBLIC_URL` with one trailing slash."""
    return str(settings.MOTCUA_PUBLIC_URL).rstrip("/") + "/"


def absolute(path: str) -> str:
    """`path` ("/tra-cuu?ma=…") on the public address."""
    return public_url() + path.lstrip("/")
