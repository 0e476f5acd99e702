"""The certificate overview `/chu-ky-so/`: who still lacks a valid certificate, by commune."""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from motcua.accounts.actions import create_official
from motcua.accounts.choices import Role
from motcua.signing.actions import issue_certificate
from tests.fixtures.personas import DAO_TRU, VINH_PHUC


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_overview_for_province_supervisor_lists_with_and_without(
    province_supervisor: User, leader_vp: User, counter_vp: User, counter_dt: User, demo_ca
) -> None:
    # given a leader with a certificate and two officials without
    issue_certificate(leader_vp.username, pin="1234")
    issue_certificate(counter_dt.username, pin="1234", days=10)
    # when the province supervisor opens the overview
    response = client_for(province_supervisor).get("/chu-ky-so/")
    # then officials of both communes are listed with their state
    assert response.status_code == 200
    text = response.content.decode()
    assert "Lê Quang Hưng" in text and "Nguyễn Thị Lan" in text and "Phạm Thị Hoa" in text
    assert "Chưa có chứng thư còn hiệu lực" in text
    assert "hết hạn trong 30 ngày" in text
    rows = {row.unit.code: row for row in response.context["rows"]}
    assert rows[VINH_PHUC].with_valid == 1 and rows[VINH_PHUC].without >= 1
    assert rows[DAO_TRU].expiring == 1


def test_overview_downloads_excel(province_supervisor: User, leader_vp: User) -> None:
    response = client_for(province_supervisor).get("/chu-ky-so/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][2] == "Họ và tên"
    assert any(row[2] == "Lê Quang Hưng" for row in values[1:])


def test_overview_denied_to_counter_officer_and_anonymous(counter_vp: User) -> None:
    assert client_for(counter_vp).get("/chu-ky-so/").status_code == 403
    assert Client().get("/chu-ky-so/").status_code == 302


def test_overview_for_commune_admin_is_own_commune_only(leader_vp: User, counter_dt: User) -> None:
    admin = create_official(
        "admin_vp", full_name="Đinh Văn Quản", unit=VINH_PHUC, role=Role.COMMUNE_ADMIN
    ).user
    response = client_for(admin).get("/chu-ky-so/")
    assert response.status_code == 200
    assert [row.unit.code for row in response.context["rows"]] == [VINH_PHUC]
    assert "Phạm Thị Hoa" not in response.content.decode()


def test_overview_query_count_is_constant(province_supervisor: User, demo_ca) -> None:
    client = client_for(province_supervisor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/chu-ky-so/").status_code == 200
        return len(queries)

    before = count()
    for index in range(5):
        create_official(
            f"official_{index}", full_name=f"Cán bộ {index}", unit=DAO_TRU, role=Role.LEADER
        ) if index == 0 else create_official(
            f"official_{index}", full_name=f"Cán bộ {index}", unit=DAO_TRU, role=Role.COUNTER
        )
        issue_certificate(f"official_{index}", pin="1234")
    assert count() == before
