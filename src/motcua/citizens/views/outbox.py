"""The officials' outbox page (hộp thư đi): messages queued, sent or failed, and retry."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from motcua.notifications.queries import messages_for, pending_messages_for

from ..forms import RetryForm
from ..models import CodePurpose
from .common import is_official


@login_required
@require_http_methods(["GET", "POST"])
def outbox(request: HttpRequest) -> HttpResponse:
    """`/can-bo/hop-thu-di/`: pending and failed outbound messages (invariant 7), masked, of
    the official's scope only (`notifications.queries.messages_for`); a retry of a message
    out of scope is a 404, as for one that does not exist."""
    if not is_official(request):
        return render(
            request,
            "citizens/message.html",
            {"title": "Không có quyền", "text": "Trang này dành cho cán bộ."},
            status=403,
        )
    if request.method == "POST":
        from motcua.notifications.actions import retry_message

        form = RetryForm(request.POST)
        if not form.is_valid():
            raise Http404("Không tìm thấy tin nhắn này.")
        message = get_object_or_404(messages_for(request.user), pk=form.cleaned_data["id"])
        retry_message(message)
        return redirect("citizens:outbox")
    messages = pending_messages_for(request.user)
    for message in messages:
        message.purpose_label = purpose_label(message.purpose)  # type: ignore[attr-defined]
    return render(request, "citizens/outbox.html", {"messages": messages})


def purpose_label(purpose: str) -> str:
    """What a message was about, in Vietnamese: "Mã xác thực: Đăng nhập", or the dossier event
    it tells of ("Tiếp nhận hồ sơ")."""
    from motcua.dossiers.choices import OTHER_EVENT, event_label

    if purpose.startswith("code_"):
        kind = dict(CodePurpose.choices).get(purpose.removeprefix("code_"), "")
        return f"Mã xác thực: {kind}" if kind else "Mã xác thực"
    label = event_label(purpose)
    return label if label != OTHER_EVENT else "Thông báo"
