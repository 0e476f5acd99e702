"""Helpers for the page tests: the intake form as a browser would post it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from motcua.catalog.queries import procedure_version

from .conftest import APPLICANT, BIRTH, VINH_PHUC, form_example


def flatten(data: dict[str, Any], prefix: str = "data.") -> dict[str, str]:
    """Application data as the e-form's dotted input names."""
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, row in enumerate(value):
                out.update(flatten(row, f"{prefix}{key}.{index}."))
        elif isinstance(value, list):
            out[f"{prefix}{key}"] = "\n".join(str(item) for item in value)
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


def intake_post(procedure: str = BIRTH, **overrides: str) -> dict[str, str]:
    """A complete, valid intake form: mandatory documents ticked, applicant, e-form example."""
    version = procedure_version(procedure)
    assert version is not None
    body: dict[str, str] = {
        "procedure": procedure,
        "unit": VINH_PHUC,
        "channel": "1",
        "idempotency_key": "4f1c0d7e9b2a4c6f8e1d3b5a7c9e0f12",
        "applicant_full_name": APPLICANT.full_name,
        "applicant_id_number": APPLICANT.id_number,
        "applicant_date_of_birth": "1990-05-01",
        "applicant_address": APPLICANT.address,
        "applicant_phone": APPLICANT.phone,
        "applicant_email": APPLICANT.email,
    }
    for doc in version.required_documents:
        if doc["mandatory"]:
            body[f"doc_{doc['id']}"] = "1"
            body[f"doc_{doc['id']}_originals"] = "1"
            body[f"doc_{doc['id']}_copies"] = "0"
    body.update(flatten(form_example(procedure)))
    if procedure == BIRTH:
        # registered on time (within 60 days of the birth): free, no amount to enter
        born = timezone.localdate() - timedelta(days=10)
        body["data.child.date_of_birth"] = born.strftime("%d/%m/%Y")
    body.update(overrides)
    return body
