"""The hot paths of intake and the lifecycle written for speed (issue 7, docs/performance.md)
answer exactly what the plain ORM answered: the current procedure version, the receiving
PSC, the actor's standing, the calendar version, and the caller's copy after an action."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.actions import add_position, create_official
from motcua.accounts.choices import Role, Title
from motcua.accounts.queries import scope_unit_codes, standing_of
from motcua.catalog.actions import publish_version
from motcua.catalog.models import Procedure
from motcua.catalog.queries import live_version, procedure_version
from motcua.dossiers.actions import ACTIONS, DossierPermissionError, receiving_agency_of
from motcua.dossiers.models import Dossier
from motcua.units.choices import AgencyKind
from motcua.units.models import Agency

from .conftest import BIRTH, DAO_TRU, VINH_PHUC, receive


@pytest.mark.django_db
def test_live_version_follows_publication_and_deactivation():
    first = live_version(BIRTH)
    assert first is not None and first.pk == procedure_version(BIRTH).pk
    procedure = Procedure.objects.get(code=BIRTH)
    second = publish_version(procedure, change_note="test", name=first.name + " (sửa đổi)")
    again = live_version(BIRTH)
    assert again is not None and again.pk == second.pk and again.number == first.number + 1
    Procedure.objects.filter(pk=procedure.pk).update(is_active=False)
    assert live_version(BIRTH) is None
    assert live_version("9.999999") is None


@pytest.mark.django_db
def test_live_version_gives_each_caller_its_own_copy():
    one = live_version(BIRTH)
    assert one is not None
    one.name = "đã bị sửa trong bộ nhớ"
    two = live_version(BIRTH)
    assert two is not None and two.name != one.name and two is not one


@pytest.mark.django_db
def test_receiving_agency_is_the_named_psc_or_the_communes_psc():
    named = create_official(
        "quay_a",
        full_name="Quầy A",
        unit=VINH_PHUC,
        role=Role.COUNTER,
        title=Title.OFFICER,
        agency=AgencyKind.PSC,
    ).user
    assert receiving_agency_of(named) == Agency.objects.get(unit_id=VINH_PHUC, kind="psc")
    # A counter position naming no agency receives at its commune's PSC.
    official = create_official(
        "quay_b", full_name="Quầy B", unit=DAO_TRU, role=Role.COUNTER, title=Title.OFFICER
    )
    assert receiving_agency_of(official.user) == Agency.objects.get(unit_id=DAO_TRU, kind="psc")
    # Kiêm nhiệm in two communes: the first by commune code.
    add_position(official, unit=VINH_PHUC, role=Role.COUNTER, title=Title.OFFICER)
    assert receiving_agency_of(official.user).unit_id == min(VINH_PHUC, DAO_TRU)


@pytest.mark.django_db
def test_receiving_agency_refusals_say_why(specialist_vp):
    with pytest.raises(DossierPermissionError, match="Chỉ cán bộ bộ phận một cửa"):
        receiving_agency_of(specialist_vp)
    counter = create_official(
        "quay_c", full_name="Quầy C", unit=VINH_PHUC, role=Role.COUNTER, title=Title.OFFICER
    ).user
    Agency.objects.filter(unit_id=VINH_PHUC, kind="psc").update(is_active=False)
    with pytest.raises(DossierPermissionError, match="chưa được bố trí"):
        receiving_agency_of(counter)


@pytest.mark.django_db
def test_standing_answers_roles_and_scope_from_one_query(counter_vp, province_supervisor):
    with CaptureQueriesContext(connection) as captured:
        standing = standing_of(counter_vp)
        roles = standing.roles_in(VINH_PHUC)
        elsewhere = standing.roles_in(DAO_TRU)
        codes = standing.scope_codes()
    assert len(captured.captured_queries) == 1
    assert roles == {Role.COUNTER} and elsewhere == frozenset()
    assert codes == scope_unit_codes(counter_vp) == {VINH_PHUC}
    assert standing_of(province_supervisor).scope_codes() == scope_unit_codes(province_supervisor)
    assert len(standing_of(province_supervisor).scope_codes()) > 100


@pytest.mark.django_db
def test_action_updates_the_callers_copy_like_a_reload(counter_vp, specialist_vp):
    dossier = receive(counter_vp)
    ACTIONS["transfer"].run(dossier, actor=counter_vp, assignee=specialist_vp.username)
    fresh = Dossier.objects.get(pk=dossier.pk)
    for field in Dossier._meta.concrete_fields:
        assert getattr(dossier, field.attname) == getattr(fresh, field.attname), field.name
    assert dossier.assignee == specialist_vp
