"""The online supplement of a dossier (issue 22, part 7): `/ho-so-cua-toi/<code>/bo-sung/`."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from motcua.dossiers.actions import DossierError, OnlineFile
from motcua.dossiers.choices import State
from motcua.dossiers.forms import (
    eform_data,
    eform_errors,
    eform_nodes,
    eform_text_values,
    eform_values,
    flatten_labels,
)
from motcua.dossiers.supplements import submit_supplement, supplement_of

from .. import queries
from ..forms import DraftControlsForm, SupplementForm
from .common import account_required, me

# --- the online supplement (issue 22, part 7) ------------------------------------------


@account_required
@require_http_methods(["GET", "POST"])
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """`/ho-so-cua-toi/<code>/bo-sung/`: send the supplement asked for, online.

    Files for the procedure's documents (or another paper), the e-form corrected where
    asked, a note; `dossiers.supplements.submit_supplement` checks and records them. On an
    error the page comes back with every value typed kept and the problem next to its
    field, in Vietnamese; files must be chosen again (a browser never re-sends them).
    """
    dossier = queries.my_dossier(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    summary = supplement_of(dossier)
    if dossier.state != State.SUPPLEMENT_REQUESTED or summary is None or summary["sent"]:
        return redirect("citizens:my_dossier", code=dossier.code)
    schema = dossier.procedure_version.form_schema
    documents = dossier.snapshot.get("required_documents", [])
    saved = eform_text_values(schema, dossier.data)
    values = saved
    data_errors: dict[str, list[str]] = {}
    data_problems: list[str] = []
    changed = False
    add_row = ""
    error = ""
    status = 200
    if request.method == "POST":
        form = SupplementForm(request.POST, request.FILES, documents=documents)
        values = eform_values(request.POST)
        # Only a changed e-form is a correction (the fields are all sent, changed or not).
        changed = {k: v for k, v in values.items() if v} != {k: v for k, v in saved.items() if v}
        data = eform_data(schema, values) if changed else None
        if data is not None:
            data_errors = eform_errors(schema, data)
        controls = DraftControlsForm(request.POST)
        controls.is_valid()  # never an error: a text too long is cut
        add_row = controls.cleaned_data["them_dong"]
        if add_row:  # "Thêm một dòng" in a list of the e-form: the same page, one row more
            form = SupplementForm(request.POST, documents=documents)
            data_errors = {}
        elif form.is_valid() and not data_errors:
            files = [
                OnlineFile(document=doc, name=upload.name or "tep", content=upload.read())
                for doc, upload in form.uploads()
            ]
            try:
                submit_supplement(
                    dossier,
                    actor=me(request),
                    files=files,
                    data=data,
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"] or dossier.version,
                )
            except DossierError as problem:
                error = problem.message
                for key, items in problem.errors.items():
                    field = "note" if key == "note" else f"tep_{key.removeprefix('files.')}"
                    if field in form.fields:
                        form.add_error(field, items)
                    elif key == "data":
                        data_problems = items
                status = problem.status
            else:
                messages.success(
                    request,
                    f"Đã gửi bổ sung cho hồ sơ {dossier.code}. Bộ phận một cửa sẽ kiểm tra; "
                    "thời hạn giải quyết được tính tiếp từ khi cán bộ nhận bổ sung.",
                )
                return redirect("citizens:my_dossier", code=dossier.code)
        else:
            error = "Thông tin bổ sung chưa hợp lệ, hãy xem các ô có báo lỗi."
            status = 422
    else:
        form = SupplementForm(documents=documents)
    nodes = eform_nodes(schema, values=values, errors=data_errors, add_row=add_row)
    labels = flatten_labels(nodes)
    problems = [
        f"{labels.get(name, name)}: {item}" for name, items in data_errors.items() for item in items
    ] + data_problems
    context = {
        "dossier": dossier,
        "supplement": summary,
        "form": form,
        "nodes": nodes,
        "eform_open": bool(data_errors or data_problems or add_row) or changed,
        "problems": problems,
        "error": error,
        "max_mb": settings.MOTCUA_MAX_UPLOAD_MB,
    }
    return render(request, "citizens/supplement.html", context, status=status)
