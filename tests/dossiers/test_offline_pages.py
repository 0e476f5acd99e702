"""Offline counter pages: the app shell, the receipt print view and the service worker."""

from __future__ import annotations

from django.test import Client


def test_offline_page_for_counter_officers_only(counter_vp, specialist_vp):
    allowed = Client()
    allowed.force_login(counter_vp)
    page = allowed.get("/ho-so/ngoai-tuyen/")
    assert page.status_code == 200
    assert b"manifest.webmanifest" in page.content
    denied = Client()
    denied.force_login(specialist_vp)
    assert denied.get("/ho-so/ngoai-tuyen/").status_code == 403


def test_offline_pages_need_login(db):
    assert Client().get("/ho-so/ngoai-tuyen/").status_code == 302
    assert Client().get("/ho-so/ngoai-tuyen/phieu-hen/").status_code == 302


def test_service_worker_is_served_under_ho_so_uncached(db):
    response = Client().get("/ho-so/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "/ho-so/ngoai-tuyen/" in body
    assert "/static/dossiers/offline.js" in body
