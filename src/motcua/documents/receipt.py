"""Form 01, the receipt and appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả)."""

from __future__ import annotations

from motcua.catalog.fees import format_vnd
from motcua.dossiers.lookup_tokens import display_token, lookup_token
from motcua.dossiers.models import Dossier

from .common import (
    document_names,
    official_names,
    psc_lines,
    psc_place,
    time_limit_text,
)
from .pdf import OfficialDocument, local, time_and_date
from .qr import lookup_url, qr_png

# Side of the lookup QR on the slip, in mm.
QR_SIZE = 30.0


def receipt(dossier: Dossier, *, base_url: str) -> bytes:
    """Form 01, the receipt and appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả).

    No dossier is taken without one (DOMAIN.md, Rules). It fits one A4 page, signatures
    included, whatever the procedure's documents; a dossier received phi địa giới names its
    competent commune. It carries what Circular 03/2025
    lists: code, applicant, procedure, documents with original and copy counts, number of
    sets, time received, appointment, where to collect, fee, tracking-book volume (the year)
    and number (the agency's daily sequence, the code's last part), both signatures, and a QR
    of the public lookup page so the citizen can follow the dossier, carrying the receipt's
    token, also printed for typing (`dossiers.lookup_tokens.display_token`), with which that
    page gives the status and the signed result (the code alone: only that it exists).
    """
    received = local(dossier.received_at)
    agency = dossier.receiving_agency
    # The QR (and the link on it) carries the receipt's token, which opens the signed result;
    # the address printed for typing is the short one (a line, so the slip keeps to a page).
    url = lookup_url(base_url, dossier.code, lookup_token(dossier.code))
    typed_url = lookup_url(base_url, dossier.code)
    doc = OfficialDocument(title=f"Giấy tiếp nhận hồ sơ {dossier.code}")
    doc.letterhead(psc_lines(dossier), psc_place(dossier), received.date())
    doc.heading("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", f"Mã hồ sơ: {dossier.code}")
    doc.paragraph(f"{agency.name} đã tiếp nhận hồ sơ của:")
    doc.field("Ông/Bà", dossier.applicant_name)
    doc.field("Số định danh cá nhân", dossier.applicant_id_number)
    doc.field("Địa chỉ", dossier.applicant_address or "...")
    doc.fields(
        [
            ("Số điện thoại", dossier.applicant_phone or "..."),
            ("Thư điện tử", dossier.applicant_email or "..."),
        ]
    )
    doc.field(
        "Nội dung yêu cầu giải quyết",
        f"{dossier.procedure_name} (mã thủ tục {dossier.procedure_code})",
    )
    if dossier.unit_id != agency.unit_id:
        # Received phi địa giới: the citizen learns which commune settles it.
        doc.field(
            "Cơ quan có thẩm quyền giải quyết",
            f"Ủy ban nhân dân {dossier.unit.short_name} (phi địa giới)",
        )
    doc.paragraph("1. Thành phần hồ sơ và số lượng mỗi loại giấy tờ gồm:")
    names = document_names(dossier)
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
    # Items 2 to 8 run beside the lookup QR (right), so the slip keeps to one page.
    top = doc.get_y()
    if doc.will_page_break(QR_SIZE + 2):
        doc.add_page()
        top = doc.get_y()
    x = doc.l_margin + doc.epw - QR_SIZE
    doc.image(qr_png(url), x=x, y=top + 1, w=QR_SIZE, h=QR_SIZE)
    doc.link(x, top + 1, QR_SIZE, QR_SIZE, url)
    width = doc.epw - QR_SIZE - 4
    doc.paragraph("2. Số lượng hồ sơ: 01 bộ.", width=width, align="L")
    doc.paragraph(
        f"3. Thời hạn giải quyết hồ sơ theo quy định: {time_limit_text(dossier.snapshot)}.",
        width=width,
        align="L",
    )
    doc.paragraph(
        f"4. Thời gian nhận hồ sơ: {time_and_date(dossier.received_at)}.", width=width, align="L"
    )
    appointment = time_and_date(dossier.due_at) or "theo thông báo của cơ quan giải quyết"
    doc.paragraph(
        f"5. Thời gian trả kết quả giải quyết hồ sơ: {appointment}.", width=width, align="L"
    )
    doc.paragraph(f"6. Nơi nhận kết quả: {agency.name}.", width=width, align="L")
    fee = format_vnd(dossier.fee) + (f" ({dossier.fee_note})" if dossier.fee_note else "")
    doc.paragraph(f"7. Phí, lệ phí: {fee}.", width=width, align="L")
    doc.paragraph(
        f"Vào Sổ theo dõi hồ sơ, Quyển số: {received:%Y}, Số thứ tự: "
        f"{dossier.code.rsplit('-', 1)[-1]}.",
        width=width,
        align="L",
    )
    doc.body("I", 11)
    doc.set_x(doc.l_margin)
    doc.multi_cell(
        width, 5, "Quét mã QR hoặc vào địa chỉ sau, nhập mã hồ sơ và mã tra cứu:", align="L"
    )
    doc.set_x(doc.l_margin)
    doc.body("", 11)
    doc.multi_cell(width, 5, typed_url, align="L", link=url)
    left_bottom = doc.get_y()
    # Under the QR, the token for typing (without it the lookup says only that the dossier
    # exists): two groups a line, so it keeps to the QR's width and the slip to one page.
    token = display_token(dossier.code)
    doc.set_xy(x, top + QR_SIZE + 2)
    doc.body("I", 10)
    doc.cell(QR_SIZE, 4.5, "Mã tra cứu:", align="C", new_x="LEFT", new_y="NEXT")
    doc.body("B", 12)
    for half in (token[:9], token[10:]):
        doc.cell(QR_SIZE, 5.5, half, align="C", new_x="LEFT", new_y="NEXT")
    doc.set_xy(doc.l_margin, max(left_bottom, doc.get_y() + 1))
    doc.body()
    doc.signatures(
        [
            ("Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", dossier.applicant_name),
            (
                "Người tiếp nhận hồ sơ",
                "(Ký và ghi rõ họ tên)",
                official_names([dossier.received_by_id]).get(dossier.received_by_id, "")
                if dossier.received_by_id is not None
                else "",
            ),
        ]
    )
    return doc.render()
