"""Reads of the citizen's side. `my_dossiers` is the one place a citizen's or volunteer's
dossiers are scoped: an account sees exactly the dossiers it filed online; for a volunteer
these are the dossiers they assisted, never another volunteer's (invariant 6)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from motcua.accounts.queries import scope_filter
from motcua.dossiers.models import Dossier

from .models import Feedback

AnyUser = AbstractBaseUser | AnonymousUser


def my_dossiers(user: AnyUser) -> QuerySet[Dossier]:
    """The dossiers this account filed online (none for anonymous users)."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(submitted_by_id=user.pk)
        .select_related("unit", "rating")
        .defer("data")
        .order_by("-submitted_at", "-pk")
    )


def my_dossier(user: AnyUser, code: str) -> Dossier | None:
    """One of `my_dossiers` by code, with everything the detail page needs, or None."""
    if not user.is_authenticated:
        return None
    return (
        Dossier.objects.filter(submitted_by_id=user.pk, code=(code or "").strip())
        .select_related("unit")
        .first()
    )


def feedback_queue(user: AnyUser) -> QuerySet[Feedback]:
    """Open feedback of the units in the official's scope, nearest deadline first."""
    return (
        scope_filter(Feedback.objects.all(), user, field="unit")
        .filter(responded_at__isnull=True)
        .select_related("unit")
        .order_by("due_at", "pk")
    )
