"""Loading the bundled catalog: the twelve DOMAIN.md procedures, exact facts, idempotence."""

from __future__ import annotations

import re
from datetime import time

import pytest
from django.core.management import call_command

from motcua.catalog.actions import CatalogError, load_catalog
from motcua.catalog.content import ContentError
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.queries import procedure_version

pytestmark = pytest.mark.django_db

DOMAIN_CODES = {
    "1.001193",
    "1.000656",
    "1.000894",
    "1.004873",
    "2.000635",
    "2.000815",
    "2.000884",
    "2.000908",
    "1.004222",
    "1.004884",
    "1.004859",
    "1.001776",
}


def _current(code: str) -> ProcedureVersion:
    version = procedure_version(code)
    assert version is not None
    return version


def test_load_creates_the_twelve_domain_procedures(catalog):
    # given / when: the catalog has been loaded (once per session, then by the fixture)
    # then every DOMAIN.md procedure exists in version 1, created by one of the loads
    assert set(Procedure.objects.values_list("code", flat=True)) >= DOMAIN_CODES
    assert set(catalog.created) | set(catalog.unchanged) >= DOMAIN_CODES
    assert ProcedureVersion.objects.filter(is_current=True).count() == Procedure.objects.count()
    assert not ProcedureVersion.objects.exclude(number=1).exists()


@pytest.mark.parametrize(
    "code", ["1.001193", "1.000656", "2.000635", "2.000815", "2.000884", "2.000908"]
)
def test_load_same_day_procedures_have_the_15h_cutoff(catalog, code):
    version = _current(code)
    assert version.time_limit_kind == "same_day"
    assert version.same_day_cutoff == time(15, 0)
    assert version.time_limit_days is None
    assert version.time_limit["cutoff"] == "15:00"


def test_load_marriage_is_same_day_with_a_5_day_limit_when_verified(catalog):
    version = _current("1.000894")
    assert version.time_limit_kind == "same_day"
    assert version.extended_limit_days == 5
    assert version.extended_limit_condition
    assert version.fee_schedule["kind"] == "free"


@pytest.mark.parametrize(
    ("code", "days", "unverified"),
    [("1.004873", 3, True), ("1.004222", 7, False), ("1.001776", 10, False)],
)
def test_load_working_day_limits_match_domain(catalog, code, days, unverified):
    version = _current(code)
    assert version.time_limit == {
        "kind": "working_days",
        "days": days,
        "cutoff": None,
        "extended_days": None,
        "extended_condition": "",
        "note": version.time_limit_note,
        "unverified": unverified,
    }


def test_load_fees_match_domain_exactly(catalog):
    assert _current("2.000815").fee_schedule["pages"] == [
        {"from_page": 1, "to_page": 2, "amount": 2000},
        {"from_page": 3, "to_page": None, "amount": 1000},
    ]
    assert _current("2.000815").fee_schedule["cap"] == 200_000
    assert _current("2.000635").fee_schedule | {"source": ""} == {
        "kind": "per_copy",
        "amount": 8000,
        "basis": {"copies": "copies"},
        "source": "",
    }
    residence = _current("1.004222").fee_schedule
    assert (residence["kind"], residence["amount"], residence["online_amount"]) == (
        "flat",
        20_000,
        10_000,
    )
    signature = _current("2.000884").fee_schedule
    assert (signature["amount"], signature["unverified"]) == (10_000, True)
    assert _current("1.001776").fee_schedule["kind"] == "free"
    assert _current("2.000908").fee_schedule["kind"] == "free"


def test_load_birth_and_death_are_free_on_time_and_provincial_rate_otherwise(catalog):
    for code in ("1.001193", "1.000656"):
        schedule = _current(code).fee_schedule
        assert schedule["kind"] == "provincial_rate"
        assert "amount" not in schedule
        assert "on_time" in {exemption["code"] for exemption in schedule["exemptions"]}
    birth = _current("1.001193").fee_schedule["exemptions"][0]["condition"]
    assert "60 ngày" in birth


def test_load_marital_status_certificate_is_flagged_unverified(catalog):
    version = _current("1.004873")
    assert version.time_limit_unverified is True
    assert version.fee_schedule["kind"] == "provincial_rate"
    assert "amount" not in version.fee_schedule
    assert any(item["unverified"] and "3 working days" in item["fact"] for item in version.sources)


@pytest.mark.parametrize("code", ["1.004884", "1.004859"])
def test_load_blank_domain_facts_stay_not_stated(catalog, code):
    version = _current(code)
    assert version.time_limit_kind == "not_stated"
    assert version.time_limit_days is None
    assert version.same_day_cutoff is None
    assert "không nêu" in version.time_limit_note
    assert version.fee_schedule["kind"] == "not_stated"
    assert "không nêu" in version.fee_schedule["note"]
    assert all(step["hours"] is None for step in version.steps)


def test_load_certification_steps_follow_the_domain_example(catalog):
    steps = _current("2.000908").steps
    assert [(step["role"], step["hours"]) for step in steps] == [
        ("counter", 2),
        ("specialist", 3),
        ("leader", 2),
        ("counter", 1),
    ]


def test_load_every_fact_names_its_source(catalog):
    for version in ProcedureVersion.objects.filter(is_current=True):
        assert version.sources, version.procedure.code
        assert any("DOMAIN.md" in item["source"] for item in version.sources)
        assert version.fee_schedule.get("source")
        assert version.legal_basis


def test_load_again_changes_nothing(catalog):
    # given
    before = list(ProcedureVersion.objects.values_list("pk", "content_hash", "is_current"))
    # when
    report = load_catalog()
    # then
    assert report.created == []
    assert report.new_versions == []
    assert set(report.unchanged) >= DOMAIN_CODES
    after = list(ProcedureVersion.objects.values_list("pk", "content_hash", "is_current"))
    assert after == before


def test_load_changed_data_publishes_a_new_version_only_for_that_procedure(catalog, entries):
    # given
    for entry in entries:
        if entry["code"] == "1.004222":
            entry["time_limit_days"] = 6
            entry["steps"][1]["hours"] = 32
    # when
    report = load_catalog(entries)
    # then
    assert report.new_versions == ["1.004222"]
    assert _current("1.004222").number == 2
    assert procedure_version("1.004222", number=1).time_limit_days == 7
    assert ProcedureVersion.objects.filter(procedure__code="1.001193").count() == 1


def test_load_a_bad_entry_loads_nothing(db, entries):
    # given a file whose first entry is a valid edit and whose last entry is broken
    versions_before = ProcedureVersion.objects.count()
    entries[0]["name"] = entries[0]["name"] + " (sửa)"
    entries[-1]["fee_schedule"] = {"kind": "per_copy"}
    # when / then the load is refused and not even the valid edit is saved
    with pytest.raises(ContentError, match=re.escape(entries[-1]["code"])):
        load_catalog(entries)
    assert ProcedureVersion.objects.count() == versions_before
    assert not ProcedureVersion.objects.exclude(number=1).exists()


def test_load_duplicate_codes_are_refused(db, entries):
    with pytest.raises(CatalogError, match=re.escape("1.001193")):
        load_catalog([*entries, entries[0]])


def test_load_command_is_idempotent(db, capsys):
    # when
    call_command("catalog", "load")
    call_command("catalog", "load")
    # then
    out = capsys.readouterr().out.splitlines()
    # the session already loaded the catalog, so both runs change nothing
    assert out == ["Thủ tục: 0 mới, 0 có phiên bản mới, 12 không đổi."] * 2
