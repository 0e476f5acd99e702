"""The result of a birth registration: the extract (Trích lục khai sinh), from the e-form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from motcua.dossiers.choices import Status
from motcua.dossiers.models import Dossier

from .common import (
    DocumentNotAvailableError,
    ResultSignature,
    committee_lines,
    committee_place,
    ddmmyyyy,
    events_of,
    latest_event,
    signature_area,
    signer_name,
    today,
)
from .pdf import OfficialDocument, local

BIRTH_REGISTRATION = "1.001193"
GENDERS = {"male": "Nam", "female": "Nữ"}
RELATIONSHIPS = {
    "father": "Cha",
    "mother": "Mẹ",
    "grandparent": "Ông, bà",
    "relative": "Người thân thích khác",
    "carer": "Cá nhân, tổ chức đang nuôi dưỡng trẻ",
}


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
    approval = latest_event(events_of(dossier), ("approve",))
    signed_on = local(dossier.finished_at).date() if dossier.finished_at else today()
    doc = OfficialDocument(title=f"Trích lục khai sinh {dossier.code}")
    doc.letterhead(committee_lines(dossier), committee_place(dossier), signed_on)
    doc.heading("Trích lục khai sinh", f"Bản điện tử, số hồ sơ: {dossier.code}")
    doc.field("Họ, chữ đệm, tên", str(child.get("full_name", "")).upper())
    doc.field("Ngày, tháng, năm sinh", ddmmyyyy(child.get("date_of_birth")))
    doc.field("Giới tính", GENDERS.get(str(child.get("gender")), child.get("gender", "")))
    doc.field("Dân tộc", child.get("ethnicity", ""))
    doc.field("Quốc tịch", child.get("nationality", ""))
    doc.field("Nơi sinh", child.get("place_of_birth", ""))
    doc.field("Quê quán", child.get("hometown", ""))
    for label, parent in (("mẹ", mother), ("cha", father)):
        if not parent:
            continue
        doc.field(f"Họ, chữ đệm, tên người {label}", parent.get("full_name", ""))
        doc.field("Năm sinh", ddmmyyyy(parent.get("date_of_birth"))[-4:])
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
        doc.signatures([("Người ký", "(Ký, ghi rõ họ tên và đóng dấu)", signer_name(approval))])
    return doc.render()
