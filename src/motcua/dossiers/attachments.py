"""Files attached to a dossier (tệp đính kèm): PDF, JPEG or PNG, content-addressed.

The type comes from the file's first bytes, never its name; the size limit is
`settings.MOTCUA_MAX_UPLOAD_MB`; the bytes are stored once under their sha256 through Django's
storage API (`attachments/ab/cd/<sha256>`), so the same content uploaded again, to any dossier,
is stored once. `attach_file` is the one write, in one transaction with its event (invariant 1).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from motcua.accounts.choices import Role

from .acting import lock
from .actions import DossierConflictError, DossierInvalidError, DossierPermissionError
from .choices import FINISHED_STATES
from .events import append_event
from .models import Attachment, Dossier

# Magic numbers of the accepted types (first bytes of the file).
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
ATTACH_ROLES = frozenset({Role.COUNTER, Role.SPECIALIST, Role.LEADER, Role.REGISTRAR})


def max_upload_bytes() -> int:
    return int(settings.MOTCUA_MAX_UPLOAD_MB * 1024 * 1024)


def detect_content_type(head: bytes) -> str | None:
    """The MIME type from the file's first bytes (PDF, JPEG, PNG), or None for anything else."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def storage_path(sha256: str) -> str:
    return f"attachments/{sha256[:2]}/{sha256[2:4]}/{sha256}"


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
    if not standing.roles_in(locked.unit_id) & ATTACH_ROLES:
        raise DossierPermissionError(
            "Chỉ cán bộ của đơn vị giải quyết mới được đính kèm tệp vào hồ sơ."
        )
    if locked.state in FINISHED_STATES:
        raise DossierConflictError(
            f"Hồ sơ {locked.code} đã kết thúc (“{locked.get_state_display()}”); không đính kèm "
            "thêm tệp."
        )
    name = str(getattr(upload, "name", "") or "tep-dinh-kem").rsplit("/", 1)[-1][:255]
    limit = max_upload_bytes()
    content = _read(upload, limit)
    if len(content) > limit:
        message = (
            f"Tệp “{name}” vượt quá dung lượng cho phép "
            f"({settings.MOTCUA_MAX_UPLOAD_MB} MB); chưa lưu tệp."
        )
        raise DossierInvalidError(message, {"file": [message]})
    if not content:
        message = f"Tệp “{name}” rỗng; chưa lưu tệp."
        raise DossierInvalidError(message, {"file": [message]})
    content_type = detect_content_type(content[:16])
    if content_type is None:
        message = (
            f"Tệp “{name}” không phải PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp, "
            "không theo tên); chưa lưu tệp."
        )
        raise DossierInvalidError(message, {"file": [message]})
    document_id = (document or "").strip()
    if document_id:
        known = {str(item.get("id")) for item in locked.snapshot.get("required_documents", [])}
        if document_id not in known:
            message = f"'{document_id}' không thuộc thành phần hồ sơ của thủ tục."
            raise DossierInvalidError(message, {"document": [message]})
    digest = hashlib.sha256(content).hexdigest()
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
    return AttachOutcome(attachment, created=True)


def attachments_of(dossier: Dossier) -> list[Attachment]:
    """The dossier's attachments in upload order, with the uploader (one query)."""
    return list(
        Attachment.objects.filter(dossier_id=dossier.pk)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )
