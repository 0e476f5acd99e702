"""A typing slip in the applicant's details corrected after intake (issue 22, part 8): a
logged edit with who, before and after, and the reason; the receipt printed again."""

from __future__ import annotations

from dataclasses import replace

import pytest

from motcua.dossiers.actions import (
    DossierConflictError,
    DossierInvalidError,
    DossierPermissionError,
)
from motcua.dossiers.corrections import correct_applicant
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import DossierEvent, NameWord

from .conftest import APPLICANT, receive


def test_correction_is_an_event_with_before_and_after(counter_vp):
    dossier = receive(counter_vp)
    version = dossier.version

    changes = correct_applicant(
        dossier,
        actor=counter_vp,
        applicant=replace(APPLICANT, full_name="Nguyễn Văn Ân", phone="0912000222"),
        reason="Gõ nhầm dấu và số điện thoại",
        expected_version=version,
    )

    assert changes == {
        "applicant_name": ("Nguyễn Văn An", "Nguyễn Văn Ân"),
        "applicant_phone": ("0912000111", "0912000222"),
    }
    dossier.refresh_from_db()
    assert dossier.applicant_name == "Nguyễn Văn Ân" and dossier.version == version + 1
    assert dossier.state == "received"
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event.action == "correct" and event.actor_id == counter_vp.pk
    assert event.payload["changes"]["Họ và tên"] == {
        "before": "Nguyễn Văn An",
        "after": "Nguyễn Văn Ân",
    }
    assert event.payload["reason"] == "Gõ nhầm dấu và số điện thoại"
    assert verify_chain(dossier) == []
    # the search keys follow the name
    assert set(NameWord.objects.filter(dossier=dossier).values_list("name", flat=True)) == {
        "nguyen van an"
    }


def test_correction_refuses_bad_input_no_change_and_stale_pages(counter_vp, specialist_vp):
    dossier = receive(counter_vp)
    with pytest.raises(DossierInvalidError) as bad_id:
        correct_applicant(
            dossier,
            actor=counter_vp,
            applicant=replace(APPLICANT, id_number="123"),
            reason="Sửa số định danh",
        )
    assert list(bad_id.value.errors) == ["applicant.id_number"]
    with pytest.raises(DossierInvalidError) as no_reason:
        correct_applicant(
            dossier, actor=counter_vp, applicant=replace(APPLICANT, phone="0912000333"), reason=""
        )
    assert list(no_reason.value.errors) == ["reason"]
    with pytest.raises(DossierInvalidError) as unchanged:
        correct_applicant(dossier, actor=counter_vp, applicant=APPLICANT, reason="Không đổi")
    assert "không thay đổi" in unchanged.value.message
    with pytest.raises(DossierConflictError):
        correct_applicant(
            dossier,
            actor=counter_vp,
            applicant=replace(APPLICANT, phone="0912000333"),
            reason="Trang cũ",
            expected_version=dossier.version - 1,
        )
    with pytest.raises(DossierPermissionError):
        correct_applicant(
            dossier,
            actor=specialist_vp,
            applicant=replace(APPLICANT, phone="0912000333"),
            reason="Không phải một cửa",
        )


def test_correction_page_keeps_what_was_typed_and_logs_the_change(client, counter_vp):
    dossier = receive(counter_vp)
    client.force_login(counter_vp)
    url = f"/ho-so/{dossier.code}/sua-thong-tin/"
    page = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert 'id="sua-thong-tin"' in page and 'value="Nguyễn Văn An"' in page
    post = {
        "version": str(dossier.version),
        "applicant_full_name": "Nguyễn Văn Ân",
        "applicant_id_number": APPLICANT.id_number,
        "applicant_date_of_birth": "01/05/1990",
        "applicant_address": APPLICANT.address,
        "applicant_phone": APPLICANT.phone,
        "applicant_email": APPLICANT.email,
        "reason": "",
    }

    refused = client.post(url, post)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "Lý do sửa: cần ghi lý do" in html
    assert 'value="Nguyễn Văn Ân"' in html  # the correction typed stays

    done = client.post(url, {**post, "reason": "Gõ nhầm dấu"}, follow=True)
    html = done.content.decode()
    assert "Đã sửa 1 mục thông tin người nộp" in html
    assert "Họ và tên: “Nguyễn Văn An” → “Nguyễn Văn Ân”. Lý do: Gõ nhầm dấu" in html
    assert "Sửa thông tin người nộp" in html


def test_eform_correction_names_each_change_by_its_labels(client, counter_vp):
    dossier = receive(counter_vp)
    client.force_login(counter_vp)
    page = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert 'id="sua-to-khai"' in page and 'value="Nguyễn Minh Khang"' in page
    post = {f"data.{key}": value for key, value in eform_text_values_of(dossier).items()}
    post.update({"version": str(dossier.version), "data.child.full_name": "Nguyễn Minh Khanh"})

    refused = client.post(f"/ho-so/{dossier.code}/sua-to-khai/", {**post, "reason": ""})
    assert refused.status_code == 422
    assert 'value="Nguyễn Minh Khanh"' in refused.content.decode()  # kept
    missing = client.post(
        f"/ho-so/{dossier.code}/sua-to-khai/",
        {**post, "data.child.full_name": "", "reason": "Sửa tên"},
    )
    assert missing.status_code == 422
    assert "Cần nhập thông tin này" in missing.content.decode()

    done = client.post(
        f"/ho-so/{dossier.code}/sua-to-khai/", {**post, "reason": "Gõ nhầm tên"}, follow=True
    )
    html = done.content.decode()
    assert "Đã sửa 1 mục của tờ khai" in html
    dossier.refresh_from_db()
    assert dossier.data["child"]["full_name"] == "Nguyễn Minh Khanh"
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event.action == "correct"
    assert list(event.payload["changes"].values()) == [
        {"before": "Nguyễn Minh Khang", "after": "Nguyễn Minh Khanh"}
    ]
    assert "Người được khai sinh" in next(iter(event.payload["changes"]))
    assert verify_chain(dossier) == []


def eform_text_values_of(dossier):
    from motcua.dossiers.forms import eform_text_values

    return eform_text_values(dossier.procedure_version.form_schema, dossier.data)
