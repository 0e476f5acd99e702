"""Importing units from vietnam-provinces: counts, codes, idempotence, agencies."""

from __future__ import annotations

import pytest

from motcua.units.actions import import_units
from motcua.units.choices import AgencyKind, Level
from motcua.units.models import Agency, Unit

pytestmark = pytest.mark.django_db


def test_import_has_all_provinces_and_communes():
    assert Unit.objects.filter(level=Level.PROVINCE).count() == 34
    assert Unit.objects.filter(level=Level.COMMUNE).count() == 3321
    assert Unit.objects.filter(parent_id="25").count() == 148


def test_import_codes_are_zero_padded_strings():
    dao_tru = Unit.objects.get(code="08914")
    assert dao_tru.name == "Xã Đạo Trù"
    assert dao_tru.parent_id == "25"
    assert Unit.objects.get(code="25").name == "Tỉnh Phú Thọ"
    assert Unit.objects.get(code="01").level == Level.PROVINCE


def test_import_is_idempotent_and_keeps_references():
    psc = Agency.objects.get(unit_id="08914", kind=AgencyKind.PSC)
    report = import_units()
    assert report.created == 0
    assert report.updated == 0
    assert report.agencies_created == 0
    assert report.demo_codes_assigned == 0
    again = Agency.objects.get(unit_id="08914", kind=AgencyKind.PSC)
    assert (again.pk, again.ecode) == (psc.pk, psc.ecode)


def test_import_repairs_a_renamed_unit_and_reactivates_it():
    Unit.objects.filter(code="08914").update(name="Tên cũ", is_active=False)
    report = import_units()
    assert report.updated == 1
    unit = Unit.objects.get(code="08914")
    assert unit.name == "Xã Đạo Trù"
    assert unit.is_active


def test_import_deactivates_a_unit_the_package_no_longer_lists():
    Unit.objects.create(
        code="99999",
        name="Xã Đã Sáp Nhập",
        name_folded="xa da sap nhap",
        level=Level.COMMUNE,
        division_type="xã",
        parent_id="25",
    )
    report = import_units()
    assert report.deactivated == 1
    assert Unit.objects.get(code="99999").is_active is False


def test_every_commune_has_its_five_standard_agencies():
    assert Agency.objects.filter(is_active=True).count() == 3321 * 5
    kinds = set(Agency.objects.filter(unit_id="08716").values_list("kind", flat=True))
    assert kinds == {"peoples_committee", "office", "economic", "culture_society", "psc"}


def test_ward_economic_division_has_urban_name():
    ward = Agency.objects.get(unit_id="08716", kind=AgencyKind.ECONOMIC)
    commune = Agency.objects.get(unit_id="08914", kind=AgencyKind.ECONOMIC)
    assert ward.name == "Phòng Kinh tế - Hạ tầng - Đô thị phường Vĩnh Phúc"
    assert commune.name == "Phòng Kinh tế xã Đạo Trù"


def test_demo_codes_have_qcvn102_shape_and_are_marked_demo():
    codes = list(Agency.objects.values_list("ecode", "ecode_is_demo"))
    assert all(demo for _, demo in codes)
    assert len({code for code, _ in codes}) == len(codes)
    psc = Agency.objects.get(unit_id="08914", kind=AgencyKind.PSC)
    assert psc.ecode is not None
    assert psc.ecode.endswith(".H25")
