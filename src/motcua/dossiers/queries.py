"""Reads of dossiers. `dossiers_for(user)` is the one place dossiers are scoped (invariant 6):
every list or load of dossiers for a person starts from it."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from motcua.accounts.queries import scope_filter
from motcua.core.text import search_terms

from .models import Dossier

AnyUser = AbstractBaseUser | AnonymousUser

# Who opened which full record (invariant 8); the record's personal data is never logged.
access_log = logging.getLogger("motcua.dossiers.access")


def dossiers_for(user: AnyUser) -> QuerySet[Dossier]:
    """The dossiers of the units in the user's scope (accounts.queries.scope_filter).

    Citizens, volunteers and anonymous users have no unit scope and get none here; their own
    dossiers will come from a query by applicant account.
    """
    return scope_filter(Dossier.objects.all(), user, field="unit")


def dossiers_list(
    user: AnyUser, *, status: int | None = None, q: str | None = None
) -> QuerySet[Dossier]:
    """Scoped dossiers, newest first, for lists: a fixed number of queries for any size.

    `q` matches the code, an exact ID number, or every word of the applicant's name with
    diacritics and case ignored.
    """
    dossiers = dossiers_for(user).select_related("unit").defer("data", "documents")
    if status is not None:
        dossiers = dossiers.filter(status=status)
    query = (q or "").strip()
    if query:
        if query.isdigit() and len(query) == 12:
            dossiers = dossiers.filter(applicant_id_number=query)
        else:
            by_name = Q()
            for term in search_terms(query):
                by_name &= Q(applicant_name_folded__contains=term)
            dossiers = dossiers.filter(Q(code__icontains=query) | by_name)
    return dossiers.order_by("-received_at", "-pk")


def dossier_by_code(user: AnyUser, code: str) -> Dossier | None:
    """One dossier in the user's scope, or None (out of scope looks the same as absent)."""
    dossier = (
        dossiers_for(user)
        .select_related("unit", "receiving_agency", "received_by", "assignee")
        .filter(code=code)
        .first()
    )
    if dossier is not None:
        access_log.info("user=%s opened dossier %s", user.pk, dossier.code)
    return dossier


def public_lookup(code: str) -> dict[str, Any] | None:
    """What anyone holding the receipt may see: no name, a masked ID number (invariant 8)."""
    dossier = (
        Dossier.objects.filter(code=(code or "").strip())
        .only("code", "status", "state", "due_at", "received_at", "snapshot", "applicant_id_number")
        .first()
    )
    if dossier is None:
        return None
    due_at: datetime | None = dossier.due_at
    return {
        "code": dossier.code,
        "procedure_name": dossier.procedure_name,
        "status": dossier.status,
        "status_label": dossier.get_status_display(),
        "state": dossier.state,
        "received_at": dossier.received_at,
        "due_at": due_at,
        "applicant_id_number": dossier.masked_id_number,
    }
