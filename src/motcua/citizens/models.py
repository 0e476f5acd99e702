"""The citizen's side: one-time codes, drafts of online dossiers, consent, ratings, feedback.

None of these change a dossier: the dossier itself is created by `dossiers.actions.online` and
changed by the lifecycle actions (invariant 1); these rows hang beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from motcua.accounts.models import Account
from motcua.core.models import TimeStampedModel
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

from .satisfaction import Answer


class CodePurpose(models.TextChoices):
    LOGIN = "login", "Đăng nhập"
    REGISTER = "register", "Đăng ký tài khoản"
    CONSENT = "consent", "Đồng ý cho tình nguyện viên nộp thay"
    CONTACT_OLD = "contact_old", "Đổi liên hệ: xác nhận ở địa chỉ cũ"
    CONTACT_NEW = "contact_new", "Đổi liên hệ: xác nhận ở địa chỉ mới"


class OneTimeCode(models.Model):
    """A one-time code (mã xác thực một lần) sent to a phone or e-mail.

    Only `code_hash` (HMAC-SHA256 with the secret key) is stored, never the code. A code is
    valid for 5 minutes, for at most 5 wrong tries, and once (`used_at`); at most 3 codes per
    destination and per IP address are issued in 15 minutes (`citizens.codes`). Six digits,
    5 tries and 3 codes per 15 minutes give an attacker about 15 guesses in a million per
    quarter hour.
    """

    destination = models.CharField("gửi đến", max_length=254)
    purpose = models.CharField("mục đích", max_length=16, choices=CodePurpose.choices)
    code_hash = models.CharField("mã băm", max_length=64)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc")
    expires_at = models.DateTimeField("hết hạn lúc")
    attempts = models.PositiveSmallIntegerField("số lần nhập sai", default=0)
    used_at = models.DateTimeField("đã dùng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã xác thực một lần"
        verbose_name_plural = "mã xác thực một lần"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["destination", "created_at"], name="otc_destination_idx"),
            models.Index(fields=["ip", "created_at"], name="otc_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%d/%m/%Y %H:%M}"


class Draft(TimeStampedModel):
    """An online dossier being prepared (hồ sơ nháp), kept on the server per account.

    `data` is the e-form data entered so far, `applicant` the applicant fields, `consent`
    the citizen's consent when a volunteer files (method, phone, verified time or the slip's
    sha256). Submitting turns the draft into a dossier (`dossier` set) and it is kept, read
    only, as the record of what was filed.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="citizen_drafts",
    )
    procedure_code = models.CharField("mã thủ tục", max_length=16)
    unit = models.ForeignKey(
        Unit, verbose_name="xã giải quyết", on_delete=models.PROTECT, null=True, blank=True
    )
    applicant = models.JSONField("người nộp", default=dict)
    data = models.JSONField("dữ liệu biểu mẫu", default=dict)
    reuse = models.JSONField("giấy tờ dùng lại", default=dict, blank=True)
    consent = models.JSONField("sự đồng ý của người dân", default=dict, blank=True)
    dossier = models.OneToOneField(
        Dossier,
        verbose_name="hồ sơ đã nộp",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="draft",
    )

    class Meta:
        verbose_name = "hồ sơ nháp"
        verbose_name_plural = "hồ sơ nháp"
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.procedure_code} ({self.owner_id})"


class DraftFile(models.Model):
    """A file uploaded into a draft for one document; bytes stored by sha256, checked by type."""

    draft = models.ForeignKey(
        Draft, verbose_name="hồ sơ nháp", on_delete=models.CASCADE, related_name="files"
    )
    document = models.CharField("thành phần hồ sơ", max_length=100)
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    content_type = models.CharField("loại tệp", max_length=50)
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    path = models.CharField("đường dẫn lưu trữ", max_length=200)
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp của hồ sơ nháp"
        verbose_name_plural = "tệp của hồ sơ nháp"
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "document"], name="draft_file_one_per_doc"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"


class ConsentMethod(models.TextChoices):
    CODE = "code", "Mã xác thực gửi đến điện thoại người dân"
    SLIP = "slip", "Phiếu đồng ý có chữ ký của người dân"


class Consent(models.Model):
    """A citizen's consent (sự đồng ý) to a digital volunteer filing on their behalf.

    Recorded once per assisted dossier, in the transaction that creates it: by a one-time
    code sent to the citizen's phone (`phone`, `verified_at`) or by a signed paper slip that
    the volunteer uploaded (`slip_sha256`, `slip_path`, checked to be PDF, JPEG or PNG).
    """

    dossier = models.OneToOneField(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="consent"
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tình nguyện viên số",
        on_delete=models.PROTECT,
        related_name="consents_taken",
    )
    method = models.CharField("cách ghi nhận", max_length=8, choices=ConsentMethod.choices)
    phone = models.CharField("số điện thoại người dân", max_length=10, blank=True)
    verified_at = models.DateTimeField("xác thực lúc", null=True, blank=True)
    slip_name = models.CharField("tên tệp phiếu", max_length=255, blank=True)
    slip_sha256 = models.CharField("mã băm phiếu", max_length=64, blank=True)
    slip_path = models.CharField("đường dẫn phiếu", max_length=200, blank=True)
    recorded_at = models.DateTimeField("ghi nhận lúc")

    class Meta:
        verbose_name = "sự đồng ý nộp thay"
        verbose_name_plural = "sự đồng ý nộp thay"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(method="code") & ~models.Q(phone=""))
                | (models.Q(method="slip") & ~models.Q(slip_sha256="")),
                name="consent_has_proof",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.method}"


class Rating(models.Model):
    """The filer's satisfaction with a returned dossier (đánh giá mức độ hài lòng): once.

    Feeds the satisfaction group of Decision 766: one `RatingAnswer` per question of
    `citizens.satisfaction.QUESTIONS`; `satisfied` is false when any answer is "không hài
    lòng" (the dossier counts as disliked, indicator 5.4), and such a rating states its reason.
    """

    dossier = models.OneToOneField(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="rating"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người đánh giá", on_delete=models.PROTECT
    )
    satisfied = models.BooleanField("hài lòng")
    reason = models.TextField("lý do chưa hài lòng", blank=True)
    created_at = models.DateTimeField("đánh giá lúc", auto_now_add=True)

    class Meta:
        verbose_name = "đánh giá hài lòng"
        verbose_name_plural = "đánh giá hài lòng"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfied=True) | ~models.Q(reason=""),
                name="rating_dissatisfied_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {'hài lòng' if self.satisfied else 'chưa hài lòng'}"


class RatingAnswer(models.Model):
    """One question of a rating and the level the citizen chose (`satisfaction.Answer`), by
    the question's code, so a report counts each question's levels with the ORM."""

    rating = models.ForeignKey(
        Rating, verbose_name="đánh giá", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.CharField("tiêu chí", max_length=32)
    answer = models.CharField("mức đánh giá", max_length=16, choices=Answer.choices)

    class Meta:
        verbose_name = "câu trả lời đánh giá"
        verbose_name_plural = "câu trả lời đánh giá"
        ordering = ["rating_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "question"], name="rating_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer}"


class FeedbackKind(models.TextChoices):
    REPORT = "report", "Phản ánh"
    PROPOSAL = "proposal", "Kiến nghị"


class Feedback(TimeStampedModel):
    """A report or proposal (phản ánh, kiến nghị) about a commune's administrative service.

    Anyone may send one: a signed-in account (`author`) or an anonymous visitor, who leaves a
    phone or an e-mail for the reply (`contact_phone`, `contact_email`; a constraint keeps
    one of the three). `due_at` is the response deadline, computed through workcal
    (invariant 3); staff of the commune see open items in their queue, overdue first.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        on_delete=models.PROTECT,
        related_name="feedback_sent",
        null=True,
        blank=True,
    )
    contact_name = models.CharField("họ tên người gửi", max_length=150, blank=True)
    contact_phone = models.CharField("số điện thoại nhận trả lời", max_length=10, blank=True)
    contact_email = models.EmailField("thư điện tử nhận trả lời", max_length=254, blank=True)
    kind = models.CharField("loại", max_length=16, choices=FeedbackKind.choices)
    unit = models.ForeignKey(Unit, verbose_name="xã, phường", on_delete=models.PROTECT)
    dossier_code = models.CharField("mã hồ sơ liên quan", max_length=32, blank=True)
    text = models.TextField("nội dung")
    due_at = models.DateTimeField("hạn trả lời")
    response = models.TextField("trả lời", blank=True)
    responded_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người trả lời",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_answered",
    )

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author__isnull=False)
                | ~models.Q(contact_phone="")
                | ~models.Q(contact_email=""),
                name="feedback_has_reply_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def reply_to(self) -> str:
        """The phone or e-mail left for the reply, masked for lists (invariant 8)."""
        if self.contact_phone:
            return f"số {self.contact_phone[:3]}****{self.contact_phone[-3:]}"
        if self.contact_email:
            name, _, domain = self.contact_email.partition("@")
            return f"{name[:2]}***@{domain}"
        return ""


class ContactField(models.TextChoices):
    PHONE = "phone", "Số điện thoại"
    EMAIL = "email", "Thư điện tử"


class ContactChangeMethod(models.TextChoices):
    CODE = "code", "Mã xác thực gửi đến địa chỉ cũ và địa chỉ mới"
    COUNTER = "counter", "Đối chiếu giấy tờ tùy thân tại quầy"


class IdentityDocument(models.TextChoices):
    ID_CARD = "id_card", "Thẻ căn cước / căn cước công dân"
    PASSPORT = "passport", "Hộ chiếu"


class ContactChange(models.Model):
    """A change of a citizen account's phone or e-mail (đổi số điện thoại, thư điện tử).

    The phone or e-mail is what a citizen logs in with, so whoever changes it takes the
    account over: it changes only by a code sent to the old address and then one sent to the
    new (`method` code), or at a counter where an officer has seen the citizen's identity
    document (`method` counter: the officer, their name and commune, the document's kind and
    the last four characters of its number are kept). Never silently: the admin shows the
    account's phone and e-mail read only, and every change is one of these rows, written in
    the transaction that changes the account (`citizens.contacts`).
    """

    account = models.ForeignKey(
        Account,
        verbose_name="tài khoản",
        on_delete=models.PROTECT,
        related_name="contact_changes",
    )
    field = models.CharField("thông tin đổi", max_length=8, choices=ContactField.choices)
    old_value = models.CharField("giá trị cũ", max_length=254, blank=True)
    new_value = models.CharField("giá trị mới", max_length=254)
    method = models.CharField("cách xác minh", max_length=8, choices=ContactChangeMethod.choices)
    changed_at = models.DateTimeField("đổi lúc")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ đối chiếu",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    officer_name = models.CharField("họ tên cán bộ", max_length=120, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="xã của quầy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    document_kind = models.CharField(
        "giấy tờ đã xem", max_length=16, choices=IdentityDocument.choices, blank=True
    )
    document_tail = models.CharField("4 ký tự cuối số giấy tờ", max_length=4, blank=True)

    class Meta:
        verbose_name = "lần đổi số điện thoại, thư điện tử"
        verbose_name_plural = "lần đổi số điện thoại, thư điện tử"
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method=ContactChangeMethod.CODE)
                | (
                    models.Q(officer__isnull=False)
                    & ~models.Q(officer_name="")
                    & ~models.Q(document_kind="")
                    & ~models.Q(document_tail="")
                ),
                name="contact_change_counter_has_check",
                violation_error_message=(
                    "Đổi tại quầy phải ghi cán bộ và giấy tờ tùy thân đã đối chiếu."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()} {self.changed_at:%d/%m/%Y %H:%M}"
