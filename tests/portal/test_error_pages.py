"""Error pages in Vietnamese: 404, 403, CSRF failure and 500 never show Django's English."""

from __future__ import annotations

import pytest
from django.test import Client

ENGLISH = ("Not Found", "Forbidden", "CSRF verification failed", "Server Error", "No Draft")


def _vietnamese(html: str) -> None:
    assert '<html lang="vi"' in html
    for phrase in ENGLISH:
        assert phrase not in html


@pytest.mark.django_db
def test_unknown_address_gets_the_vietnamese_404(client, settings):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert "tried" not in html  # the URL resolver's details stay out
    _vietnamese(html)


@pytest.mark.django_db
def test_404_shows_the_reason_our_code_gave(client, settings, counter_vp):
    settings.DEBUG = False
    client.force_login(counter_vp)
    response = client.get("/ho-so/9KK.00.00.H25-991231-9999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "9KK.00.00.H25-991231-9999" in html
    _vietnamese(html)


@pytest.mark.django_db
def test_forbidden_page_is_vietnamese_with_its_reason(client, specialist_vp):
    client.force_login(specialist_vp)
    response = client.get("/ho-so/tiep-nhan/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Chỉ cán bộ bộ phận một cửa" in html
    _vietnamese(html)


@pytest.mark.django_db
def test_csrf_failure_says_what_to_do_in_vietnamese(settings, counter_vp):
    # given a browser whose form token is gone (an expired session, another tab's login)
    client = Client(enforce_csrf_checks=True)
    client.force_login(counter_vp)

    # when it posts a form
    response = client.post("/ho-so/tiep-nhan/", {"procedure": "1.001193"})

    # then the page says in Vietnamese what happened and how to go on
    html = response.content.decode()
    assert response.status_code == 403
    assert "phiên làm việc đã hết hạn" in html
    _vietnamese(html)


def test_server_error_page_is_vietnamese(settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Hệ thống đang gặp lỗi" in html
    _vietnamese(html)
