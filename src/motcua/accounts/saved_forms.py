"""Typed work survives an expired session (issue 22, part 8).

A staff form carries `{% form_owner %}`: a hidden field with the official's id, signed (salt
`SALT`, valid `OWNER_MAX_AGE`). When such a form is posted after the session expired, the
view's `keeps_form` decorator, instead of Django's redirect to login (which drops the POST),
keeps what was typed in a `SavedForm` for that official only, and sends the browser to the
login page with `next` = `/bieu-mau-giu-lai/<signed id>/`. After login that page gives the
form back (a form with the same fields that posts to the same page, the review field set
when the view has one, so the officer checks before sending); nobody else can open it, and
it expires after `SAVED_FORM_HOURS`. Without a valid signed owner the POST goes to login as
before: nothing is kept for an unknown sender.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone

from .models import SavedForm

SALT = "motcua.saved-form"
OWNER_FIELD = "_nguoi_nhap"
OWNER_MAX_AGE = 24 * 3600  # a form left open overnight still comes back
SAVED_FORM_HOURS = 24
# Fields never kept: the CSRF token is renewed on the way back; the owner is re-signed.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", OWNER_FIELD})


def owner_token(user: Any) -> str:
    """The signed owner a staff form carries (empty for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return signing.dumps(user.pk, salt=SALT)


def _owner_of(request: HttpRequest) -> int | None:
    try:
        value = signing.loads(request.POST.get(OWNER_FIELD, ""), salt=SALT, max_age=OWNER_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def save_form(request: HttpRequest, owner_id: int, review: str = "") -> SavedForm:
    """Keep the POST for `owner_id` (files only noted); expired drafts are swept here."""
    now = timezone.now()
    SavedForm.objects.filter(expires_at__lt=now).delete()
    data = {key: request.POST.getlist(key) for key in request.POST if key not in NOT_KEPT}
    return SavedForm.objects.create(
        owner_id=owner_id,
        path=request.path,
        data=data,
        review=review,
        had_files=bool(request.FILES),
        created_at=now,
        expires_at=now + timedelta(hours=SAVED_FORM_HOURS),
    )


View = Callable[..., HttpResponse]


def keeps_form(review: str = "") -> Callable[[View], View]:
    """`login_required` for a staff form view that keeps a POST typed before the session
    expired (see the module); `review` names the field that makes the view show the form
    again without acting (the intake's "Tính phí")."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated:
                return view(request, *args, **kwargs)
            login = resolve_url(settings.LOGIN_URL)
            owner = _owner_of(request) if request.method == "POST" else None
            if owner is None:
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            saved = save_form(request, owner, review)
            back = reverse("accounts:saved_form", args=[signing.dumps(saved.pk, salt=SALT + ".id")])
            return redirect(f"{login}?{urlencode({'next': back, 'het_phien': '1'})}")

        return wrapped

    return decorate


def saved_form_of(user: Any, token: str) -> SavedForm | None:
    """The user's own saved form named by `token`, if not expired."""
    try:
        pk = signing.loads(token, salt=SALT + ".id", max_age=SAVED_FORM_HOURS * 3600)
    except signing.BadSignature:
        return None
    return SavedForm.objects.filter(pk=pk, owner_id=user.pk, expires_at__gte=timezone.now()).first()
