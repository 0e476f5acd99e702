"""Dossier codes: shape for any agency and day, and gap-free numbers under concurrency."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from django.db import connection, connections
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.models import CODE_REGEX, DailySequence, Dossier
from motcua.dossiers.numbering import dossier_code

from .conftest import DAO_TRU, receive

ECODES = st.from_regex(r"\A\d{3}\.\d{2}\.\d{2}\.H\d{2}\Z")


@given(ecode=ECODES, day=st.dates(date(2000, 1, 1), date(2099, 12, 31)), n=st.integers(1, 9999))
def test_dossier_code_shape_and_parts(ecode, day, n):
    code = dossier_code(ecode, day, n)
    assert re.fullmatch(CODE_REGEX, code)
    prefix, yymmdd, number = code.rsplit("-", 2)
    assert prefix == ecode
    assert yymmdd == day.strftime("%y%m%d")
    assert int(number) == n


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (SELECT FOR UPDATE); SQLite serialises all writers",
)
def test_concurrent_receives_get_consecutive_numbers(master_data_restored, transactional_db):
    # given two counter officers of one PSC
    from motcua.accounts.actions import add_position, create_official

    first_officer = create_official(
        "counter_a", full_name="Cán bộ A", unit=DAO_TRU, role="counter", agency="psc"
    )
    second_officer = create_official(
        "counter_b", full_name="Cán bộ B", unit=DAO_TRU, role="specialist", agency="psc"
    )
    add_position(second_officer, unit=DAO_TRU, role="counter", agency="psc")
    barrier = threading.Barrier(2)
    codes: list[str] = []
    errors: list[BaseException] = []

    def work(user) -> None:
        try:
            barrier.wait(timeout=10)
            codes.append(receive(user, unit=DAO_TRU).code)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    # when both receive at the same moment
    threads = [
        threading.Thread(target=work, args=(officer.user,))
        for officer in (first_officer, second_officer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then one gets 0001 and the other 0002, and the day's counter says 2
    assert errors == []
    assert sorted(code[-4:] for code in codes) == ["0001", "0002"]
    assert Dossier.objects.count() == 2
    assert DailySequence.objects.get().last == 2
