"""Changing a citizen's phone or e-mail (issue 24, part 1): codes to the old and the new
address, or a counter officer's recorded identity check; never silently in the admin."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from motcua.accounts.models import Account
from motcua.citizens.models import ContactChange
from motcua.notifications.providers import MemorySmsProvider

pytestmark = pytest.mark.django_db

OLD, NEW, ATTACKER = "0912345678", "0987000111", "0966000999"
PAGE, COUNTER = "/ho-so-cua-toi/lien-he/", "/can-bo/doi-lien-he/"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """`send(client, url, data)`: a POST whose messages are delivered when it commits (the
    test's transaction never commits, so the callbacks are run at the end of each POST)."""

    def post(client: Client, url: str, data: dict[str, str]):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def last_code(phone: str) -> str:
    """The last one-time code the (in-memory) SMS gateway carried to `phone`."""
    for sent in reversed(MemorySmsProvider.sent):
        found = re.search(r"Mã xác thực[^:]*: (\d{6})", sent["text"])
        if sent["to"] == phone and found:
            return found.group(1)
    raise AssertionError(f"no code sent to {phone}")


def test_admin_shows_a_citizens_phone_and_email_read_only(client, citizen):
    """The attack: the province's administrator sets their own phone on a citizen's account
    in /admin/, then logs in as that citizen. Now the admin form cannot change it."""
    admin = User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-qt")
    client.force_login(admin)
    account = Account.objects.get(user=citizen)
    url = f"/admin/accounts/account/{account.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="phone"' not in page and OLD in page
    client.post(url, {"full_name": account.full_name, "phone": ATTACKER, "email": "x@evil.vn"})
    account.refresh_from_db()
    assert account.phone == OLD and account.email == ""


def test_citizen_changes_phone_with_codes_to_the_old_then_the_new(client: Client, citizen, send):
    client.force_login(citizen)
    # step 1: the new number; a code goes to the old one only
    page = send(client, PAGE, {"step": "start", "field": "phone", "new_value": NEW})
    assert page.status_code == 200 and "0912***678" in page.content.decode()
    assert [sent["to"] for sent in MemorySmsProvider.sent] == [OLD]
    # a wrong code is refused, in Vietnamese, and changes nothing
    wrong = send(client, PAGE, {"step": "old", "code": "000000"})
    assert wrong.status_code == 422 and "Mã xác thực không đúng" in wrong.content.decode()
    # step 2: the old number's code; a code goes to the new number
    send(client, PAGE, {"step": "old", "code": last_code(OLD)})
    assert MemorySmsProvider.sent[-1]["to"] == NEW
    assert Account.objects.get(user=citizen).phone == OLD
    # step 3: the new number's code: changed, recorded, both numbers told
    done = send(client, PAGE, {"step": "new", "code": last_code(NEW)})
    assert "Đã đổi số điện thoại" in done.content.decode()
    assert Account.objects.get(user=citizen).phone == NEW
    change = ContactChange.objects.get()
    assert (change.method, change.old_value, change.new_value) == ("code", OLD, NEW)
    assert change.officer_id is None
    told = {sent["to"] for sent in MemorySmsProvider.sent if "đã đổi" in sent["text"]}
    assert told == {OLD, NEW}


def test_the_new_numbers_step_cannot_be_reached_without_the_old_numbers_code(client, citizen, send):
    """The attack: someone with the citizen's session (a shared computer) moves the account
    to their own phone, confirming only the code they receive."""
    client.force_login(citizen)
    send(client, PAGE, {"step": "start", "field": "phone", "new_value": ATTACKER})
    response = send(client, PAGE, {"step": "new", "code": "123456"})
    assert response.status_code == 422
    assert Account.objects.get(user=citizen).phone == OLD
    assert all(sent["to"] != ATTACKER for sent in MemorySmsProvider.sent)
    assert not ContactChange.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Số điện thoại"),
        ("phone", "an@example.vn", "Số điện thoại mới phải gồm 10 chữ số"),
        ("email", "khong-hop-le", "Số điện thoại"),
        ("phone", OLD, "trùng với địa chỉ đang dùng"),
        ("phone", "0987654321", "đã được dùng cho tài khoản khác"),
    ],
)
def test_bad_new_values_get_a_vietnamese_error(
    client, citizen, volunteer, send, field, value, message
):
    client.force_login(citizen)
    response = send(client, PAGE, {"step": "start", "field": field, "new_value": value})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert MemorySmsProvider.sent == []


def test_counter_officer_changes_it_with_the_identity_check_recorded(
    client, counter_vp, citizen, send
):
    client.force_login(counter_vp)
    form = {
        "current": OLD,
        "field": "phone",
        "new_value": NEW,
        "document_kind": "id_card",
        "document_number": "025090123456",
    }
    # without confirming the check: refused, nothing changed
    refused = send(client, COUNTER, form)
    assert refused.status_code == 422 and "Hãy xác nhận đã đối chiếu" in refused.content.decode()
    assert Account.objects.get(user=citizen).phone == OLD
    done = send(client, COUNTER, {**form, "checked": "1"})
    assert done.status_code == 200 and "Nguyễn Thị Lan" in done.content.decode()
    assert Account.objects.get(user=citizen).phone == NEW
    change = ContactChange.objects.get()
    assert change.method == "counter" and change.officer_id == counter_vp.pk
    assert change.officer_name == "Nguyễn Thị Lan" and change.unit_id == "08716"
    assert change.document_kind == "id_card" and change.document_tail == "3456"
    assert "025090123456" not in str(ContactChange.objects.values().get())


def test_only_counter_officers_may_change_it_at_the_counter(
    client, leader_vp, province_admin, citizen, send
):
    form = {
        "current": OLD,
        "field": "phone",
        "new_value": ATTACKER,
        "document_kind": "id_card",
        "document_number": "025090123456",
        "checked": "1",
    }
    for user in (leader_vp, province_admin, citizen):
        client.force_login(user)
        assert send(client, COUNTER, form).status_code == 403
    assert Account.objects.get(user=citizen).phone == OLD
