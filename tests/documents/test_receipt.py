"""Form 01, the receipt: national header, the dossier's data, an embedded font and the QR."""

from __future__ import annotations

from dataclasses import replace

from motcua.catalog.queries import procedure_version
from motcua.documents.forms import receipt, render_form
from motcua.documents.qr import PNG_SIGNATURE, lookup_url, qr_png
from motcua.dossiers.lookup_tokens import display_token, lookup_token
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import APPLICANT, BIRTH, VINH_PHUC, receive

from .conftest import BASE_URL, pdf_reader, pdf_text


def test_receipt_shows_header_code_applicant_documents_and_times(received: Dossier):
    # given a birth registration received at 08:05 on 26/11/2025

    # when the receipt is printed
    text = pdf_text(render_form(received, "01", base_url=BASE_URL))

    # then the national header, the title and the dossier's data are there, in Vietnamese
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    # a commune's document: the commune's name in the place line (Decree 30/2020)
    assert "Vĩnh Phúc, ngày 26 tháng 11 năm 2025" in text
    assert received.code in text
    assert "Nguyễn Văn An" in text
    assert "025090123456" in text
    assert "0912000111" in text
    assert "an@example.vn" in text
    assert "Đăng ký khai sinh" in text
    assert "Tờ khai đăng ký khai sinh (theo mẫu)" in text
    assert "08 giờ 05 phút, ngày 26/11/2025" in text
    # same-day rule: received before 15:00, due 17:00 the same day
    assert "17 giờ 00 phút, ngày 26/11/2025" in text
    assert received.receiving_agency.name in text
    assert "Quyển số: 2025, Số thứ tự: 0001" in text
    # the receiving officer signs with her name
    assert "Nguyễn Thị Lan" in text


def test_receipt_embeds_the_liberation_serif_font(received: Dossier):
    reader = pdf_reader(receipt(received, base_url=BASE_URL))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert any("LiberationSerif" in name for name in names)
    descendant = next(iter(fonts.values())).get_object()["/DescendantFonts"][0].get_object()
    assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_receipt_has_a_qr_image_linking_to_the_public_lookup(received: Dossier):
    # when the receipt is printed
    reader = pdf_reader(receipt(received, base_url=BASE_URL))
    page = reader.pages[0]

    # then it has one image (the QR) and a link annotation to the lookup URL of the code
    url = f"https://motcua.example.vn/tra-cuu?ma={received.code}"
    token = lookup_token(received.code)
    assert len(page.images) == 1
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    # (the link carries the receipt's token, which opens the signed result; the printed
    # address is the short one)
    assert f"{url}&t={token}" in uris
    assert url in pdf_text(receipt(received, base_url=BASE_URL))


def test_qr_png_encodes_a_png_and_lookup_url_keeps_the_code():
    url = lookup_url("http://127.0.0.1:8000/", "000.00.25.H42-251126-0001")
    assert url == "http://127.0.0.1:8000/tra-cuu?ma=000.00.25.H42-251126-0001"
    png = qr_png(url)
    assert png.startswith(PNG_SIGNATURE)
    # a longer payload needs a larger symbol, so the image grows: the payload is encoded
    assert len(qr_png(url * 4)) > len(png)


def test_receipt_fits_one_page_with_every_document_and_the_signatures(counter_dt):
    # given a dossier received phi địa giới (one more line) with every document of the
    # procedure, originals and copies, and a long address
    version = procedure_version(BIRTH)
    documents = [
        {"document": doc["id"], "originals": 1, "copies": 2} for doc in version.required_documents
    ]
    dossier = receive(
        counter_dt,
        unit=VINH_PHUC,
        documents=documents,
        applicant=replace(
            APPLICANT,
            address=(
                "Số 12, ngõ 34, đường Nguyễn Tất Thành, tổ dân phố Đông Hải, "
                "phường Vĩnh Phúc, tỉnh Phú Thọ"
            ),
        ),
        fee=8000,
    )

    # when the receipt is printed
    content = receipt(dossier, base_url=BASE_URL)
    reader = pdf_reader(content)

    # then it is one page, the signature block on it
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "NGƯỜI NỘP HỒ SƠ" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert "Phạm Thị Hoa" in text
    for doc in version.required_documents:
        assert doc["name"][:20] in text


def test_receipt_of_a_dossier_received_phi_dia_gioi_names_the_competent_commune(counter_dt):
    # given a dossier of Phường Vĩnh Phúc received at the centre of Xã Đạo Trù
    dossier = receive(counter_dt, unit=VINH_PHUC)

    # when its receipt is printed
    text = pdf_text(receipt(dossier, base_url=BASE_URL))

    # then the centre of Đạo Trù issues it and it names the competent commune
    assert "Đạo Trù, ngày" in text
    assert "Cơ quan có thẩm quyền giải quyết: Ủy ban nhân dân phường Vĩnh Phúc" in text
    assert "(phi địa giới)" in text


def test_receipt_of_a_dossier_of_its_own_commune_does_not_repeat_the_commune(received: Dossier):
    text = pdf_text(receipt(received, base_url=BASE_URL))
    assert "Cơ quan có thẩm quyền giải quyết" not in text


def test_receipt_prints_the_lookup_token_for_typing(counter_vp):
    """Without the token the public lookup says only that the dossier exists: the receipt
    prints it, in two lines of two groups under the QR, and its QR carries it."""
    dossier = receive(counter_vp)
    text = " ".join(pdf_reader(receipt(dossier, base_url=BASE_URL)).pages[0].extract_text().split())
    token = display_token(dossier.code)
    assert "Mã tra cứu:" in text
    assert token[:9] in text and token[10:] in text
