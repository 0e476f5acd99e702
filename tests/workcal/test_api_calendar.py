"""GET /api/v1/calendar/due and /api/v1/calendar/days: answers and problem+json errors."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.workcal import actions
from motcua.workcal.choices import OverrideKind

pytestmark = pytest.mark.django_db

DUE = "/api/v1/calendar/due"
DAYS = "/api/v1/calendar/days"


def _problem(response, status: int = 422) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()


def test_due_working_days_across_tet_2027(client):
    # given a dossier received Wed 03/02/2027 16:00 (Hà Nội time) with one working day
    # when the due time is asked
    response = client.get(DUE, {"start": "2027-02-03T16:00:00+07:00", "working_days": 1})
    # then it is Thursday 11/02/2027 16:00, explained day by day
    assert response.status_code == 200
    body = response.json()
    assert body["due"] == "2027-02-11T16:00:00+07:00"
    assert body["province"] == "25"
    assert body["start"] == "2027-02-03T16:00:00+07:00"
    assert body["explanation"][0] == "Thứ Tư 03/02/2027: 16:00-17:00, tính 1 giờ"
    assert "Thứ Năm 04/02/2027: nghỉ 29 Tết" in body["explanation"]
    assert len(body["explanation"]) == 9


def test_due_accepts_z_and_answers_in_vietnam_time(client):
    response = client.get(DUE, {"start": "2025-01-06T02:00:00Z", "working_hours": 2.5})
    assert response.status_code == 200
    assert response.json()["due"] == "2025-01-06T11:30:00+07:00"


def test_due_accepts_an_unescaped_plus_in_the_query_string(client):
    response = client.get(f"{DUE}?start=2025-01-06T09:00:00+07:00&working_hours=1")
    assert response.status_code == 200
    assert response.json()["due"] == "2025-01-06T10:00:00+07:00"


def test_due_same_day_before_and_after_cutoff(client):
    before = client.get(DUE, {"start": "2025-01-10T14:00:00+07:00", "same_day": "true"})
    assert before.json()["due"] == "2025-01-10T17:00:00+07:00"
    after = client.get(DUE, {"start": "2025-01-10T15:00:00+07:00", "same_day": "true"})
    assert after.json()["due"] == "2025-01-13T17:00:00+07:00"
    assert after.json()["explanation"][-1] == "Thứ Hai 13/01/2025: trả kết quả lúc 17:00"
    later_cutoff = client.get(
        DUE, {"start": "2025-01-10T15:00:00+07:00", "same_day": "true", "cutoff": "16:00"}
    )
    assert later_cutoff.json()["due"] == "2025-01-10T17:00:00+07:00"


def test_due_uses_the_provinces_overrides(client):
    actions.add_override(
        actor=None, province="01", day=date(2025, 1, 13), kind=OverrideKind.DAY_OFF, name="Bão"
    )
    params = {"start": "2025-01-10T16:00:00+07:00", "working_days": 1}
    assert client.get(DUE, params).json()["due"] == "2025-01-13T16:00:00+07:00"
    hanoi = client.get(DUE, {**params, "province": "01"}).json()
    assert hanoi["due"] == "2025-01-14T16:00:00+07:00"
    assert "Thứ Hai 13/01/2025: nghỉ Bão" in hanoi["explanation"]


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"start": "2025-01-06T09:00:00+07:00"}, "Cần đúng một trong"),
        (
            {"start": "2025-01-06T09:00:00+07:00", "working_days": 1, "working_hours": 2},
            "Cần đúng một trong",
        ),
        (
            {"start": "2025-01-06T09:00:00+07:00", "working_days": 1, "same_day": "true"},
            "Cần đúng một trong",
        ),
        ({"start": "2025-01-06T09:00:00+07:00", "same_day": "false"}, "Cần đúng một trong"),
        ({"start": "2025-01-06T09:00:00", "working_days": 1}, "phải ghi rõ múi giờ"),
        ({"start": "hôm qua", "working_days": 1}, "ISO 8601"),
        ({"start": "1999-01-06T09:00:00+07:00", "working_days": 1}, "2000-2100"),
        ({"start": "2025-01-06T09:00:00+07:00", "working_days": -1}, "từ 0 đến 365"),
        ({"start": "2025-01-06T09:00:00+07:00", "working_days": 366}, "từ 0 đến 365"),
        ({"start": "2025-01-06T09:00:00+07:00", "working_hours": -0.5}, "từ 0 đến 2920"),
        ({"start": "2025-01-06T09:00:00+07:00", "working_hours": 1e9}, "từ 0 đến 2920"),
        (
            {"start": "2025-01-06T09:00:00+07:00", "same_day": "true", "cutoff": "25:00"},
            "HH:MM",
        ),
        (
            {"start": "2025-01-06T09:00:00+07:00", "working_days": 1, "cutoff": "15:00"},
            "cutoff chỉ dùng cùng same_day",
        ),
        (
            {"start": "2025-01-06T09:00:00+07:00", "working_days": 1, "province": "99"},
            "Không có tỉnh mã 99",
        ),
        (
            {"start": "2025-01-06T09:00:00+07:00", "working_days": 1, "province": "xx"},
            "mã tỉnh gồm 2 chữ số",
        ),
        ({"start": "2025-01-06T09:00:00+07:00", "working_days": "một"}, "working_days"),
    ],
)
def test_due_refuses_bad_queries_with_problem_json(client, params, detail):
    body = _problem(client.get(DUE, params))
    assert body["status"] == 422
    assert body["title"] == "Dữ liệu không hợp lệ"
    assert detail in body["detail"]


def test_days_lists_weekdays_off_and_worked_weekend_days(client):
    response = client.get(DAYS, {"year": 2027})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2027
    assert body["province"] == "25"
    assert body["days_off"][0] == {
        "date": "2027-01-01",
        "weekday": "Thứ Sáu",
        "name": "Tết Dương lịch",
    }
    assert {"date": "2027-02-04", "weekday": "Thứ Năm", "name": "29 Tết"} in body["days_off"]
    dates = {day["date"] for day in body["days_off"]}
    assert "2027-02-06" not in dates  # a Saturday is not a weekday off
    assert "2027-05-03" in dates  # the Monday off for Labour Day on a Saturday
    assert body["working_weekend_days"] == []


def test_days_include_make_up_saturdays_and_province_overrides(client):
    actions.add_override(
        actor=None, province="25", day=date(2025, 1, 13), kind=OverrideKind.DAY_OFF, name="Bão"
    )
    actions.add_override(
        actor=None,
        province="25",
        day=date(2025, 1, 18),
        kind=OverrideKind.WORKING_DAY,
        name="Làm việc bù ngày 13/01",
    )
    body = client.get(DAYS, {"year": 2025, "province": "25"}).json()
    assert {"date": "2025-01-13", "weekday": "Thứ Hai", "name": "Bão"} in body["days_off"]
    assert body["working_weekend_days"] == [
        {"date": "2025-01-18", "weekday": "Thứ Bảy", "name": "Làm việc bù ngày 13/01"},
        {"date": "2025-04-26", "weekday": "Thứ Bảy", "name": "Làm bù cho ngày 02/05/2025"},
    ]


@pytest.mark.parametrize("year", [1999, 2101])
def test_days_refuses_a_year_out_of_range(client, year):
    body = _problem(client.get(DAYS, {"year": year}))
    assert body["detail"] == "year phải từ 2000 đến 2100."


def test_days_refuses_an_unknown_province(client):
    body = _problem(client.get(DAYS, {"year": 2025, "province": "99"}))
    assert body["detail"] == "Không có tỉnh mã 99."
