"""The texts an applicant is told about their dossier (`dossiers.notices`): short, in
Vietnamese, carrying the code and no personal data; the outbox only queues them."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from motcua.dossiers.notices import SMS_MAX_CHARS, TOLD, message_text

CODE = "000.00.25.H42-251126-0001"


def _dossier(**fields: object) -> SimpleNamespace:
    base = {"code": CODE, "due_at": None, "returned_at": None, "state": "processing"}
    return SimpleNamespace(**{**base, **fields})


def test_notice_receive_names_the_due_time_in_vietnam():
    # given a dossier due at 09:30 UTC
    dossier = _dossier(due_at=datetime(2026, 12, 8, 9, 30, tzinfo=UTC))
    # when the receipt's message is written
    text = message_text(dossier, "receive")
    # then it carries the code and the due time in Vietnam's time
    assert text == f"Hồ sơ {CODE} đã được tiếp nhận. Hẹn trả kết quả: 08/12/2026 16:30."


def test_notice_supplement_list_is_cut_to_one_sms():
    # given a supplement request of many documents
    documents = [f"Giấy tờ số {n} cần bổ sung bản chính" for n in range(20)]
    # when its message is written
    text = message_text(_dossier(), "request_supplement", {"documents": documents})
    # then it fits one concatenated SMS and says it was cut
    assert text is not None and len(text) <= SMS_MAX_CHARS and text.endswith("….")


def test_notice_only_for_events_the_applicant_hears_of():
    # an approval tells nobody until the result is ready; a transfer never does
    assert message_text(_dossier(), "approve") is None
    assert message_text(_dossier(state="result_ready"), "approve") is not None
    assert "transfer" not in TOLD
