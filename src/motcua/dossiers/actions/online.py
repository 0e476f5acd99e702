"""Online submission (nộp hồ sơ trực tuyến): a citizen or a digital volunteer files a dossier.

`submit_online` is the one write that creates a status-1 ("submitted online, not yet
received") dossier. It reuses the counter intake's checks (`checks`) so an
online dossier is held to the same rules as one taken at the counter, takes its code from the
competent commune's PSC through the same gap-free numbering, and appends the "submit" event in
the same transaction (invariant 1). The counter then accepts (1 → 2) or refuses it through the
lifecycle actions; the time limit runs from acceptance.

Files: an uploaded file is stored content-addressed exactly like `attachments` (same type
check by magic bytes, same storage path); a reused file (once-only, chỉ tiêu 766) points
at the stored bytes of an attachment of an earlier dossier of the same account that an officer
received, and the reuse is recorded in `Dossier.reused_documents`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from motcua.catalog.choices import DocumentForm
from motcua.catalog.eforms import version_data_problems
from motcua.units.queries import psc_of
from motcua.workcal.deadlines import TZ

from ..choices import STATUS_OF_STATE, Channel, State
from ..events import append_event
from ..models import Attachment, Dossier, NameWord, name_words
from ..numbering import SequenceExhaustedError, dossier_code, next_number
from ..snapshots import store_snapshot
from .attachments import check_content, storage_path
from .checks import (
    Applicant,
    check_applicant,
    check_documents,
    competent_unit,
    current_version,
    errors_summary,
    fee_owed,
)
from .errors import DossierConflictError, DossierInvalidError, DossierPermissionError


@dataclass(frozen=True)
class OnlineFile:
    """A file for one document of the dossier: new bytes, or an earlier verified attachment.

    Exactly one of `content` (an upload, checked by magic bytes) and `reuse_of` (the pk of an
    `Attachment` the same account submitted on a dossier an officer received) is set.
    """

    document: str
    name: str = ""
    content: bytes | None = None
    reuse_of: int | None = None


def reusable_attachments(user: AbstractBaseUser) -> list[Attachment]:
    """Attachments this account may reuse (once-only): on its own earlier dossiers that an
    officer received (`received_by` set: status ≥ 2, even if refused later), newest first,
    one per content."""
    rows = (
        Attachment.objects.filter(
            dossier__submitted_by_id=user.pk, dossier__received_by__isnull=False
        )
        .select_related("dossier")
        .order_by("-uploaded_at", "-pk")
    )
    seen: set[str] = set()
    out: list[Attachment] = []
    for row in rows:
        if row.sha256 not in seen:
            seen.add(row.sha256)
            out.append(row)
    return out


def check_file(name: str, content: bytes) -> tuple[str, str]:
    """(content_type, sha256) of an uploaded file, or `DossierInvalidError` saying why not
    (the same check and words as the counter's uploads: `attachments.check_content`)."""
    return check_content(name, content)


def store_bytes(content: bytes, digest: str) -> str:
    """Store the bytes once under their sha256 (same layout as `dossiers.actions.attachments`)."""
    path = storage_path(digest)
    if not default_storage.exists(path):
        saved = default_storage.save(path, ContentFile(content))
        if saved != path:
            default_storage.delete(saved)
    return path


@transaction.atomic
def submit_online(
    *,
    actor: AbstractBaseUser,
    procedure: str,
    unit: str,
    applicant: Applicant,
    data: Mapping[str, Any],
    files: Sequence[OnlineFile] = (),
    assisted_consent: Mapping[str, Any] | None = None,
    submitted_at: Any = None,
) -> Dossier:
    """File a dossier online (nộp trực tuyến): status 1, waiting for the counter to accept.

    Checks the procedure (it must be offered online, fully or partly), the competent commune,
    the applicant and the e-form data with the intake's helpers, and the documents: each
    mandatory document needs a file (uploaded or reused), except the declaration
    ("to-khai-...") which the e-form itself is, and documents only shown in original
    (`DocumentForm.PRESENT`, xuất trình), recorded as one original to show when the result
    is collected. The code comes from the competent commune's
    PSC (gap-free, `next_number`); `received_by` stays empty until a counter officer accepts.
    `assisted_consent` (set when a digital volunteer files) marks the dossier
    `assisted_by_volunteer` and is recorded in the event. Raises `DossierError`.
    """
    errors: dict[str, list[str]] = {}
    target = competent_unit(unit, errors)
    version = current_version(procedure, errors)
    check_applicant(applicant, errors)
    if version is not None and version.online not in {"full", "partial"}:
        errors["procedure"] = [f"Thủ tục “{version.name}” chưa được nộp trực tuyến."]
    prepared: list[dict[str, Any]] = []
    reused: list[dict[str, Any]] = []
    if version is not None:
        problems = version_data_problems(version, dict(data))
        if problems:
            errors["data"] = problems
        known = {doc["id"] for doc in version.required_documents}
        for item in files:
            if item.document not in known:
                errors.setdefault("documents", []).append(
                    f"'{item.document}' không thuộc thành phần hồ sơ."
                )
                continue
            if item.reuse_of is not None:
                earlier = next(
                    (row for row in reusable_attachments(actor) if row.pk == item.reuse_of), None
                )
                if earlier is None:
                    errors.setdefault("documents", []).append(
                        "Giấy tờ chọn dùng lại không phải giấy tờ đã được xác nhận của bạn."
                    )
                    continue
                prepared.append(
                    {
                        "document": item.document,
                        "name": earlier.name,
                        "size": earlier.size,
                        "content_type": earlier.content_type,
                        "sha256": earlier.sha256,
                        "path": earlier.path,
                    }
                )
                reused.append(
                    {
                        "document": item.document,
                        "sha256": earlier.sha256,
                        "name": earlier.name,
                        "from_dossier": earlier.dossier.code,
                    }
                )
                continue
            try:
                content_type, digest = check_file(item.name, item.content or b"")
            except DossierInvalidError as error:
                errors.setdefault("documents", []).append(error.message)
                continue
            prepared.append(
                {
                    "document": item.document,
                    "name": (item.name or "tep-dinh-kem").rsplit("/", 1)[-1][:255],
                    "size": len(item.content or b""),
                    "content_type": content_type,
                    "sha256": digest,
                    "content": item.content,
                }
            )
        with_file = {row["document"] for row in prepared}
        declared = [
            {"document": doc["id"], "originals": 0, "copies": 1}
            for doc in version.required_documents
            if doc["id"] in with_file or str(doc["id"]).startswith("to-khai")
        ] + [
            # Shown in original at the counter (xuất trình), not handed in: a mandatory one
            # needs no upload online; the citizen brings it when collecting the result.
            {"document": doc["id"], "originals": 1, "copies": 0}
            for doc in version.required_documents
            if doc.get("form") == DocumentForm.PRESENT
            and doc["mandatory"]
            and doc["id"] not in with_file
        ]
        clean_documents = check_documents(version, declared, errors)
    if errors or target is None or version is None:
        raise DossierInvalidError(errors_summary(errors), errors)
    if assisted_consent is not None and not assisted_consent.get("method"):
        raise DossierPermissionError("Cần ghi nhận sự đồng ý của người dân trước khi nộp thay.")
    agency = psc_of(target)
    if agency is None or agency.ecode is None:
        raise DossierConflictError(
            f"{target.name} chưa có Trung tâm Phục vụ hành chính công có mã định danh; "
            "chưa nhận hồ sơ trực tuyến."
        )
    now = submitted_at or timezone.now()
    amount, fee_note, _ = fee_owed(version, Channel.ONLINE, None, data=data, received=now)
    day = now.astimezone(TZ).date()
    try:
        number = next_number(agency, day)
    except SequenceExhaustedError as error:
        raise DossierConflictError(str(error)) from error
    dossier = Dossier(
        code=dossier_code(agency.ecode, day, number),
        receiving_agency=agency,
        unit=target,
        procedure_version=version,
        procedure_snapshot_id=store_snapshot(version),
        channel=Channel.ONLINE,
        assisted_by_volunteer=assisted_consent is not None,
        **applicant.columns(),
        data=dict(data),
        documents=clean_documents,
        fee=amount,
        fee_note=fee_note,
        state=State.SUBMITTED,
        status=STATUS_OF_STATE[State.SUBMITTED],
        received_at=now,
        due_at=None,
        received_by=None,
        submitted_by_id=actor.pk,
        submitted_at=now,
        reused_documents=reused,
    )
    dossier.save(force_insert=True)
    NameWord.objects.bulk_create(name_words(dossier, agency.unit_id))
    append_event(
        dossier,
        action="submit",
        actor=actor,
        at=now,
        payload={
            "code": dossier.code,
            "receiving_agency": agency.ecode,
            "unit": target.code,
            "procedure": version.procedure.code,
            "procedure_version": version.number,
            "content_hash": version.content_hash,
            "snapshot": dossier.procedure_snapshot_id,
            "channel": Channel.ONLINE,
            "documents": clean_documents,
            "reused_documents": reused,
            "fee": amount,
            "assisted_consent": dict(assisted_consent) if assisted_consent else None,
            "status": dossier.status,
            "state": dossier.state,
        },
    )
    for row in prepared:
        path = row.get("path") or store_bytes(row["content"], row["sha256"])
        if Attachment.objects.filter(dossier=dossier, sha256=row["sha256"]).exists():
            continue
        Attachment.objects.create(
            dossier=dossier,
            name=row["name"],
            size=row["size"],
            content_type=row["content_type"],
            sha256=row["sha256"],
            path=path,
            document=row["document"],
            uploaded_by_id=actor.pk,
            uploaded_at=now,
        )
        append_event(
            dossier,
            action="attach",
            actor=actor,
            at=now,
            payload={
                "name": row["name"],
                "size": row["size"],
                "content_type": row["content_type"],
                "sha256": row["sha256"],
                "document": row["document"],
                "reused": "path" in row,
            },
        )
    dossier.refresh_from_db()
    return dossier
