"""Changing a citizen account's phone or e-mail: the citizen's own page (codes to the old
and the new address) and the counter's (identity document checked), `citizens.contacts`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from motcua.accounts.choices import Role
from motcua.accounts.queries import account_of, has_role
from motcua.core.proxies import client_ip
from motcua.notifications.models import mask_destination

from .. import contacts
from ..actions import CitizenError, account_by_destination, normalize_destination
from ..codes import CodeError
from ..forms import ContactChangeForm, CounterContactForm
from ..models import ContactField, IdentityDocument
from .common import account_required, me

# The change under way, in the server-side session: {"field", "new", "stage"}.
SESSION_KEY = "citizens.contact_change"


@account_required
@require_http_methods(["GET", "POST"])
def contact_change(request: HttpRequest) -> HttpResponse:
    """`/ho-so-cua-toi/lien-he/`: the citizen changes their phone or e-mail.

    Step 1 sends a code to the old address; step 2 takes it and sends one to the new
    address; step 3 takes that and changes the account. The session holds which step was
    reached, so step 3 cannot be reached without step 2's code."""
    account = account_of(me(request))
    if account is None:  # account_required has let only accounts in
        raise Http404("Không tìm thấy tài khoản.")
    pending: dict[str, str] = request.session.get(SESSION_KEY) or {}
    context: dict[str, Any] = {
        "account": account,
        "fields": ContactField.choices,
        "step": pending.get("stage", "start"),
        "field": pending.get("field", ContactField.PHONE),
        "new_value": pending.get("new", ""),
    }
    if request.method == "GET":
        if request.GET.get("huy") == "1":
            request.session.pop(SESSION_KEY, None)
            context.update(step="start", new_value="")
        return render(request, "citizens/contact.html", _with_targets(context, account))
    form = ContactChangeForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    step = data.get("step") or "start"
    try:
        if not form.is_valid():
            raise CitizenError(str(next(iter(form.errors.values()))[0]))
        if step == "start":
            field = data.get("field") or ContactField.PHONE
            context.update(field=field, new_value=data["new_value"])
            new = contacts.start_change(
                account, field=field, new_value=data["new_value"], ip=client_ip(request)
            )
            request.session[SESSION_KEY] = {"field": field, "new": new, "stage": "old"}
            context.update(step="old", new_value=new)
        elif step == "old" and pending.get("stage") == "old":
            contacts.confirm_old(
                account,
                field=pending["field"],
                new_value=pending["new"],
                code=data["code"],
                ip=client_ip(request),
            )
            request.session[SESSION_KEY] = {**pending, "stage": "new"}
            context["step"] = "new"
        elif step == "new" and pending.get("stage") == "new":
            change = contacts.confirm_new(
                account, field=pending["field"], new_value=pending["new"], code=data["code"]
            )
            request.session.pop(SESSION_KEY, None)
            account.refresh_from_db()
            context.update(account=account, step="done", change=change)
        else:
            request.session.pop(SESSION_KEY, None)
            raise CitizenError("Phiên đổi liên hệ đã hết; hãy bắt đầu lại.")
    except (CitizenError, CodeError) as error:
        context["error"] = str(getattr(error, "message", error))
        if context["step"] == "start":
            context["new_value"] = data.get("new_value", "")
        status = getattr(error, "status", 422)
        return render(
            request, "citizens/contact.html", _with_targets(context, account), status=status
        )
    return render(request, "citizens/contact.html", _with_targets(context, account))


def _with_targets(context: dict[str, Any], account: Any) -> dict[str, Any]:
    """Where the codes of this step went, masked (invariant 8)."""
    field = context.get("field") or ContactField.PHONE
    context["old_target"] = mask_destination(contacts.old_destination(account, field))
    context["new_target"] = mask_destination(context.get("new_value") or "")
    return context


@login_required
@require_http_methods(["GET", "POST"])
def contact_counter(request: HttpRequest) -> HttpResponse:
    """`/can-bo/doi-lien-he/`: a counter officer changes a citizen's phone or e-mail after
    checking the identity document of the citizen before them; the check is recorded."""
    if not has_role(request.user, Role.COUNTER):
        return render(
            request,
            "citizens/message.html",
            {"title": "Không có quyền", "text": "Trang này dành cho cán bộ một cửa."},
            status=403,
        )
    context: dict[str, Any] = {
        "fields": ContactField.choices,
        "documents": IdentityDocument.choices,
        "values": {},
    }
    if request.method == "GET":
        return render(request, "citizens/contact_counter.html", context)
    form = CounterContactForm(request.POST)
    context["values"] = form.data
    try:
        if not form.is_valid():
            raise CitizenError(form.first_error())
        data = form.cleaned_data
        account = account_by_destination(normalize_destination(data["current"]))
        if account is None:
            raise CitizenError("Không tìm thấy tài khoản công dân với số điện thoại hoặc thư này.")
        change = contacts.change_at_counter(
            account,
            field=data["field"],
            new_value=data["new_value"],
            actor=me(request),
            document_kind=data["document_kind"],
            document_number=data["document_number"],
        )
    except CitizenError as error:
        context["error"] = error.message
        return render(request, "citizens/contact_counter.html", context, status=error.status)
    context.update(change=change, values={}, done_account=account)
    return render(request, "citizens/contact_counter.html", context)
