"""Reads of the citizen's side. `my_dossiers` is the one place a citizen's or volunteer's
dossiers are scoped: an account sees the dossiers it filed online; for a volunteer these are
the dossiers they assisted, never another volunteer's (invariant 6); a citizen also sees the
dossiers a volunteer filed for them with their consent given by a code sent to the phone
they sign in with."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from motcua.accounts.choices import AccountKind
from motcua.accounts.models import Account
from motcua.accounts.queries import scope_filter
from motcua.dossiers.models import Dossier

from .models import ConsentMethod, Feedback

AnyUser = AbstractBaseUser | AnonymousUser


def _mine(user: AnyUser) -> Q:
    """Filed by this account; for a citizen also filed on their behalf by a digital
    volunteer who recorded their consent with a one-time code sent to the phone this account
    signs in with (proof that the phone's holder agreed). A consent by signed paper slip
    proves no phone, so those dossiers stay with the volunteer and the counter."""
    mine = Q(submitted_by_id=user.pk)
    if user.pk is None:
        return mine
    phone = (
        Account.objects.filter(user_id=user.pk, kind=AccountKind.CITIZEN)
        .exclude(phone="")
        .values_list("phone", flat=True)
        .first()
    )
    if phone:
        mine |= Q(
            consent__method=ConsentMethod.CODE,
            consent__phone=phone,
            consent__verified_at__isnull=False,
        )
    return mine


def my_dossiers(user: AnyUser) -> QuerySet[Dossier]:
    """The dossiers this account filed online, or that were filed for it (see `_mine`);
    none for anonymous users."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(_mine(user))
        .select_related("unit", "rating")
        .defer("data")
        .order_by("-submitted_at", "-pk")
    )


def my_dossier(user: AnyUser, code: str) -> Dossier | None:
    """One of `my_dossiers` by code, with everything the detail page needs, or None."""
    if not user.is_authenticated:
        return None
    return (
        Dossier.objects.filter(_mine(user), code=(code or "").strip())
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
