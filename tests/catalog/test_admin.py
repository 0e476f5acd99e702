"""Admin: editing publishes a new version; a saved version is read-only."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from motcua.catalog.models import CONTENT_FIELDS, ProcedureVersion
from motcua.catalog.queries import procedure_version

pytestmark = pytest.mark.django_db


def _form_data(version: ProcedureVersion, **changes) -> dict[str, str]:
    data: dict[str, str] = {"procedure": str(version.procedure_id), "change_note": "Sửa phí"}
    for name, value in {**version.content(), **changes}.items():
        if name not in CONTENT_FIELDS:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (dict, list)):
            data[name] = json.dumps(value, ensure_ascii=False)
        elif value is not None:
            data[name] = str(value)
    return data


def test_admin_add_prefills_from_a_version(catalog, admin_client):
    version = procedure_version("2.000635")
    url = reverse("admin:catalog_procedureversion_add") + f"?from={version.pk}"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Cấp bản sao Trích lục hộ tịch" in response.content.decode()


def test_admin_save_publishes_a_new_version_and_keeps_the_old(catalog, admin_client):
    # given
    version = procedure_version("2.000635")
    before = version.content()
    fees = {"kind": "per_copy", "amount": 9000, "source": "Nghị quyết HĐND tỉnh (thử nghiệm)"}
    # when
    response = admin_client.post(
        reverse("admin:catalog_procedureversion_add"), _form_data(version, fee_schedule=fees)
    )
    # then
    assert response.status_code == 302
    current = procedure_version("2.000635")
    assert (current.number, current.fee_schedule["amount"], current.published_by) == (
        2,
        9000,
        "admin",
    )
    assert procedure_version("2.000635", number=1).content() == before


def test_admin_refuses_unchanged_or_invalid_content(catalog, admin_client):
    version = procedure_version("2.000635")
    url = reverse("admin:catalog_procedureversion_add")
    unchanged = admin_client.post(url, _form_data(version))
    assert "Nội dung không thay đổi" in unchanged.content.decode()
    invalid = admin_client.post(url, _form_data(version, fee_schedule={"kind": "per_copy"}))
    assert "Biểu phí không hợp lệ" in invalid.content.decode()
    assert ProcedureVersion.objects.filter(procedure=version.procedure).count() == 1


def test_admin_change_view_is_read_only(catalog, admin_client):
    version = procedure_version("2.000635")
    url = reverse("admin:catalog_procedureversion_change", args=[version.pk])
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, _form_data(version, name="Tên đã sửa"))
    assert procedure_version("2.000635").name == "Cấp bản sao Trích lục hộ tịch"
    assert procedure_version("2.000635").number == 1


def test_admin_procedure_list_and_search_without_diacritics(catalog, admin_client):
    response = admin_client.get(reverse("admin:catalog_procedure_changelist"), {"q": "khai tu"})
    assert response.status_code == 200
    assert "Đăng ký khai tử" in response.content.decode()
    assert "1.001193" not in response.content.decode()
