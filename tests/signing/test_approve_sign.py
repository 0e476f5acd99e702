"""Approval with a failed signing keeps the approval; `sign` retries; paper results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from motcua.dossiers.actions import (
    DossierConflictError,
    DossierPermissionError,
    allowed_actions,
    approve,
    sign,
)
from motcua.dossiers.choices import State, Status
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Dossier
from motcua.signing.actions import _record_result
from motcua.signing.models import Certificate, SignedResult, SigningAttempt
from tests.signing.conftest import PIN


def test_wrong_pin_leaves_dossier_awaiting_signature_and_retry_completes(
    to_approve: Dossier, leader_vp: User, leader_cert: Certificate
) -> None:
    # given a leader with a certificate, when they approve with a wrong PIN
    dossier = approve(to_approve, actor=leader_vp, pin="0000")
    # then the approval is kept: awaiting signature (status 4) with the reason
    assert (dossier.state, dossier.status) == (State.AWAITING_SIGNATURE, Status.PROCESSING)
    attempt = SigningAttempt.objects.get(dossier=dossier)
    assert "Sai mã PIN" in attempt.reason
    assert allowed_actions(dossier, leader_vp)[:1] == ["sign"]
    # when they retry with the right PIN, then the result is signed and ready (status 9)
    dossier = sign(dossier, actor=leader_vp, pin=PIN)
    assert (dossier.state, dossier.status) == (State.RESULT_READY, Status.RESULT_READY)
    assert dossier.finished_at is not None
    assert SignedResult.objects.get(dossier=dossier).certificate == leader_cert
    assert verify_chain(dossier) == []


def test_failed_retry_answers_422_and_changes_nothing(
    to_approve: Dossier, leader_vp: User, leader_cert: Certificate
) -> None:
    dossier = approve(to_approve, actor=leader_vp, pin="")
    version = dossier.version
    with pytest.raises(Exception) as error:
        sign(dossier, actor=leader_vp, pin="0000")
    assert getattr(error.value, "status", None) == 422
    dossier.refresh_from_db()
    assert dossier.state == State.AWAITING_SIGNATURE and dossier.version == version


def test_leader_without_certificate_gets_paper_result(to_approve: Dossier, leader_vp: User) -> None:
    # given a leader without a certificate, when they approve
    dossier = approve(to_approve, actor=leader_vp)
    # then the dossier is settled as before and the result recorded as paper
    assert dossier.status == Status.RESULT_READY
    result = SignedResult.objects.get(dossier=dossier)
    assert result.paper and result.certificate is None and result.sha256 == ""
    assert (result.signed_by, result.signed_at) == (leader_vp, dossier.finished_at)


def test_a_new_result_replaces_the_earlier_one_in_place(
    to_approve: Dossier, leader_vp: User, leader_cert: Certificate
) -> None:
    # given a dossier whose result was signed
    dossier = approve(to_approve, actor=leader_vp, pin=PIN)
    signed = SignedResult.objects.get(dossier=dossier)
    assert signed.certificate == leader_cert
    # when a result on paper is recorded for it
    later = signed.signed_at + dt.timedelta(minutes=5)
    _record_result(SignedResult(dossier=dossier, paper=True, signed_by=leader_vp, signed_at=later))
    # then the dossier still has one result, the same row, now the paper one
    (result,) = SignedResult.objects.filter(dossier=dossier)
    assert (result.pk, result.created_at) == (signed.pk, signed.created_at)
    assert result.paper and result.certificate is None
    assert (result.sha256, result.storage_name, result.size) == ("", "", 0)
    assert result.signed_at == later and result.updated_at > signed.updated_at


def test_sign_is_for_leaders_on_awaiting_signature_only(
    to_approve: Dossier, leader_vp: User, specialist_vp: User, leader_cert: Certificate
) -> None:
    # denied: sign before approval (409)
    with pytest.raises(DossierConflictError):
        sign(to_approve, actor=leader_vp, pin=PIN)
    dossier = approve(to_approve, actor=leader_vp, pin="0000")
    # denied: a specialist may not sign (403)
    with pytest.raises(DossierPermissionError):
        sign(dossier, actor=specialist_vp, pin=PIN)
    # allowed: the leader
    assert sign(dossier, actor=leader_vp, pin=PIN).status == Status.RESULT_READY


def test_api_approve_with_pin_then_sign(
    to_approve: Dossier,
    leader_vp: User,
    leader_cert: Certificate,
    api_client: Callable[[User], Client],
) -> None:
    client = api_client(leader_vp)
    url = f"/api/v1/dossiers/{to_approve.code}/actions/"
    # given a wrong PIN through the API, then the dossier waits for a signature
    response = client.post(url + "approve", {"pin": "1111"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == State.AWAITING_SIGNATURE
    state = client.get(f"/api/v1/signing/dossiers/{to_approve.code}").json()
    assert "Sai mã PIN" in state["attempts"][0]["reason"]
    # when retried with the right PIN through the "sign" action
    response = client.post(url + "sign", {"pin": PIN}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.RESULT_READY
    assert client.get(f"/api/v1/signing/dossiers/{to_approve.code}").json()["result"] == "signed"
