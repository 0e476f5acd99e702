"""Documents fixtures: dossiers built through the same actions as the counter and the back
office (receive, transfer, appraise, approve...), and `pdf_text` to read a PDF back."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader

from motcua.dossiers.actions import appraise, approve, transfer
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import WEDNESDAY, at, receive

BASE_URL = "https://motcua.example.vn/"


def pdf_reader(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(BytesIO(content))


def pdf_text(content: bytes) -> str:
    """All text of a PDF, pages joined, lines joined by spaces (wrapping does not matter)."""
    reader = pdf_reader(content)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split())


def settle(dossier: Dossier, counter: User, specialist: User, leader: User) -> Dossier:
    """Transfer → appraise (approve) → approve: the result is ready (status 9)."""
    transfer(dossier, actor=counter, assignee_username=specialist.username)
    appraise(dossier, actor=specialist, proposal="approve", note="Đủ điều kiện")
    return approve(dossier, actor=leader)


@pytest.fixture
def received(counter_vp: User) -> Dossier:
    """A birth registration received at Phường Vĩnh Phúc on Wednesday 26/11/2025 08:05."""
    return receive(counter_vp, received_at=at(WEDNESDAY, 8, 5))
