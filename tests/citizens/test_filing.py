"""Online filing: the wizard pages, reuse of verified documents, consent, visibility, rating."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua.citizens import actions
from motcua.citizens.actions import CitizenError
from motcua.citizens.models import Consent, Draft, Rating
from motcua.citizens.queries import my_dossiers, satisfaction_counts
from motcua.citizens.satisfaction import QUESTIONS
from motcua.dossiers.actions import (
    DossierInvalidError,
    OnlineFile,
    accept,
    appraise,
    approve,
    request_supplement,
    return_result,
    reusable_attachments,
    transfer,
)
from motcua.dossiers.models import Attachment
from motcua.notifications.providers import MemorySmsProvider

from .conftest import APPLICANT, BIRTH, PDF, PNG, VINH_PHUC, file_online, form_example

pytestmark = pytest.mark.django_db


def applicant_post() -> dict[str, str]:
    return {
        "applicant_full_name": APPLICANT.full_name,
        "applicant_id_number": APPLICANT.id_number,
        "applicant_date_of_birth": "1990-05-01",
        "applicant_phone": APPLICANT.phone,
    }


def flat(data, prefix=""):
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(flat(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            out[f"data.{prefix}{key}"] = "\n".join(value)
        elif isinstance(value, bool):
            out[f"data.{prefix}{key}"] = "1" if value else ""
        else:
            out[f"data.{prefix}{key}"] = str(value)
    return out


def test_wizard_files_a_dossier_without_js(client: Client, citizen):
    client.force_login(citizen)
    response = client.post(f"/nop-truc-tuyen/{BIRTH}/", {"unit": VINH_PHUC})
    draft = Draft.objects.get(owner=citizen)
    assert response.status_code == 302
    response = client.post(
        f"/nop-truc-tuyen/nhap/{draft.pk}/?buoc=1",
        {"buoc": "1", **applicant_post(), **flat(form_example())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    for doc in ("giay-chung-sinh", "giay-to-tuy-than"):
        upload = {"document": doc, "file": _file(doc)}
        response = client.post(f"/nop-truc-tuyen/nhap/{draft.pk}/tep/", upload)
        assert response.status_code == 302
    response = client.post(f"/nop-truc-tuyen/nhap/{draft.pk}/?buoc=4", {"buoc": "4"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    dossier = my_dossiers(citizen).get()
    assert dossier.status == 1
    assert response["Location"] == f"/ho-so-cua-toi/{dossier.code}/da-nop/"
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/").status_code == 200


def test_confirmation_says_code_next_steps_and_when(client: Client, citizen, volunteer):
    dossier = file_online(citizen)
    client.force_login(citizen)
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/da-nop/").content.decode()
    assert dossier.code in page
    assert "kiểm tra hồ sơ" in page and "tin nhắn SMS (091****678)" in page
    # the clock of an online dossier starts at acceptance (dossiers.online)
    assert "tính từ khi bộ phận một cửa tiếp nhận hồ sơ" in page
    assert "Trong ngày làm việc (nộp trước 15:00" in page
    assert "phieu-tiep-nhan.pdf" not in page  # no receipt before it is received
    assert f'href="/ho-so-cua-toi/{dossier.code}/"' in page
    client.force_login(volunteer)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/da-nop/").status_code == 404


def _file(name: str, content: bytes = PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"{name}.pdf", content + name.encode(), "application/pdf")


def test_upload_json_confirms_name_size_sha_and_refuses_wrong_type(client: Client, citizen):
    client.force_login(citizen)
    draft = actions.start_draft(owner=citizen, procedure=BIRTH, unit=VINH_PHUC)
    response = client.post(
        f"/nop-truc-tuyen/nhap/{draft.pk}/tep/",
        {"document": "giay-chung-sinh", "file": _file("a")},
        HTTP_ACCEPT="application/json",
    )
    body = response.json()
    assert body["ok"] and re.fullmatch(r"[0-9a-f]{64}", body["sha256"]) and body["size"] > 0
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.pdf", b"MZ not a pdf", "application/pdf")
    response = client.post(
        f"/nop-truc-tuyen/nhap/{draft.pk}/tep/",
        {"document": "giay-chung-sinh", "file": bad},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 422
    assert "không phải PDF" in response.json()["error"]


def test_documents_verified_before_can_be_reused(citizen, counter_vp):
    first = file_online(citizen)
    assert reusable_attachments(citizen) == []  # not yet verified by an officer
    accept(first, actor=counter_vp)
    earlier = reusable_attachments(citizen)
    assert earlier
    id_card = next(a for a in earlier if a.document == "giay-to-tuy-than")
    files = [
        OnlineFile(document="giay-chung-sinh", name="cs.pdf", content=PDF + b"new"),
        OnlineFile(document="giay-to-tuy-than", reuse_of=id_card.pk),
    ]
    second = file_online(citizen, files=files)
    assert second.reused_documents[0]["document"] == "giay-to-tuy-than"
    assert second.reused_documents[0]["from_dossier"] == first.code
    assert Attachment.objects.filter(dossier=second, sha256=id_card.sha256).exists()


def test_cannot_reuse_someone_elses_document(citizen, volunteer, counter_vp):
    first = file_online(citizen)
    accept(first, actor=counter_vp)
    other = reusable_attachments(citizen)[0]
    with pytest.raises(DossierInvalidError):
        file_online(volunteer, files=[OnlineFile(document=other.document, reuse_of=other.pk)])


def _volunteer_draft(volunteer, tag: bytes):
    """A volunteer's filled birth-registration draft with its birth certificate uploaded."""
    draft = actions.start_draft(owner=volunteer, procedure=BIRTH, unit=VINH_PHUC)
    actions.save_draft(
        draft,
        applicant={"full_name": APPLICANT.full_name, "id_number": APPLICANT.id_number},
        data=form_example(),
    )
    actions.add_draft_file(draft, document="giay-chung-sinh", name="a.pdf", content=PDF + tag)
    return draft


def test_volunteer_needs_consent_and_it_is_recorded(volunteer, django_capture_on_commit_callbacks):
    draft = _volunteer_draft(volunteer, b"a")
    actions.add_draft_file(draft, document="giay-to-tuy-than", name="b.png", content=PNG)
    with pytest.raises(CitizenError):
        actions.submit_draft(draft, actor=volunteer)
    from motcua.citizens.codes import issue_code

    with django_capture_on_commit_callbacks(execute=True):
        issue_code("0912555666", purpose="consent")
    code = re.search(r"\d{6}", MemorySmsProvider.sent[-1]["text"]).group(0)  # type: ignore[union-attr]
    with pytest.raises(CitizenError):
        actions.record_consent_code(
            draft, phone="0912555666", code="999999" if code != "999999" else "0"
        )
    actions.record_consent_code(draft, phone="0912555666", code=code)
    dossier = actions.submit_draft(draft, actor=volunteer)
    assert dossier.assisted_by_volunteer
    consent = Consent.objects.get(dossier=dossier)
    assert consent.method == "code" and consent.phone == "0912555666"


def test_volunteer_consent_by_signed_slip_checked_by_content(volunteer):
    draft = actions.start_draft(owner=volunteer, procedure=BIRTH, unit=VINH_PHUC)
    with pytest.raises(CitizenError):
        actions.record_consent_slip(draft, name="phieu.pdf", content=b"GIF89a fake")
    actions.record_consent_slip(draft, name="phieu.jpg", content=b"\xff\xd8\xff\xe0 slip")
    assert draft.consent["method"] == "slip" and len(draft.consent["sha256"]) == 64


def test_volunteer_sees_only_dossiers_they_assisted(volunteer, citizen, client: Client):
    from motcua.accounts.actions import create_volunteer_account

    other = create_volunteer_account(full_name="Lý Văn Nam", phone="0987000111").user
    mine = file_online(volunteer)
    theirs = file_online(other)
    assert list(my_dossiers(volunteer)) == [mine]
    client.force_login(volunteer)
    assert client.get(f"/ho-so-cua-toi/{mine.code}/").status_code == 200
    assert client.get(f"/ho-so-cua-toi/{theirs.code}/").status_code == 404
    assert client.get(f"/ho-so-cua-toi/{theirs.code}/phieu-tiep-nhan.pdf").status_code == 404


def test_receipt_pdf_only_for_the_filer(client: Client, citizen, volunteer):
    dossier = file_online(citizen)
    client.force_login(citizen)
    response = client.get(f"/ho-so-cua-toi/{dossier.code}/phieu-tiep-nhan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(volunteer)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/phieu-tiep-nhan.pdf").status_code == 404


def _returned(dossier, counter, specialist, leader):
    accept(dossier, actor=counter)
    transfer(dossier, actor=counter, assignee_username=specialist.username)
    appraise(dossier, actor=specialist, proposal="approve", note="Đủ điều kiện")
    approve(dossier, actor=leader)
    if dossier.state != "result_ready":
        pytest.skip(f"approve leads to {dossier.state} now (signing work in progress)")
    return_result(
        dossier,
        actor=counter,
        collector_name=dossier.applicant_name,
        collector_id_number=dossier.applicant_id_number,
    )
    return dossier


ALL_SATISFIED = {code: "satisfied" for code, _ in QUESTIONS}


def test_rating_once_after_return(citizen, volunteer, counter_vp, specialist_vp, leader_vp):
    dossier = file_online(citizen)
    with pytest.raises(CitizenError) as early:
        actions.rate_dossier(dossier, actor=citizen, answers=ALL_SATISFIED)
    assert early.value.status == 409
    _returned(dossier, counter_vp, specialist_vp, leader_vp)
    with pytest.raises(CitizenError) as other:
        actions.rate_dossier(dossier, actor=volunteer, answers=ALL_SATISFIED)
    assert other.value.status == 403
    disliked = {**ALL_SATISFIED, "attitude": "dissatisfied"}
    with pytest.raises(CitizenError) as no_reason:
        actions.rate_dossier(dossier, actor=citizen, answers=disliked, reason="")
    assert set(no_reason.value.errors) == {"reason"}
    actions.rate_dossier(dossier, actor=citizen, answers=disliked, reason="Chờ lâu")
    with pytest.raises(CitizenError) as twice:
        actions.rate_dossier(dossier, actor=citizen, answers=ALL_SATISFIED)
    assert twice.value.status == 409
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.reason, rating.satisfied) == ("Chờ lâu", False)
    assert dict(rating.answers.values_list("question", "answer")) == disliked


def test_rating_names_each_unanswered_question(citizen, counter_vp, specialist_vp, leader_vp):
    dossier = _returned(file_online(citizen), counter_vp, specialist_vp, leader_vp)
    partial = {code: "very_satisfied" for code, _ in QUESTIONS[:10]}
    with pytest.raises(CitizenError) as missing:
        actions.rate_dossier(dossier, actor=citizen, answers={**partial, "feedback": "rat"})
    assert set(missing.value.errors) == {QUESTIONS[10][0], QUESTIONS[11][0]}
    assert missing.value.message.startswith("Câu 11 (Tiếp thu, giải trình")
    assert not Rating.objects.filter(dossier=dossier).exists()


def test_rating_page_asks_every_question_with_nothing_chosen(
    client, citizen, counter_vp, specialist_vp, leader_vp
):
    dossier = _returned(file_online(citizen), counter_vp, specialist_vp, leader_vp)
    client.force_login(citizen)
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert page.count('type="radio"') == 3 * len(QUESTIONS)
    assert " checked" not in page
    answers = {f"q_{code}": "satisfied" for code, _ in QUESTIONS[1:]}
    refused = client.post(f"/ho-so-cua-toi/{dossier.code}/", {**answers, "reason": "x"})
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "Câu 1 (Đánh giá tổng thể dịch vụ): hãy chọn một mức đánh giá." in body
    assert body.count(" checked") == len(QUESTIONS) - 1  # what was chosen is kept
    done = client.post(
        f"/ho-so-cua-toi/{dossier.code}/", {**answers, "q_overall": "very_satisfied"}
    )
    assert done.status_code == 302
    counts = satisfaction_counts(
        [dossier.unit_id], timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1)
    )
    assert counts["ratings"] == 1 and counts["disliked"] == 0
    assert counts["questions"]["overall"]["very_satisfied"] == 1  # type: ignore[index]


def test_supplement_request_message_lists_documents(citizen, counter_vp):
    dossier = file_online(citizen)
    accept(dossier, actor=counter_vp)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        request_supplement(
            dossier,
            actor=counter_vp,
            reason="Thiếu giấy tờ",
            documents=["Bản sao giấy chứng sinh", "Giấy ủy quyền"],
        )
    text = MemorySmsProvider.sent[-1]["text"]
    assert "1. Bản sao giấy chứng sinh" in text and "2. Giấy ủy quyền" in text


def test_api_lists_only_own_dossiers(api_client, citizen, volunteer):
    mine = file_online(citizen)
    file_online(volunteer)
    body = api_client(citizen).get("/api/v1/citizen/dossiers").json()
    assert body["count"] == 1 and body["items"][0]["code"] == mine.code
    assert api_client(volunteer).get("/api/v1/citizen/dossiers").json()["count"] == 1
    from django.test import Client

    assert Client().get("/api/v1/citizen/dossiers").status_code == 401


def test_wizard_says_which_documents_are_only_shown_at_collection(client: Client, citizen):
    client.force_login(citizen)
    draft = actions.start_draft(owner=citizen, procedure=BIRTH, unit=VINH_PHUC)
    page = client.get(f"/nop-truc-tuyen/nhap/{draft.pk}/?buoc=2").content.decode()
    assert "Giấy tờ xuất trình: không cần tải lên" in page
    assert "Mang bản chính để cán bộ đối chiếu khi nhận kết quả (bắt buộc)" in page
    # no upload is asked for a paper only shown (xuất trình)
    assert 'id="file-giay-chung-sinh"' in page
    assert 'id="file-giay-to-tuy-than"' not in page
    assert "tối đa 10 MB mỗi tệp" in page


def _filed_by_volunteer_with_code(volunteer, phone: str, django_capture_on_commit_callbacks):
    from motcua.citizens.codes import issue_code

    draft = _volunteer_draft(volunteer, b"v")
    with django_capture_on_commit_callbacks(execute=True):
        issue_code(phone, purpose="consent")
    code = re.search(r"\d{6}", MemorySmsProvider.sent[-1]["text"]).group(0)  # type: ignore[union-attr]
    actions.record_consent_code(draft, phone=phone, code=code)
    return actions.submit_draft(draft, actor=volunteer)


def test_citizen_sees_what_a_volunteer_filed_with_their_consent_code(
    citizen, volunteer, client: Client, django_capture_on_commit_callbacks
):
    from motcua.accounts.actions import create_citizen_account

    # given a volunteer files for the holder of the citizen's phone, who gave the code
    dossier = _filed_by_volunteer_with_code(
        volunteer, "0912345678", django_capture_on_commit_callbacks
    )
    other = create_citizen_account(full_name="Lý Thị Hoa", phone="0912000999").user
    # then the citizen signing in with that phone sees it, page and receipt included
    assert list(my_dossiers(citizen)) == [dossier]
    client.force_login(citizen)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/").status_code == 200
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/phieu-tiep-nhan.pdf").status_code == 200
    # the volunteer still sees it; another citizen does not
    assert list(my_dossiers(volunteer)) == [dossier]
    assert list(my_dossiers(other)) == []
    client.force_login(other)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/").status_code == 404


def test_consent_by_paper_slip_does_not_show_the_dossier_to_any_citizen(citizen, volunteer):
    draft = _volunteer_draft(volunteer, b"s")
    actions.record_consent_slip(draft, name="phieu.jpg", content=b"\xff\xd8\xff\xe0 slip")
    dossier = actions.submit_draft(draft, actor=volunteer)
    assert list(my_dossiers(volunteer)) == [dossier]
    assert list(my_dossiers(citizen)) == []


def test_citizen_rates_what_a_volunteer_filed_for_them(
    citizen, volunteer, counter_vp, specialist_vp, leader_vp, django_capture_on_commit_callbacks
):
    dossier = _filed_by_volunteer_with_code(
        volunteer, "0912345678", django_capture_on_commit_callbacks
    )
    _returned(dossier, counter_vp, specialist_vp, leader_vp)
    actions.rate_dossier(dossier, actor=citizen, answers=ALL_SATISFIED)
    assert Rating.objects.get(dossier=dossier).rated_by_id == citizen.pk


def test_wizard_refuses_a_reuse_choice_that_is_not_the_citizens_own(client: Client, citizen):
    """A tampered or stale choice of a paper to reuse (not a number, a number too large for
    the database, or another person's paper) is refused on the step with a Vietnamese
    message, never a server error, and the draft keeps no such choice."""
    client.force_login(citizen)
    draft = actions.start_draft(owner=citizen, procedure=BIRTH, unit=VINH_PHUC)
    for choice in ("abc", "99999999999999999999999", "12345"):
        response = client.post(
            f"/nop-truc-tuyen/nhap/{draft.pk}/?buoc=2",
            {"buoc": "2", "reuse_giay-chung-sinh": choice},
        )
        assert response.status_code == 422
        assert "Giấy tờ chọn dùng lại không có trong các hồ sơ" in response.content.decode()
    draft.refresh_from_db()
    assert draft.reuse == {}
    # choosing to upload instead ("0") goes on to the next step
    response = client.post(
        f"/nop-truc-tuyen/nhap/{draft.pk}/?buoc=2", {"buoc": "2", "reuse_giay-chung-sinh": "0"}
    )
    assert response.status_code == 302


def test_an_unknown_wizard_step_starts_the_wizard_over(client: Client, citizen):
    """A hand-typed or old address (`?buoc=9`, `?buoc=abc`) shows step 1, the e-form, not
    the review page with its submit button."""
    client.force_login(citizen)
    draft = actions.start_draft(owner=citizen, procedure=BIRTH, unit=VINH_PHUC)
    first = client.get(f"/nop-truc-tuyen/nhap/{draft.pk}/?buoc=1").content.decode()
    for step in ("9", "abc", ""):
        response = client.get(f"/nop-truc-tuyen/nhap/{draft.pk}/?buoc={step}")
        assert response.status_code == 200
        assert response.context["step"] == "1"
        assert response.content.decode().count('name="data.') == first.count('name="data.')
    assert client.get(f"/nop-truc-tuyen/nhap/{draft.pk}/?buoc=4").context["step"] == "4"
