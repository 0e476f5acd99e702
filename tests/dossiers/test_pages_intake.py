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
    # dates are typed dd/mm/yyyy in a text field with a picker button (core.dates)
    assert 'class="ngay"' in html and 'id="f-child-date_of_birth"' in html
    # the requester is the applicant above, typed once
    assert 'name="data.applicant.full_name"' not in html
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


CERTIFIED_COPY = "2.000815"


def test_intake_certified_copy_rows_of_documents_are_received(client, counter_vp):
    # given a counter officer and two papers to certify: 1 page × 3 copies, 4 pages × 2
    client.force_login(counter_vp)
    body = intake_post(CERTIFIED_COPY)

    # when the intake form is posted with the documents as rows
    response = client.post(URL, body)

    # then the dossier is received with both rows as objects
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    assert [(row["pages"], row["copies"]) for row in dossier.data["documents"]] == [(1, 3), (4, 2)]


def test_intake_add_row_keeps_everything_and_receives_nothing(client, counter_vp):
    # given a certified-copy intake with one document row typed
    client.force_login(counter_vp)
    body = intake_post(CERTIFIED_COPY)
    for key in [key for key in body if key.startswith("data.documents.1.")]:
        del body[key]

    # when the officer asks for one more row
    response = client.post(URL, {**body, "them_dong": "documents"})

    # then the form comes back with the first row kept and an empty second row, no dossier
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Bằng tốt nghiệp đại học"' in html
    assert 'id="f-documents-1-title"' in html
    assert 'id="f-documents-2-title"' not in html
    assert "Hồ sơ chưa hợp lệ" not in html
    assert not Dossier.objects.exists()


def test_intake_errors_name_the_field_once_in_vietnamese(client, counter_vp):
    # given a birth registration with the mother's birth date missing and the child born
    # after today
    client.force_login(counter_vp)
    body = intake_post()
    body["data.mother.date_of_birth"] = ""
    body["data.child.date_of_birth"] = "02/10/2099"

    response = client.post(URL, body)

    # then each problem is named by its labels, once, next to its field; nothing English
    html = response.content.decode()
    assert response.status_code == 422
    assert html.count("Mẹ › Ngày, tháng, năm sinh</a>: Cần nhập thông tin này.") == 1
    assert "Ngày không được sau hôm nay" in html
    assert 'id="f-mother-date_of_birth-loi"' in html
    assert "is not" not in html and "required property" not in html
    assert not Dossier.objects.exists()


def test_intake_parent_younger_than_child_is_refused(client, counter_vp):
    client.force_login(counter_vp)
    body = intake_post()
    body["data.mother.date_of_birth"] = "01/01/2020"

    response = client.post(URL, body)

    assert response.status_code == 422
    assert "phải lớn hơn người được khai sinh ít nhất" in response.content.decode()


def test_intake_applicant_typed_once_fills_the_requester(client, counter_vp):
    # given an intake where the e-form's requester fields are not posted at all
    client.force_login(counter_vp)
    body = {key: value for key, value in intake_post().items() if "data.applicant." not in key}
    body["data.applicant.relationship"] = "father"
    body["applicant_date_of_birth"] = "01/05/1990"  # typed dd/mm/yyyy

    response = client.post(URL, body)

    # then the requester in the data is the applicant typed above
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    requester = dossier.data["applicant"]
    assert requester["full_name"] == dossier.applicant_name
    assert requester["residence"] == body["applicant_address"]
    assert requester["relationship"] == "father"


def test_intake_requester_problem_shows_at_the_applicant_field(client, counter_vp):
    client.force_login(counter_vp)
    body = {key: value for key, value in intake_post().items() if "data.applicant." not in key}
    body["data.applicant.relationship"] = "father"
    body["applicant_address"] = ""  # the e-form needs the requester's residence

    response = client.post(URL, body)

    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="applicant_address-loi"' in html


EXTRACT = "2.000635"


def test_intake_fee_certified_copy_from_pages_and_copies(client, counter_vp):
    client.force_login(counter_vp)

    response = client.post(URL, intake_post(CERTIFIED_COPY))

    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.fee == 18_000
    assert "Bảng điểm toàn khóa: 4 trang × 2 bản = 12.000 đồng" in dossier.fee_note


def test_intake_fee_is_shown_before_submitting(client, counter_vp):
    client.force_login(counter_vp)

    response = client.post(URL, {**intake_post(CERTIFIED_COPY), "tinh_phi": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<strong id="phi-tinh">18.000 đồng</strong>' in html
    assert not Dossier.objects.exists()


def test_intake_fee_extract_counts_copies(client, counter_vp):
    client.force_login(counter_vp)

    response = client.post(URL, intake_post(EXTRACT, **{"data.copies": "2"}))

    assert response.status_code == 302
    assert Dossier.objects.get().fee == 16_000


def test_intake_fee_birth_on_time_is_free(client, counter_vp):
    client.force_login(counter_vp)

    response = client.post(URL, intake_post())

    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.fee == 0
    assert "Miễn lệ phí nếu đăng ký đúng hạn" in dossier.fee_note


def test_intake_fee_late_birth_asks_the_officer_for_the_amount(client, counter_vp):
    # given a birth registered more than 60 days after the birth (a provincial rate)
    client.force_login(counter_vp)
    body = intake_post(**{"data.child.date_of_birth": "02/10/2025"})

    # when nothing is entered, the officer is asked for the amount
    response = client.post(URL, body)
    assert response.status_code == 422
    assert "Quá hạn đăng ký" in response.content.decode()
    assert not Dossier.objects.exists()

    # and with the amount entered, the dossier is received at that amount, no reason needed
    response = client.post(URL, {**body, "fee": "5.000"})
    assert response.status_code == 302
    assert Dossier.objects.get().fee == 5_000


def test_intake_fee_override_needs_a_reason_and_is_recorded(client, counter_vp):
    client.force_login(counter_vp)
    body = intake_post(CERTIFIED_COPY, fee="10000")

    response = client.post(URL, body)
    html = response.content.decode()
    assert response.status_code == 422
    assert "khác mức tính theo biểu phí (18.000 đồng): cần ghi lý do" in html
    assert 'id="fee_reason-loi"' in html

    response = client.post(URL, {**body, "fee_reason": "Người yêu cầu thuộc diện miễn giảm"})
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.fee == 10_000
    override = dossier.events.get(action="receive").payload["fee_override"]
    assert override == {
        "computed": 18_000,
        "entered": 10_000,
        "reason": "Người yêu cầu thuộc diện miễn giảm",
    }


def test_intake_changed_content_under_a_used_key_is_kept_not_dropped(client, counter_vp):
    # given a dossier received from a form (its key now used)
    client.force_login(counter_vp)
    body = intake_post()
    assert client.post(URL, body).status_code == 302
    first = Dossier.objects.get()

    # when the officer goes Back, corrects the child's name and submits the same form again
    changed = {**body, "data.child.full_name": "Nguyễn Minh Khôi"}
    response = client.post(URL, changed)

    # then nothing is saved in silence: the page names the earlier dossier, keeps the
    # correction, and carries a new key
    html = response.content.decode()
    assert response.status_code == 409
    assert f"đã được dùng để tiếp nhận hồ sơ {first.code}" in html
    assert 'value="Nguyễn Minh Khôi"' in html
    assert f'value="{body["idempotency_key"]}"' not in html
    assert Dossier.objects.count() == 1

    # and submitting again on purpose (with the page's new key) receives a second dossier
    new_key = html.split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]
    assert client.post(URL, {**changed, "idempotency_key": new_key}).status_code == 302
    assert Dossier.objects.count() == 2
