"""Files attached to a dossier (tệp đính kèm): PDF, JPEG or PNG, content-addressed.

The type comes from the file's first bytes, never its name; the size limit is
`settings.MOTCUA_MAX_UPLOAD_MB`; the bytes are stored once under their sha256 through Django's
storage API (`attachments/ab/cd/<sha256>`), so the same content uploaded again, to any dossier,
is stored once. `attach_file` is the one write, in one transaction with its event (invariant 1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.queries import Standing
from motcua.catalog.choices import DocumentForm
from motcua.core.request_address import request_address

from ..choices import FINISHED_STATES, AccessKind
from ..events import append_event
from ..models import Attachment, Dossier, RecordAccess
from ..queries import access_log
from .acting import lock
from .errors import DossierConflictError, DossierInvalidError, DossierPermissionError

# Magic numbers of the accepted types (first bytes of the file).
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
ATTACH_ROLES = frozenset({Role.COUNTER, Role.SPECIALIST, Role.LEADER, Role.REGISTRAR})


def max_upload_bytes() -> int:
    return int(settings.MOTCUA_MAX_UPLOAD_MB * 1024 * 1024)


def limit_text() -> str:
    """ "10 MB": the size limit as the upload forms and their errors state it."""
    limit = settings.MOTCUA_MAX_UPLOAD_MB
    return f"{limit:g} MB"


ACCEPTED_TEXT = "PDF, JPEG hoặc PNG"


def check_size(name: str, size: int) -> None:
    """`DossierInvalidError` naming the file and the limit when `size` bytes is too large."""
    if size > max_upload_bytes():
        message = (
            f"Tệp “{name}” vượt quá dung lượng cho phép (tối đa {limit_text()} mỗi tệp); "
            "chưa lưu tệp."
        )
        raise DossierInvalidError(message, {"file": [message]})


def check_content(name: str, content: bytes) -> tuple[str, str]:
    """(content_type, sha256) of a file to attach, else `DossierInvalidError` in Vietnamese
    naming the file, the size limit and the accepted types (every upload path calls this)."""
    check_size(name, len(content))
    if not content:
        message = f"Tệp “{name}” rỗng; chưa lưu tệp."
        raise DossierInvalidError(message, {"file": [message]})
    content_type = detect_content_type(content[:16])
    if content_type is None:
        message = (
            f"Tệp “{name}” không phải {ACCEPTED_TEXT} (kiểm tra theo nội dung tệp, không theo "
            f"tên; tối đa {limit_text()} mỗi tệp); chưa lưu tệp."
        )
        raise DossierInvalidError(message, {"file": [message]})
    return content_type, hashlib.sha256(content).hexdigest()


def detect_content_type(head: bytes) -> str | None:
    """The MIME type from the file's first bytes (PDF, JPEG, PNG), or None for anything else."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def storage_path(sha256: str) -> str:
    return f"attachments/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def may_attach(dossier: Dossier, standing: Standing) -> bool:
    """An official of the competent unit, or the counter of the PSC that received the dossier
    (it scans the papers of a dossier received phi địa giới); `attach_file` also needs the
    dossier not ended (`FINISHED_STATES`)."""
    if standing.roles_in(dossier.unit_id) & ATTACH_ROLES:
        return True
    return Role.COUNTER in standing.roles_in(dossier.receiving_unit_code)


@dataclass(frozen=True)
class AttachOutcome:
    """The attachment, and whether this call created it (False: same content already there)."""

    attachment: Attachment
    created: bool


def _read(upload: IO[bytes] | Any, limit: int) -> bytes:
    """At most `limit` + 1 bytes: enough to tell an oversized file without reading it all."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = upload.read(min(1024 * 1024, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


@transaction.atomic
def attach_file(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    upload: Any,
    document: str | None = None,
) -> AttachOutcome:
    """Attach an uploaded file to the dossier, checked by content and size (issue 3, part 3).

    Scope (404), role (403: an official of the dossier's unit) and state (409: not once the
    dossier has ended) are checked on the locked row; a wrong type, an oversized or empty
    file, or an unknown `document` answer 422 with a Vietnamese message. The event records
    name, size, type and sha256 (invariant 1). The dossier's version is not bumped: attaching
    changes no state, so an officer's open action form stays valid.
    """
    locked, standing = lock(dossier, actor=actor)
    if not may_attach(locked, standing):
        raise DossierPermissionError(
            "Chỉ cán bộ của đơn vị giải quyết (hoặc bộ phận một cửa đã tiếp nhận hồ sơ) mới "
            "được đính kèm tệp vào hồ sơ."
        )
    if locked.state in FINISHED_STATES:
        raise DossierConflictError(
            f"Hồ sơ {locked.code} đã kết thúc (“{locked.get_state_display()}”); không đính kèm "
            "thêm tệp."
        )
    name = str(getattr(upload, "name", "") or "tep-dinh-kem").rsplit("/", 1)[-1][:255]
    content = _read(upload, max_upload_bytes())
    content_type, digest = check_content(name, content)
    document_id = (document or "").strip()
    if document_id:
        known = {str(item.get("id")) for item in locked.snapshot.get("required_documents", [])}
        if document_id not in known:
            message = f"'{document_id}' không thuộc thành phần hồ sơ của thủ tục."
            raise DossierInvalidError(message, {"document": [message]})
    existing = Attachment.objects.filter(dossier_id=locked.pk, sha256=digest).first()
    if existing is not None:
        return AttachOutcome(existing, created=False)
    path = storage_path(digest)
    if not default_storage.exists(path):
        saved = default_storage.save(path, ContentFile(content))
        if saved != path:  # a concurrent upload of the same content won: keep one copy
            default_storage.delete(saved)
    now = timezone.now()
    attachment = Attachment.objects.create(
        dossier=locked,
        name=name,
        size=len(content),
        content_type=content_type,
        sha256=digest,
        path=path,
        document=document_id,
        uploaded_by_id=actor.pk,
        uploaded_at=now,
    )
    append_event(
        locked,
        action="attach",
        actor=actor,
        at=now,
        payload={
            "name": name,
            "size": len(content),
            "content_type": content_type,
            "sha256": digest,
            "document": document_id,
        },
    )
    dossier.refresh_from_db()
    dossier.__dict__.pop("_attachment_documents", None)  # `queries.attachment_documents`
    return AttachOutcome(attachment, created=True)


def attachments_of(dossier: Dossier) -> list[Attachment]:
    """The dossier's attachments in upload order, with the uploader (one query)."""
    return list(
        Attachment.objects.filter(dossier_id=dossier.pk)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )


def attachment_of(dossier: Dossier, pk: int) -> Attachment | None:
    """One attachment of a dossier the caller has already scoped (`dossier_by_code`), or
    None: an id of another dossier's file answers like an absent one."""
    attachment = Attachment.objects.filter(dossier_id=dossier.pk, pk=pk).first()
    if attachment is not None:
        attachment.dossier = dossier  # already loaded: the access log names its code
    return attachment


def open_attachment(attachment: Attachment, *, user: Any) -> IO[bytes]:
    """The stored bytes of an attachment, opened for reading; the view is logged with the
    dossier's code and the file's hash (invariant 8: each view of a full record is logged;
    the file's content and name, which may be personal, are not). The access log keeps a
    row (`RecordAccess`) with the request's client address."""
    RecordAccess.objects.create(
        dossier_id=attachment.dossier_id,
        user_id=user.pk,
        kind=AccessKind.FILE,
        attachment=attachment,
        address=request_address(),
    )
    access_log.info(
        "user=%s opened attachment %s (sha256 %s) of dossier %s",
        user.pk,
        attachment.pk,
        attachment.sha256[:16],
        attachment.dossier.code,
    )
    return default_storage.open(attachment.path, "rb")


def attachment_response(attachment: Attachment, *, user: Any, download: bool) -> FileResponse:
    """The file as an HTTP answer: inline (a PDF or image opens in the browser's viewer) or
    as a download under its original name; logged (`open_attachment`). The type is the one
    read from the content at upload, never the name's."""
    response = FileResponse(
        open_attachment(attachment, user=user),
        as_attachment=download,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@dataclass(frozen=True)
class Digitisation:
    """Whether the papers of a dossier are held as files (số hóa hồ sơ, 766 index 4.2).

    `needed` are the documents that must have a file: those received (or mandatory), except
    the declaration the e-form holds ("to-khai-…") and papers only shown in original
    (xuất trình); `missing` are their names without a file yet.
    """

    needed: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def digitisation(dossier: Dossier, with_file: Iterable[str]) -> Digitisation:
    """`dossier`'s digitisation given the document ids its attachments belong to."""
    have = {str(document) for document in with_file}
    received = {
        str(item.get("document"))
        for item in dossier.documents or []
        if int(item.get("originals") or 0) + int(item.get("copies") or 0) > 0
    }
    needed: list[str] = []
    missing: list[str] = []
    for doc in dossier.snapshot.get("required_documents") or []:
        doc_id = str(doc.get("id"))
        if doc.get("form") == DocumentForm.PRESENT or doc_id.startswith("to-khai"):
            continue
        if doc_id in received or doc.get("mandatory"):
            needed.append(doc_id)
            if doc_id not in have:
                missing.append(str(doc.get("name") or doc_id))
    return Digitisation(tuple(needed), tuple(missing))
