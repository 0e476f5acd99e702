"""Citizen-side fixtures: online filing input built from the catalog, run tasks immediately.

The outbox delivers through Django's tasks API; in these tests the immediate backend runs the
task on commit, so SMS land in `MemorySmsProvider.sent` and e-mail in `mail.outbox`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from motcua.catalog.queries import procedure_version
from motcua.dossiers.actions import Applicant, OnlineFile, submit_online
from motcua.dossiers.models import Dossier
from motcua.notifications.providers import MemorySmsProvider

BIRTH = "1.001193"
VINH_PHUC = "08716"
DAO_TRU = "08914"
PDF = b"%PDF-1.4\n% test file\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
APPLICANT = Applicant(
    full_name="Đỗ Thị Mai",
    id_number="025090123456",
    date_of_birth=date(1990, 5, 1),
    phone="0912345678",
)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    MemorySmsProvider.sent.clear()
    MemorySmsProvider.fail = False
    yield
    MemorySmsProvider.fail = False


def form_example(procedure: str = BIRTH) -> dict[str, Any]:
    version = procedure_version(procedure)
    assert version is not None
    return dict(version.form_schema["examples"][0])


def file_documents(procedure: str = BIRTH, content: bytes = PDF) -> list[OnlineFile]:
    """One file per mandatory document except the declaration (the e-form is it)."""
    version = procedure_version(procedure)
    assert version is not None
    return [
        OnlineFile(
            document=doc["id"], name=f"{doc['id']}.pdf", content=content + doc["id"].encode()
        )
        for doc in version.required_documents
        if doc["mandatory"] and not doc["id"].startswith("to-khai")
    ]


def file_online(actor: User, **overrides: Any) -> Dossier:
    arguments: dict[str, Any] = {
        "actor": actor,
        "procedure": BIRTH,
        "unit": VINH_PHUC,
        "applicant": APPLICANT,
        "data": form_example(),
        "files": file_documents(),
    }
    arguments.update(overrides)
    return submit_online(**arguments)
