"""Registering a civil-status act from its dossier (issue 26, part 2): approving a birth,
death or marriage dossier writes its entry in the commune's book, in the approving
transaction, from the dossier's e-form data (the fields the law asks for, DOMAIN.md); and
approving a request for a copy of an extract (2.000635, part 3) finds the entry in the
province's register, so the copy is issued from it.

The dossiers app calls `register_from_dossier` and `copy_from_register` through
`dossiers.actions.results.set_registration` (this app's `ready` plugs them in): dossiers
cannot import this app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User

from motcua.core.dates import parse_date
from motcua.dossiers.actions.errors import DossierInvalidError
from motcua.dossiers.models import Dossier

from .actions import RegisterError, register_entry
from .choices import BookKind, PersonalIdState
from .models import ExtractIssue
from .queries import ENTRY_NUMBER, find_entry

BIRTH = "1.001193"
BIRTH_AGAIN = "1.004884"  # re-registration of a birth (đăng ký lại khai sinh)
DEATH = "1.000656"
MARRIAGE = "1.000894"


@dataclass(frozen=True)
class Written:
    """What an entry records of a dossier's e-form: the kind's fields, the person it is
    about (their name, birth date, personal ID number when one exists)."""

    kind: str
    data: dict[str, Any]
    subject_name: str
    subject_birth_date: date | None
    personal_id: str
    personal_id_state: str


def _part(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return dict(value) if isinstance(value, Mapping) else {}


def _day(value: object) -> date | None:
    """A date of the e-form (validated at intake), None when absent or unreadable."""
    try:
        return parse_date(str(value)) if value else None
    except ValueError:
        return None


def _declarant(data: Mapping[str, Any], dossier: Dossier) -> dict[str, Any]:
    applicant = _part(data, "applicant")
    return {
        "full_name": applicant.get("full_name") or dossier.applicant_name,
        "relationship": applicant.get("relationship", ""),
    }


def birth_written(dossier: Dossier) -> Written:
    """A birth: the child, each parent, who declared it and the proof of birth. The child's
    personal ID number is asked of the national population register (waiting until then)."""
    data = dossier.data
    child = _part(data, "child")
    return Written(
        kind=BookKind.BIRTH,
        data={
            "child": child,
            "mother": _part(data, "mother"),
            "father": _part(data, "father"),
            "declarant": _declarant(data, dossier),
            "birth_evidence": data.get("birth_evidence", ""),
        },
        subject_name=str(child.get("full_name", "")),
        subject_birth_date=_day(child.get("date_of_birth")),
        personal_id="",
        personal_id_state=PersonalIdState.WAITING,
    )


def birth_again_written(dossier: Dossier) -> Written:
    """A birth registered again (the book and the original both lost): the person as the
    child of a birth entry, with where and when it was first registered and why again."""
    data = dossier.data
    person = _part(data, "person")
    return Written(
        kind=BookKind.BIRTH,
        data={
            "child": person,
            "declarant": _declarant(data, dossier),
            "registered_again": {
                "original_place": data.get("original_registration_place", ""),
                "original_year": data.get("original_registration_year"),
                "reason": data.get("reason", ""),
            },
        },
        subject_name=str(person.get("full_name", "")),
        subject_birth_date=_day(person.get("date_of_birth")),
        personal_id="",
        personal_id_state=PersonalIdState.WAITING,
    )


def death_written(dossier: Dossier) -> Written:
    """A death: the deceased and their ID paper, the time, place and cause, the declarant."""
    data = dossier.data
    deceased = _part(data, "deceased")
    personal_id = str(deceased.get("id_number") or "")
    return Written(
        kind=BookKind.DEATH,
        data={
            "deceased": deceased,
            "death": _part(data, "death"),
            "declarant": _declarant(data, dossier),
            "death_evidence": data.get("death_evidence", ""),
        },
        subject_name=str(deceased.get("full_name", "")),
        subject_birth_date=_day(deceased.get("date_of_birth")),
        personal_id=personal_id,
        personal_id_state=(
            PersonalIdState.ISSUED if personal_id else PersonalIdState.NOT_APPLICABLE
        ),
    )


def marriage_written(dossier: Dossier) -> Written:
    """A marriage: both parties (names, birth dates, ethnicity, nationality, residence, ID
    papers); the entry is found by either name."""
    data = dossier.data
    husband, wife = _part(data, "husband"), _part(data, "wife")
    return Written(
        kind=BookKind.MARRIAGE,
        data={"husband": husband, "wife": wife},
        subject_name=f"{husband.get('full_name', '')} và {wife.get('full_name', '')}",
        subject_birth_date=None,
        personal_id="",
        personal_id_state=PersonalIdState.NOT_APPLICABLE,
    )


WRITERS = {
    BIRTH: birth_written,
    BIRTH_AGAIN: birth_again_written,
    DEATH: death_written,
    MARRIAGE: marriage_written,
}


def register_from_dossier(dossier: Dossier, *, actor: User, at: datetime) -> dict[str, Any]:
    """Write the approved dossier's act in its commune's book (inside the approval's
    transaction); what the approval's event records of it."""
    written = WRITERS[dossier.procedure_code](dossier)
    try:
        entry = register_entry(
            unit=dossier.unit,
            kind=written.kind,
            data=written.data,
            subject_name=written.subject_name,
            subject_birth_date=written.subject_birth_date,
            personal_id=written.personal_id,
            personal_id_state=written.personal_id_state,
            actor=actor,
            dossier=dossier,
            at=at,
        )
    except RegisterError as error:
        raise DossierInvalidError(f"Không ghi được vào sổ hộ tịch: {error}", {}) from error
    ExtractIssue.objects.create(
        dossier=dossier, entry=entry, original=True, copies=_copies(dossier.data, "extract_copies")
    )
    return {"civil_entry": {"kind": entry.kind, "book": entry.book.label, "number": entry.number}}


COPY = "2.000635"
# The e-form's record kinds (catalog.data.forms._RECORD_KINDS) and their books.
RECORD_BOOKS = {
    "birth": BookKind.BIRTH,
    "death": BookKind.DEATH,
    "marriage": BookKind.MARRIAGE,
    "guardianship": BookKind.GUARDIANSHIP,
    "recognition": BookKind.RECOGNITION,
    "change": BookKind.CHANGE,
}


def _copies(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    return value if isinstance(value, int) and 0 < value < 100 else 1


def copy_from_register(dossier: Dossier, *, actor: User, at: datetime) -> dict[str, Any]:
    """Find the entry a request for a copy of an extract names, in the whole province's
    register (kind, the person's name, the number "125/2025" and the date of registration
    when given), and record the copy issued from it.

    An entry not found, or found more than once, never stops the approval: the old paper
    books are not all digitised, and the registrar then issues the copy from the paper book
    (the result is a result notice, as for any procedure without an electronic form); the
    approval's event says why (`civil_copy`)."""
    data = dossier.data
    kind = RECORD_BOOKS.get(str(data.get("record_kind")))
    name = str(data.get("subject_full_name") or "").strip()
    number = year = None
    written = ENTRY_NUMBER.match(str(data.get("registration_number") or ""))
    if written:
        number = int(written.group(1))
        year = int(written.group(2)) if written.group(2) else None
    registered_on = _day(data.get("registration_date"))
    if year is None and registered_on is not None:
        year = registered_on.year
    found = (
        find_entry(unit=dossier.unit, kind=kind, name=name, number=number, year=year)
        if kind is not None and name
        else []
    )
    if len(found) != 1:
        asked = f"{name}" + (f", số {number}" if number else "") + (f", năm {year}" if year else "")
        why = (
            f"Sổ hộ tịch điện tử của tỉnh không có mục của {asked}"
            if not found
            else f"Sổ hộ tịch điện tử của tỉnh có nhiều mục của {asked}"
        )
        return {"civil_copy": f"{why}: bản sao được cấp từ sổ hộ tịch giấy."}
    entry = found[0]
    ExtractIssue.objects.create(
        dossier=dossier, entry=entry, original=False, copies=_copies(data, "copies")
    )
    return {
        "civil_entry": {
            "kind": entry.kind,
            "book": entry.book.label,
            "number": entry.number,
            "unit": entry.unit_id,
            "copy": True,
        }
    }


# What approving a dossier of each civil-status procedure does to the register.
REGISTRATIONS = {**dict.fromkeys(WRITERS, register_from_dossier), COPY: copy_from_register}
