"""Typed work survives an expired session (issue 22, part 8): the intake form posted after the
session ended is kept for its official only and given back after login."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import signing
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import SavedForm
from motcua.accounts.saved_forms import OWNER_FIELD, SALT
from motcua.dossiers.models import Dossier
from tests.dossiers.pages import intake_post

INTAKE = "/ho-so/tiep-nhan/"


def owner_field(client: Client) -> str:
    """The signed owner the intake form carries for the logged-in official."""
    html = client.get(INTAKE, {"procedure": "1.001193"}).content.decode()
    match = re.search(rf'name="{OWNER_FIELD}" value="([^"]+)"', html)
    assert match, "the intake form carries its owner"
    return match.group(1)


def test_intake_posted_after_the_session_expired_comes_back_after_login(
    client, counter_vp, counter_dt
):
    client.force_login(counter_vp)
    token = owner_field(client)
    client.logout()  # the session expires while the officer types

    post = {**intake_post(), "applicant_full_name": "Trần Văn Bảy", OWNER_FIELD: token}
    response = client.post(INTAKE, post)

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=%2Fbieu-mau-giu-lai%2F")
    assert "het_phien=1" in response["Location"]
    assert not Dossier.objects.exists()
    saved = SavedForm.objects.get()
    assert saved.owner_id == counter_vp.pk
    assert saved.data["applicant_full_name"] == ["Trần Văn Bảy"]
    assert OWNER_FIELD not in saved.data and "csrfmiddlewaretoken" not in saved.data
    back = response["Location"].split("next=")[1].split("&")[0].replace("%2F", "/")
    login_page = client.get(response["Location"]).content.decode()
    assert "Phiên đăng nhập đã hết hạn" in login_page

    # another official cannot open it
    other = Client()
    other.force_login(counter_dt)
    assert other.get(back).status_code == 404

    client.force_login(counter_vp)
    page = client.get(back).content.decode()
    assert 'value="Trần Văn Bảy"' in page
    assert 'name="tinh_phi" value="1"' in page  # opens the form again, sends nothing
    reopened = client.post(INTAKE, {**saved.data, "tinh_phi": "1"})
    assert reopened.status_code == 200
    assert 'value="Trần Văn Bảy"' in reopened.content.decode()
    assert not Dossier.objects.exists()


def test_without_a_valid_owner_nothing_is_kept(client, counter_vp):
    forged = signing.dumps(counter_vp.pk, salt="another-salt")
    response = client.post(INTAKE, {**intake_post(), OWNER_FIELD: forged})
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=%2Fho-so%2Ftiep-nhan%2F")
    assert not SavedForm.objects.exists()


def test_an_expired_saved_form_is_not_given_back(client, counter_vp):
    saved = SavedForm.objects.create(
        owner=counter_vp,
        path=INTAKE,
        data={"applicant_full_name": ["A"]},
        created_at=timezone.now() - timedelta(days=2),
        expires_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(counter_vp)
    token = signing.dumps(saved.pk, salt=SALT + ".id")
    assert client.get(f"/bieu-mau-giu-lai/{token}/").status_code == 404
