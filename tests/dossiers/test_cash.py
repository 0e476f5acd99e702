"""Money at the counter (issue 22, part 4): collection with a receipt number, refunds with a
reason, each officer's close of cash, and the tracking book's "Đã thu" column."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.documents.tracking_book import HEADERS, book_rows
from motcua.dossiers.actions import (
    DossierConflictError,
    DossierInvalidError,
    DossierPermissionError,
)
from motcua.dossiers.cash import account_of, close_cash, collect_fee, payments_of, refund_fee
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import CashClosing, DossierEvent, FeePayment
from tests.fixtures.personas import api_client_for

from .conftest import VINH_PHUC, receive
from .pages import intake_post

FEE = 50_000


def owing(actor, **overrides):
    return receive(actor, fee=FEE, fee_reason="Mức thu theo nghị quyết của tỉnh", **overrides)


def test_collect_records_the_receipt_in_the_chain_without_touching_the_state(counter_vp):
    dossier = owing(counter_vp)
    version = dossier.version

    payment = collect_fee(
        dossier, actor=counter_vp, amount="50.000", method="cash", receipt_number="0001234"
    )

    assert payment.amount == FEE and payment.receipt_number == "0001234"
    assert payment.agency_id == dossier.receiving_agency_id
    dossier.refresh_from_db()
    assert dossier.version == version  # an open action form stays valid
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event.action == "collect_fee"
    assert event.payload == {"amount": FEE, "method": "cash", "receipt_number": "0001234"}
    assert verify_chain(dossier) == []
    assert account_of(dossier, payments_of(dossier)).outstanding == 0


@pytest.mark.parametrize(
    ("amount", "method", "number", "field"),
    [
        ("", "cash", "1", "amount"),
        ("abc", "cash", "1", "amount"),
        ("0", "cash", "1", "amount"),
        ("60000", "cash", "1", "amount"),  # more than is owed
        ("50000", "bitcoin", "1", "method"),
        ("50000", "cash", "  ", "receipt_number"),
    ],
)
def test_collect_refuses_bad_input_naming_the_field(counter_vp, amount, method, number, field):
    dossier = owing(counter_vp)
    with pytest.raises(DossierInvalidError) as refused:
        collect_fee(dossier, actor=counter_vp, amount=amount, method=method, receipt_number=number)
    assert list(refused.value.errors) == [field]
    assert refused.value.message.split(":")[0] in {
        "Số tiền thu",
        "Hình thức nộp",
        "Số biên lai",
    }
    assert not FeePayment.objects.exists()


def test_a_receipt_number_is_used_once_per_centre(counter_vp):
    first, second = owing(counter_vp), owing(counter_vp, idempotency_key="second")
    collect_fee(first, actor=counter_vp, amount=FEE, method="cash", receipt_number="77")
    with pytest.raises(DossierInvalidError) as refused:
        collect_fee(second, actor=counter_vp, amount=FEE, method="cash", receipt_number="77")
    assert "đã ghi cho một khoản thu khác" in refused.value.errors["receipt_number"][0]


def test_only_a_counter_officer_takes_money(counter_vp, specialist_vp):
    dossier = owing(counter_vp)
    with pytest.raises(DossierPermissionError):
        collect_fee(dossier, actor=specialist_vp, amount=FEE, method="cash", receipt_number="1")


def test_refund_needs_a_reason_and_at_most_what_was_paid(counter_vp):
    dossier = owing(counter_vp)
    collect_fee(dossier, actor=counter_vp, amount=FEE, method="cash", receipt_number="9")
    with pytest.raises(DossierInvalidError) as no_reason:
        refund_fee(dossier, actor=counter_vp, amount=FEE, method="cash", reason=" ")
    assert list(no_reason.value.errors) == ["reason"]
    with pytest.raises(DossierInvalidError) as too_much:
        refund_fee(dossier, actor=counter_vp, amount=FEE + 1, method="cash", reason="Thu nhầm")

    assert list(too_much.value.errors) == ["amount"]
    refund_fee(dossier, actor=counter_vp, amount=20_000, method="cash", reason="Thu nhầm mức")

    account = account_of(dossier, payments_of(dossier))
    assert (account.collected, account.refunded, account.paid) == (FEE, 20_000, 30_000)
    assert account.outstanding == 20_000


def test_close_cash_gathers_the_officers_open_payments_once(counter_vp):
    a, b = owing(counter_vp), owing(counter_vp, idempotency_key="b")
    collect_fee(a, actor=counter_vp, amount=FEE, method="cash", receipt_number="1")
    collect_fee(b, actor=counter_vp, amount=FEE, method="transfer", receipt_number="2")
    refund_fee(a, actor=counter_vp, amount=10_000, method="cash", reason="Thu thừa")

    closing = close_cash(counter_vp)

    assert (closing.payments_count, closing.collected, closing.refunded) == (3, 100_000, 10_000)
    assert closing.net == 90_000
    assert closing.by_method == {"cash": 40_000, "transfer": 50_000}
    assert FeePayment.objects.filter(closing=closing).count() == 3
    with pytest.raises(DossierConflictError):
        close_cash(counter_vp)  # nothing left to close


def test_tracking_book_shows_what_was_collected(counter_vp):
    dossier = owing(counter_vp)
    collect_fee(dossier, actor=counter_vp, amount=FEE, method="cash", receipt_number="0005")
    plain = receive(counter_vp, idempotency_key="plain")
    today = timezone.localdate()

    with CaptureQueriesContext(connection) as queries:
        rows = book_rows(VINH_PHUC, today - timedelta(days=1), today + timedelta(days=1))
    column = HEADERS.index("Đã thu (số biên lai)")

    by_code = {row.dossier.code: row.cells[column] for row in rows}
    assert by_code[dossier.code] == "50.000 đồng (BL 0005)"
    assert by_code[plain.code] == ""
    assert len(queries) == 2  # the dossiers, then their payments


# --- pages -------------------------------------------------------------------------------


def test_intake_page_collects_with_the_receipt_number(client, counter_vp):
    client.force_login(counter_vp)
    post = intake_post("2.000815", receipt_number="BL-01", pay_method="cash")
    response = client.post("/ho-so/tiep-nhan/", post, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã thu 18.000 đồng, biên lai số BL-01." in html
    payment = FeePayment.objects.get()
    assert (payment.amount, payment.receipt_number, payment.method) == (18_000, "BL-01", "cash")


def test_dossier_page_collects_refunds_and_keeps_what_was_typed(client, counter_vp):
    dossier = owing(counter_vp)
    client.force_login(counter_vp)
    page = f"/ho-so/{dossier.code}/"
    html = client.get(page).content.decode()
    assert "Còn phải nộp" in html and 'id="thu-phi"' in html

    refused = client.post(
        page + "thu-phi/", {"amount": "50.000", "method": "cash", "receipt_number": ""}
    )
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "Số biên lai: cần nhập" in text
    assert 'value="50.000"' in text  # what was typed stays

    done = client.post(
        page + "thu-phi/",
        {"amount": "50.000", "method": "card", "receipt_number": "A-9"},
        follow=True,
    )
    text = done.content.decode()
    assert "Đã thu 50.000 đồng, biên lai số A-9." in text
    assert "50.000 đồng, thẻ ngân hàng (máy pos), biên lai số a-9" in text.lower()
    assert 'id="hoan-phi"' in text

    refund = client.post(page + "hoan-phi/", {"amount": "50000", "method": "card", "reason": ""})
    assert refund.status_code == 422
    assert "Lý do hoàn trả: cần ghi lý do" in refund.content.decode()
    client.post(
        page + "hoan-phi/", {"amount": "50000", "method": "card", "reason": "Hồ sơ được miễn"}
    )
    assert account_of(dossier, payments_of(dossier)).paid == 0


def test_cash_page_closes_and_prints_the_summary(client, counter_vp, counter_dt):
    dossier = owing(counter_vp)
    collect_fee(dossier, actor=counter_vp, amount=FEE, method="cash", receipt_number="0042")
    client.force_login(counter_vp)

    html = client.get("/ho-so/thu-phi/").content.decode()
    assert dossier.code in html and "Số 0042" in html
    response = client.post("/ho-so/thu-phi/", follow=True)

    closing = CashClosing.objects.get()
    assert response.redirect_chain[-1][0] == f"/ho-so/thu-phi/chot/{closing.pk}/"
    summary = response.content.decode()
    assert "Bảng kê thu phí, lệ phí" in summary and "0042" in summary
    assert "Số tiền nộp quỹ" in summary and "50.000 đồng" in summary
    assert "Chưa có khoản thu nào" in client.get("/ho-so/thu-phi/").content.decode()
    client.force_login(counter_dt)
    assert client.get(f"/ho-so/thu-phi/chot/{closing.pk}/").status_code == 404


# --- API ---------------------------------------------------------------------------------


def test_api_collects_lists_and_refunds(counter_vp, counter_dt):
    dossier = owing(counter_vp)
    client = api_client_for(counter_vp)
    url = f"/api/v1/dossiers/{dossier.code}/payments"

    bad = client.post(
        url, {"amount": 50_000, "receipt_number": ""}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert "receipt_number" in bad.json()["errors"]
    made = client.post(
        url,
        {"amount": 50_000, "method": "transfer", "receipt_number": "CK-1"},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["outstanding"] == 0
    assert made.json()["payments"][0]["receipt_number"] == "CK-1"
    refunded = client.post(
        url + "/refunds",
        {"amount": 5_000, "method": "transfer", "reason": "Thu thừa"},
        content_type="application/json",
    )
    assert refunded.status_code == 201
    assert (refunded.json()["paid"], refunded.json()["outstanding"]) == (45_000, 5_000)
    assert client.get(url).json()["refunded"] == 5_000
    assert api_client_for(counter_dt).get(url).status_code == 404  # out of scope
