"""What the printed forms share: errors, the room left on a result for its signature, and
the look-ups of names, places and events every form makes (`documents.forms` dispatches)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.accounts.choices import Role, Title
from motcua.accounts.models import Official, Position
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.units.models import Unit

from .pdf import OfficialDocument, local, nfc, time_and_date
from .qr import qr_png


@dataclass
class ResultSignature:
    """Room on a result for its electronic signature (issue 4): the QR of the public
    verification page, drawn into the content so the signature covers it, and the box where
    signing places its visible stamp. The renderer fills `page` (0-based) and `box` (PDF points
    from the bottom-left corner: x1, y1, x2, y2)."""

    verify_url: str
    signer_name: str = ""
    signer_title: str = ""
    page: int = 0
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


MM = 72 / 25.4  # PDF points per millimetre
A4_HEIGHT = 297.0


def signature_area(doc: OfficialDocument, signature: ResultSignature) -> None:
    """The verification QR at the left and an empty box at the right for the signature stamp.

    Kept on one page (a page break first if it would not fit), so the stamp never covers text.
    """
    qr_size = 28.0
    box_width, box_height = 88.0, 34.0
    block = box_height + 2 * 6.0 + 4
    doc.ln(4)
    if doc.will_page_break(block):
        doc.add_page()
    top = doc.get_y()
    box_x = doc.l_margin + doc.epw - box_width
    doc.set_xy(box_x, top)
    doc.body("B")
    doc.multi_cell(box_width, 6.0, nfc(signature.signer_title or "Người ký").upper(), align="C")
    box_top = doc.get_y()
    doc.set_xy(box_x, box_top + box_height)
    doc.body("B")
    doc.multi_cell(box_width, 6.0, nfc(signature.signer_name), align="C")
    bottom = doc.get_y()
    doc.image(qr_png(signature.verify_url), x=doc.l_margin, y=top, w=qr_size, h=qr_size)
    doc.link(doc.l_margin, top, qr_size, qr_size, signature.verify_url)
    doc.set_xy(doc.l_margin, top + qr_size + 1)
    doc.body("I", 10)
    doc.multi_cell(
        doc.epw - box_width - 4,
        4.5,
        "Quét mã QR để kiểm tra chữ ký số và tính toàn vẹn của văn bản: " + signature.verify_url,
        align="L",
    )
    signature.page = doc.page - 1
    signature.box = (
        round(box_x * MM, 2),
        round((A4_HEIGHT - box_top - box_height) * MM, 2),
        round((box_x + box_width) * MM, 2),
        round((A4_HEIGHT - box_top) * MM, 2),
    )
    doc.set_xy(doc.l_margin, max(bottom, doc.get_y()) + 2)
    doc.body()


class DocumentError(Exception):
    """A document that cannot be produced: `status` (404 or 409) and a Vietnamese message."""

    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownFormError(DocumentError):
    """No such form (404)."""

    status = 404


class DocumentNotAvailableError(DocumentError):
    """The form exists but this dossier has nothing to print on it yet (409)."""

    status = 409


# Shared look-ups ---------------------------------------------------------------------------


def normal_action(action: str) -> str:
    return action.replace("-", "_")


def events_of(dossier: Dossier) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier_id=dossier.pk).order_by("seq"))


def latest_event(events: Sequence[DossierEvent], actions: Iterable[str]) -> DossierEvent | None:
    wanted = {normal_action(action) for action in actions}
    for event in reversed(events):
        if normal_action(event.action) in wanted:
            return event
    return None


def official_names(user_ids: Iterable[int | None]) -> dict[int, str]:
    """Full names of officials by user id (the login name when the user is no official)."""
    ids = {pk for pk in user_ids if pk is not None}
    names = dict(Official.objects.filter(user_id__in=ids).values_list("user_id", "full_name"))
    missing = ids - names.keys()
    if missing:
        for user in get_user_model().objects.filter(pk__in=missing):
            names[user.pk] = user.get_full_name() or user.get_username()
    return names


def name_of_username(username: str) -> str:
    official = Official.objects.filter(user__username=username).values_list("full_name").first()
    return official[0] if official else username


# The division types a unit's name starts with, dropped from the place line.
PLACE_PREFIXES = ("Tỉnh ", "Thành phố ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ")


def place_name(unit: Unit) -> str:
    """The place of the date line (Decree 30/2020, appendix I): the name of the unit that
    issues, without its division type ("Phường Vĩnh Phúc" → "Vĩnh Phúc", "Tỉnh Phú Thọ" →
    "Phú Thọ"); a name that is a number keeps it ("Phường 1")."""
    for prefix in PLACE_PREFIXES:
        if unit.name.startswith(prefix) and not unit.name[len(prefix) :].isdigit():
            return unit.name[len(prefix) :]
    return unit.name


def psc_place(dossier: Dossier) -> str:
    """The place line of a form the receiving centre issues: its commune (or the province
    for a provincial centre), not the competent commune of a phi địa giới dossier."""
    return place_name(dossier.receiving_agency.unit)


def committee_place(dossier: Dossier) -> str:
    """The place line of a document of the competent commune's People's Committee."""
    return place_name(dossier.unit)


def committee_name(dossier: Dossier) -> str:
    """ "UBND phường Vĩnh Phúc": the competent commune's People's Committee, short form."""
    return f"UBND {dossier.unit.short_name}"


def psc_lines(dossier: Dossier) -> list[str]:
    """Letterhead of the receiving PSC: its commune's committee, then the centre itself."""
    agency = dossier.receiving_agency
    return [f"UBND {agency.unit.short_name}", without_place(agency.name, agency.unit)]


def committee_lines(dossier: Dossier) -> list[str]:
    return [f"Ủy ban nhân dân {dossier.unit.short_name}"]


def leader_signature(dossier: Dossier, event: DossierEvent | None) -> tuple[str, str, str]:
    """The signature block of a document the commune's leader signs for its committee
    ("TM. Ủy ban nhân dân / Chủ tịch"): the event's actor when they lead the competent
    commune, else the post left for the leader who signs by hand."""
    title = "Chủ tịch"
    name = ""
    if event is not None and event.actor_id is not None:
        position = (
            Position.objects.filter(
                official__user_id=event.actor_id,
                unit_id=dossier.unit_id,
                role=Role.LEADER,
                is_active=True,
            )
            .select_related("official")
            .order_by("pk")
            .first()
        )
        if position is not None:
            name = position.official.full_name
            if position.title == Title.VICE_CHAIRMAN:
                title = "KT. Chủ tịch\nPhó Chủ tịch"
    return (f"TM. Ủy ban nhân dân\n{title}", "(Ký, ghi rõ họ tên và đóng dấu)", name)


def without_place(name: str, unit: Unit) -> str:
    """ "Trung tâm Phục vụ hành chính công phường X" → without the trailing commune name."""
    suffix = " " + unit.short_name
    return name[: -len(suffix)] if name.endswith(suffix) else name


def today() -> date:
    return timezone.localdate()


def document_names(dossier: Dossier) -> dict[str, str]:
    return {
        str(doc.get("id")): str(doc.get("name", doc.get("id")))
        for doc in dossier.snapshot.get("required_documents", [])
    }


def parse_instant(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo is not None else None
    return None


def ddmmyyyy(value: object) -> str:
    """ "2025-10-02" → "02/10/2025"; anything else as given."""
    if isinstance(value, str):
        try:
            return f"{date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    return "" if value is None else str(value)


def time_limit_text(snapshot: Mapping[str, Any]) -> str:
    limit = snapshot.get("time_limit") or {}
    if limit.get("kind") == "same_day":
        cutoff = limit.get("cutoff") or "15:00"
        return (
            f"Trong ngày (tiếp nhận trước {cutoff} trả trong ngày; sau {cutoff} trả trong "
            "ngày làm việc tiếp theo)"
        )
    if limit.get("kind") == "working_days" and limit.get("days"):
        return f"{limit['days']} ngày làm việc"
    return "Chưa quy định"


def subject_block(doc: OfficialDocument, dossier: Dossier) -> None:
    """The dossier the notice is about: applicant, code, procedure, receipt time."""
    doc.field("Kính gửi Ông/Bà", dossier.applicant_name)
    doc.field("Địa chỉ", dossier.applicant_address or "...")
    doc.field("Mã hồ sơ", dossier.code)
    doc.field("Thủ tục hành chính", f"{dossier.procedure_name} (mã {dossier.procedure_code})")
    doc.field("Thời gian tiếp nhận", time_and_date(dossier.received_at))


def signer_name(event: DossierEvent | None, fallback: str = "") -> str:
    if event is None or event.actor_id is None:
        return fallback
    return official_names([event.actor_id]).get(event.actor_id, fallback)


def event_day(event: DossierEvent) -> date:
    return local(event.at).date()
