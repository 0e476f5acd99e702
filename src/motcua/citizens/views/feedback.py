"""Feedback (phản ánh, kiến nghị): the public form and the officials' queue."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from motcua.units.queries import province_communes

from .. import actions, queries
from ..forms import FeedbackForm, FeedbackResponseForm
from ..models import Feedback, FeedbackKind
from .common import is_official, me

# --- feedback ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """`/phan-anh/`: anyone sends a report or proposal to a commune, with its response
    deadline; a visitor who is not signed in leaves a phone or an e-mail for the reply. Each
    problem is shown next to its field, and everything typed is kept."""
    context: dict[str, Any] = {
        "communes": province_communes(),
        "kinds": FeedbackKind.choices,
        "signed_in": request.user.is_authenticated,
        "post": {},
        "errors": {},
    }
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        form.is_valid()  # reads only: the rules are `send_feedback`'s, per field
        values = form.cleaned_data
        try:
            item = actions.send_feedback(actor=request.user, **values)
        except actions.CitizenError as error:
            context.update({"error": error.message, "errors": error.errors, "post": values})
            return render(request, "citizens/feedback.html", context, status=error.status)
        context["sent"] = item
    return render(request, "citizens/feedback.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_queue(request: HttpRequest) -> HttpResponse:
    """`/can-bo/phan-anh/`: open feedback of the official's units, nearest deadline first."""
    if not is_official(request):
        return render(
            request,
            "citizens/message.html",
            {"title": "Không có quyền", "text": "Trang này dành cho cán bộ."},
            status=403,
        )
    error = ""
    if request.method == "POST":
        form = FeedbackResponseForm(request.POST)
        if not form.is_valid():
            raise Http404("Không tìm thấy phản ánh, kiến nghị này.")
        item = get_object_or_404(queries.feedback_queue(request.user), pk=form.cleaned_data["id"])
        try:
            actions.respond_feedback(
                item, actor=me(request), response=form.cleaned_data["response"]
            )
        except actions.CitizenError as problem:
            error = problem.message
        else:
            return redirect("citizens:feedback_queue")
    items: list[Feedback] = list(queries.feedback_queue(request.user)[:200])
    return render(request, "citizens/feedback_queue.html", {"items": items, "error": error})
