"""Writes of the citizen's side: accounts by one-time code, drafts, online filing with
consent, ratings and feedback. Each is one function, in one transaction; pages, the API and
tests call the same ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from motcua.accounts.actions import AccountError, create_citizen_account, normalize_phone
from motcua.accounts.choices import AccountKind
from motcua.accounts.models import Account
from motcua.accounts.queries import account_of, scope_unit_codes
from motcua.dossiers.actions import (
    DossierInvalidError,
    DossierPermissionError,
    OnlineFile,
    check_file,
    store_bytes,
    submit_online,
)
from motcua.dossiers.choices import Status
from motcua.dossiers.forms import applicant_from
from motcua.dossiers.models import Dossier
from motcua.dossiers.notices import notify_dossier_event
from motcua.notifications.actions import queue_message
from motcua.notifications.models import MessageChannel
from motcua.units.models import Unit
from motcua.workcal.queries import calendar_for

from .codes import CodeError, verify_code
from .models import (
    CodePurpose,
    Consent,
    ConsentMethod,
    Draft,
    DraftFile,
    Feedback,
    FeedbackKind,
    Rating,
    RatingAnswer,
)
from .queries import my_dossiers
from .satisfaction import QUESTIONS, Answer, unanswered

FEEDBACK_DAYS = 10  # response deadline in working days (configurable by province later)
MAX_TEXT = 2000


class CitizenError(Exception):
    """A refused citizen-side write, with a Vietnamese message for the page."""

    def __init__(
        self, message: str, status: int = 422, errors: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        # The message of each field or question at fault, by its name, for the page.
        self.errors: dict[str, str] = dict(errors or {})


def normalize_destination(value: str) -> str:
    """A phone as 10 digits or an e-mail lower-cased; `CitizenError` for anything else."""
    value = (value or "").strip()
    if "@" in value:
        if len(value) > 254 or value.count("@") != 1 or "." not in value.split("@")[1]:
            raise CitizenError("Địa chỉ thư điện tử không hợp lệ.")
        return value.lower()
    try:
        phone = normalize_phone(value)
    except AccountError as error:
        raise CitizenError(str(error)) from error
    if not phone:
        raise CitizenError("Hãy nhập số điện thoại hoặc địa chỉ thư điện tử.")
    return phone


def account_by_destination(destination: str) -> Account | None:
    if "@" in destination:
        return Account.objects.filter(email__iexact=destination).select_related("user").first()
    return Account.objects.filter(phone=destination).select_related("user").first()


def register_or_login(destination: str, code: str, *, full_name: str = "") -> Account:
    """The account behind a verified code: an existing one, or a new citizen account when
    `full_name` is given (registration). `CitizenError` if the code is wrong or expired.

    Not one transaction: the code is checked first, in its own (`verify_code`), so that a
    wrong try is counted even though this function then raises; wrapped in a transaction
    the refusal rolled the count back, and a code could be guessed without end (issue 24).
    The account, when new, is created in a transaction of its own."""
    purpose = CodePurpose.REGISTER if full_name else CodePurpose.LOGIN
    if not verify_code(destination, code, purpose=purpose):
        raise CitizenError("Mã xác thực không đúng hoặc đã hết hạn.")
    account = account_by_destination(destination)
    if account is not None:
        return account
    if not full_name:
        raise CitizenError("Chưa có tài khoản với địa chỉ này; hãy đăng ký.")
    phone, email = ("", destination) if "@" in destination else (destination, "")
    try:
        return create_citizen_account(full_name=full_name, phone=phone, email=email)
    except AccountError as error:
        raise CitizenError(str(error)) from error


# --- drafts -----------------------------------------------------------------------------


def start_draft(*, owner: AbstractBaseUser, procedure: str, unit: str) -> Draft:
    """A new draft for this procedure and commune, prefilled with the account's contact."""
    account = account_of(owner)
    target = Unit.objects.filter(code=unit).first()
    applicant: dict[str, str] = {}
    if account is not None and account.kind == AccountKind.CITIZEN:
        applicant = {"full_name": account.full_name, "phone": account.phone, "email": account.email}
    return Draft.objects.create(
        owner_id=owner.pk, procedure_code=procedure, unit=target, applicant=applicant
    )


def save_draft(draft: Draft, *, applicant: Mapping[str, str], data: Mapping[str, Any]) -> Draft:
    """Keep what was entered so far; a submitted draft is read only."""
    if draft.dossier_id is not None:
        raise CitizenError("Hồ sơ đã nộp; không sửa bản nháp nữa.", 409)
    draft.applicant = dict(applicant)
    draft.data = dict(data)
    draft.save(update_fields=["applicant", "data", "updated_at"])
    return draft


@transaction.atomic
def add_draft_file(draft: Draft, *, document: str, name: str, content: bytes) -> DraftFile:
    """Store an upload for one document of the draft (replaces an earlier one).

    Checked by content (PDF, JPEG, PNG) and size like every attachment; the bytes are stored
    once by sha256. Choosing a file also cancels a reuse chosen for the same document.
    """
    if draft.dossier_id is not None:
        raise CitizenError("Hồ sơ đã nộp; không thêm tệp nữa.", 409)
    try:
        content_type, digest = check_file(name, content)
    except DossierInvalidError as error:
        raise CitizenError(error.message) from error
    path = store_bytes(content, digest)
    DraftFile.objects.filter(draft=draft, document=document).delete()
    if document in draft.reuse:
        draft.reuse.pop(document)
        draft.save(update_fields=["reuse", "updated_at"])
    return DraftFile.objects.create(
        draft=draft,
        document=document,
        name=(name or "tep").rsplit("/", 1)[-1][:255],
        size=len(content),
        content_type=content_type,
        sha256=digest,
        path=path,
    )


def choose_reuse(draft: Draft, *, document: str, attachment_id: int | None) -> Draft:
    """Reuse an earlier verified attachment for a document (once-only), or stop reusing."""
    if attachment_id is None:
        draft.reuse.pop(document, None)
    else:
        draft.reuse[document] = int(attachment_id)
        DraftFile.objects.filter(draft=draft, document=document).delete()
    draft.save(update_fields=["reuse", "updated_at"])
    return draft


def record_consent_code(draft: Draft, *, phone: str, code: str) -> Draft:
    """The citizen read out the code sent to their phone: consent to be filed for."""
    phone = normalize_destination(phone)
    if not verify_code(phone, code, purpose=CodePurpose.CONSENT):
        raise CitizenError("Mã xác thực không đúng hoặc đã hết hạn.")
    draft.consent = {
        "method": ConsentMethod.CODE,
        "phone": phone,
        "verified_at": timezone.now().isoformat(),
    }
    draft.save(update_fields=["consent", "updated_at"])
    return draft


def record_consent_slip(draft: Draft, *, name: str, content: bytes) -> Draft:
    """The volunteer uploaded the consent slip the citizen signed (PDF, JPEG or PNG)."""
    try:
        _, digest = check_file(name, content)
    except DossierInvalidError as error:
        raise CitizenError(error.message) from error
    draft.consent = {
        "method": ConsentMethod.SLIP,
        "name": (name or "phieu")[:255],
        "sha256": digest,
        "path": store_bytes(content, digest),
    }
    draft.save(update_fields=["consent", "updated_at"])
    return draft


@transaction.atomic
def submit_draft(draft: Draft, *, actor: AbstractBaseUser) -> Dossier:
    """Turn the draft into a status-1 dossier (`dossiers.actions.online.submit_online`).

    A volunteer must have recorded the citizen's consent; it is stored as a `Consent` row in
    the same transaction and the dossier is marked assisted. The filer is told by SMS or
    e-mail: the message is written in this transaction and delivered after commit. Raises
    `CitizenError` or `DossierError`.
    """
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if draft.owner_id != actor.pk:
        raise DossierPermissionError("Đây không phải hồ sơ nháp của bạn.")
    if draft.dossier_id is not None:
        return Dossier.objects.get(pk=draft.dossier_id)
    account = account_of(actor)
    if account is None:
        raise DossierPermissionError("Chỉ tài khoản công dân hoặc tình nguyện viên mới nộp được.")
    volunteer = account.kind == AccountKind.VOLUNTEER
    consent = dict(draft.consent or {})
    if volunteer and consent.get("method") not in ConsentMethod.values:
        raise CitizenError(
            "Tình nguyện viên cần ghi nhận sự đồng ý của người dân (mã xác thực hoặc phiếu "
            "đồng ý có chữ ký) trước khi nộp thay."
        )
    errors: dict[str, list[str]] = {}
    applicant = applicant_from(draft.applicant, errors)
    if errors:
        raise DossierInvalidError("Ngày sinh không hợp lệ.", errors)
    files = [
        OnlineFile(document=row.document, name=row.name, content=_read_stored(row.path))
        for row in draft.files.all()
    ]
    files += [
        OnlineFile(document=document, reuse_of=int(pk)) for document, pk in draft.reuse.items()
    ]
    dossier = submit_online(
        actor=actor,
        procedure=draft.procedure_code,
        unit=draft.unit_id or "",
        applicant=applicant,
        data=draft.data,
        files=files,
        assisted_consent=({k: v for k, v in consent.items() if k != "path"} if volunteer else None),
    )
    if volunteer:
        Consent.objects.create(
            dossier=dossier,
            volunteer_id=actor.pk,
            method=consent["method"],
            phone=consent.get("phone", ""),
            verified_at=consent.get("verified_at"),
            slip_name=consent.get("name", ""),
            slip_sha256=consent.get("sha256", ""),
            slip_path=consent.get("path", ""),
            recorded_at=timezone.now(),
        )
    draft.dossier = dossier
    draft.save(update_fields=["dossier", "updated_at"])
    notify_dossier_event(dossier, "submit")  # in this transaction: the outbox (invariant 7)
    return dossier


def _read_stored(path: str) -> bytes:
    from django.core.files.storage import default_storage

    with default_storage.open(path, "rb") as handle:
        return handle.read()


# --- satisfaction and feedback ----------------------------------------------------------


@transaction.atomic
def rate_dossier(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    answers: Mapping[str, str],
    reason: str = "",
) -> Rating:
    """One rating per dossier, by its online filer or the citizen a volunteer filed it for
    (`queries.my_dossiers`), after the result was returned (status 10).

    `answers` gives a level (`satisfaction.Answer`) for every question of
    `satisfaction.QUESTIONS`; an unanswered one is refused, naming it (`CitizenError.errors`
    by question code). Any "không hài lòng" makes the rating dissatisfied, which needs a
    reason. A second rating is refused (409).
    """
    if not my_dossiers(actor).filter(pk=dossier.pk).exists():
        raise CitizenError("Chỉ người nộp hồ sơ mới được đánh giá.", 403)
    if dossier.status != Status.RETURNED:
        raise CitizenError("Chỉ đánh giá sau khi đã nhận kết quả.", 409)
    chosen = {code: str(answers.get(code) or "") for code, _ in QUESTIONS}
    missing = unanswered(chosen)
    reason = (reason or "").strip()[:MAX_TEXT]
    satisfied = Answer.DISSATISFIED not in chosen.values()
    if not satisfied and not reason:
        missing["reason"] = "Lý do chưa hài lòng: hãy cho biết điều bạn chưa hài lòng."
    if missing:
        first = next(iter(missing.values()))
        more = f" (và {len(missing) - 1} mục khác)" if len(missing) > 1 else ""
        raise CitizenError(f"{first}{more}", errors=missing)
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
    if Rating.objects.filter(dossier=dossier).exists():
        raise CitizenError("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.", 409)
    rating = Rating.objects.create(
        dossier=dossier,
        rated_by_id=actor.pk,
        satisfied=satisfied,
        reason="" if satisfied else reason,
    )
    RatingAnswer.objects.bulk_create(
        RatingAnswer(rating=rating, question=code, answer=level) for code, level in chosen.items()
    )
    return rating


def send_feedback(
    *,
    actor: AbstractBaseUser | AnonymousUser,
    kind: str,
    unit: str,
    text: str,
    dossier_code: str = "",
    name: str = "",
    phone: str = "",
    email: str = "",
) -> Feedback:
    """A report or proposal to a commune, answered within `FEEDBACK_DAYS` working days.

    An anonymous visitor may send one too, with a phone or an e-mail for the reply (checked;
    a signed-in account is answered at its own). Every problem is named by its field in
    `CitizenError.errors` ("kind", "unit", "text", "phone", "email").
    """
    errors: dict[str, str] = {}
    if kind not in FeedbackKind.values:
        errors["kind"] = "Loại: hãy chọn phản ánh hoặc kiến nghị."
    target = Unit.objects.filter(code=(unit or "").strip()).first()
    if target is None:
        errors["unit"] = "Xã, phường: hãy chọn nơi nhận phản ánh, kiến nghị."
    text = (text or "").strip()
    if not text:
        errors["text"] = "Nội dung: hãy nhập điều bạn muốn phản ánh, kiến nghị."
    phone, email = (phone or "").strip(), (email or "").strip()
    if phone:
        try:
            phone = normalize_phone(phone)
        except AccountError:
            errors["phone"] = (
                f"Số điện thoại: “{phone}” không hợp lệ, cần 10 chữ số bắt đầu bằng 0."
            )
    if email:
        try:
            email = normalize_destination(email) if "@" in email else ""
        except CitizenError:
            email = ""
        if not email:
            errors["email"] = "Thư điện tử: địa chỉ không hợp lệ (ví dụ ten@example.vn)."
    if not actor.is_authenticated and not phone and not email and "phone" not in errors:
        errors["phone"] = "Số điện thoại hoặc thư điện tử: hãy nhập một trong hai để nhận trả lời."
    if errors or target is None:
        raise CitizenError(next(iter(errors.values())), errors=errors)
    now = timezone.now()
    return Feedback.objects.create(
        author_id=actor.pk if actor.is_authenticated else None,
        contact_name=(name or "").strip()[:150],
        contact_phone=phone,
        contact_email=email,
        kind=kind,
        unit=target,
        text=text[:MAX_TEXT],
        dossier_code=(dossier_code or "").strip()[:32],
        due_at=calendar_for().add_working_days(now, FEEDBACK_DAYS),
    )


@transaction.atomic
def respond_feedback(feedback: Feedback, *, actor: AbstractBaseUser, response: str) -> Feedback:
    """An official of the commune answers a feedback item (403 outside their scope); the
    answer goes through the outbox (invariant 7) to the phone or e-mail the sender left, else
    to the sender's account."""
    if feedback.unit_id not in scope_unit_codes(actor):
        raise CitizenError("Phản ánh này không thuộc đơn vị của bạn.", 403)
    response = (response or "").strip()
    if not response:
        raise CitizenError("Trả lời: hãy nhập nội dung trả lời.")
    feedback.response = response[:MAX_TEXT]
    feedback.responded_at = timezone.now()
    feedback.responded_by_id = actor.pk
    feedback.save(update_fields=["response", "responded_at", "responded_by", "updated_at"])
    account = account_of(feedback.author) if feedback.author is not None else None
    for channel, destination in (
        (MessageChannel.SMS, feedback.contact_phone),
        (MessageChannel.EMAIL, feedback.contact_email),
        (MessageChannel.SMS, account.phone if account else ""),
        (MessageChannel.EMAIL, account.email if account else ""),
    ):
        if destination:
            queue_message(
                channel=channel,
                destination=destination,
                body=(
                    f"Trả lời phản ánh, kiến nghị số {feedback.pk} gửi {feedback.unit.name}: "
                    f"{feedback.response}"
                )[:MAX_TEXT],
                subject=f"Trả lời phản ánh, kiến nghị số {feedback.pk}",
                purpose="feedback_response",
                unit_id=feedback.unit_id,
            )
            break
    return feedback


__all__ = ["CitizenError", "CodeError"]
