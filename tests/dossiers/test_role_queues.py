"""The role queues (issue 22): the centre's "Chờ tiếp nhận trực tuyến", the leader's "Chờ tôi
phê duyệt / ký số", the counter's "Chờ trả kết quả"; their counts on the official's start
page; and the intake offering a person's pending online dossier instead of a second one.

Every queue is checked for the official who should see it and for one who should not (an
official of another commune, or of the same commune in another role)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.actions import create_official
from motcua.accounts.choices import Role, Title
from motcua.catalog.queries import procedure_version
from motcua.dossiers.actions import (
    Applicant,
    OnlineFile,
    accept,
    appraise,
    approve,
    submit_online,
    transfer,
)
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import queue_counts, work_queue
from motcua.units.choices import AgencyKind

from .conftest import APPLICANT, BIRTH, DAO_TRU, VINH_PHUC, form_example, receive
from .pages import intake_post

PDF = b"%PDF-1.4\n% test file\n"


def codes(rows) -> list[str]:
    return [dossier.code for dossier in rows]


def file_online(citizen, unit: str = VINH_PHUC, applicant: Applicant = APPLICANT) -> Dossier:
    """A citizen files a birth registration online (status 1), as the wizard does."""
    version = procedure_version(BIRTH)
    assert version is not None
    files = [
        OnlineFile(document=doc["id"], name=f"{doc['id']}.pdf", content=PDF + doc["id"].encode())
        for doc in version.required_documents
        if doc["mandatory"] and not doc["id"].startswith("to-khai")
    ]
    return submit_online(
        actor=citizen,
        procedure=BIRTH,
        unit=unit,
        applicant=applicant,
        data=form_example(BIRTH),
        files=files,
    )


@pytest.fixture
def leader_dt(db):
    return create_official(
        "leader_dt",
        full_name="Vũ Văn Toàn",
        unit=DAO_TRU,
        role=Role.LEADER,
        title=Title.CHAIRMAN,
        agency=AgencyKind.PEOPLES_COMMITTEE,
    ).user


def awaiting_approval(counter, specialist) -> Dossier:
    dossier = transfer(receive(counter), actor=counter, assignee_username=specialist.username)
    return appraise(dossier, actor=specialist, proposal="approve", note="Đủ điều kiện")


# --- the queues ---------------------------------------------------------------------------


def test_online_queue_holds_what_the_centre_must_receive_and_no_other_communes(
    citizen, counter_vp, counter_dt
):
    # given a dossier filed online for Vĩnh Phúc and one for Đạo Trù, and one at the counter
    ours = file_online(citizen)
    theirs = file_online(citizen, unit=DAO_TRU)
    receive(counter_vp)
    # then each centre's queue holds its own, and not the other's
    assert codes(work_queue(counter_vp, "online")) == [ours.code]
    assert codes(work_queue(counter_dt, "online")) == [theirs.code]
    # when the counter accepts it, then it leaves the queue
    accept(ours, actor=counter_vp)
    assert codes(work_queue(counter_vp, "online")) == []


def test_online_queue_is_oldest_filed_first(citizen, counter_vp):
    first = file_online(citizen)
    second = file_online(citizen, applicant=replace(APPLICANT, id_number="025090000001"))
    assert first.pk < second.pk
    assert codes(work_queue(counter_vp, "online")) == [first.code, second.code]


def test_approval_queue_is_the_leaders_of_the_competent_commune(
    counter_vp, specialist_vp, leader_vp, leader_dt, counter_dt
):
    # given a dossier appraised with a proposal to approve, and one still being processed
    waiting = awaiting_approval(counter_vp, specialist_vp)
    transfer(receive(counter_vp), actor=counter_vp, assignee_username=specialist_vp.username)
    assert waiting.state == State.AWAITING_APPROVAL
    # then it is in Vĩnh Phúc's leader's queue only
    assert codes(work_queue(leader_vp, "approval")) == [waiting.code]
    assert codes(work_queue(leader_dt, "approval")) == []
    assert codes(work_queue(counter_vp, "approval")) == []  # in scope, but not a leader
    assert codes(work_queue(specialist_vp, "approval")) == []
    # when the leader (no certificate: a paper result) approves, it leaves the queue and
    # waits at the counter
    approve(waiting, actor=leader_vp)
    assert codes(work_queue(leader_vp, "approval")) == []
    assert codes(work_queue(counter_vp, "to_return")) == [waiting.code]
    assert codes(work_queue(counter_dt, "to_return")) == []


def test_result_filed_away_waits_at_the_counter_that_received_it(counter_vp, counter_dt, leader_dt):
    # given a Đạo Trù dossier received at Vĩnh Phúc's counter (phi địa giới), settled
    specialist = create_official(
        "specialist_dt",
        full_name="Ngô Thị Thu",
        unit=DAO_TRU,
        role=Role.SPECIALIST,
        title=Title.OFFICER,
        agency=AgencyKind.CULTURE_SOCIETY,
    ).user
    dossier = transfer(
        receive(counter_vp, unit=DAO_TRU), actor=counter_dt, assignee_username="specialist_dt"
    )
    appraise(dossier, actor=specialist, proposal="approve", note="Đủ điều kiện")
    approve(dossier, actor=leader_dt)
    # then both counters see it waiting (the citizen comes back where they filed)
    assert codes(work_queue(counter_vp, "to_return")) == [dossier.code]
    assert codes(work_queue(counter_dt, "to_return")) == [dossier.code]


def test_counts_are_the_role_queues_of_the_roles_held(
    citizen, counter_vp, specialist_vp, leader_vp, counter_dt, leader_dt, province_supervisor
):
    file_online(citizen)
    file_online(citizen, applicant=replace(APPLICANT, id_number="025090000001"))
    awaiting_approval(counter_vp, specialist_vp)
    assert queue_counts(counter_vp) == {"online": 2, "to_return": 0, "supplemented": 0}
    assert queue_counts(leader_vp) == {"approval": 1}
    assert queue_counts(specialist_vp) == {"mine": 1}
    # another commune's officials count none of Vĩnh Phúc's
    assert queue_counts(counter_dt) == {"online": 0, "to_return": 0, "supplemented": 0}
    assert queue_counts(leader_dt) == {"approval": 0}
    # the province's supervisor holds none of these roles
    assert queue_counts(province_supervisor) == {}


def test_counts_cost_the_same_queries_whatever_the_rows(citizen, counter_vp):
    file_online(citizen)
    with CaptureQueriesContext(connection) as one:
        assert queue_counts(counter_vp)["online"] == 1
    for number in range(2, 6):
        file_online(citizen, applicant=replace(APPLICANT, id_number=f"02509000000{number}"))
    with CaptureQueriesContext(connection) as five:
        assert queue_counts(counter_vp)["online"] == 5
    # the standing, the scope's PSCs, a count of each side of the scope per counter queue
    # (online, to return, supplemented: issue 22)
    assert len(five) == len(one) <= 2 + 2 * 3


# --- the pages ----------------------------------------------------------------------------


def test_start_page_counts_and_links_each_role_queue(client, citizen, counter_vp, counter_dt):
    file_online(citizen)
    client.force_login(counter_vp)
    html = client.get("/can-bo/").content.decode()
    assert "Việc đang chờ" in html
    assert 'href="/ho-so/?hang=online"' in html
    assert '<span class="count">1</span> <span class="label">Chờ tiếp nhận trực tuyến' in html
    assert "Chờ trả kết quả" in html
    assert "Chờ tôi phê duyệt" not in html  # not a leader
    # another commune's counter counts none of it
    client.force_login(counter_dt)
    html = client.get("/can-bo/").content.decode()
    assert '<span class="count">0</span> <span class="label">Chờ tiếp nhận trực tuyến' in html


def test_start_page_query_count_does_not_grow_with_rows(client, citizen, counter_vp):
    client.force_login(counter_vp)
    file_online(citizen)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/can-bo/").status_code == 200
    for number in range(2, 5):
        file_online(citizen, applicant=replace(APPLICANT, id_number=f"02509000000{number}"))
    with CaptureQueriesContext(connection) as four:
        assert client.get("/can-bo/").status_code == 200
    assert len(four) == len(one)


def test_leader_opens_the_approval_queue_page(client, counter_vp, specialist_vp, leader_vp):
    waiting = awaiting_approval(counter_vp, specialist_vp)
    client.force_login(leader_vp)
    html = client.get("/ho-so/").content.decode()  # a leader starts on their own queue
    assert "Chờ tôi phê duyệt / ký số" in html
    assert waiting.code in html
    assert "Chờ tiếp nhận trực tuyến" not in html  # the counter's tab is not offered


def test_online_queue_page_lists_the_dossier_for_the_counter_only(
    client, citizen, counter_vp, counter_dt
):
    dossier = file_online(citizen)
    client.force_login(counter_vp)
    html = client.get("/ho-so/", {"hang": "online"}).content.decode()
    assert dossier.code in html
    assert 'aria-current="page" class="current"' in html
    client.force_login(counter_dt)
    assert dossier.code not in client.get("/ho-so/", {"hang": "online"}).content.decode()


# --- intake: one citizen, one dossier across channels -------------------------------------


def test_intake_offers_the_pending_online_dossier_instead_of_a_second(client, citizen, counter_vp):
    # given the person filed online and comes to the counter
    online = file_online(citizen)
    client.force_login(counter_vp)
    # when the officer takes the same person's dossier at the counter
    response = client.post("/ho-so/tiep-nhan/", intake_post())
    # then no second dossier: the page offers the one filed online, to receive it
    assert response.status_code == 409
    html = response.content.decode()
    assert "hồ sơ trực tuyến đang chờ tiếp nhận" in html
    assert f'href="/ho-so/{online.code}/"' in html
    assert "cùng thủ tục" in html
    assert Dossier.objects.count() == 1
    # the values entered are kept, so the officer can go on deliberately
    assert f'value="{APPLICANT.full_name}"' in html
    assert 'name="viec_khac"' in html


def test_intake_goes_on_when_the_officer_says_it_is_another_matter(client, citizen, counter_vp):
    file_online(citizen)
    client.force_login(counter_vp)
    response = client.post("/ho-so/tiep-nhan/", intake_post(viec_khac="1"))
    assert response.status_code == 302
    assert Dossier.objects.filter(state=State.RECEIVED).count() == 1
    assert Dossier.objects.filter(state=State.SUBMITTED).count() == 1


def test_intake_offers_nothing_outside_scope_or_once_received(
    client, citizen, counter_vp, counter_dt
):
    # given the person filed online for Vĩnh Phúc: Đạo Trù's counter does not see it
    online = file_online(citizen)
    client.force_login(counter_dt)
    response = client.post("/ho-so/tiep-nhan/", intake_post(unit=DAO_TRU))
    assert response.status_code == 302
    # and once Vĩnh Phúc received it, its counter is not stopped either
    accept(online, actor=counter_vp)
    client.force_login(counter_vp)
    body = intake_post(idempotency_key="9a1c0d7e9b2a4c6f8e1d3b5a7c9e0f34")
    assert client.post("/ho-so/tiep-nhan/", body).status_code == 302


def test_api_lists_the_online_queue_in_scope_only(api_client, citizen, counter_vp, counter_dt):
    dossier = file_online(citizen)
    body = api_client(counter_vp).get("/api/v1/dossiers", {"queue": "online"}).json()
    assert (body["count"], [item["code"] for item in body["items"]]) == (1, [dossier.code])
    body = api_client(counter_dt).get("/api/v1/dossiers", {"queue": "online"}).json()
    assert body["count"] == 0


def test_api_intake_points_to_the_pending_online_dossier(api_client, citizen, counter_vp):
    from .conftest import api_body

    dossier = file_online(citizen)
    client = api_client(counter_vp)

    refused = client.post("/api/v1/dossiers", api_body(), content_type="application/json")

    assert refused.status_code == 409
    assert refused.json()["outcome"] == "pending_online"
    assert refused.json()["dossiers"] == [dossier.code]
    assert Dossier.objects.count() == 1
    other = client.post(
        "/api/v1/dossiers", {**api_body(), "other_matter": True}, content_type="application/json"
    )
    assert other.status_code == 201
