"""A plain result notice (Thông báo kết quả giải quyết hồ sơ) for procedures that have no
electronic result form yet, so every approved dossier can carry a signed, verifiable result."""

from __future__ import annotations

from django.utils import timezone

from motcua.documents.forms import ResultSignature, signature_area
from motcua.documents.pdf import OfficialDocument, time_and_date
from motcua.dossiers.models import Dossier


def result_notice(dossier: Dossier, signature: ResultSignature) -> bytes:
    """The notice: the dossier, the procedure, the decision and the signature area."""
    unit = dossier.unit
    province = unit.parent.name if unit.parent_id and unit.parent else ""
    for prefix in ("Tỉnh ", "Thành phố "):
        province = province.removeprefix(prefix)
    day = timezone.localtime(dossier.finished_at or timezone.now()).date()
    doc = OfficialDocument(title=f"Thông báo kết quả giải quyết hồ sơ {dossier.code}")
    doc.letterhead([f"Ủy ban nhân dân {unit.short_name}"], province, day)
    doc.heading("Thông báo kết quả giải quyết hồ sơ", f"Mã hồ sơ: {dossier.code}")
    doc.field("Kính gửi Ông/Bà", dossier.applicant_name)
    doc.field("Thủ tục hành chính", f"{dossier.procedure_name} (mã {dossier.procedure_code})")
    doc.field("Thời gian tiếp nhận", time_and_date(dossier.received_at))
    doc.field("Thời gian giải quyết xong", time_and_date(dossier.finished_at))
    doc.paragraph(
        f"Ủy ban nhân dân {unit.short_name} thông báo: hồ sơ nêu trên đã được giải quyết. "
        f"Mời Ông/Bà nhận kết quả tại {dossier.receiving_agency.name}."
    )
    signature_area(doc, signature)
    return doc.render()
