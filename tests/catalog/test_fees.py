"""Fee computation: per page with a cap, per copy, online vs in person, exemptions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.data.procedures import PROCEDURES
from motcua.catalog.fees import (
    FeeNotStatedError,
    compute_fee,
    describe_fee,
    fee_schedule_errors,
    format_vnd,
)

SCHEDULES = {entry["code"]: entry["fee_schedule"] for entry in PROCEDURES}
CERTIFIED_COPY = SCHEDULES["2.000815"]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [(1, 2000), (2, 4000), (3, 5000), (10, 12_000), (198, 200_000), (199, 200_000), (500, 200_000)],
)
def test_compute_fee_per_page_first_two_pages_then_cheaper_with_cap(pages, expected):
    assert compute_fee(CERTIFIED_COPY, pages=pages) == expected


def test_compute_fee_per_page_cap_applies_to_each_copy():
    assert compute_fee(CERTIFIED_COPY, pages=4, copies=3) == 3 * 6000
    assert compute_fee(CERTIFIED_COPY, pages=300, copies=2) == 400_000


@given(pages=st.integers(min_value=1, max_value=5000), copies=st.integers(1, 20))
def test_compute_fee_per_page_never_exceeds_the_cap(pages, copies):
    fee = compute_fee(CERTIFIED_COPY, pages=pages, copies=copies)
    assert 2000 * copies <= fee <= 200_000 * copies


def test_compute_fee_per_page_needs_pages():
    with pytest.raises(ValueError, match="số trang"):
        compute_fee(CERTIFIED_COPY, pages=0)


def test_compute_fee_per_copy():
    assert compute_fee(SCHEDULES["2.000635"], copies=3) == 24_000


def test_compute_fee_online_is_cheaper_for_residence_registration():
    schedule = SCHEDULES["1.004222"]
    assert compute_fee(schedule, channel="in_person") == 20_000
    assert compute_fee(schedule, channel="online") == 10_000
    assert compute_fee(schedule, channel="postal") == 20_000


def test_compute_fee_birth_is_free_on_time_and_provincial_rate_when_late():
    schedule = SCHEDULES["1.001193"]
    assert compute_fee(schedule, on_time=True) == 0
    with pytest.raises(FeeNotStatedError, match="tỉnh"):
        compute_fee(schedule, on_time=False)
    assert compute_fee(schedule, on_time=False, exemptions={"priority_group"}) == 0


def test_compute_fee_free_and_not_stated():
    assert compute_fee(SCHEDULES["1.001776"]) == 0
    assert compute_fee(SCHEDULES["1.000894"], on_time=False) == 0
    with pytest.raises(FeeNotStatedError):
        compute_fee(SCHEDULES["1.004884"])


def test_compute_fee_refuses_bad_counts():
    with pytest.raises(ValueError):
        compute_fee(SCHEDULES["2.000635"], copies=0)
    with pytest.raises(ValueError):
        compute_fee(CERTIFIED_COPY, pages=-1)


def test_fee_schedule_errors_find_bad_schedules():
    assert fee_schedule_errors({"kind": "per_copy"})  # no amount
    assert fee_schedule_errors({"kind": "free", "amount": 5})
    assert fee_schedule_errors({"kind": "flat", "amount": -1})
    gap = {
        "kind": "per_page",
        "pages": [
            {"from_page": 1, "to_page": 2, "amount": 2000},
            {"from_page": 4, "to_page": None, "amount": 1000},
        ],
    }
    assert "trang 3" in fee_schedule_errors(gap)[0]
    closed = {"kind": "per_page", "pages": [{"from_page": 1, "to_page": 2, "amount": 1}]}
    assert fee_schedule_errors(closed)
    for schedule in SCHEDULES.values():
        assert fee_schedule_errors(schedule) == []


def test_describe_fee_in_vietnamese_with_dots_for_thousands():
    assert format_vnd(200_000) == "200.000 đồng"
    assert describe_fee(CERTIFIED_COPY) == (
        "2.000 đồng/trang (trang 1-2); 1.000 đồng/trang (từ trang 3); tối đa 200.000 đồng/bản"
    )
    assert describe_fee(SCHEDULES["1.004222"]) == "20.000 đồng (trực tuyến: 10.000 đồng)"
    assert describe_fee(SCHEDULES["2.000635"]) == "8.000 đồng/bản"
