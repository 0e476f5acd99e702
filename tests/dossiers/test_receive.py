"""receive_dossier: counter intake, codes, validation, idempotency, due times, snapshot."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from motcua.catalog.queries import procedure_version
from motcua.dossiers.actions import (
    DossierConflictError,
    DossierInvalidError,
    DossierPermissionError,
    receive_dossier_outcome,
)
from motcua.dossiers.choices import State, Status
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent
from motcua.workcal.queries import calendar_for

from .conftest import (
    APPLICANT,
    BIRTH,
    DAO_TRU,
    RESIDENCE,
    VINH_PHUC,
    WEDNESDAY,
    at,
    form_example,
    mandatory_documents,
    receive,
)


def test_receive_gives_gap_free_codes_of_the_agency_and_day(counter_vp, vp_ecode):
    # given a counter officer of Phường Vĩnh Phúc, on a working day
    received_at = at(WEDNESDAY, 9)

    # when two dossiers are received
    first = receive(counter_vp, received_at=received_at)
    second = receive(counter_vp, received_at=at(WEDNESDAY, 9, 5))

    # then the codes are <PSC e-code>-YYMMDD-0001 and -0002
    assert first.code == f"{vp_ecode}-251126-0001"
    assert second.code == f"{vp_ecode}-251126-0002"
    assert re.fullmatch(r"\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}", first.code)
    assert first.status == Status.RECEIVED
    assert first.state == State.RECEIVED
    assert first.version == 1
    assert first.received_by == counter_vp


def test_receive_numbering_restarts_each_day(counter_vp, vp_ecode):
    receive(counter_vp, received_at=at(WEDNESDAY, 9))
    next_day = receive(counter_vp, received_at=at(WEDNESDAY.replace(day=27), 9))
    assert next_day.code == f"{vp_ecode}-251127-0001"


def test_receive_other_commune_uses_receiving_psc_code(counter_dt, dt_ecode, vp_ecode):
    # given a counter officer of Xã Đạo Trù
    # when they receive a dossier that Phường Vĩnh Phúc settles (phi địa giới)
    dossier = receive(counter_dt, unit=VINH_PHUC, received_at=at(WEDNESDAY, 10))

    # then the competent unit is Vĩnh Phúc and the code is Đạo Trù's PSC's
    assert dossier.unit_id == VINH_PHUC
    assert dossier.receiving_agency.unit_id == DAO_TRU
    assert dossier.code.startswith(dt_ecode + "-")
    assert not dossier.code.startswith(vp_ecode)


@pytest.mark.parametrize("persona", ["specialist_vp", "leader_vp", "citizen", "volunteer"])
def test_receive_refused_without_counter_role(request, persona, counter_vp):
    # given someone without the counter role
    user = request.getfixturevalue(persona)

    # when they try to receive, then 403 and nothing is saved
    with pytest.raises(DossierPermissionError) as caught:
        receive(user)
    assert caught.value.status == 403
    assert "một cửa" in caught.value.message
    assert not Dossier.objects.exists()
    # and the counter officer of the same commune may
    assert receive(counter_vp).pk


def test_receive_refuses_unit_outside_province(counter_vp):
    with pytest.raises(DossierInvalidError) as caught:
        receive(counter_vp, unit="00004")  # a ward of Hà Nội
    assert caught.value.status == 422
    assert "unit" in caught.value.errors
    assert "trong tỉnh" in caught.value.errors["unit"][0]


def _assert_invalid(counter_vp, field: str, **overrides) -> DossierInvalidError:
    with pytest.raises(DossierInvalidError) as caught:
        receive(counter_vp, **overrides)
    assert field in caught.value.errors, caught.value.errors
    assert not Dossier.objects.exists()
    assert not DossierEvent.objects.exists()
    return caught.value


def test_receive_invalid_input_saves_nothing_and_uses_no_number(counter_vp, vp_ecode):
    received_at = at(WEDNESDAY, 9)
    # given invalid ID number, e-form data, documents, phone, email
    error = _assert_invalid(
        counter_vp,
        "applicant.id_number",
        applicant=replace(APPLICANT, id_number="02509012345"),
        received_at=received_at,
    )
    assert "12 chữ số" in error.errors["applicant.id_number"][0]
    _assert_invalid(
        counter_vp,
        "applicant.id_number",
        applicant=replace(APPLICANT, id_number="025290123456"),  # born 2090 ≠ 1990
    )
    _assert_invalid(counter_vp, "applicant.full_name", applicant=replace(APPLICANT, full_name=" "))
    _assert_invalid(counter_vp, "applicant.phone", applicant=replace(APPLICANT, phone="912000111"))
    _assert_invalid(counter_vp, "applicant.email", applicant=replace(APPLICANT, email="an@"))
    _assert_invalid(counter_vp, "data", data={"unknown": 1})
    missing = _assert_invalid(counter_vp, "documents", documents=mandatory_documents(BIRTH)[1:])
    assert "Thiếu giấy tờ bắt buộc" in missing.errors["documents"][-1]
    _assert_invalid(
        counter_vp,
        "documents",
        documents=[*mandatory_documents(BIRTH), {"document": "khong-co", "originals": 1}],
    )

    # then the sequence was not consumed: the next good dossier is 0001
    assert receive(counter_vp, received_at=received_at).code == f"{vp_ecode}-251126-0001"
    assert DailySequence.objects.get().last == 1


def test_receive_idempotency_key_replays_first_dossier(counter_vp, counter_dt):
    # given a dossier received with a key
    first = receive_dossier_outcome(
        actor=counter_vp,
        procedure=BIRTH,
        unit=VINH_PHUC,
        channel=1,
        applicant=APPLICANT,
        data=form_example(BIRTH),
        documents=mandatory_documents(BIRTH),
        idempotency_key="k-1",
    )
    # when the same officer retries with the same key
    again = receive_dossier_outcome(
        actor=counter_vp,
        procedure=BIRTH,
        unit=VINH_PHUC,
        channel=1,
        applicant=APPLICANT,
        data=form_example(BIRTH),
        documents=mandatory_documents(BIRTH),
        idempotency_key="k-1",
    )
    # then the first dossier comes back and nothing new is made
    assert first.created and not again.created
    assert again.dossier.pk == first.dossier.pk
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1
    # but another officer's same key is another request
    other = receive(counter_dt, idempotency_key="k-1")
    assert other.pk != first.dossier.pk


def test_receive_idempotency_key_with_other_content_is_refused(counter_vp):
    # given a dossier received with a key
    first = receive(counter_vp, idempotency_key="k-2")

    # when the same key comes back with a corrected applicant (not a retry)
    with pytest.raises(DossierConflictError) as refused:
        receive(counter_vp, idempotency_key="k-2", applicant=replace(APPLICANT, full_name="Lê B"))

    # then it is refused naming the earlier dossier, and nothing is saved
    assert first.code in refused.value.message
    assert refused.value.outcome == "key_reused"
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    ("hour", "minute", "due_day", "due_hour"),
    [(14, 0, 26, 17), (14, 59, 26, 17), (15, 0, 27, 17), (15, 30, 27, 17)],
)
def test_receive_same_day_procedure_due(counter_vp, hour, minute, due_day, due_hour):
    dossier = receive(counter_vp, received_at=at(WEDNESDAY, hour, minute))
    assert dossier.due_at == at(WEDNESDAY.replace(day=due_day), due_hour)


def test_receive_same_day_friday_after_cutoff_is_due_monday(counter_vp):
    friday = WEDNESDAY.replace(day=28)
    dossier = receive(counter_vp, received_at=at(friday, 15, 30))
    assert dossier.due_at == at(WEDNESDAY.replace(month=12, day=1), 17)


def test_receive_working_days_procedure_due_through_workcal(counter_vp):
    received_at = at(WEDNESDAY, 9)
    dossier = receive(counter_vp, procedure=RESIDENCE, received_at=received_at)
    calendar = calendar_for()
    assert dossier.due_at == calendar.add_working_hours(received_at, 7 * 8)
    assert dossier.due_at == calendar.add_working_days(received_at, 7)
    assert calendar.working_time_between(received_at, dossier.due_at).total_seconds() == 56 * 3600


def test_receive_keeps_snapshot_and_fee(counter_vp):
    # given the residence procedure: 20.000 đồng in person, 10.000 online
    version = procedure_version(RESIDENCE)
    assert version is not None

    in_person = receive(counter_vp, procedure=RESIDENCE)
    online = receive(counter_vp, procedure=RESIDENCE, channel=2)

    assert in_person.fee == 20000
    assert online.fee == 10000
    assert in_person.snapshot["version"] == version.number
    assert in_person.snapshot["content_hash"] == version.content_hash
    assert in_person.snapshot["time_limit"]["days"] == 7
    assert in_person.snapshot["steps"] == version.steps
    assert in_person.snapshot["fee_schedule"] == version.fee_schedule


def test_receive_fee_not_stated_is_zero_with_note_or_entered(counter_vp):
    # given a procedure whose fee is at the provincial rate (marital status certificate)
    version = procedure_version("1.004873")
    assert version is not None
    kind = version.fee_schedule["kind"]
    assert kind in {"provincial_rate", "not_stated"}

    unknown = receive(counter_vp, procedure="1.004873")
    entered = receive(counter_vp, procedure="1.004873", fee=15000)

    assert unknown.fee == 0
    assert "cán bộ nhập" in unknown.fee_note
    assert entered.fee == 15000


def test_receive_refuses_naive_or_future_received_at(counter_vp):
    with pytest.raises(DossierInvalidError) as future:
        receive(counter_vp, received_at=timezone.now() + timedelta(hours=1))
    assert "tương lai" in future.value.errors["received_at"][0]
    with pytest.raises(DossierInvalidError) as naive:
        receive(counter_vp, received_at=datetime(2025, 11, 26, 9))  # noqa: DTZ001
    assert "múi giờ" in naive.value.errors["received_at"][0]
    assert DossierEvent.objects.count() == 0


def test_receive_own_commune_allowed(counter_dt):
    # given Đạo Trù's own commune as the competent unit: allowed too
    dossier = receive(counter_dt, unit=DAO_TRU)
    assert dossier.unit_id == DAO_TRU
