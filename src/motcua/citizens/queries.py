"""Reads of the citizen's side. `my_dossiers` is the one place a citizen's or volunteer's
dossiers are scoped: an account sees the dossiers it filed online; for a volunteer these are
the dossiers they assisted, never another volunteer's (invariant 6); a citizen also sees the
dossiers a volunteer filed for them with their consent given by a code sent to the phone
they sign in with."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet

from motcua.accounts.choices import AccountKind
from motcua.accounts.models import Account
from motcua.accounts.queries import scope_filter
from motcua.dossiers.models import Dossier

from .models import ConsentMethod, Feedback, Rating, RatingAnswer
from .satisfaction import QUESTIONS, Answer

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


def reply_contact(account: Account | None, dossier: Dossier) -> dict[str, str] | None:
    """Where the filer hears about the dossier, masked for the page (invariant 8): the
    account's phone, else its e-mail, else the applicant's, as the notifications do
    (`dossiers.notices`); None when there is none."""
    for kind, value in (
        ("sms", account.phone if account else ""),
        ("email", account.email if account else ""),
        ("sms", dossier.applicant_phone),
        ("email", dossier.applicant_email),
    ):
        if value:
            if kind == "sms":
                return {"channel": "tin nhắn SMS", "to": f"{value[:3]}****{value[-3:]}"}
            name, _, domain = value.partition("@")
            return {"channel": "thư điện tử", "to": f"{name[:2]}***@{domain}"}
    return None


def feedback_queue(user: AnyUser) -> QuerySet[Feedback]:
    """Open feedback of the units in the official's scope, nearest deadline first."""
    return (
        scope_filter(Feedback.objects.all(), user, field="unit")
        .filter(responded_at__isnull=True)
        .select_related("unit", "author")
        .order_by("due_at", "pk")
    )


def satisfaction_counts(
    unit_codes: Iterable[str], start: datetime, end: datetime
) -> dict[str, object]:
    """The ratings given in [start, end) on dossiers of these communes, for the satisfaction
    group of Decision 766: how many, how many disliked (any "không hài lòng", indicator 5.4
    counts them), and each question's levels (`{"overall": {"satisfied": 3, ...}, ...}`).
    Two queries whatever the rows."""
    ratings = Rating.objects.filter(
        dossier__unit_id__in=list(unit_codes), created_at__gte=start, created_at__lt=end
    )
    totals = ratings.aggregate(total=Count("pk"), disliked=Count("pk", filter=Q(satisfied=False)))
    by_question: dict[str, dict[str, int]] = {
        code: dict.fromkeys(Answer.values, 0) for code, _ in QUESTIONS
    }
    rows = (
        RatingAnswer.objects.filter(rating__in=ratings)
        .values("question", "answer")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        by_question.setdefault(row["question"], dict.fromkeys(Answer.values, 0))[row["answer"]] = (
            row["n"]
        )
    return {"ratings": totals["total"], "disliked": totals["disliked"], "questions": by_question}
