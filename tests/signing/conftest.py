"""Signing fixtures: a keys directory per test module (the demo CA is made once per module and
re-registered from its files in each test), a leader with a PKCS#12 certificate, and
dossiers brought to the leader's desk through the lifecycle actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from motcua.dossiers.actions import appraise, transfer
from motcua.dossiers.models import Dossier
from motcua.signing.actions import init_demo_ca, issue_certificate
from motcua.signing.models import Certificate
from tests.dossiers.conftest import WEDNESDAY, at, receive

PIN = "1234"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One DATA_DIR per module: the demo CA's key is generated once, then reused."""
    return tmp_path_factory.mktemp("signing-data")


@pytest.fixture(autouse=True)
def _signing_dirs(settings, data_dir: Path, tmp_path: Path) -> None:
    settings.DATA_DIR = data_dir
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def demo_ca(db: None):
    return init_demo_ca()


@pytest.fixture
def leader_cert(leader_vp: User, demo_ca) -> Certificate:
    """The leader of Phường Vĩnh Phúc holds a demo certificate, PIN 1234."""
    return issue_certificate(leader_vp.username, pin=PIN)


def awaiting_approval(counter: User, specialist: User) -> Dossier:
    """A birth registration received, transferred and proposed for approval."""
    dossier = receive(counter, received_at=at(WEDNESDAY, 8, 5))
    transfer(dossier, actor=counter, assignee_username=specialist.username)
    appraise(dossier, actor=specialist, proposal="approve", note="Đủ điều kiện")
    return dossier


@pytest.fixture
def to_approve(counter_vp: User, specialist_vp: User) -> Dossier:
    return awaiting_approval(counter_vp, specialist_vp)
