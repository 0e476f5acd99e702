"""What a dossier owes from its own data (`catalog.fees.assess_fee`): pages and copies per
document, copies of an extract, the on-time period of a registration."""

from __future__ import annotations

import copy
from datetime import date

from motcua.catalog.data.forms import BIRTH, CERTIFIED_COPY, CIVIL_STATUS_EXTRACT
from motcua.catalog.data.procedures import PROCEDURES
from motcua.catalog.fees import assess_fee, check_fee_schedule, fee_paths_errors

SCHEDULES = {item["code"]: item["fee_schedule"] for item in PROCEDURES}


def test_every_bundled_schedule_is_valid():
    for schedule in SCHEDULES.values():
        check_fee_schedule(schedule)


def test_certified_copy_counts_pages_and_copies_per_document():
    # given 1 page × 3 copies and 4 pages × 2 copies (2.000 đồng/page for pages 1-2, then
    # 1.000 đồng/page, DOMAIN.md)
    data = copy.deepcopy(CERTIFIED_COPY["examples"][0])

    owed = assess_fee(SCHEDULES["2.000815"], data, received_on=date(2026, 12, 7))

    # then 3 × 2.000 + 2 × (2 × 2.000 + 2 × 1.000) = 18.000
    assert owed.amount == 18_000
    assert owed.lines == [
        "Bằng tốt nghiệp đại học: 1 trang × 3 bản = 6.000 đồng",
        "Bảng điểm toàn khóa: 4 trang × 2 bản = 12.000 đồng",
    ]


def test_certified_copy_cap_applies_to_each_copy():
    data = {"documents": [{"title": "Sổ dày", "pages": 500, "copies": 2}]}
    owed = assess_fee(SCHEDULES["2.000815"], data, received_on=date(2026, 12, 7))
    assert owed.amount == 2 * 200_000


def test_extract_copies_are_each_charged():
    data = copy.deepcopy(CIVIL_STATUS_EXTRACT["examples"][0])
    data["copies"] = 2
    owed = assess_fee(SCHEDULES["2.000635"], data, received_on=date(2026, 12, 7))
    assert owed.amount == 16_000


def test_birth_within_60_days_is_free_later_is_not():
    data = copy.deepcopy(BIRTH["examples"][0])
    data["child"]["date_of_birth"] = "2026-10-08"

    on_time = assess_fee(SCHEDULES["1.001193"], data, received_on=date(2026, 12, 7))
    late = assess_fee(SCHEDULES["1.001193"], data, received_on=date(2026, 12, 8))

    # 60 days after 08/10/2026 is 07/12/2026
    assert on_time.amount == 0
    assert "Miễn lệ phí" in on_time.note
    assert late.amount is None  # a provincial rate: the counter enters it
    assert "Quá hạn đăng ký (61 ngày, hạn 60 ngày)" in late.note


def test_every_bundled_schedule_counts_fields_its_form_has():
    for item in PROCEDURES:
        assert fee_paths_errors(item["fee_schedule"], item["form_schema"]) == [], item["code"]


def test_a_schedule_counting_a_field_the_form_lacks_is_named():
    schedule = copy.deepcopy(SCHEDULES["2.000815"])
    schedule["basis"]["pages"] = "so_trang"
    birth = copy.deepcopy(SCHEDULES["1.001193"])
    birth["exemptions"][0]["since"] = "child.ngay_sinh"

    assert fee_paths_errors(schedule, CERTIFIED_COPY) == [
        "Biểu phí: biểu mẫu không có trường 'so_trang' (basis.pages)."
    ]
    assert fee_paths_errors(birth, BIRTH) == [
        f"Biểu phí: biểu mẫu không có trường ngày 'child.ngay_sinh' "
        f"(miễn '{birth['exemptions'][0]['code']}')."
    ]
