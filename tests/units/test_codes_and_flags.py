"""Loading the province's agency e-codes from CSV, and a commune's optional bodies."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from motcua.units.actions import CodeFileError, load_agency_codes, set_unit_flags
from motcua.units.choices import AgencyKind
from motcua.units.models import Agency, Unit

pytestmark = pytest.mark.django_db

HEADER = "unit_code,agency,ecode\n"


def test_load_codes_assigns_real_codes_and_clears_demo_flag():
    report = load_agency_codes(HEADER + "08914,psc,000.21.25.H42\n8716,psc,000.22.25.H42\n")
    assert report.assigned == 2
    psc = Agency.objects.get(unit_id="08914", kind=AgencyKind.PSC)
    assert (psc.ecode, psc.ecode_is_demo) == ("000.21.25.H42", False)
    assert Agency.objects.get(unit_id="08716", kind=AgencyKind.PSC).ecode == "000.22.25.H42"


def test_load_codes_accepts_vietnamese_agency_names():
    load_agency_codes(HEADER + "08914,Ủy ban nhân dân,000.20.25.H42\n")
    agency = Agency.objects.get(unit_id="08914", kind=AgencyKind.PEOPLES_COMMITTEE)
    assert agency.ecode == "000.20.25.H42"


def test_load_codes_rerun_changes_nothing():
    csv_text = HEADER + "08914,psc,000.21.25.H42\n"
    load_agency_codes(csv_text)
    report = load_agency_codes(csv_text)
    assert (report.assigned, report.unchanged) == (0, 1)


def test_load_codes_with_errors_saves_nothing_and_names_lines():
    before = dict(Agency.objects.filter(unit_id="08914").values_list("kind", "ecode"))
    bad = (
        HEADER
        + "08914,psc,000.21.25.H42\n"  # fine
        + "08914,office,21.25.H42\n"  # bad shape
        + "99998,psc,000.23.25.H42\n"  # no such unit
        + "08914,economic,000.21.25.H42\n"  # duplicate of line 2
        + "08914,kho bac,000.24.25.H42\n"  # unknown kind
    )
    with pytest.raises(CodeFileError) as caught:
        load_agency_codes(bad)
    errors = caught.value.errors
    assert [error.split(":")[0] for error in errors] == ["Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"]
    after = dict(Agency.objects.filter(unit_id="08914").values_list("kind", "ecode"))
    assert after == before


def test_load_codes_takes_a_code_a_demo_agency_held_and_regenerates_its_demo_code():
    demo_holder = Agency.objects.get(unit_id="08716", kind=AgencyKind.OFFICE)
    taken = demo_holder.ecode
    load_agency_codes(HEADER + f"08914,psc,{taken}\n")
    demo_holder.refresh_from_db()
    assert Agency.objects.get(unit_id="08914", kind=AgencyKind.PSC).ecode == taken
    assert demo_holder.ecode is not None
    assert demo_holder.ecode != taken
    assert demo_holder.ecode_is_demo


def test_load_codes_refuses_a_code_another_real_agency_holds():
    load_agency_codes(HEADER + "08716,psc,000.22.25.H42\n")
    with pytest.raises(CodeFileError) as caught:
        load_agency_codes(HEADER + "08914,psc,000.22.25.H42\n")
    assert "đã thuộc về" in caught.value.errors[0]


def test_load_codes_command_reports_errors_in_vietnamese(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text(HEADER + "08914,psc,bad\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng 2"):
        call_command("units", "load-codes", str(path))
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "08914,psc,000.21.25.H42\n", encoding="utf-8")
    call_command("units", "load-codes", str(good))
    assert Agency.objects.get(unit_id="08914", kind=AgencyKind.PSC).ecode == "000.21.25.H42"


def test_flags_create_and_deactivate_optional_agencies():
    unit = Unit.objects.get(code="08914")
    set_unit_flags(unit, has_public_service_centre=True, has_health_station=True)
    kinds = set(Agency.objects.filter(unit=unit, is_active=True).values_list("kind", flat=True))
    assert {"public_service_centre", "health_station"} <= kinds
    station = Agency.objects.get(unit=unit, kind=AgencyKind.HEALTH_STATION)
    assert station.name == "Trạm Y tế xã Đạo Trù"
    assert station.ecode_is_demo
    set_unit_flags(unit, has_health_station=False)
    station.refresh_from_db()
    assert station.is_active is False


def test_flags_refused_for_a_province():
    with pytest.raises(ValueError, match="cấp xã"):
        set_unit_flags(Unit.objects.get(code="25"), has_health_station=True)


def test_units_set_command():
    call_command("units", "set", "8914", "--public-service-centre", "yes")
    assert Unit.objects.get(code="08914").has_public_service_centre
    with pytest.raises(CommandError):
        call_command("units", "set", "12345678", "--health-station", "yes")


def test_load_codes_refuses_control_characters_naming_line_and_column():
    with pytest.raises(CodeFileError) as caught:
        load_agency_codes(HEADER + "08914\x00,psc,000.21.25.H42\n")
    assert "Dòng 2, cột unit_code: Có ký tự điều khiển không được phép (mã U+0000)." in str(
        caught.value.errors
    )
