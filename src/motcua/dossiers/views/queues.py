"""The official's work queues and the search of dossiers in scope: `/ho-so/`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.queries import standing_of
from motcua.units.models import Unit

from .. import queries
from ..forms import QueueFilterForm
from .common import forbidden

PAGE_SIZE = 50


@login_required
def queues(request: HttpRequest) -> HttpResponse:
    """`/ho-so/`: the official's work queues, sorted by due time, 50 a page; or, with
    `?tim=`, the dossiers in scope found by code, ID number or name, newest first.

    The queue comes from `dossiers.queries.work_queue`, which scopes it (invariant 6); the
    applicant's ID number is masked (invariant 8). The number of queries does not depend on
    the number of rows.
    """
    standing = standing_of(request.user)
    if not standing.scope_codes():
        return forbidden(request, "Trang này dành cho cán bộ, công chức xử lý hồ sơ.")
    roles = {role for _, role in standing.positions}
    offered = queries.queues_for(standing)
    scope = standing.scope_codes()
    filters = QueueFilterForm(request.GET, queues=queries.WORK_QUEUES, scope=scope)
    filters.is_valid()  # a filter that does not apply falls back, it is never an error
    queue = filters.cleaned_data["hang"]
    if not queue:
        # A specialist starts with what they hold, a leader with what waits for them, the
        # counter with the unit's (its role queues are a click away, counted on /can-bo/).
        if Role.SPECIALIST in roles:
            queue = "mine"
        elif Role.LEADER in roles:
            queue = "approval"
        else:
            queue = "unit"
    # An official of several communes (the province's) narrows a queue or a search to one
    # commune of the scope, and sees which commune each dossier is in.
    communes = (
        list(Unit.objects.filter(code__in=scope).only("code", "name").order_by("name_folded"))
        if len(scope) > 1
        else []
    )
    commune = filters.cleaned_data["xa"]
    # A citizen at the counter asks after their dossier: find it by code, ID number or name
    # (`dossiers_list`, same scope), newest first, instead of a queue.
    search = filters.cleaned_data["tim"]
    if search:
        dossiers = queries.dossiers_list(request.user, q=search, unit=commune or None)
        heading = f"Kết quả tìm “{search}”"
    else:
        dossiers = queries.queue_rows(request.user, queue, unit=commune or None)
        heading = queries.WORK_QUEUES[queue]
    if commune:
        heading += f", {next(u.name for u in communes if u.code == commune)}"
    page = Paginator(dossiers, PAGE_SIZE).get_page(filters.cleaned_data["trang"])
    now = timezone.now()
    rows = [
        {
            "dossier": dossier,
            "overdue": dossier.due_at is not None
            and dossier.due_at < now
            and dossier.state in queries.RUNNING_STATES,
        }
        for dossier in page.object_list
    ]
    return render(
        request,
        "dossiers/queues.html",
        {
            "queue": "" if search else queue,
            "queues": [
                (key, label)
                for key, label in queries.WORK_QUEUES.items()
                if key in offered or key == queue
            ],
            "queue_label": heading,
            "search": search,
            "page": page,
            # a name search counts up to `listing.COUNT_CAP`: "that many or more"
            "capped": dossiers.capped(page.paginator.count),
            "rows": rows,
            "can_receive": Role.COUNTER in roles,
            "communes": communes,
            "commune": commune,
        },
    )
