"""Portal additions of issue 5: life events, the online button, display mode, page weight."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/thu-tuc/1.001193/",
    "/tra-cuu/",
    "/su-kien/sinh-con/",
    "/cong-dan/dang-nhap/",
]


def test_home_browses_by_life_event(client: Client):
    page = client.get("/").content.decode()
    assert "Sinh con" in page and "/su-kien/ket-hon/" in page
    event = client.get("/su-kien/sinh-con/").content.decode()
    assert "Đăng ký khai sinh" in event and "60 ngày" in event
    assert client.get("/su-kien/khong-co/").status_code == 404


def test_diacritic_free_query_finds_procedure(client: Client):
    assert "Đăng ký khai sinh" in client.get("/?q=dang+ky+khai+sinh").content.decode()


def test_online_button_only_where_online(client: Client):
    assert "Nộp trực tuyến</a>" in client.get("/thu-tuc/1.001193/").content.decode()
    assert "Nộp trực tuyến</a>" not in client.get("/thu-tuc/2.000884/").content.decode()


def test_large_text_mode_persists_without_js(client: Client):
    response = client.post("/hien-thi/", {"mode": "lon", "next": "/tra-cuu/"})
    assert response.status_code == 302 and response["Location"] == "/tra-cuu/"
    assert '<html lang="vi" class="lon">' in client.get("/").content.decode()
    client.post("/hien-thi/", {"mode": "thuong", "next": "https://evil.example/"})
    assert 'class="lon"' not in client.get("/").content.decode()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_first_load_under_150_kb(client: Client, url: str):
    response = client.get(url)
    html = response.content
    total = len(html)
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+)"', html):
        path = finders.find(asset.decode())
        assert path, asset
        total += Path(path).stat().st_size
    assert total < 150 * 1024, f"{url}: {total} bytes"
