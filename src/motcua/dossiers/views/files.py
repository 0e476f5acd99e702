"""The dossier's files on the staff pages: the list with preview and download on the dossier
page, the counter's scans at intake and later uploads (issue 22, part 2).

Thin like `views`: scope through `queries.dossier_by_code` (invariant 6, the same as the
dossier page), write through `attachments.attach_file` (the one write, also behind
`POST /api/v1/dossiers/{code}/attachments`), serve through `attachments.attachment_response`
(also behind `GET /api/v1/dossiers/{code}/attachments/{id}/file`), which logs each view
(invariant 8).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_POST

from motcua.accounts.queries import standing_of
from motcua.catalog.choices import DocumentForm

from ..actions import DossierError, DossierInvalidError
from ..actions.attachments import (
    ACCEPTED_TEXT,
    attach_file,
    attachment_of,
    attachment_response,
    check_content,
    check_size,
    digitisation,
    limit_text,
    may_attach,
)
from ..choices import FINISHED_STATES
from ..forms import AttachmentForm
from ..models import Attachment, Dossier
from ..queries import dossier_by_code, not_found

# The input of the general scans (not tied to one document) at intake and on the page.
OTHER_FILES = "tep_khac"
MAX_FILES = 20


def size_text(size: int) -> str:
    """ "245,3 KB", "1,2 MB": a file's size as people read it."""
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB".replace(".", ",")
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def scannable_documents(required_documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents whose paper is scanned: not the e-form's declaration ("to-khai-…"),
    not a paper only shown in original (xuất trình)."""
    return [
        doc
        for doc in required_documents
        if doc.get("form") != DocumentForm.PRESENT and not str(doc["id"]).startswith("to-khai")
    ]


def upload_hint() -> str:
    return f"Tệp {ACCEPTED_TEXT}, tối đa {limit_text()} mỗi tệp."


def _uploader(attachment: Attachment, dossier: Dossier) -> str:
    user = attachment.uploaded_by
    official = getattr(user, "official", None)
    if official is not None:
        return str(official.full_name)
    if dossier.submitted_by_id == user.pk:
        return "Người nộp (trực tuyến)"
    return user.get_full_name() or user.get_username()


def attachments_context(request: HttpRequest, dossier: Dossier) -> dict[str, Any]:
    """What the dossier page's "Tệp đính kèm" section shows: every file (the citizen's
    online, the counter's, the offline counter's), whether the dossier is digitised, and
    the upload form when this person may attach (two queries)."""
    rows = list(
        Attachment.objects.filter(dossier_id=dossier.pk)
        .select_related("uploaded_by__official")
        .order_by("uploaded_at", "pk")
    )
    names = {str(doc["id"]): doc["name"] for doc in dossier.snapshot.get("required_documents", [])}
    base = reverse("dossiers:attachment_view", args=[dossier.code, 0]).rsplit("0/", 1)[0]
    files = [
        {
            "attachment": row,
            "document": names.get(row.document, "") if row.document else "",
            "uploader": _uploader(row, dossier),
            "size": size_text(row.size),
            "kind": "PDF" if row.content_type == "application/pdf" else "Ảnh",
            "url": f"{base}{row.pk}/",
        }
        for row in rows
    ]
    state = digitisation(dossier, [row.document for row in rows])
    can_attach = dossier.state not in FINISHED_STATES and may_attach(
        dossier, standing_of(request.user)
    )
    return {
        "files": files,
        "digitisation": state,
        "can_attach": can_attach,
        "file_documents": [
            (str(doc["id"]), doc["name"])
            for doc in scannable_documents(list(dossier.snapshot.get("required_documents", [])))
        ],
        "upload_hint": upload_hint(),
    }


@login_required
def attachment_view(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """`/ho-so/<code>/tep/<pk>/`: one file of a dossier in scope, inline (a PDF or image
    opens in the browser), `?tai=1` as a download; logged (invariant 8). Else 404."""
    dossier = dossier_by_code(request.user, code, opened=False)  # the file's opening is logged
    if dossier is None:
        raise Http404(not_found(code))
    attachment = attachment_of(dossier, pk)
    if attachment is None:
        raise Http404(f"Hồ sơ {dossier.code} không có tệp đính kèm này.")
    return attachment_response(
        attachment, user=request.user, download=request.GET.get("tai") == "1"
    )


def checked_uploads(
    files: MultiValueDict[str, Any], document_ids: list[str], errors: dict[str, list[str]]
) -> list[tuple[str, Any]]:
    """The uploads of a form as (document id, file): one input `tep_<id>` per document and
    `tep_khac` for the rest, each checked by content and size before anything is written;
    a problem goes to `errors["files"]` naming the file, the size limit and the types."""
    chosen: list[tuple[str, Any]] = []
    for document in document_ids:
        chosen += [(document, upload) for upload in files.getlist(f"tep_{document}")]
    chosen += [("", upload) for upload in files.getlist(OTHER_FILES)]
    chosen = [(document, upload) for document, upload in chosen if upload.name or upload.size]
    if len(chosen) > MAX_FILES:
        errors.setdefault("files", []).append(
            f"Mỗi lần tải lên tối đa {MAX_FILES} tệp; đã chọn {len(chosen)} tệp."
        )
        return []
    for _, upload in chosen:
        name = str(upload.name or "tep")
        try:
            check_size(name, int(upload.size or 0))  # too large: not read at all
            upload.seek(0)
            check_content(name, upload.read())
            upload.seek(0)
        except DossierInvalidError as error:
            errors.setdefault("files", []).append(error.message)
    return chosen


def attach_all(dossier: Dossier, *, actor: Any, uploads: list[tuple[str, Any]]) -> list[str]:
    """Attach checked uploads one by one; the Vietnamese messages of any that failed."""
    problems = []
    for document, upload in uploads:
        try:
            attach_file(dossier, actor=actor, upload=upload, document=document or None)
        except DossierError as error:
            problems.append(error.message)
    return problems


@login_required
@require_POST
def attachment_upload(request: HttpRequest, code: str) -> HttpResponse:
    """`POST /ho-so/<code>/tep/`: the counter (or the unit's staff) adds scans to a dossier:
    a file for a chosen document, or several not tied to one. A refused file is named with
    the reason, the size limit and the accepted types; nothing is saved then."""
    from .detail import render_dossier  # the page with the error

    dossier = dossier_by_code(request.user, code)
    if dossier is None:
        raise Http404(not_found(code))
    form = AttachmentForm(request.POST)
    form.is_valid()  # never an error: an unknown document is named below
    document = form.cleaned_data["document"]
    known = [str(doc["id"]) for doc in dossier.snapshot.get("required_documents", [])]
    errors: dict[str, list[str]] = {}
    uploads = checked_uploads(request.FILES, known, errors)
    if document and document not in known:
        errors.setdefault("files", []).append("Giấy tờ đã chọn không thuộc thành phần hồ sơ.")
    if not uploads and not errors:
        errors["files"] = [f"Chưa chọn tệp nào để tải lên. {upload_hint()}"]
    if not errors:
        uploads = [(doc or document, upload) for doc, upload in uploads]
        problems = attach_all(dossier, actor=request.user, uploads=uploads)
        if not problems:
            messages.success(request, f"Đã lưu {len(uploads)} tệp vào hồ sơ {dossier.code}.")
            return redirect(reverse("dossiers:dossier_detail", args=[code]) + "#tep-dinh-kem")
        errors["files"] = problems
    return render_dossier(
        request,
        dossier_by_code(request.user, code) or dossier,
        status=422,
        error_message="Chưa lưu được tệp: " + errors["files"][0],
        errors=errors,
    )
