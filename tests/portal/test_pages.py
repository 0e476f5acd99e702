"""Portal pages: procedure finder, procedure page, the official's start page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_home_finds_a_procedure_without_diacritics(client):
    response = client.get("/", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert "Đăng ký khai sinh" in html
    assert "/thu-tuc/1.001193/" in html
    assert "Chứng thực bản sao" not in html


def test_home_browses_by_field(client):
    html = client.get("/", {"field": "Hộ tịch"}).content.decode()
    assert "Đăng ký kết hôn" in html
    assert "Đăng ký thường trú" not in html


def test_home_says_so_when_nothing_matches(client):
    html = client.get("/", {"q": "xin giay phep bay"}).content.decode()
    assert "Không tìm thấy thủ tục phù hợp" in html


def test_home_query_count_does_not_grow_with_catalog(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/")


def test_procedure_page_states_documents_fee_limit_and_online(client):
    html = client.get("/thu-tuc/2.000815/").content.decode()
    assert "Giấy tờ cần mang" in html
    assert "2.000 đồng/trang" in html
    assert "tối đa 200.000 đồng" in html
    assert "nộp trước 15:00" in html
    assert "Nộp trực tuyến" in html


def test_procedure_page_working_days_limit(client):
    html = client.get("/thu-tuc/1.004222/").content.decode()
    assert "7 ngày làm việc" in html


def test_procedure_page_unknown_is_404(client):
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_staff_home_shows_positions_to_an_official_and_redirects_anonymous(client, counter_dt):
    # denied: anonymous goes to the login page
    response = client.get("/can-bo/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")
    # allowed: the official sees their post
    client.force_login(counter_dt)
    html = client.get("/can-bo/").content.decode()
    assert "Xã Đạo Trù" in html
    assert "Tiếp nhận và trả kết quả" in html


def test_login_then_lands_on_staff_home(client, django_user_model):
    from motcua.accounts.actions import create_official

    create_official(
        "lan.motcua", full_name="Lê Lan", unit="08914", role="counter", password="mat-khau-dai-1"
    )
    response = client.post("/dang-nhap/", {"username": "lan.motcua", "password": "mat-khau-dai-1"})
    assert response.status_code == 302
    assert response["Location"] == "/can-bo/"


def test_finder_finds_birth_registration_by_everyday_words(client):
    for query in ("giay khai sinh", "lam giay khai sinh cho con"):
        html = client.get("/", {"q": query}).content.decode()
        first = html.index('<ul class="results">')
        assert html.index("Đăng ký khai sinh", first) < html.index("</li>", first), query


def test_start_page_links_the_province_to_overdue_by_commune(
    client, province_supervisor, counter_vp
):
    client.force_login(province_supervisor)
    assert 'id="qua-han-theo-xa"' in client.get("/can-bo/").content.decode()
    client.force_login(counter_vp)  # one commune: nothing to split by commune
    assert 'id="qua-han-theo-xa"' not in client.get("/can-bo/").content.decode()
