"""The bench removes what it wrote: a wipe before generating, and the dossiers its measures
received, with every row pointing at them (signing records of an approval included)."""

from __future__ import annotations

import pytest
from bench.generate import remove_dossiers, wipe

from bench import measures
from motcua.dossiers.actions import ACTIONS
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent, NameWord
from motcua.signing.models import SignedResult, SigningAttempt
from tests.dossiers.conftest import receive


def _returned(counter, specialist, leader) -> Dossier:
    dossier = receive(counter)
    ACTIONS["transfer"].run(dossier, actor=counter, assignee=specialist.username)
    ACTIONS["appraise"].run(dossier, actor=specialist, proposal="approve", note="")
    ACTIONS["approve"].run(dossier, actor=leader)
    ACTIONS["return"].run(
        dossier,
        actor=counter,
        collector_name=dossier.applicant_name,
        collector_id_number=dossier.applicant_id_number,
    )
    return dossier


@pytest.mark.django_db
def test_remove_dossiers_takes_only_those_and_what_points_at_them(
    counter_vp, specialist_vp, leader_vp
):
    kept = receive(counter_vp)
    gone = _returned(counter_vp, specialist_vp, leader_vp)
    assert SignedResult.objects.filter(dossier=gone).exists()
    remove_dossiers([gone.pk])
    assert list(Dossier.objects.all()) == [kept]
    assert not DossierEvent.objects.filter(dossier_id=gone.pk).exists()
    assert not NameWord.objects.filter(dossier_id=gone.pk).exists()
    assert not SigningAttempt.objects.filter(dossier_id=gone.pk).exists()
    assert NameWord.objects.filter(dossier=kept).exists()


@pytest.mark.django_db
def test_wipe_clears_dossiers_with_signing_records(counter_vp, specialist_vp, leader_vp):
    _returned(counter_vp, specialist_vp, leader_vp)
    wipe()
    assert not Dossier.objects.exists()
    assert not SignedResult.objects.exists()
    assert not NameWord.objects.exists()


@pytest.mark.django_db
def test_removed_dossiers_give_their_day_numbers_back(counter_vp):
    # given a kept dossier, then three the bench received and removes
    kept = receive(counter_vp)
    gone = [receive(counter_vp) for _ in range(3)]
    sequence = DailySequence.objects.get(agency=kept.receiving_agency)
    assert sequence.last == 4
    # when
    remove_dossiers([dossier.pk for dossier in gone])
    # then the counter is back at the kept dossier's number, and the next intake follows it
    sequence.refresh_from_db()
    assert sequence.last == int(kept.code[-4:]) == 1
    assert receive(counter_vp).code.endswith("-0002")


@pytest.mark.django_db
def test_raw_copies_go_by_id_and_an_interrupted_runs_with_the_next(counter_vp, monkeypatch):
    # given two received dossiers and their words and events
    ids = [receive(counter_vp).pk for _ in range(2)]
    counts = (Dossier.objects.count(), DossierEvent.objects.count(), NameWord.objects.count())

    def now() -> tuple[int, int, int]:
        return (Dossier.objects.count(), DossierEvent.objects.count(), NameWord.objects.count())

    # when a run of raw copies is interrupted before its cleanup
    monkeypatch.setattr(measures, "_remove_raw_copies", lambda ids: None)
    assert measures.measure_raw_insert(ids, 10).count == 2
    assert now()[0] == counts[0] + 2
    monkeypatch.undo()
    # and the next run completes
    assert measures.measure_raw_insert(ids, 10).count == 2
    # then neither run's copies, events, words nor day numbers are left
    assert now() == counts
    assert not DailySequence.objects.filter(day=measures.RAW_DAY).exists()
    assert Dossier.objects.filter(pk__in=ids).count() == 2
