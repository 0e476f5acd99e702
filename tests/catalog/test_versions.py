"""Publishing versions: an edit is a new version; old versions stay readable and unchanged."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from motcua.catalog.actions import CatalogError, create_procedure, publish_version
from motcua.catalog.content import ContentError
from motcua.catalog.models import (
    ImmutableVersionError,
    Procedure,
    ProcedureVersion,
    code_at_province,
)
from motcua.catalog.queries import procedure_history, procedure_version

from .conftest import minimal_content

pytestmark = pytest.mark.django_db


def test_publish_version_creates_version_2_and_keeps_version_1(catalog):
    # given
    procedure = Procedure.objects.get(code="2.000635")
    v1 = procedure_version("2.000635")
    v1_content, v1_hash = v1.content(), v1.content_hash
    actor = get_user_model().objects.create_user(username="quantri")
    # when
    v2 = publish_version(
        procedure,
        actor=actor,
        change_note="Điều chỉnh mức phí",
        fee_schedule={"kind": "per_copy", "amount": 9000, "source": "thử nghiệm"},
    )
    # then
    assert (v2.number, v2.is_current, v2.published_by) == (2, True, "quantri")
    assert v2.fee_schedule["amount"] == 9000
    assert v2.name == v1_content["name"]
    old = procedure_version("2.000635", number=1)
    assert old.is_current is False
    assert old.content() == v1_content
    assert old.content_hash == v1_hash == old.compute_hash()
    assert procedure_version("2.000635").pk == v2.pk
    assert [v.number for v in procedure_history("2.000635")] == [1, 2]


def test_publish_version_without_changes_returns_the_current_version(catalog):
    procedure = Procedure.objects.get(code="1.001193")
    current = procedure_version("1.001193")
    again = publish_version(procedure, name=current.name)
    assert again.pk == current.pk
    assert procedure.versions.count() == 1


def test_publish_version_refuses_invalid_content_and_writes_nothing(catalog):
    procedure = Procedure.objects.get(code="2.000908")
    with pytest.raises(ContentError) as error:
        publish_version(procedure, steps=[{"name": "Xử lý", "role": "counter", "hours": 9}])
    assert "vượt thời hạn 8 giờ" in str(error.value)
    assert procedure.versions.count() == 1


def test_publish_version_refuses_an_invalid_time_limit(catalog):
    procedure = Procedure.objects.get(code="1.004222")
    with pytest.raises(ContentError, match="số ngày"):
        publish_version(procedure, time_limit_days=None)


def test_saved_version_cannot_be_modified_or_deleted(catalog):
    version = procedure_version("1.000894")
    version.name = "Tên khác"
    with pytest.raises(ImmutableVersionError):
        version.save()
    with pytest.raises(ImmutableVersionError):
        version.delete()
    assert procedure_version("1.000894").name == "Đăng ký kết hôn"


def test_database_allows_one_current_version_per_procedure(catalog):
    current = procedure_version("1.000656")
    duplicate = ProcedureVersion(
        procedure=current.procedure,
        number=2,
        is_current=True,
        name_folded=current.name_folded,
        **{**current.content(), "same_day_cutoff": current.same_day_cutoff},
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_database_refuses_a_duplicate_version_number(catalog):
    current = procedure_version("1.000656")
    duplicate = ProcedureVersion(
        procedure=current.procedure,
        number=1,
        is_current=False,
        name_folded=current.name_folded,
        **{**current.content(), "same_day_cutoff": current.same_day_cutoff},
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_create_procedure_starts_at_version_1(db):
    version = create_procedure("9.000001", **minimal_content())
    assert (version.procedure.code, version.number, version.is_current) == ("9.000001", 1, True)
    assert version.same_day_cutoff is None
    assert version.name_folded == "thu tuc thu nghiem"


def test_create_procedure_same_day_defaults_to_the_15h_cutoff(db):
    version = create_procedure(
        "9.000002", **minimal_content(time_limit_kind="same_day", time_limit_days=None)
    )
    assert version.time_limit["cutoff"] == "15:00"


def test_create_procedure_refuses_a_bad_or_taken_code(catalog):
    with pytest.raises(CatalogError, match="không đúng dạng"):
        create_procedure("1001193", **minimal_content())
    with pytest.raises(CatalogError, match="Đã có"):
        create_procedure("1.001193", **minimal_content())


def test_code_at_province_appends_the_level1_code(catalog):
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.code_at_province("H99") == "1.001193.000.00.00.H99"
    with pytest.raises(ValueError, match="HNN"):
        code_at_province("1.001193", "25")
