"""The bench's samples are drawn evenly over the whole history (bench/generate.py
`spread_sample`): lookups, ID searches and name searches that only ever touched the oldest
(or the newest) dossiers would measure a part of the tables that stays cached."""

from __future__ import annotations

import random

import pytest
from django.conf import settings

from bench import generate, staff
from motcua.dossiers.models import Dossier


@pytest.fixture
def history(db):
    places = generate.province_places(settings.MOTCUA_PROVINCE)
    busiest = sorted(places, key=lambda place: (-place.weight, place.code))[:3]
    crews = staff.ensure_staff([place.code for place in busiest], settings.MOTCUA_PROVINCE)
    generate.generate(900, seed=5, staff=crews, progress=False)
    return [place.code for place in busiest]


def _thirds(pks: list[int]) -> set[int]:
    low, high = Dossier.objects.order_by("pk")[0].pk, Dossier.objects.order_by("-pk")[0].pk
    return {min(2, (pk - low) * 3 // (high - low + 1)) for pk in pks}


def test_spread_sample_covers_the_oldest_middle_and_newest_history(history):
    # given 900 dossiers of history
    # when 60 codes are drawn for the public lookups
    codes = generate.codes_sample(random.Random(1), 60)
    # then they are 60 different dossiers from every third of the history
    assert len(set(codes)) == 60
    pks = list(Dossier.objects.filter(code__in=codes).values_list("pk", flat=True))
    assert _thirds(pks) == {0, 1, 2}


def test_spread_sample_of_some_units_keeps_to_them_and_spans_the_history(history):
    # given the searches of one commune's counter
    unit = history[0]
    # when applicants are drawn for its searches
    rows = generate.spread_sample(
        random.Random(2),
        30,
        ["pk", "unit_id", "applicant_name_folded"],
        [unit],
    )
    # then every one is of that commune, and they span the history
    assert len(rows) == 30
    assert {row[1] for row in rows} == {unit}
    assert _thirds([row[0] for row in rows]) == {0, 1, 2}


def test_spread_sample_is_reproducible_and_never_more_than_there_is(history):
    # given a seed
    # when the same sample is drawn twice, and a sample larger than the table
    first = generate.codes_sample(random.Random(3), 40)
    again = generate.codes_sample(random.Random(3), 40)
    everything = generate.codes_sample(random.Random(3), 5_000)
    # then it is the same, and the large one holds each dossier once
    assert first == again
    assert len(everything) == len(set(everything)) == Dossier.objects.count()
