"""The Content Security Policy: sent on every page, and no template needs an exception to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import motcua

INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")|<style|\sstyle=|\son[a-z]+="
)


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    # when anyone opens the login page
    response = client.get("/dang-nhap/")

    # then scripts, styles and everything else come from the site only
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_script_style_or_handler():
    # every template of the project (a CSP without 'unsafe-inline' would block them)
    root = Path(motcua.__file__).parent
    offenders = [
        f"{path.relative_to(root)}: {match.group(0).strip()}"
        for path in root.glob("*/templates/**/*.html")
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
