"""`motcua demo --no-serve`: master data, demo officials for every role, idempotent."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from motcua.accounts.choices import Role
from motcua.accounts.models import Position
from motcua.catalog.models import ProcedureVersion
from motcua.demo.officials import DEMO_PASSWORD
from motcua.units.models import Agency, Unit

pytestmark = pytest.mark.django_db


def test_demo_prepares_data_and_prints_logins(capsys):
    # when
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    # then: every role is held in the three communes or the province, and logins are printed
    roles = set(Position.objects.filter(is_active=True).values_list("role", flat=True))
    assert roles == set(Role.values)
    for unit in ("08716", "08914", "04960"):
        unit_roles = set(
            Position.objects.filter(unit_id=unit, is_active=True).values_list("role", flat=True)
        )
        assert {"counter", "specialist", "leader", "registrar", "commune_admin"} <= unit_roles
    assert "daotru.motcua" in out
    assert DEMO_PASSWORD in out
    assert "DỮ LIỆU DEMO" in out
    assert User.objects.get(username="tinh.quantri").is_staff
    assert User.objects.get(username="daotru.motcua").check_password(DEMO_PASSWORD)


def test_demo_second_run_changes_nothing(capsys):
    call_command("demo", "--no-serve")
    counts = (
        User.objects.count(),
        Position.objects.count(),
        Unit.objects.count(),
        Agency.objects.count(),
        ProcedureVersion.objects.count(),
    )
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "cán bộ demo mới: 0" in out
    assert counts == (
        User.objects.count(),
        Position.objects.count(),
        Unit.objects.count(),
        Agency.objects.count(),
        ProcedureVersion.objects.count(),
    )


def test_demo_adds_sample_dossiers_in_every_reached_status_some_overdue():
    from django.utils import timezone

    from motcua.dossiers.choices import OPEN_STATES
    from motcua.dossiers.events import verify_chain
    from motcua.dossiers.models import Dossier

    call_command("demo", "--no-serve")
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {1, 2, 3, 4, 5, 7, 8, 9, 10} <= statuses
    overdue = Dossier.objects.filter(due_at__lt=timezone.now(), state__in=OPEN_STATES)
    assert overdue.exists()
    assert set(Dossier.objects.values_list("unit_id", flat=True)) == {"08716", "08914", "04960"}
    assert all(
        name.endswith("(demo)") for name in Dossier.objects.values_list("applicant_name", flat=True)
    )
    assert all(verify_chain(dossier) == [] for dossier in Dossier.objects.all()[:5])


def test_demo_results_are_signed_where_the_chairman_has_a_certificate():
    from motcua.dossiers.models import Dossier
    from motcua.signing.models import SignedResult

    call_command("demo", "--no-serve")
    ready = Dossier.objects.filter(status__in=[9, 10])
    signed = SignedResult.objects.filter(dossier__in=ready)
    # Vĩnh Phúc and Đạo Trù chairmen sign digitally; Liên Sơn's results are on paper
    assert set(signed.filter(paper=False).values_list("dossier__unit_id", flat=True)) == {
        "08716",
        "08914",
    }
    assert set(signed.filter(paper=True).values_list("dossier__unit_id", flat=True)) == {"04960"}


def test_demo_serves_its_links_on_the_address_it_serves(monkeypatch, settings):
    from motcua.demo.management.commands.demo import Command, served_address

    # given no MOTCUA_PUBLIC_URL in the environment
    monkeypatch.setenv("MOTCUA_PUBLIC_URL", "")  # restored after the test, whatever it sets
    monkeypatch.delenv("MOTCUA_PUBLIC_URL")
    # when the demo serves on 10.1.2.3:8765
    Command()._serve_public_url("10.1.2.3", 8765)
    # then every QR and link uses that address, and the worker inherits it
    assert settings.MOTCUA_PUBLIC_URL == "http://10.1.2.3:8765/"
    import os

    assert os.environ["MOTCUA_PUBLIC_URL"] == "http://10.1.2.3:8765/"
    # an address set by the operator (a proxy's public name) is kept
    monkeypatch.setenv("MOTCUA_PUBLIC_URL", "https://motcua.example.vn/")
    Command()._serve_public_url("0.0.0.0", 8000)  # noqa: S104
    assert settings.MOTCUA_PUBLIC_URL == "https://motcua.example.vn/"
    # a wildcard bind names a reachable address, never 0.0.0.0
    assert served_address("0.0.0.0") not in {"0.0.0.0", ""}  # noqa: S104
    assert served_address("192.168.1.5") == "192.168.1.5"


def test_demo_runs_the_sms_simulator_as_the_citizens_phone(monkeypatch, settings):
    """No log line carries a one-time code (issue 24): the demo citizen reads theirs from the
    SMS simulator the demo starts, and the worker (inheriting the environment) sends there."""
    import json
    import os
    import time
    import urllib.request

    from motcua.demo.management.commands.demo import Command
    from motcua.notifications.providers import DeliveryError, HttpSmsProvider

    monkeypatch.setenv("MOTCUA_SMS_URL", "")  # restored after the test, whatever it sets
    monkeypatch.delenv("MOTCUA_SMS_URL")
    simulator = Command()._start_sms_simulator()
    assert simulator is not None
    try:
        url = os.environ["MOTCUA_SMS_URL"]
        assert url == settings.MOTCUA_SMS_URL and url.startswith("http://127.0.0.1:")
        for _ in range(600):  # the simulator process needs a moment (Django) to listen
            try:
                HttpSmsProvider(url).send("0900000025", "Mã xác thực: 123456")
                break
            except DeliveryError:
                time.sleep(0.1)
        with urllib.request.urlopen(url.replace("/sms", "/messages")) as response:  # noqa: S310
            assert json.loads(response.read())["messages"][-1]["to"] == "0900000025"
    finally:
        simulator.terminate()
        simulator.wait(timeout=10)
    # a gateway set by the operator is kept, and no simulator started
    monkeypatch.setenv("MOTCUA_SMS_URL", "https://sms.example.vn/api")
    assert Command()._start_sms_simulator() is None


def test_demo_gives_leaders_and_province_roles_fixed_authenticators(capsys, settings):
    from django_otp.oath import hotp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from motcua.demo.officials import demo_totp_secret

    settings.MOTCUA_TWO_FACTOR_ROLES = frozenset(
        {"leader", "commune_admin", "province_supervisor", "province_admin"}
    )
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    # the leaders, commune admins and province roles have one, the counter officer none
    for username in ("vinhphuc.chutich", "tinh.giamsat", "tinh.quantri", "daotru.quantri"):
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        assert demo_totp_secret(username) in out
        assert device.verify_token(f"{hotp(device.bin_key, int(time.time()) // 30):06d}")
    assert not TOTPDevice.objects.filter(user__username="daotru.motcua").exists()
    assert "KHÓA DEMO" in out
    # a second run keeps them
    call_command("demo", "--no-serve")
    assert TOTPDevice.objects.filter(user__username="tinh.giamsat").count() == 1
