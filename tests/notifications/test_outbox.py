"""The outbox: delivery, retry with backoff, staff page (masked), the simulator service."""

from __future__ import annotations

import json
import re
import threading
import urllib.request
from datetime import timedelta
from http.server import ThreadingHTTPServer
from importlib import import_module

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from motcua.notifications.actions import deliver, queue_message, retry_due
from motcua.notifications.models import Message
from motcua.notifications.providers import HttpSmsProvider, MemorySmsProvider

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memory_sms():
    MemorySmsProvider.sent.clear()
    MemorySmsProvider.fail = False
    yield
    MemorySmsProvider.fail = False


def test_failed_delivery_backs_off_then_retry_sends():
    message = queue_message(channel="sms", destination="0912000111", body="Xin chào")
    MemorySmsProvider.fail = True
    deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 1 and message.last_error
    assert message.next_attempt_at > timezone.now()
    MemorySmsProvider.fail = False
    assert retry_due() == []  # not due yet
    retry_due(now=timezone.now() + timedelta(minutes=2))
    message.refresh_from_db()
    assert message.status == "sent" and MemorySmsProvider.sent[-1]["text"] == "Xin chào"


def test_gives_up_after_five_attempts_and_command_retries_failed():
    message = queue_message(channel="sms", destination="0912000111", body="Xin chào")
    MemorySmsProvider.fail = True
    for _ in range(5):
        deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "failed"
    MemorySmsProvider.fail = False
    call_command("outbox", "retry", "--failed")
    message.refresh_from_db()
    assert message.status == "sent"


def test_outbox_page_for_officials_only_and_masked(client: Client, counter_vp, citizen):
    queue_message(channel="sms", destination="0912000111", body="x", unit_id="08716")
    client.force_login(citizen)
    assert client.get("/can-bo/hop-thu-di/").status_code == 403
    client.force_login(counter_vp)
    page = client.get("/can-bo/hop-thu-di/").content.decode()
    assert "0912***111" in page and "0912000111" not in page


def test_http_provider_talks_to_the_simulator_service():
    handler = import_module(
        "motcua.notifications.management.commands.sms-simulator"
    ).SimulatorHandler
    handler.messages.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        HttpSmsProvider(url + "/sms", "token").send("0912000111", "Mã 123456")
        with urllib.request.urlopen(url + "/messages") as response:  # noqa: S310
            body = json.loads(response.read())
        assert body["messages"] == [{"to": "0912000111", "text": "Mã 123456"}]
    finally:
        server.shutdown()
        server.server_close()
    assert Message.objects.count() == 0


def test_sms_provider_follows_the_setting(settings):
    from motcua.notifications.providers import sms_provider

    settings.MOTCUA_SMS_URL = ""
    assert isinstance(sms_provider(), MemorySmsProvider)
    settings.MOTCUA_SMS_URL = "http://127.0.0.1:8025/sms"
    assert isinstance(sms_provider(), HttpSmsProvider)


def test_outbox_page_shows_only_the_officials_communes(
    client: Client, counter_vp, counter_dt, province_supervisor
):
    """Given a message of Vĩnh Phúc, one of Đạo Trù and a login code (no commune), each
    official sees their own; the province sees all."""
    vp = queue_message(channel="sms", destination="0912000111", body="a", unit_id="08716")
    dt = queue_message(channel="sms", destination="0912000222", body="b", unit_id="08914")
    queue_message(channel="sms", destination="0912000333", body="c")
    client.force_login(counter_vp)
    page = client.get("/can-bo/hop-thu-di/").content.decode()
    assert "0912***111" in page
    assert "0912***222" not in page and "0912***333" not in page
    client.force_login(province_supervisor)
    page = client.get("/can-bo/hop-thu-di/").content.decode()
    assert all(f"0912***{n}" in page for n in ("111", "222", "333"))
    # A retry is scoped too: Đạo Trù's message is "not found" for Vĩnh Phúc's officer.
    client.force_login(counter_vp)
    assert client.post("/can-bo/hop-thu-di/", {"id": dt.pk}).status_code == 404
    dt.refresh_from_db()
    assert dt.attempts == 0
    assert client.post("/can-bo/hop-thu-di/", {"id": vp.pk}).status_code == 302
    client.force_login(counter_dt)
    assert client.post("/can-bo/hop-thu-di/", {"id": dt.pk}).status_code == 302


def test_a_code_is_masked_once_delivered_and_never_logged(caplog):
    """Given a one-time code queued, when it is delivered, the phone got it but neither the
    stored body nor any log line still holds it."""
    from motcua.citizens.codes import issue_code

    caplog.set_level("DEBUG")
    with_code = issue_code("0912000444", purpose="login")
    message = Message.objects.get(destination="0912000444")
    assert message.holds_secret and message.secret_until == with_code.expires_at
    deliver(message.pk)
    code = MemorySmsProvider.sent[-1]["text"].split(": ")[1][:6]
    assert code.isdigit()
    message.refresh_from_db()
    assert message.status == "sent" and not message.holds_secret
    assert code not in message.body and "******" in message.body
    assert code not in caplog.text


def test_an_undelivered_code_is_masked_once_expired():
    from motcua.citizens.codes import issue_code

    MemorySmsProvider.fail = True
    issue_code("0912000555", purpose="login")
    message = Message.objects.get(destination="0912000555")
    deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "pending" and message.holds_secret
    MemorySmsProvider.fail = False
    retry_due(now=timezone.now() + timedelta(minutes=6))
    message.refresh_from_db()
    assert not message.holds_secret and message.status == "failed"
    assert "hết hạn" in message.last_error
    assert not re.search(r"\d{4,}", message.body)
    assert MemorySmsProvider.sent == []  # a dead code is not sent, not even masked


def test_the_delivery_task_does_not_send_a_code_past_its_expiry():
    from motcua.citizens.codes import issue_code

    MemorySmsProvider.fail = True
    issue_code("0912000666", purpose="login")
    message = Message.objects.get(destination="0912000666")
    MemorySmsProvider.fail = False
    deliver(message.pk, now=timezone.now() + timedelta(minutes=6))
    message.refresh_from_db()
    assert message.status == "failed" and not message.holds_secret
    assert not re.search(r"\d{4,}", message.body) and MemorySmsProvider.sent == []
