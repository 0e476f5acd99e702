"""The applicant and the document checklist of the counter intake (also read by online
filing and the corrections), and the e-form's requester group filled from the applicant."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from motcua.catalog.eforms import resolve
from motcua.core.dates import parse_date

from ..actions import MAX_COUNT, Applicant
from .eform import (
    APPLICANT_FIELDS,
    DATA_PREFIX,
)

# The e-form's requester group ("Người yêu cầu") repeats who submits the dossier: each of its
# fields that the intake's applicant already holds is filled from there, so the applicant
# is typed once (e-form field → applicant field).
REQUESTER = "applicant"
REQUESTER_FROM_APPLICANT = {
    "full_name": "full_name",
    "id_number": "id_number",
    "residence": "address",
    "phone": "phone",
    "email": "email",
}


def requester_fields(schema: Mapping[str, Any]) -> dict[str, str]:
    """The e-form's requester fields the applicant fills: dotted e-form name → applicant
    field name ("applicant.residence" → "address")."""
    group = resolve((schema.get("properties") or {}).get(REQUESTER, {}), schema)
    present = group.get("properties") or {}
    return {
        f"{REQUESTER}.{key}": source
        for key, source in REQUESTER_FROM_APPLICANT.items()
        if key in present
    }


def with_requester(
    schema: Mapping[str, Any], data: Mapping[str, Any], applicant: Mapping[str, str]
) -> dict[str, Any]:
    """The application data with its requester fields filled from the applicant."""
    filled = dict(data)
    group = dict(filled.get(REQUESTER) or {})
    for name, source in requester_fields(schema).items():
        value = (applicant.get(source) or "").strip()
        if value:
            group[name.split(".", 1)[1]] = value
    if group:
        filled[REQUESTER] = group
    return filled


def requester_errors(
    schema: Mapping[str, Any], problems: Mapping[str, list[str]]
) -> dict[str, list[str]]:
    """E-form problems by page key: a requester field's problem goes to the applicant field
    that filled it ("applicant.address"), every other one under "data.<name>"."""
    fields = requester_fields(schema)
    out: dict[str, list[str]] = {}
    for name, messages in problems.items():
        key = f"applicant.{fields[name]}" if name in fields else DATA_PREFIX + name
        for message in messages:
            if message not in out.setdefault(key, []):
                out[key].append(message)
    return out


def applicant_values(post: QueryDict) -> dict[str, str]:
    """The applicant fields as entered (text), by field name."""
    return {name: post.get(f"applicant_{name}", "").strip() for name, *_ in APPLICANT_FIELDS}


def applicant_from(values: Mapping[str, str], errors: dict[str, list[str]]) -> Applicant:
    """The `Applicant` of the entered values; an unreadable date goes into `errors`."""
    born: date | None = None
    try:
        born = parse_date(values.get("date_of_birth"))
    except ValueError as error:
        errors["applicant.date_of_birth"] = [str(error)]
    else:
        if born is not None and born > timezone.localdate():
            errors["applicant.date_of_birth"] = ["Ngày sinh không được sau hôm nay."]
    return Applicant(
        full_name=values.get("full_name", ""),
        id_number=values.get("id_number", ""),
        date_of_birth=born,
        address=values.get("address", ""),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
    )


def _count_text(text: str) -> int:
    try:
        number = int(text.strip() or "0")
    except ValueError:
        return -1
    return number if 0 <= number <= MAX_COUNT else -1


def checklist(
    required_documents: list[dict[str, Any]], post: QueryDict | None = None
) -> list[dict[str, Any]]:
    """The document checklist rows: each required document with what was ticked/entered.

    Without a post, nothing is ticked and the counts default to the catalog's (originals for
    a document to present or hand in as original, copies for a copy).
    """
    rows = []
    for doc in required_documents:
        key = doc["id"]
        count = int(doc.get("count", 1) or 1)
        if post is None:
            received = False
            originals = str(count if doc.get("form") != "copy" else 0)
            copies = str(count if doc.get("form") == "copy" else 0)
        else:
            received = bool(post.get(f"doc_{key}"))
            originals = post.get(f"doc_{key}_originals", "0")
            copies = post.get(f"doc_{key}_copies", "0")
        rows.append(
            {
                "id": key,
                "name": doc["name"],
                "mandatory": bool(doc.get("mandatory")),
                "note": doc.get("note", ""),
                "received": received,
                "originals": originals,
                "copies": copies,
            }
        )
    return rows


def documents_from(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What `receive_dossier` takes: the ticked documents with their counts."""
    return [
        {
            "document": row["id"],
            "originals": _count_text(str(row["originals"])),
            "copies": _count_text(str(row["copies"])),
        }
        for row in rows
        if row["received"]
    ]
