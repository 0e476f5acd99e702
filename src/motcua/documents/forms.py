"""The printed forms of the one-stop mechanism, one function per form (Circular 03/2025/TT-VPCP
guiding Decree 118/2025/NĐ-CP; wording per DOMAIN.md, "Law and forms").

    01 receipt and appointment slip   Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    02 request to supplement          Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    03 refusal                        Phiếu từ chối tiếp nhận giải quyết hồ sơ
    04 apology and extension          Văn bản xin lỗi và đề nghị gia hạn
    05 notice of stopping             Thông báo dừng giải quyết hồ sơ
    06 process control sheet          Phiếu kiểm soát quá trình giải quyết hồ sơ
    result (birth registration)       Trích lục khai sinh, from the e-form data

Each form only reads: the dossier, its snapshot (invariant 2) and its events. Forms 02-05
print what the corresponding event recorded (reason, documents, new appointment), so the
paper says exactly what the audit chain says. `render_form` is what the API and the pages
call; the per-form functions are public for tests and previews.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.accounts.models import Official
from motcua.catalog.fees import format_vnd
from motcua.dossiers.choices import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.units.models import Unit
from motcua.workcal.deadlines import Calendar
from motcua.workcal.queries import calendar_for

from .pdf import OfficialDocument, local, nfc, time_and_date
from .qr import lookup_url, qr_png

BIRTH_REGISTRATION = "1.001193"
FORMS = ("01", "02", "03", "04", "05", "06", "result")

# Which event each notice prints, by the action names the lifecycle may record. Both the
# dashed API spelling and the underscored one are accepted, so a rename does not break print.
FORM_EVENTS: dict[str, tuple[str, ...]] = {
    "02": ("request_supplement", "request-supplement"),
    "03": ("refuse", "refusal"),
    "04": ("extend", "extension", "apologise"),
    "05": ("stop",),
}
_MISSING_EVENT = {
    "02": "yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "quyết định từ chối tiếp nhận giải quyết",
    "04": "văn bản xin lỗi và gia hạn",
    "05": "thông báo dừng giải quyết",
}

# Vietnamese names of the event actions, for the control sheet (form 06).
ACTION_LABELS: dict[str, str] = {
    "receive": "Tiếp nhận hồ sơ",
    "accept": "Tiếp nhận hồ sơ nộp trực tuyến",
    "transfer": "Chuyển xử lý",
    "appraise": "Thẩm định, đề xuất",
    "send_back": "Trả lại để xử lý lại",
    "approve": "Lãnh đạo phê duyệt",
    "return": "Trả kết quả",
    "request_supplement": "Yêu cầu bổ sung hồ sơ",
    "supplement": "Công dân bổ sung hồ sơ",
    "refuse": "Từ chối",
    "extend": "Xin lỗi, gia hạn",
    "stop": "Dừng giải quyết",
    "withdraw": "Công dân rút hồ sơ",
}

# Results of one step of form 06, against the step's hour budget in the snapshot.
EARLY = "Trước hạn"
ON_TIME = "Đúng hạn"
LATE = "Quá hạn"
# A hand-over within this much working time before the step's budget runs out counts as "on
# time" rather than "early": budgets are whole hours, hand-overs are minutes apart.
ON_TIME_MARGIN = timedelta(minutes=30)

GENDERS = {"male": "Nam", "female": "Nữ"}
RELATIONSHIPS = {
    "father": "Cha",
    "mother": "Mẹ",
    "grandparent": "Ông, bà",
    "relative": "Người thân thích khác",
    "carer": "Cá nhân, tổ chức đang nuôi dưỡng trẻ",
}


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


def _normal(action: str) -> str:
    return action.replace("-", "_")


def _events(dossier: Dossier) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier_id=dossier.pk).order_by("seq"))


def _latest(events: Sequence[DossierEvent], actions: Iterable[str]) -> DossierEvent | None:
    wanted = {_normal(action) for action in actions}
    for event in reversed(events):
        if _normal(event.action) in wanted:
            return event
    return None


def _names(user_ids: Iterable[int | None]) -> dict[int, str]:
    """Full names of officials by user id (the login name when the user is no official)."""
    ids = {pk for pk in user_ids if pk is not None}
    names = dict(Official.objects.filter(user_id__in=ids).values_list("user_id", "full_name"))
    missing = ids - names.keys()
    if missing:
        for user in get_user_model().objects.filter(pk__in=missing):
            names[user.pk] = user.get_full_name() or user.get_username()
    return names


def _name_of_username(username: str) -> str:
    official = Official.objects.filter(user__username=username).values_list("full_name").first()
    return official[0] if official else username


def _place(dossier: Dossier) -> str:
    """The province's name for the date line ("Phú Thọ"), without its "Tỉnh" prefix."""
    code = dossier.unit.parent_id or settings.MOTCUA_PROVINCE
    name = Unit.objects.filter(code=code).values_list("name", flat=True).first() or ""
    for prefix in ("Tỉnh ", "Thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _committee(dossier: Dossier) -> str:
    """ "UBND phường Vĩnh Phúc": the competent commune's People's Committee, short form."""
    return f"UBND {dossier.unit.short_name}"


def _psc_lines(dossier: Dossier) -> list[str]:
    """Letterhead of the receiving PSC: its commune's committee, then the centre itself."""
    agency = dossier.receiving_agency
    return [f"UBND {agency.unit.short_name}", _without_place(agency.name, agency.unit)]


def _committee_lines(dossier: Dossier) -> list[str]:
    return [f"Ủy ban nhân dân {dossier.unit.short_name}"]


def _without_place(name: str, unit: Unit) -> str:
    """ "Trung tâm Phục vụ hành chính công phường X" → without the trailing commune name."""
    suffix = " " + unit.short_name
    return name[: -len(suffix)] if name.endswith(suffix) else name


def _today() -> date:
    return timezone.localdate()


def _document_names(dossier: Dossier) -> dict[str, str]:
    return {
        str(doc.get("id")): str(doc.get("name", doc.get("id")))
        for doc in dossier.snapshot.get("required_documents", [])
    }


def _parse_instant(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo is not None else None
    return None


def _ddmmyyyy(value: object) -> str:
    """ "2025-10-02" → "02/10/2025"; anything else as given."""
    if isinstance(value, str):
        try:
            return f"{date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    return "" if value is None else str(value)


def _time_limit(snapshot: Mapping[str, Any]) -> str:
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


def _subject(doc: OfficialDocument, dossier: Dossier) -> None:
    """The dossier the notice is about: applicant, code, procedure, receipt time."""
    doc.field("Kính gửi Ông/Bà", dossier.applicant_name)
    doc.field("Địa chỉ", dossier.applicant_address or "...")
    doc.field("Mã hồ sơ", dossier.code)
    doc.field("Thủ tục hành chính", f"{dossier.procedure_name} (mã {dossier.procedure_code})")
    doc.field("Thời gian tiếp nhận", time_and_date(dossier.received_at))


def _signer(event: DossierEvent | None, fallback: str = "") -> str:
    if event is None or event.actor_id is None:
        return fallback
    return _names([event.actor_id]).get(event.actor_id, fallback)


def _event_day(event: DossierEvent) -> date:
    return local(event.at).date()


# 01 receipt --------------------------------------------------------------------------------


def receipt(dossier: Dossier, *, base_url: str) -> bytes:
    """Form 01, the receipt and appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả).

    No dossier is taken without one (DOMAIN.md, Rules). It carries what Circular 03/2025
    lists: code, applicant, procedure, documents with original and copy counts, number of
    sets, time received, appointment, where to collect, fee, tracking-book volume (the year)
    and number (the agency's daily sequence, the code's last part), both signatures, and a QR
    of the public lookup page so the citizen can follow the dossier.
    """
    received = local(dossier.received_at)
    agency = dossier.receiving_agency
    url = lookup_url(base_url, dossier.code)
    doc = OfficialDocument(title=f"Giấy tiếp nhận hồ sơ {dossier.code}")
    doc.letterhead(_psc_lines(dossier), _place(dossier), received.date())
    doc.heading("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", f"Mã hồ sơ: {dossier.code}")
    doc.field(
        "Sổ theo dõi hồ sơ",
        f"Quyển số {received:%Y}, số {dossier.code.rsplit('-', 1)[-1]}",
    )
    doc.paragraph(f"{agency.name} đã tiếp nhận hồ sơ của:")
    doc.field("Ông/Bà", dossier.applicant_name)
    doc.field("Số định danh cá nhân", dossier.applicant_id_number)
    doc.field("Địa chỉ", dossier.applicant_address or "...")
    doc.field("Số điện thoại", dossier.applicant_phone or "...")
    doc.field("Thư điện tử", dossier.applicant_email or "...")
    doc.field(
        "Nội dung yêu cầu giải quyết",
        f"{dossier.procedure_name} (mã thủ tục {dossier.procedure_code})",
    )
    doc.paragraph("1. Thành phần hồ sơ và số lượng mỗi loại giấy tờ gồm:")
    names = _document_names(dossier)
    rows = [
        [
            str(index),
            names.get(str(item.get("document")), str(item.get("document"))),
            str(item.get("originals", 0)),
            str(item.get("copies", 0)),
        ]
        for index, item in enumerate(dossier.documents, start=1)
    ]
    doc.table_rows(
        ["STT", "Tên giấy tờ", "Bản chính", "Bản sao"],
        rows,
        (12, 103, 25, 25),
        aligns=("CENTER", "LEFT", "CENTER", "CENTER"),
    )
    doc.paragraph("2. Số lượng hồ sơ: 01 bộ.")
    doc.paragraph(f"3. Thời hạn giải quyết hồ sơ theo quy định: {_time_limit(dossier.snapshot)}.")
    doc.paragraph(f"4. Thời gian nhận hồ sơ: {time_and_date(dossier.received_at)}.")
    appointment = time_and_date(dossier.due_at) or "theo thông báo của cơ quan giải quyết"
    doc.paragraph(f"5. Thời gian trả kết quả giải quyết hồ sơ: {appointment}.")
    doc.paragraph(f"6. Nơi nhận kết quả: {agency.name}.")
    fee = format_vnd(dossier.fee) + (f" ({dossier.fee_note})" if dossier.fee_note else "")
    doc.paragraph(f"7. Phí, lệ phí: {fee}.")
    doc.paragraph(
        f"Vào Sổ theo dõi hồ sơ, Quyển số: {received:%Y}, Số thứ tự: "
        f"{dossier.code.rsplit('-', 1)[-1]}."
    )
    _qr_block(doc, url)
    doc.signatures(
        [
            ("Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", dossier.applicant_name),
            (
                "Người tiếp nhận hồ sơ",
                "(Ký và ghi rõ họ tên)",
                _names([dossier.received_by_id]).get(dossier.received_by_id, "")
                if dossier.received_by_id is not None
                else "",
            ),
        ]
    )
    return doc.render()


def _qr_block(doc: OfficialDocument, url: str) -> None:
    """The lookup QR with its URL beside it; the image is also a link annotation to the URL."""
    size = 26.0
    if doc.will_page_break(size + 4):
        doc.add_page()
    top = doc.get_y() + 2
    x = doc.l_margin
    doc.image(qr_png(url), x=x, y=top, w=size, h=size)
    doc.link(x, top, size, size, url)
    doc.set_xy(x + size + 4, top + 6)
    doc.body("I", 12)
    doc.multi_cell(
        doc.epw - size - 4,
        6,
        "Quét mã QR hoặc truy cập địa chỉ sau để tra cứu tình trạng hồ sơ:",
        align="L",
    )
    doc.set_x(x + size + 4)
    doc.body("", 11)
    doc.multi_cell(doc.epw - size - 4, 5.5, url, align="L", link=url)
    doc.set_xy(doc.l_margin, top + size + 2)
    doc.body()


# 02-05 notices -----------------------------------------------------------------------------


def _event_for(dossier: Dossier, form: str) -> DossierEvent:
    event = _latest(_events(dossier), FORM_EVENTS[form])
    if event is None:
        raise DocumentNotAvailableError(
            f"Hồ sơ {dossier.code} chưa có {_MISSING_EVENT[form]} nên chưa có mẫu {form}."
        )
    return event


def _reason(event: DossierEvent) -> str:
    return str(event.payload.get("reason") or "").strip() or "..."


def _requested_documents(dossier: Dossier, event: DossierEvent) -> list[str]:
    """The documents a supplement request lists, by name, with any per-item note."""
    names = _document_names(dossier)
    lines: list[str] = []
    for item in event.payload.get("documents") or []:
        if isinstance(item, Mapping):
            key = str(item.get("document") or item.get("id") or item.get("name") or "")
            text = names.get(key, str(item.get("name") or key))
            note = str(item.get("note") or "").strip()
            lines.append(f"{text}: {note}" if note else text)
        else:
            lines.append(names.get(str(item), str(item)))
    return lines


def supplement_request(dossier: Dossier) -> bytes:
    """Form 02 (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ): ONE written guide listing everything
    to supplement, never a verbal refusal (DOMAIN.md, Rules); the list is exactly the one the
    request-supplement event recorded."""
    event = _event_for(dossier, "02")
    doc = OfficialDocument(title=f"Phiếu yêu cầu bổ sung hồ sơ {dossier.code}")
    doc.letterhead(_psc_lines(dossier), _place(dossier), _event_day(event))
    doc.heading("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", f"Mã hồ sơ: {dossier.code}")
    _subject(doc, dossier)
    doc.paragraph(
        "Sau khi xem xét thành phần hồ sơ, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm "
        "những nội dung sau:"
    )
    documents = _requested_documents(dossier, event)
    for index, line in enumerate(documents, start=1):
        doc.bullet(f"{index}. {line}")
    if not documents:
        doc.bullet("(theo lý do nêu dưới đây)")
    doc.field("Lý do", _reason(event))
    doc.paragraph(
        "Trong thời gian chờ bổ sung, thời hạn giải quyết hồ sơ tạm dừng và được tính tiếp "
        "khi Ông/Bà nộp đủ giấy tờ. Mọi vướng mắc xin liên hệ bộ phận một cửa nơi nộp hồ sơ."
    )
    doc.signatures(
        [("Người hướng dẫn", "(Ký và ghi rõ họ tên)", _signer(event))],
    )
    return doc.render()


def refusal(dossier: Dossier) -> bytes:
    """Form 03 (Phiếu từ chối tiếp nhận giải quyết hồ sơ): a refusal always states its reason
    (DOMAIN.md, Rules), the one the refuse event recorded."""
    event = _event_for(dossier, "03")
    doc = OfficialDocument(title=f"Phiếu từ chối hồ sơ {dossier.code}")
    doc.letterhead(_psc_lines(dossier), _place(dossier), _event_day(event))
    doc.heading("Phiếu từ chối tiếp nhận giải quyết hồ sơ", f"Mã hồ sơ: {dossier.code}")
    _subject(doc, dossier)
    doc.paragraph(
        "Sau khi xem xét, cơ quan có thẩm quyền từ chối tiếp nhận, giải quyết hồ sơ của "
        "Ông/Bà với lý do sau:"
    )
    doc.paragraph(_reason(event), style="I")
    doc.paragraph("Xin thông báo để Ông/Bà được biết và thực hiện.")
    doc.signatures([("Người lập phiếu", "(Ký và ghi rõ họ tên)", _signer(event))])
    return doc.render()


def apology_extension(dossier: Dossier) -> bytes:
    """Form 04 (Văn bản xin lỗi và đề nghị gia hạn): a late dossier gets an apology with its
    reason and the new appointment, issued before the old one passes (DOMAIN.md, Rules)."""
    event = _event_for(dossier, "04")
    payload = event.payload
    new_due = _parse_instant(payload.get("new_due_at") or payload.get("new_due")) or dossier.due_at
    old_due = _parse_instant(payload.get("old_due_at") or payload.get("old_due"))
    doc = OfficialDocument(title=f"Văn bản xin lỗi và gia hạn {dossier.code}")
    doc.letterhead(_committee_lines(dossier), _place(dossier), _event_day(event))
    doc.heading(
        "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ",
        f"Mã hồ sơ: {dossier.code}",
    )
    _subject(doc, dossier)
    if old_due is not None:
        doc.field("Thời gian hẹn trả kết quả trước đây", time_and_date(old_due))
    doc.paragraph(
        f"{_committee(dossier)} xin lỗi Ông/Bà vì hồ sơ chưa được giải quyết đúng thời hạn "
        "đã hẹn. Lý do:"
    )
    doc.paragraph(_reason(event), style="I")
    doc.field("Thời gian hẹn trả kết quả mới", time_and_date(new_due) or "...")
    doc.paragraph("Rất mong Ông/Bà thông cảm. Trân trọng.")
    doc.signatures([("Người ký", "(Ký và ghi rõ họ tên)", _signer(event))])
    return doc.render()


def stop_notice(dossier: Dossier) -> bytes:
    """Form 05 (Thông báo dừng giải quyết hồ sơ), with the reason of the stop event."""
    event = _event_for(dossier, "05")
    doc = OfficialDocument(title=f"Thông báo dừng giải quyết {dossier.code}")
    doc.letterhead(_committee_lines(dossier), _place(dossier), _event_day(event))
    doc.heading("Thông báo dừng giải quyết hồ sơ", f"Mã hồ sơ: {dossier.code}")
    _subject(doc, dossier)
    doc.paragraph(f"{_committee(dossier)} thông báo dừng giải quyết hồ sơ của Ông/Bà. Lý do:")
    doc.paragraph(_reason(event), style="I")
    doc.paragraph("Xin thông báo để Ông/Bà được biết.")
    doc.signatures([("Người ký", "(Ký và ghi rõ họ tên)", _signer(event))])
    return doc.render()


# 06 control sheet --------------------------------------------------------------------------


@dataclass(frozen=True)
class ControlRow:
    """One hand-over of form 06: who gave, who took, when, and how the step went."""

    action: str
    giver: str
    taker: str
    at: datetime
    result: str
    note: str


def _step_index(steps: Sequence[Mapping[str, Any]], action: str) -> int | None:
    """The step that a hand-over closes: the counter's first step on transfer, the appraising
    step on appraise, the leader's step on approve or send-back, the last step on return."""
    if not steps:
        return None
    if action == "transfer":
        return 0
    if action == "return":
        return len(steps) - 1
    if action == "appraise":
        for index, step in enumerate(steps):
            if index and step.get("role") not in {"counter", "leader"}:
                return index
        return None
    if action in {"approve", "send_back"}:
        for index, step in enumerate(steps):
            if step.get("role") == "leader":
                return index
    return None


def step_result(elapsed: timedelta, budget_hours: float | None) -> str:
    """Before, on or after a step's hour budget (form 06, "kết quả giải quyết")."""
    if budget_hours is None:
        return ""
    budget = timedelta(hours=budget_hours)
    if elapsed > budget:
        return LATE
    if elapsed >= budget - ON_TIME_MARGIN:
        return ON_TIME
    return EARLY


def control_rows(
    dossier: Dossier,
    events: Sequence[DossierEvent],
    calendar: Calendar,
    names: Mapping[int, str],
    username_name: Callable[[str], str] = _name_of_username,
) -> list[ControlRow]:
    """The rows of form 06, one per event, each hand-over marked against its step budget.

    A step's time is the working time (workcal) from the previous hand-over to this one,
    minus the time the dossier waited for the citizen's supplement (the clock stops then).
    """
    steps: list[Mapping[str, Any]] = list(dossier.snapshot.get("steps") or [])
    psc = dossier.receiving_agency.name
    committee = _committee(dossier)
    applicant = f"Người nộp hồ sơ: {dossier.applicant_name}"
    assignee = ""
    clock_start: datetime | None = None
    paused = timedelta(0)
    pause_start: datetime | None = None
    rows: list[ControlRow] = []
    for event in events:
        action = _normal(event.action)
        actor = names.get(event.actor_id, "") if event.actor_id is not None else ""
        payload = event.payload
        result = ""
        if action in {"receive", "accept"}:
            giver, taker = applicant, f"{psc}: {actor}"
            clock_start = event.at
        elif action == "transfer":
            assignee = username_name(str(payload.get("assignee", "")))
            giver, taker = f"{psc}: {actor}", f"{committee}, chuyên viên: {assignee}"
        elif action == "appraise":
            giver, taker = f"Chuyên viên: {actor}", f"Lãnh đạo {committee}"
        elif action == "send_back":
            giver, taker = f"Lãnh đạo: {actor}", f"Chuyên viên: {assignee or '...'}"
        elif action == "approve":
            giver, taker = f"Lãnh đạo: {actor}", f"Bộ phận một cửa, {psc}"
        elif action == "return":
            giver, taker = f"{psc}: {actor}", applicant
        elif action == "supplement":
            giver, taker = applicant, f"{actor}"
        else:
            giver, taker = actor, applicant
        index = _step_index(steps, action)
        if index is not None and clock_start is not None:
            elapsed = calendar.working_time_between(clock_start, event.at) - paused
            result = step_result(elapsed, steps[index].get("hours"))
            clock_start, paused = event.at, timedelta(0)
        if action == "request_supplement":
            pause_start = event.at
        elif action == "supplement" and pause_start is not None:
            paused += calendar.working_time_between(pause_start, event.at)
            pause_start = None
        note = ACTION_LABELS.get(action, event.action)
        detail = str(payload.get("reason") or payload.get("note") or "").strip()
        if detail:
            note = f"{note}: {detail}"
        rows.append(ControlRow(action, giver, taker, event.at, result, note))
    return rows


def control_sheet_rows(dossier: Dossier) -> list[ControlRow]:
    """The rows of form 06 from the dossier's events, names and the province's calendar."""
    events = _events(dossier)
    names = _names(event.actor_id for event in events)
    return control_rows(dossier, events, calendar_for(settings.MOTCUA_PROVINCE), names)


def control_sheet(dossier: Dossier) -> bytes:
    """Form 06 (Phiếu kiểm soát quá trình giải quyết hồ sơ): one row per hand-over with from,
    to, time (giờ, phút, ngày, tháng, năm) and whether the step went before, on or after its
    budget in the snapshot (invariant 2), so a late step is visible to the leader."""
    rows = control_sheet_rows(dossier)
    doc = OfficialDocument(title=f"Phiếu kiểm soát {dossier.code}")
    doc.letterhead(_psc_lines(dossier), _place(dossier), local(dossier.received_at).date())
    doc.heading("Phiếu kiểm soát quá trình giải quyết hồ sơ", f"Mã hồ sơ: {dossier.code}")
    doc.field("Thủ tục", f"{dossier.procedure_name} (mã {dossier.procedure_code})")
    doc.field("Người nộp hồ sơ", dossier.applicant_name)
    doc.field("Thời gian tiếp nhận", time_and_date(dossier.received_at))
    doc.field("Thời gian hẹn trả kết quả", time_and_date(dossier.due_at) or "...")
    doc.table_rows(
        ["STT", "Bên giao", "Bên nhận", "Thời gian giao, nhận", "Kết quả", "Ghi chú"],
        [
            [str(index), row.giver, row.taker, time_and_date(row.at), row.result, row.note]
            for index, row in enumerate(rows, start=1)
        ],
        (10, 36, 36, 30, 20, 33),
        size=10,
        aligns=("CENTER", "LEFT", "LEFT", "LEFT", "CENTER", "LEFT"),
    )
    return doc.render()


# Result: birth registration ----------------------------------------------------------------


def birth_extract(dossier: Dossier, signature: ResultSignature | None = None) -> bytes:
    """The electronic result of birth registration (procedure 1.001193): the extract of the
    birth registration (Trích lục khai sinh) filled from the e-form data, once the leader
    approved (status 9 or 10). With `signature`, the signature block leaves room for the
    digital signature stamp and the verification QR (signing fills them)."""
    if dossier.procedure_code != BIRTH_REGISTRATION:
        raise DocumentNotAvailableError("Thủ tục này chưa có mẫu kết quả điện tử.")
    if dossier.status < Status.RESULT_READY:
        raise DocumentNotAvailableError(
            f"Hồ sơ {dossier.code} chưa được phê duyệt nên chưa có kết quả giải quyết."
        )
    data = dossier.data
    child: Mapping[str, Any] = data.get("child") or {}
    mother: Mapping[str, Any] = data.get("mother") or {}
    father: Mapping[str, Any] = data.get("father") or {}
    applicant: Mapping[str, Any] = data.get("applicant") or {}
    approval = _latest(_events(dossier), ("approve",))
    signed_on = local(dossier.finished_at).date() if dossier.finished_at else _today()
    doc = OfficialDocument(title=f"Trích lục khai sinh {dossier.code}")
    doc.letterhead(_committee_lines(dossier), _place(dossier), signed_on)
    doc.heading("Trích lục khai sinh", f"Bản điện tử, số hồ sơ: {dossier.code}")
    doc.field("Họ, chữ đệm, tên", str(child.get("full_name", "")).upper())
    doc.field("Ngày, tháng, năm sinh", _ddmmyyyy(child.get("date_of_birth")))
    doc.field("Giới tính", GENDERS.get(str(child.get("gender")), child.get("gender", "")))
    doc.field("Dân tộc", child.get("ethnicity", ""))
    doc.field("Quốc tịch", child.get("nationality", ""))
    doc.field("Nơi sinh", child.get("place_of_birth", ""))
    doc.field("Quê quán", child.get("hometown", ""))
    for label, parent in (("mẹ", mother), ("cha", father)):
        if not parent:
            continue
        doc.field(f"Họ, chữ đệm, tên người {label}", parent.get("full_name", ""))
        doc.field("Năm sinh", _ddmmyyyy(parent.get("date_of_birth"))[-4:])
        doc.field("Dân tộc", parent.get("ethnicity", ""))
        doc.field("Quốc tịch", parent.get("nationality", ""))
        doc.field("Nơi cư trú", parent.get("residence", ""))
    relationship = RELATIONSHIPS.get(str(applicant.get("relationship")), "")
    doc.field(
        "Người đi đăng ký khai sinh",
        f"{applicant.get('full_name', dossier.applicant_name)}"
        + (f" ({relationship})" if relationship else ""),
    )
    doc.field("Nơi đăng ký", f"Ủy ban nhân dân {dossier.unit.short_name}")
    doc.field("Ngày đăng ký", f"{signed_on:%d/%m/%Y}")
    if signature is not None:
        signature_area(doc, signature)
    else:
        doc.signatures([("Người ký", "(Ký, ghi rõ họ tên và đóng dấu)", _signer(approval))])
    return doc.render()


# Dispatch ----------------------------------------------------------------------------------


def render_form(
    dossier: Dossier, form: str, *, base_url: str, signature: ResultSignature | None = None
) -> bytes:
    """The PDF of `form` ("01".."06" or "result") for the dossier.

    The caller has already scoped the dossier (dossiers.queries.dossier_by_code). Raises
    `UnknownFormError` (404) or `DocumentNotAvailableError` (409) with a Vietnamese message.
    `base_url` ("https://host/") makes the receipt's QR link absolute. `signature` (the result
    only) leaves room for the digital signature stamp and the verification QR.
    """
    if form == "01":
        return receipt(dossier, base_url=base_url)
    if form == "result" and signature is not None:
        return birth_extract(dossier, signature)
    renderers: dict[str, Callable[[Dossier], bytes]] = {
        "02": supplement_request,
        "03": refusal,
        "04": apology_extension,
        "05": stop_notice,
        "06": control_sheet,
        "result": birth_extract,
    }
    renderer = renderers.get(form)
    if renderer is None:
        raise UnknownFormError(f"Không có mẫu '{form}'; các mẫu có: {', '.join(FORMS)}.")
    return renderer(dossier)
