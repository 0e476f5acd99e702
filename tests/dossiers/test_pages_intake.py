"""Counter intake page `/ho-so/tiep-nhan/`: who may use it, the form, errors, idempotency."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier

from .conftest import BIRTH, VINH_PHUC
from .pages import intake_post

URL = "/ho-so/tiep-nhan/"


def test_intake_page_open_to_counter(client, counter_vp):
    # given a counter officer of Phường Vĩnh Phúc
    client.force_login(counter_vp)

    # when they open the intake page
    response = client.get(URL)

    # then step 1 shows procedures and communes, their own commune chosen
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bước 1" in html
    assert "Đăng ký khai sinh" in html
    assert f'<option value="{VINH_PHUC}" selected>' in html


def test_intake_page_forbidden_to_specialist(client, specialist_vp):
    client.force_login(specialist_vp)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Chỉ cán bộ bộ phận một cửa" in response.content.decode()


def test_intake_page_redirects_anonymous_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_intake_step_two_shows_checklist_applicant_and_eform(client, counter_vp):
    # given a counter officer
    client.force_login(counter_vp)

    # when they choose birth registration
    response = client.get(URL, {"procedure": BIRTH, "unit": VINH_PHUC})

    # then the checklist, the applicant fields and the e-form with its titles are shown
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thành phần hồ sơ đã nhận" in html
    assert 'name="applicant_id_number"' in html
    assert 'name="data.child.full_name"' in html
    assert "Người được khai sinh" in html  # a nested object → fieldset legend
    assert 'type="date" id="f-child-date_of_birth"' in html
    assert '<option value="male"' in html and ">Nam</option>" in html  # enum titles
    assert 'name="idempotency_key"' in html
    assert "csrfmiddlewaretoken" in html


def test_intake_search_narrows_the_procedures(client, counter_vp):
    client.force_login(counter_vp)
    html = client.get(URL, {"q": "khai tu"}).content.decode()
    assert "Đăng ký khai tử" in html
    assert "Đăng ký thường trú" not in html


def test_intake_post_receives_and_redirects_to_the_dossier(client, counter_vp):
    # given a counter officer with a complete form
    client.force_login(counter_vp)

    # when they submit it
    response = client.post(URL, intake_post())

    # then one dossier exists and the browser goes to its page with the receipt link
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ho-so/{dossier.code}/"
    assert dossier.unit_id == VINH_PHUC
    assert dossier.data["child"]["full_name"] == "Nguyễn Minh Khang"
    assert dossier.data["extract_copies"] == 2
    page = client.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận hồ sơ" in page
    assert "In giấy tiếp nhận (mẫu 01)" in page
    assert f"/api/v1/dossiers/{dossier.code}/documents/01.pdf" in page


def test_intake_invalid_post_keeps_every_value_and_creates_nothing(client, counter_vp):
    # given a form with a bad ID number and a mandatory document not ticked
    client.force_login(counter_vp)
    body = intake_post(applicant_id_number="12345", **{"data.child.full_name": "Lê Thị Mới"})
    first_doc = next(key for key in body if key.startswith("doc_") and key.count("_") == 1)
    del body[first_doc]
    body["applicant_address"] = "Số 7, ngõ Đặc Biệt"

    # when it is submitted
    response = client.post(URL, body)

    # then the page comes back with the errors and everything entered, and nothing is saved
    assert response.status_code == 422
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in html
    assert "Thiếu giấy tờ bắt buộc" in html
    assert 'aria-invalid="true"' in html
    assert 'value="12345"' in html
    assert 'value="Lê Thị Mới"' in html
    assert 'value="Số 7, ngõ Đặc Biệt"' in html
    assert 'value="Bệnh viện Đa khoa tỉnh Phú Thọ"' in html
    assert f'value="{body["idempotency_key"]}"' in html
    assert not Dossier.objects.exists()


def test_intake_eform_errors_are_vietnamese_and_next_to_the_field(client, counter_vp):
    client.force_login(counter_vp)
    body = intake_post(**{"data.child.full_name": "", "data.extract_copies": "99"})
    html = client.post(URL, body).content.decode()
    assert 'id="f-child-full_name" name="data.child.full_name" value="" aria-invalid="true"' in html
    assert "Cần nhập thông tin này." in html
    assert "Không được lớn hơn 20." in html
    assert 'value="99"' in html
    assert not Dossier.objects.exists()


def test_intake_double_post_with_same_key_creates_one_dossier(client, counter_vp):
    # given a form submitted twice (double click, or refresh of the POST)
    client.force_login(counter_vp)
    body = intake_post()

    # when both arrive
    first = client.post(URL, body)
    second = client.post(URL, body)

    # then one dossier, and both land on its page
    assert Dossier.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_intake_for_another_commune(client, counter_dt):
    # given a counter officer of Xã Đạo Trù receiving for Phường Vĩnh Phúc (phi địa giới)
    client.force_login(counter_dt)
    response = client.post(URL, intake_post(unit=VINH_PHUC))
    assert response.status_code == 302
    assert Dossier.objects.get().unit_id == VINH_PHUC


@pytest.mark.parametrize("persona", ["specialist_vp", "citizen"])
def test_intake_post_forbidden_without_counter_role(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(URL, intake_post()).status_code == 403
    assert not Dossier.objects.exists()
