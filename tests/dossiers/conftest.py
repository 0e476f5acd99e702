"""Dossier fixtures: valid intake input built from the loaded catalog, and `receive(...)`,
which calls the same action as the counter page and the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from motcua.catalog.queries import procedure_version
from motcua.dossiers.actions import Applicant, receive_dossier
from motcua.dossiers.models import Dossier
from motcua.units.models import Agency

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BIRTH = "1.001193"
RESIDENCE = "1.004222"
VINH_PHUC = "08716"
DAO_TRU = "08914"
# Wednesday 26/11/2025, an ordinary working day.
WEDNESDAY = date(2025, 11, 26)

APPLICANT = Applicant(
    full_name="Nguyễn Văn An",
    id_number="025090123456",
    date_of_birth=date(1990, 5, 1),
    address="Tổ 5, phường Vĩnh Phúc",
    phone="0912000111",
    email="an@example.vn",
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def form_example(procedure: str) -> dict[str, Any]:
    version = procedure_version(procedure)
    assert version is not None
    return dict(version.form_schema["examples"][0])


def mandatory_documents(procedure: str) -> list[dict[str, Any]]:
    version = procedure_version(procedure)
    assert version is not None
    return [
        {"document": doc["id"], "originals": 1, "copies": 0}
        for doc in version.required_documents
        if doc["mandatory"]
    ]


def receive(actor: User, **overrides: Any) -> Dossier:
    """Receive a valid dossier (birth registration for Phường Vĩnh Phúc unless overridden)."""
    procedure = overrides.pop("procedure", BIRTH)
    arguments: dict[str, Any] = {
        "actor": actor,
        "procedure": procedure,
        "unit": VINH_PHUC,
        "channel": 1,
        "applicant": APPLICANT,
        "data": form_example(procedure),
        "documents": mandatory_documents(procedure),
    }
    arguments.update(overrides)
    return receive_dossier(**arguments)


def api_body(procedure: str = BIRTH, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "procedure": procedure,
        "unit": VINH_PHUC,
        "channel": 1,
        "applicant": {
            "full_name": APPLICANT.full_name,
            "id_number": APPLICANT.id_number,
            "date_of_birth": "1990-05-01",
            "address": APPLICANT.address,
            "phone": APPLICANT.phone,
            "email": APPLICANT.email,
        },
        "data": form_example(procedure),
        "documents": mandatory_documents(procedure),
    }
    body.update(overrides)
    return body


def psc_ecode(unit: str) -> str:
    ecode = Agency.objects.get(unit_id=unit, kind="psc").ecode
    assert ecode is not None
    return ecode


@pytest.fixture
def vp_ecode(db: None) -> str:
    return psc_ecode(VINH_PHUC)


@pytest.fixture
def dt_ecode(db: None) -> str:
    return psc_ecode(DAO_TRU)
