"""Forms 02-05: request to supplement, refusal, apology and extension, notice of stopping.
Each prints what the corresponding event recorded, so the paper says what the chain says."""

from __future__ import annotations

from collections.abc import Mapping

from motcua.dossiers.models import Dossier, DossierEvent

from .common import (
    DocumentNotAvailableError,
    committee_lines,
    committee_name,
    committee_place,
    document_names,
    event_day,
    events_of,
    latest_event,
    leader_signature,
    parse_instant,
    psc_lines,
    psc_place,
    signer_name,
    subject_block,
)
from .pdf import OfficialDocument, time_and_date

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


def _event_for(dossier: Dossier, form: str) -> DossierEvent:
    event = latest_event(events_of(dossier), FORM_EVENTS[form])
    if event is None:
        raise DocumentNotAvailableError(
            f"Hồ sơ {dossier.code} chưa có {_MISSING_EVENT[form]} nên chưa có mẫu {form}."
        )
    return event


def _reason(event: DossierEvent) -> str:
    return str(event.payload.get("reason") or "").strip() or "..."


def _requested_documents(dossier: Dossier, event: DossierEvent) -> list[str]:
    """The documents a supplement request lists, by name, with any per-item note."""
    names = document_names(dossier)
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
    doc.letterhead(psc_lines(dossier), psc_place(dossier), event_day(event))
    doc.heading("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", f"Mã hồ sơ: {dossier.code}")
    subject_block(doc, dossier)
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
    repeat = str(event.payload.get("repeat_reason") or "").strip()
    if repeat:  # a second request says why the first list was not enough (issue 22)
        doc.field("Lý do phải yêu cầu bổ sung lần nữa", repeat)
    doc.paragraph(
        "Trong thời gian chờ bổ sung, thời hạn giải quyết hồ sơ tạm dừng và được tính tiếp "
        "khi Ông/Bà nộp đủ giấy tờ. Mọi vướng mắc xin liên hệ bộ phận một cửa nơi nộp hồ sơ."
    )
    doc.signatures(
        [("Người hướng dẫn", "(Ký và ghi rõ họ tên)", signer_name(event))],
    )
    return doc.render()


def refusal(dossier: Dossier) -> bytes:
    """Form 03 (Phiếu từ chối tiếp nhận giải quyết hồ sơ): a refusal always states its reason
    (DOMAIN.md, Rules), the one the refuse event recorded."""
    event = _event_for(dossier, "03")
    doc = OfficialDocument(title=f"Phiếu từ chối hồ sơ {dossier.code}")
    doc.letterhead(psc_lines(dossier), psc_place(dossier), event_day(event))
    doc.heading("Phiếu từ chối tiếp nhận giải quyết hồ sơ", f"Mã hồ sơ: {dossier.code}")
    subject_block(doc, dossier)
    doc.paragraph(
        "Sau khi xem xét, cơ quan có thẩm quyền từ chối tiếp nhận, giải quyết hồ sơ của "
        "Ông/Bà với lý do sau:"
    )
    doc.paragraph(_reason(event), style="I")
    doc.paragraph("Xin thông báo để Ông/Bà được biết và thực hiện.")
    doc.signatures([("Người lập phiếu", "(Ký và ghi rõ họ tên)", signer_name(event))])
    return doc.render()


def apology_extension(dossier: Dossier) -> bytes:
    """Form 04 (Văn bản xin lỗi và đề nghị gia hạn): a late dossier gets an apology with its
    reason and the new appointment, issued before the old one passes (DOMAIN.md, Rules)."""
    event = _event_for(dossier, "04")
    payload = event.payload
    new_due = parse_instant(payload.get("new_due_at") or payload.get("new_due")) or dossier.due_at
    old_due = parse_instant(payload.get("old_due_at") or payload.get("old_due"))
    doc = OfficialDocument(title=f"Văn bản xin lỗi và gia hạn {dossier.code}")
    doc.letterhead(committee_lines(dossier), committee_place(dossier), event_day(event))
    doc.heading(
        "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ",
        f"Mã hồ sơ: {dossier.code}",
    )
    subject_block(doc, dossier)
    if old_due is not None:
        doc.field("Thời gian hẹn trả kết quả trước đây", time_and_date(old_due))
    doc.paragraph(
        f"{committee_name(dossier)} xin lỗi Ông/Bà vì hồ sơ chưa được giải quyết đúng thời hạn "
        "đã hẹn. Lý do:"
    )
    doc.paragraph(_reason(event), style="I")
    doc.field("Thời gian hẹn trả kết quả mới", time_and_date(new_due) or "...")
    doc.paragraph("Rất mong Ông/Bà thông cảm. Trân trọng.")
    # Issued in the committee's name, so a leader signs it even when the specialist wrote it.
    doc.signatures([leader_signature(dossier, event)])
    return doc.render()


def stop_notice(dossier: Dossier) -> bytes:
    """Form 05 (Thông báo dừng giải quyết hồ sơ), with the reason of the stop event."""
    event = _event_for(dossier, "05")
    doc = OfficialDocument(title=f"Thông báo dừng giải quyết {dossier.code}")
    doc.letterhead(committee_lines(dossier), committee_place(dossier), event_day(event))
    doc.heading("Thông báo dừng giải quyết hồ sơ", f"Mã hồ sơ: {dossier.code}")
    subject_block(doc, dossier)
    doc.paragraph(f"{committee_name(dossier)} thông báo dừng giải quyết hồ sơ của Ông/Bà. Lý do:")
    doc.paragraph(_reason(event), style="I")
    doc.paragraph("Xin thông báo để Ông/Bà được biết.")
    doc.signatures([leader_signature(dossier, event)])
    return doc.render()
