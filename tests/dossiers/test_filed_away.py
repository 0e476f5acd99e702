"""Filed away from home (phi địa giới): the receiving PSC's counter takes the supplement and
hands the result back; it cannot decide the dossier."""

from __future__ import annotations

import pytest

from motcua.dossiers.actions import ACTIONS, DossierError, allowed_actions

from .conftest import VINH_PHUC, receive

pytestmark = pytest.mark.django_db


def _to_supplement(dossier, counter_vp, specialist_vp):
    ACTIONS["transfer"].run(dossier, actor=counter_vp, assignee=specialist_vp.username)
    ACTIONS["request-supplement"].run(
        dossier, actor=specialist_vp, reason="Thiếu giấy tờ.", documents=["Bản sao CCCD"]
    )


def test_receiving_counter_takes_the_supplement(counter_dt, counter_vp, specialist_vp):
    # given Đạo Trù received a dossier that Vĩnh Phúc decides, now waiting for a supplement
    dossier = receive(counter_dt, unit=VINH_PHUC)
    _to_supplement(dossier, counter_vp, specialist_vp)
    # when the citizen comes back to Đạo Trù
    assert "supplement" in allowed_actions(dossier, counter_dt)
    ACTIONS["supplement"].run(dossier, actor=counter_dt, documents=["Bản sao CCCD"])
    # then the clock resumes at the competent commune
    dossier.refresh_from_db()
    assert dossier.state == "processing"


def test_receiving_counter_cannot_transfer_or_decide(counter_dt, counter_vp):
    dossier = receive(counter_dt, unit=VINH_PHUC)
    assert "transfer" not in allowed_actions(dossier, counter_dt)
    assert "transfer" in allowed_actions(dossier, counter_vp)
    with pytest.raises(DossierError) as caught:
        ACTIONS["transfer"].run(dossier, actor=counter_dt, assignee="specialist_vp")
    assert caught.value.status == 403
