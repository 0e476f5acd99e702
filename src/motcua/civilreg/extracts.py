"""Extracts of the civil-status register (trích lục, Circular 04/2020/TT-BTP): the original
issued at registration as the dossier's result, printed from the entry (its book, number and
current content with the notes of any correction), not from the application.

The documents app shows a procedure's result through `documents.forms.set_result_form`;
this app's `ready` plugs `dossier_extract` in for the civil-status procedures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from motcua.documents.common import (
    DocumentNotAvailableError,
    ResultSignature,
    committee_lines,
    committee_place,
    ddmmyyyy,
    events_of,
    latest_event,
    signature_area,
    signer_name,
)
from motcua.documents.pdf import OfficialDocument, local
from motcua.dossiers.models import Dossier

from .choices import BookKind
from .labels import CODES
from .models import Entry
from .queries import current_content, extract_of_dossier

TITLES = {
    BookKind.BIRTH: "Trích lục khai sinh",
    BookKind.DEATH: "Trích lục khai tử",
    BookKind.MARRIAGE: "Trích lục kết hôn",
}


def _declarant(doc: OfficialDocument, label: str, data: Mapping[str, Any]) -> None:
    declarant = data.get("declarant") or {}
    relationship = CODES.get(str(declarant.get("relationship")), "")
    doc.field(
        label,
        f"{declarant.get('full_name', '')}" + (f" ({relationship})" if relationship else ""),
    )


def _birth(doc: OfficialDocument, entry: Entry, data: Mapping[str, Any]) -> None:
    child: Mapping[str, Any] = data.get("child") or {}
    doc.field("Họ, chữ đệm, tên", str(child.get("full_name", "")).upper())
    doc.field("Ngày, tháng, năm sinh", ddmmyyyy(child.get("date_of_birth")))
    doc.field("Giới tính", CODES.get(str(child.get("gender")), ""))
    doc.field("Dân tộc", child.get("ethnicity", ""))
    doc.field("Quốc tịch", child.get("nationality", ""))
    doc.field("Nơi sinh", child.get("place_of_birth", ""))
    doc.field("Quê quán", child.get("hometown", ""))
    # Valid without it (MoJ letter 3160/BTP-CNTT): the register's answer comes later and
    # the extract is issued again with it.
    doc.field("Số định danh cá nhân", entry.personal_id)
    for label, key in (("mẹ", "mother"), ("cha", "father")):
        parent: Mapping[str, Any] = data.get(key) or {}
        if not parent:
            continue
        doc.field(f"Họ, chữ đệm, tên người {label}", parent.get("full_name", ""))
        doc.field("Năm sinh", ddmmyyyy(parent.get("date_of_birth"))[-4:])
        doc.field("Dân tộc", parent.get("ethnicity", ""))
        doc.field("Quốc tịch", parent.get("nationality", ""))
        doc.field("Nơi cư trú", parent.get("residence", ""))
    _declarant(doc, "Người đi đăng ký khai sinh", data)
    again: Mapping[str, Any] = data.get("registered_again") or {}
    if again:
        year = again.get("original_year")
        doc.field(
            "Ghi chú",
            "Đăng ký lại khai sinh; đã đăng ký khai sinh tại "
            f"{again.get('original_place', '')}" + (f" năm {year}" if year else "") + ".",
        )


def _death(doc: OfficialDocument, entry: Entry, data: Mapping[str, Any]) -> None:
    deceased: Mapping[str, Any] = data.get("deceased") or {}
    death: Mapping[str, Any] = data.get("death") or {}
    doc.field("Họ, chữ đệm, tên người đã chết", str(deceased.get("full_name", "")).upper())
    doc.field("Ngày, tháng, năm sinh", ddmmyyyy(deceased.get("date_of_birth")))
    doc.field("Giới tính", CODES.get(str(deceased.get("gender")), ""))
    doc.field("Dân tộc", deceased.get("ethnicity", ""))
    doc.field("Quốc tịch", deceased.get("nationality", ""))
    doc.field("Số định danh cá nhân", deceased.get("id_number", ""))
    doc.field("Nơi cư trú cuối cùng", deceased.get("last_residence", ""))
    time = str(death.get("time") or "")
    when = ddmmyyyy(death.get("date"))
    doc.field(
        "Thời gian chết",
        f"{time.replace(':', ' giờ ')} phút, ngày {when}" if time else f"ngày {when}",
    )
    doc.field("Nơi chết", death.get("place", ""))
    doc.field("Nguyên nhân chết", death.get("cause", ""))
    _declarant(doc, "Người đi khai tử", data)


def _marriage(doc: OfficialDocument, entry: Entry, data: Mapping[str, Any]) -> None:
    for label, key in (("Bên nam", "husband"), ("Bên nữ", "wife")):
        party: Mapping[str, Any] = data.get(key) or {}
        doc.field(f"{label}: họ, chữ đệm, tên", str(party.get("full_name", "")).upper())
        doc.field("Ngày, tháng, năm sinh", ddmmyyyy(party.get("date_of_birth")))
        doc.field("Dân tộc", party.get("ethnicity", ""))
        doc.field("Quốc tịch", party.get("nationality", ""))
        doc.field("Nơi cư trú", party.get("residence", ""))
        doc.field("Giấy tờ tùy thân", party.get("id_number", ""))


BODIES: dict[str, Callable[[OfficialDocument, Entry, Mapping[str, Any]], None]] = {
    BookKind.BIRTH: _birth,
    BookKind.DEATH: _death,
    BookKind.MARRIAGE: _marriage,
}


def entry_extract(
    entry: Entry,
    dossier: Dossier,
    signature: ResultSignature | None = None,
    *,
    original: bool = True,
) -> bytes:
    """The extract of `entry` issued as `dossier`'s result: the book and number, the entry's
    current content and the notes of its corrections; the signature block of the leader who
    approved `dossier` (with `signature`, the room for the digital signature and its QR). A
    copy (`original=False`, bản sao) says it is issued from the register, with its date."""
    body = BODIES.get(entry.kind)
    if body is None:
        raise DocumentNotAvailableError("Loại việc hộ tịch này chưa có mẫu trích lục.")
    content = current_content(entry)
    approval = latest_event(events_of(dossier), ("approve",))
    signed_on = (
        local(dossier.finished_at).date()
        if dossier.finished_at
        else local(entry.registered_at).date()
    )
    title = TITLES[BookKind(entry.kind)]
    doc = OfficialDocument(title=f"{title} số {entry.number}, quyển số {entry.book.label}")
    doc.letterhead(committee_lines(dossier), committee_place(dossier), signed_on)
    doc.heading(title, "Bản chính" if original else "Bản sao, cấp từ Sổ hộ tịch")
    doc.fields([("Số", entry.number), ("Quyển số", entry.book.label)])
    body(doc, entry, content.data)
    doc.field("Nơi đăng ký", f"Ủy ban nhân dân {entry.unit.short_name}")
    doc.field("Ngày đăng ký", f"{local(entry.registered_at):%d/%m/%Y}")
    for note in content.notes:
        doc.field("Ghi chú", note)
    if not original:
        doc.field("Ngày cấp bản sao", f"{signed_on:%d/%m/%Y}")
    doc.field("Mã hồ sơ", dossier.code)
    if signature is not None:
        signature_area(doc, signature)
    else:
        doc.signatures([("Người ký", "(Ký, ghi rõ họ tên và đóng dấu)", signer_name(approval))])
    return doc.render()


def dossier_extract(dossier: Dossier, signature: ResultSignature | None = None) -> bytes:
    """The result of an approved civil-status dossier: the extract its approval issued from
    the register (the original of the entry it registered, or a copy of the entry it
    found)."""
    issued = extract_of_dossier(dossier.pk)
    if issued is None:
        raise DocumentNotAvailableError(
            f"Hồ sơ {dossier.code} không có trích lục cấp từ sổ hộ tịch điện tử."
        )
    return entry_extract(issued.entry, dossier, signature, original=issued.original)
