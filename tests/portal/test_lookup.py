"""Public lookup `/tra-cuu/?ma=<code>`: no login, personal data never shown."""

from __future__ import annotations

import pytest

from motcua.dossiers.lookup_tokens import display_token, lookup_token
from tests.dossiers.conftest import APPLICANT, receive

pytestmark = pytest.mark.django_db


def test_lookup_shows_status_and_appointment_without_personal_data(client, counter_vp):
    # given a received dossier
    dossier = receive(counter_vp)

    # when anyone looks it up by its code and the receipt's token, without logging in
    response = client.get("/tra-cuu/", {"ma": dossier.code, "t": display_token(dossier.code)})

    # then status, procedure, steps and the masked name; no ID number, phone, address
    assert response.status_code == 200
    html = response.content.decode()
    assert dossier.code in html
    assert "Đã tiếp nhận" in html
    assert "Đăng ký khai sinh" in html
    assert "Hẹn trả kết quả" in html
    assert "Các bước" in html
    assert "Nguyễn V*** A**" in html  # the name, masked
    assert APPLICANT.id_number not in html
    assert APPLICANT.id_number[-3:] + "<" not in html  # not even the masked number
    assert APPLICANT.phone not in html
    assert APPLICANT.address not in html
    assert APPLICANT.full_name not in html


def test_lookup_unknown_code_is_404_with_a_clear_message(client):
    response = client.get("/tra-cuu/", {"ma": "000.00.25.H99-250101-0001"})
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ" in response.content.decode()


def test_lookup_form_without_code(client):
    response = client.get("/tra-cuu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="search" method="get"' in html
    assert 'name="ma"' in html


def test_header_links_lookup_for_everyone_and_pages_for_officials(
    client, counter_vp, specialist_vp
):
    # given an anonymous visitor: the lookup link, no staff links
    html = client.get("/").content.decode()
    assert 'href="/tra-cuu"' in html
    assert 'href="/ho-so/"' not in html
    # given a counter officer: queues and intake
    client.force_login(counter_vp)
    html = client.get("/").content.decode()
    assert 'href="/ho-so/"' in html
    assert 'href="/ho-so/tiep-nhan/"' in html
    # given a specialist: queues but no intake
    client.force_login(specialist_vp)
    html = client.get("/can-bo/").content.decode()
    assert 'href="/ho-so/"' in html
    assert 'href="/ho-so/tiep-nhan/"' not in html


def test_lookup_answers_the_receipt_qr_address_without_a_redirect(client):
    # the QR on form 01 encodes /tra-cuu?ma=<code> (documents.qr.LOOKUP_PATH)
    from motcua.documents.qr import LOOKUP_PATH

    response = client.get(LOOKUP_PATH, {"ma": "000.00.00.H25-000000-0000"})
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_lookup_finds_a_code_typed_in_lower_case(client, counter_vp):
    # given a received dossier, whose code has upper-case letters (the agency's H42 part)
    dossier = receive(counter_vp)
    assert dossier.code != dossier.code.lower()

    # when a citizen types it in lower case
    token = display_token(dossier.code).lower()
    response = client.get("/tra-cuu/", {"ma": f"  {dossier.code.lower()} ", "t": token})

    # then the dossier is found
    assert response.status_code == 200
    assert dossier.code in response.content.decode()
    assert "Đã tiếp nhận" in response.content.decode()


def test_lookups_past_the_limit_are_refused_per_address_with_a_message(
    client, counter_vp, settings
):
    # given a limit of 2 lookups a minute per address (the shared cache counts them)
    settings.MOTCUA_LOOKUP_PER_MINUTE = 2
    dossier = receive(counter_vp)
    for _ in range(2):
        assert client.get("/tra-cuu/", {"ma": dossier.code}).status_code == 200

    # when the same address looks up a third time, on the page or through the API
    page = client.get("/tra-cuu/", {"ma": dossier.code})
    api = client.get(f"/api/v1/public/dossiers/{dossier.code}")

    # then both are refused with the reason, the code typed kept on the page
    assert page.status_code == 429 and api.status_code == 429
    html = page.content.decode()
    assert "Bạn đã tra cứu quá nhiều lần trong một phút" in html
    assert f'value="{dossier.code}"' in html
    assert "quá nhiều lần" in api.json()["detail"]
    # another address still looks up; an empty form is never counted
    assert (
        client.get("/tra-cuu/", {"ma": dossier.code}, REMOTE_ADDR="198.51.100.4").status_code == 200
    )
    assert client.get("/tra-cuu/").status_code == 200
    # and 0 turns the limit off
    settings.MOTCUA_LOOKUP_PER_MINUTE = 0
    assert client.get("/tra-cuu/", {"ma": dossier.code}).status_code == 200


def test_lookup_by_code_alone_says_only_that_the_dossier_exists(client, counter_vp):
    """The code is printed in lists and said aloud: alone it must not show the status."""
    dossier = receive(counter_vp)
    response = client.get("/tra-cuu/", {"ma": dossier.code})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Hồ sơ {dossier.code} tồn tại" in html
    for detail in ("Đã tiếp nhận", "Đăng ký khai sinh", "Hẹn trả kết quả", "Các bước", "N*"):
        assert detail not in html
    api = client.get(f"/api/v1/public/dossiers/{dossier.code}")
    assert api.status_code == 200
    assert api.json() == {"code": dossier.code, "exists": True}


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: display_token(code),
        lambda code: display_token(code).lower().replace("-", " "),
        lambda code: lookup_token(code),
    ],
    ids=["printed", "lower-with-spaces", "from-the-qr"],
)
def test_lookup_with_the_token_shows_the_status_however_typed(client, counter_vp, typed):
    dossier = receive(counter_vp)
    response = client.get("/tra-cuu/", {"ma": dossier.code, "t": typed(dossier.code)})
    assert response.status_code == 200 and "Đã tiếp nhận" in response.content.decode()
    api = client.get(f"/api/v1/public/dossiers/{dossier.code}", {"t": typed(dossier.code)})
    assert api.status_code == 200 and api.json()["status"] == 2


def test_lookup_with_a_wrong_token_says_so_and_shows_no_more(client, counter_vp):
    dossier = receive(counter_vp)
    other = receive(counter_vp)
    wrong = display_token(other.code)
    response = client.get("/tra-cuu/", {"ma": dossier.code, "t": wrong})
    html = response.content.decode()
    assert "Mã tra cứu không đúng" in html and 'aria-invalid="true"' in html
    assert "Đã tiếp nhận" not in html and "Các bước" not in html
    api = client.get(f"/api/v1/public/dossiers/{dossier.code}", {"t": wrong})
    assert api.status_code == 403 and "Mã tra cứu không đúng" in api.json()["detail"]
    assert "steps" not in api.json() and "procedure_name" not in api.json()
