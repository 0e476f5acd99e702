"""The electronic result of birth registration (Trích lục khai sinh), from the e-form data."""

from __future__ import annotations

import pytest

from motcua.documents.forms import DocumentNotAvailableError, render_form
from tests.dossiers.conftest import RESIDENCE, receive

from .conftest import BASE_URL, pdf_text, settle


def test_birth_extract_is_filled_from_the_application(
    received, counter_vp, specialist_vp, leader_vp
):
    # given a birth registration approved by the leader (status 9)
    dossier = settle(received, counter_vp, specialist_vp, leader_vp)
    assert dossier.status == 9

    # when the result is printed
    text = pdf_text(render_form(dossier, "result", base_url=BASE_URL))

    # then it carries the child's and parents' data from the e-form, and the signer
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "TRÍCH LỤC KHAI SINH" in text
    assert dossier.code in text
    assert "NGUYỄN MINH KHANG" in text
    assert "02/10/2025" in text
    assert "Giới tính: Nam" in text
    assert "Bệnh viện Đa khoa tỉnh Phú Thọ" in text
    assert "Trần Thị Bình" in text
    assert "Nguyễn Văn An (Cha)" in text
    assert "Ủy ban nhân dân phường Vĩnh Phúc" in text
    assert "Lê Quang Hưng" in text


def test_birth_extract_before_approval_is_a_conflict(received):
    with pytest.raises(DocumentNotAvailableError) as caught:
        render_form(received, "result", base_url=BASE_URL)
    assert caught.value.status == 409
    assert "chưa được phê duyệt" in caught.value.message


def test_result_of_a_procedure_without_an_electronic_form_is_a_conflict(counter_vp):
    dossier = receive(counter_vp, procedure=RESIDENCE)
    with pytest.raises(DocumentNotAvailableError) as caught:
        render_form(dossier, "result", base_url=BASE_URL)
    assert caught.value.message == "Thủ tục này chưa có mẫu kết quả điện tử."
