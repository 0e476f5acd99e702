"""Portal pages: thin views over catalog and accounts queries; reading pages need no JS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from motcua.accounts.choices import Role
from motcua.accounts.queries import (
    has_province_scope,
    has_role,
    official_with_positions,
    scope_unit_codes,
)
from motcua.catalog.fees import describe_fee
from motcua.catalog.queries import procedure_fields, procedure_version, procedures_list
from motcua.core.ratelimit import TOO_MANY_LOOKUPS, lookup_allowed
from motcua.documents.forms import DocumentError
from motcua.dossiers.access import may_read_log
from motcua.dossiers.choices import Status
from motcua.dossiers.lookup_tokens import display_token, token_matches
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import WORK_QUEUES, public_lookup, queue_counts
from motcua.signing.seal import result_state, serve_form
from motcua.workcal.deadlines import HOURS_PER_WORKING_DAY

from .forms import LookupForm, ProcedureSearchForm
from .lifeevents import BY_SLUG, LIFE_EVENTS

# The display preference cookie: "lon" = large text, high contrast (issue 5, part 6).
DISPLAY_COOKIE = "motcua_hien_thi"

ONLINE_LABELS = {
    "full": "Nộp trực tuyến toàn trình",
    "partial": "Nộp trực tuyến một phần",
    "none": "Nộp trực tiếp hoặc qua bưu chính",
}
DOCUMENT_FORMS = {"original": "bản chính", "copy": "bản sao", "present": "xuất trình"}
# The steps a citizen sees on the lookup page, and the national statuses that mean each is done.
LOOKUP_STEPS = (
    ("Tiếp nhận hồ sơ", {2, 4, 5, 6, 9, 10}),
    ("Đang giải quyết", {4, 5, 6, 9, 10}),
    ("Đã có kết quả, chờ trả", {9, 10}),
    ("Đã trả kết quả", {10}),
)


def time_limit_text(version) -> str:
    """The time limit in plain Vietnamese, e.g. "Trong ngày (nộp trước 15:00)"."""
    limit = version.time_limit
    if limit["kind"] == "same_day":
        text = f"Trong ngày làm việc (nộp trước {limit['cutoff']}; sau giờ đó trả ngày hôm sau)"
    elif limit["kind"] == "working_days":
        text = f"{limit['days']} ngày làm việc"
    else:
        text = "Chưa có thông tin"
    if version.extended_limit_days:
        text += (
            f"; tối đa {version.extended_limit_days} ngày làm việc "
            f"{version.extended_limit_condition}".rstrip()
        )
    return text


def home(request: HttpRequest) -> HttpResponse:
    """`/`: find a procedure by words without diacritics, or browse by field."""
    search = ProcedureSearchForm(request.GET)
    search.is_valid()  # never an error: a text too long is cut
    query = search.cleaned_data["q"]
    field = search.cleaned_data["field"]
    versions = (
        list(procedures_list(q=query or None, field=field or None))
        if (query or field)
        else list(procedures_list())
    )
    rows = [
        {
            "version": version,
            "limit": time_limit_text(version),
            "fee": describe_fee(version.fee_schedule),
        }
        for version in versions
    ]
    return render(
        request,
        "portal/home.html",
        {
            "q": query,
            "field": field,
            "fields": procedure_fields(),
            "rows": rows,
            "life_events": LIFE_EVENTS,
        },
    )


def life_event(request: HttpRequest, slug: str) -> HttpResponse:
    """`/su-kien/<slug>/`: the procedures one life event needs, with a plain introduction."""
    event = BY_SLUG.get(slug)
    if event is None:
        raise Http404("Không có mục này.")
    versions = {
        v.procedure.code: v for v in procedures_list() if v.procedure.code in event.procedures
    }
    rows = [
        {
            "version": versions[code],
            "limit": time_limit_text(versions[code]),
            "fee": describe_fee(versions[code].fee_schedule),
            "online": ONLINE_LABELS.get(versions[code].online, ""),
        }
        for code in event.procedures
        if code in versions
    ]
    return render(request, "portal/life_event.html", {"event": event, "rows": rows})


@require_POST
def display_mode(request: HttpRequest) -> HttpResponse:
    """`POST /hien-thi/`: switch large text and high contrast on or off; kept in a cookie for
    a year so an elderly user keeps it on every visit. A plain form: works without JS."""
    mode = "lon" if request.POST.get("mode") == "lon" else "thuong"
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        DISPLAY_COOKIE, mode, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """`/thu-tuc/<code>/`: documents, fees, time limit, where to file, online or not."""
    version = procedure_version(code)
    if version is None:
        raise Http404("Không có thủ tục này.")
    documents = [
        {**document, "form_label": DOCUMENT_FORMS.get(document.get("form", ""), "")}
        for document in version.required_documents
    ]
    return render(
        request,
        "portal/procedure.html",
        {
            "version": version,
            "documents": documents,
            "limit": time_limit_text(version),
            "fee": describe_fee(version.fee_schedule),
            "online": ONLINE_LABELS.get(version.online, version.online),
            "can_file_online": version.online in {"full", "partial"},
            "hours_per_day": HOURS_PER_WORKING_DAY,
        },
    )


@dataclass(frozen=True)
class StaffTool:
    """A link of the staff home's tools that an app below portal adds (apps depend one way,
    so portal cannot ask it): shown to the users `shows` accepts."""

    id: str
    url_name: str
    label: str
    shows: Callable[[AbstractBaseUser | AnonymousUser], bool]


_staff_tools: list[StaffTool] = []


def add_staff_tool(tool: StaffTool) -> None:
    """Add a link to the staff home's tools (an app's `ready` does; once per id)."""
    if all(known.id != tool.id for known in _staff_tools):
        _staff_tools.append(tool)


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """`/can-bo/`: who the official is, their positions, the units in their scope, and how
    many dossiers wait in the queues of the roles they hold (`dossiers.queries.queue_counts`,
    scoped there: a fixed number of queries whatever the rows)."""
    official = official_with_positions(request.user)
    scope = scope_unit_codes(request.user)
    counts = queue_counts(request.user) if official is not None and scope else {}
    return render(
        request,
        "portal/staff_home.html",
        {
            "official": official,
            "positions": official.active_positions if official else [],  # type: ignore[attr-defined]
            "province_scope": has_province_scope(request.user),
            "scope_count": len(scope),
            "is_counter": has_role(request.user, Role.COUNTER),
            "reads_access_log": may_read_log(request.user),
            "tools": [
                {"id": tool.id, "url": reverse(tool.url_name), "label": tool.label}
                for tool in _staff_tools
                if tool.shows(request.user)
            ],
            "waiting": [
                {"queue": queue, "label": WORK_QUEUES[queue], "count": count}
                for queue, count in counts.items()
            ],
        },
    )


def lookup(request: HttpRequest) -> HttpResponse:
    """`/tra-cuu/?ma=<code>&t=<token>`: anyone with the receipt follows a dossier.

    No login (the receipt's QR code points here, carrying both). The code alone says only
    that the dossier exists (a code is printed in lists and said aloud at the counter); with
    the receipt's token (`dossiers.lookup_tokens`, printed on the receipt in four groups of
    four) it shows what `public_lookup` gives: status, appointment, procedure, steps done;
    never the ID number, phone or address (invariant 8). An unknown code answers 404 with a
    clear message; a wrong token says so and shows no more than the code alone. Codes are
    upper case (`...H42-251126-0001`); one typed in any case is found.
    """
    form = LookupForm(request.GET)
    form.is_valid()  # never an error: a text too long is cut
    code = form.cleaned_data["ma"]
    token = form.cleaned_data["t"]
    if code and not lookup_allowed(request):
        return render(
            request,
            "portal/lookup.html",
            {"code": code, "token": token, "too_many": TOO_MANY_LOOKUPS},
            status=429,
        )
    result = public_lookup(code) if code else None
    context: dict[str, Any] = {"code": code, "token": token, "not_found": bool(code) and not result}
    if result is None:
        return render(request, "portal/lookup.html", context, status=404 if code else 200)
    if not token_matches(code, token):
        context["exists"] = True
        if token.strip():
            context["token_error"] = WRONG_LOOKUP_CODE
        return render(request, "portal/lookup.html", context)
    return render(
        request,
        "portal/lookup.html",
        {**context, "result": result, "steps": lookup_steps(result), **_lookup_result(code)},
    )


WRONG_LOOKUP_CODE = (
    "Mã tra cứu không đúng với mã hồ sơ. Hãy nhập lại mã tra cứu in trên giấy tiếp nhận."
)


def lookup_steps(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps the lookup page lists: the procedure's own internal steps when the catalog
    names them, else the national statuses; a closed dossier ends at its closing status."""
    current = int(result["status"])
    steps = [{"label": label, "done": current in done} for label, done in LOOKUP_STEPS]
    if result.get("steps"):
        steps = [{"label": step["name"], "done": step["done"]} for step in result["steps"]]
    if current in {Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}:
        steps = [*steps[:1], {"label": result["status_label"], "done": True}]
    return steps


def _lookup_result(code: str) -> dict[str, str]:
    """The signed result's download on the lookup page, for whoever holds the receipt (the
    caller has checked its token, `dossiers.lookup_tokens`)."""
    dossier = Dossier.objects.filter(code=code).only("pk", "code").first()
    if dossier is None:
        return {}
    query = urlencode({"ma": code, "t": display_token(code)})
    return {
        "result_state": result_state(dossier),
        "result_url": f"{reverse('portal:lookup_result')}?{query}",
        "verify_url": reverse("signing:result_verify", args=[code]),
    }


def lookup_result(request: HttpRequest) -> HttpResponse:
    """`/tra-cuu/ket-qua.pdf?ma=<code>&t=<token>`: the signed result for the receipt's holder,
    the exact bytes stored when it was signed (what `/verify` reports genuine); a page saying
    why when there is none (not yet, or signed by hand on paper). A wrong token or code
    answers 404 alike, so neither is confirmed."""
    form = LookupForm(request.GET)
    form.is_valid()
    code = form.cleaned_data["ma"]
    token = form.cleaned_data["t"]
    dossier = Dossier.objects.filter(code=code).first() if code else None
    if dossier is None or not token_matches(code, token):
        raise Http404("Không tìm thấy kết quả với mã hồ sơ và mã tra cứu này.")
    try:
        served = serve_form(dossier, "result")
    except DocumentError as error:
        return render(
            request,
            "portal/lookup.html",
            {"code": code, "result_unavailable": error.message},
            status=error.status,
        )
    return served.respond(f"{dossier.code}-ket-qua.pdf")


# --- error pages (no English reaches a user) ----------------------------------------------


def _own_message(exception: Exception | None) -> str:
    """The Vietnamese message our code raised with, to show on the error page; Django's own
    messages (URL resolver details, "No … matches the given query.") are English and plain
    ASCII, so they are never shown."""
    if exception is None or isinstance(exception, Resolver404) or not exception.args:
        return ""
    message = exception.args[0]
    return message if isinstance(message, str) and not message.isascii() else ""


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`handler404`: the Vietnamese 404 page, with the reason our code gave."""
    return render(request, "404.html", {"message": _own_message(exception)}, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`handler403`: the Vietnamese 403 page, with the reason our code gave."""
    return render(request, "403.html", {"message": _own_message(exception)}, status=403)
