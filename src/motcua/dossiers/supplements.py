"""Supplements (bổ sung, hoàn thiện hồ sơ) sent online by the citizen who filed the dossier.

The officials' side is in `lifecycle`: `request_supplement` (status 5, the clock stops; a
second request needs its reason and counts late) and `supplement` (the counter accepts what
came in: the clock resumes). Between the two, a citizen who filed online sends the
supplement from "Hồ sơ của tôi": `submit_supplement` stores the files (checked by content,
stored by sha256 like every attachment), applies the corrected e-form data, and marks the
dossier `supplemented_at`, so it waits in the counter's queue "Chờ nhận bổ sung"; the clock
stays stopped until the counter accepts it, as the law counts it (the officials check what
came in). One transaction with its hash-chained event (invariant 1).

`supplement_summary` (`supplement_of`) reads what was asked (the last request's list and
reason) and what came in online, for the citizen's page and the staff page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from motcua.catalog.eforms import version_data_problems

from .actions.acting import check_version, commit, locked_row, text_field
from .actions.checks import errors_summary
from .actions.errors import DossierConflictError, DossierInvalidError, DossierPermissionError
from .actions.online import OnlineFile, check_file, store_bytes
from .choices import State
from .models import Attachment, Dossier, DossierEvent

MAX_FILES = 20


def supplement_of(dossier: Dossier) -> dict[str, Any] | None:
    """`supplement_summary` of the dossier, read from its supplement events (one query)."""
    events = (
        DossierEvent.objects.filter(
            dossier_id=dossier.pk, action__in=["request_supplement", "submit_supplement"]
        )
        .order_by("seq")
        .only("action", "payload", "at")
    )
    return supplement_summary(list(events))


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): value}


def data_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What the correction changed, field by dotted name, with the value before and after."""
    old, new = _flatten(before), _flatten(after)
    return [
        {"field": name, "before": old.get(name), "after": new.get(name)}
        for name in sorted(set(old) | set(new))
        if old.get(name) != new.get(name)
    ]


@transaction.atomic
def submit_supplement(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    files: Sequence[OnlineFile] = (),
    data: Mapping[str, Any] | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The citizen who filed the dossier online sends the supplement asked for.

    Only the account that filed it (403), only while a supplement is requested and not yet
    sent (409); at least one file, corrected data or a note; each file a PDF, JPEG or PNG
    within the size limit, for one of the procedure's documents or none (a file's problem
    under `files.<document>`, `files.other` for none); corrected data must
    fit the e-form of the version the dossier was filed under (422, in Vietnamese, by
    field). The dossier stays in status 5 with `supplemented_at` set; the counter's
    `lifecycle.supplement` then accepts it and the clock resumes.
    """
    locked = locked_row(dossier.pk)
    if locked is None or locked.submitted_by_id is None or locked.submitted_by_id != actor.pk:
        raise DossierPermissionError(
            "Chỉ tài khoản đã nộp hồ sơ trực tuyến mới bổ sung hồ sơ trực tuyến; hãy mang giấy "
            "tờ đến bộ phận một cửa."
        )
    check_version(locked, expected_version)
    if locked.state != State.SUPPLEMENT_REQUESTED:
        raise DossierConflictError(f"Hồ sơ {locked.code} không ở tình trạng chờ bổ sung.")
    if locked.supplemented_at is not None:
        raise DossierConflictError(
            f"Hồ sơ {locked.code} đã được gửi bổ sung lúc "
            f"{timezone.localtime(locked.supplemented_at):%H:%M ngày %d/%m/%Y}; "
            "đang chờ bộ phận một cửa kiểm tra."
        )
    errors: dict[str, list[str]] = {}
    clean_note = text_field(note, "note", "ghi chú bổ sung", required=False)
    known = {str(doc.get("id")) for doc in locked.snapshot.get("required_documents", [])}
    prepared: list[dict[str, Any]] = []
    if len(files) > MAX_FILES:
        errors["files"] = [f"Tối đa {MAX_FILES} tệp mỗi lần bổ sung."]
    for item in files[:MAX_FILES]:
        key = f"files.{item.document or 'other'}"  # the page puts it next to that file
        if item.document and item.document not in known:
            errors.setdefault(key, []).append(
                f"'{item.document}' không thuộc thành phần hồ sơ của thủ tục."
            )
            continue
        try:
            content_type, digest = check_file(item.name, item.content or b"")
        except DossierInvalidError as error:
            errors.setdefault(key, []).append(error.message)
            continue
        prepared.append(
            {
                "document": item.document,
                "name": (item.name or "tep-bo-sung").rsplit("/", 1)[-1][:255],
                "size": len(item.content or b""),
                "content_type": content_type,
                "sha256": digest,
                "content": item.content or b"",
            }
        )
    changes: list[dict[str, Any]] = []
    if data is not None:
        new_data = dict(data)
        changes = data_changes(locked.data or {}, new_data)
        if changes:
            problems = version_data_problems(locked.procedure_version, new_data)
            if problems:
                errors["data"] = problems
    if not errors and not prepared and not changes and not clean_note:
        errors["files"] = [
            "Cần tải lên ít nhất một giấy tờ bổ sung, sửa thông tin được yêu cầu hoặc ghi chú "
            "gửi cán bộ."
        ]
    if errors:
        raise DossierInvalidError(errors_summary(errors), errors)
    now = timezone.now()
    for row in prepared:
        if Attachment.objects.filter(dossier_id=locked.pk, sha256=row["sha256"]).exists():
            continue
        Attachment.objects.create(
            dossier=locked,
            name=row["name"],
            size=row["size"],
            content_type=row["content_type"],
            sha256=row["sha256"],
            path=store_bytes(row["content"], row["sha256"]),
            document=row["document"],
            uploaded_by_id=actor.pk,
            uploaded_at=now,
        )
    fields = ["supplemented_at"]
    if changes:
        locked.data = dict(data or {})
        fields.append("data")
    locked.supplemented_at = now
    return commit(
        dossier,
        locked,
        actor=actor,
        action="submit_supplement",
        state=State.SUPPLEMENT_REQUESTED,
        fields=fields,
        payload={
            "files": [
                {key: row[key] for key in ("name", "size", "content_type", "sha256", "document")}
                for row in prepared
            ],
            "changes": changes,
            "note": clean_note,
        },
        at=now,
    )


def supplement_summary(events: Sequence[DossierEvent]) -> dict[str, Any] | None:
    """For the pages, from the dossier's events in order (no query): the last request
    (`request`: reason, documents, repeat_reason, supplement_count, at) and what the citizen
    sent online after it (`sent`: files, changes, note, at, or None), the number of requests
    and whether the dossier counts late; None if it was never asked to supplement."""
    request: DossierEvent | None = None
    sent: DossierEvent | None = None
    count = 0
    for event in events:
        if event.action == "request_supplement":
            request, sent, count = event, None, count + 1
        elif event.action == "submit_supplement" and request is not None:
            sent = event
    if request is None:
        return None
    asked = request.payload
    return {
        "request": {
            "reason": asked.get("reason", ""),
            "documents": [str(item) for item in asked.get("documents", [])],
            "repeat_reason": asked.get("repeat_reason", ""),
            "at": request.at,
        },
        "sent": (
            {
                "files": list(sent.payload.get("files", [])),
                "changes": list(sent.payload.get("changes", [])),
                "note": sent.payload.get("note", ""),
                "at": sent.at,
            }
            if sent is not None
            else None
        ),
        "count": count,
        "counts_late": count > 1,
    }
