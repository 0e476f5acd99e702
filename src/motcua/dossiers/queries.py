"""Reads of dossiers. `dossiers_for(user)` is the one place dossiers are scoped (invariant 6):
every list or load of dossiers for a person starts from it."""

from __future__ import annotations

import copy
import functools
import logging
import re
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from typing import Any, NamedTuple, overload

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from motcua.accounts.queries import Standing, scope_unit_codes
from motcua.core.sql import constants, placeholders, unprepared
from motcua.core.text import search_terms
from motcua.units.choices import AgencyKind
from motcua.units.models import Agency

from .choices import OPEN_STATES, State
from .models import WORD_LENGTH, Dossier, NameWord

AnyUser = AbstractBaseUser | AnonymousUser

# Who opened which full record (invariant 8); the record's personal data is never logged.
access_log = logging.getLogger("motcua.dossiers.access")


def dossiers_for(user: AnyUser) -> QuerySet[Dossier]:
    """The dossiers of the units in the user's scope (accounts.queries.scope_unit_codes).

    A dossier belongs to two communes when it was filed away from home (phi địa giới): the
    competent one that decides it, and the one whose PSC received it, where the citizen comes
    back to supplement and to collect the result. Officials of either see it; what each may
    do is decided by the lifecycle's guards. Citizens, volunteers and anonymous users have no
    unit scope and get none here.
    """
    return _scoped(sorted(scope_unit_codes(user)))[0]


class Sides(NamedTuple):
    """A scope's two sides (`_scoped`): the dossiers of its communes (`home`), and those
    their PSCs received (`received`), with the communes' codes and the PSCs' ids."""

    codes: tuple[str, ...]
    agencies: tuple[int, ...]

    @property
    def home(self) -> Q:
        return Q(unit__in=self.codes)

    @property
    def received(self) -> Q:
        return Q(receiving_agency__in=self.agencies)


def _scoped(codes: list[str]) -> tuple[QuerySet[Dossier], Sides | None]:
    """`dossiers_for` for the sorted unit codes of a scope, with the scope's two sides
    (None for an empty scope): the dossiers of the communes, and those their PSCs received.

    The receiving side as a list of agency ids (one small query), not a join or a
    subquery: each side of the OR then uses its own (unit, ...) / (receiving_agency, ...)
    index, so a work queue reads the open dossiers only (docs/performance.md). Only a PSC
    receives dossiers (counter and online intake both number them at the commune's PSC).
    """
    if not codes:
        return Dossier.objects.none(), None
    sides = Sides(tuple(codes), tuple(_psc_ids(codes)))
    return Dossier.objects.filter(sides.home | sides.received), sides


def _psc_ids(codes: list[str]) -> list[int]:
    """The ids of the PSCs of these units, sorted: every scoped list asks, so the statement
    is written once per number of units rather than compiled by the ORM each time."""
    with connection.cursor() as cursor:
        cursor.execute(_psc_ids_sql(len(codes)), [AgencyKind.PSC.value, *codes])
        return sorted(pk for (pk,) in cursor.fetchall())


@functools.cache
def _psc_ids_sql(count: int) -> str:
    agencies = Agency._meta.db_table
    return f"SELECT id FROM {agencies} WHERE kind = %s AND unit_id IN ({placeholders(count)})"  # noqa: S608


def in_scope(dossier: Dossier, user: AnyUser, standing: Standing | None = None) -> bool:
    """`dossiers_for` for one loaded dossier, without a query for the dossier itself (nor for
    the user's positions when their `standing` is given)."""
    codes = standing.scope_codes() if standing is not None else scope_unit_codes(user)
    return dossier.unit_id in codes or dossier.receiving_unit_code in codes


# What a dossier code is made of ("000.00.00.H25-261126-0001"): a query with anything else
# can only be a name.
CODE_CHARACTERS = re.compile(r"[0-9.\-Hh]+")

# The work queues of the staff pages (hàng đợi công việc), in display order.
WORK_QUEUES: dict[str, str] = {
    "mine": "Hồ sơ tôi đang xử lý",
    "unit": "Hồ sơ của đơn vị",
    "due_today": "Đến hạn trong hôm nay",
    "overdue": "Quá hạn",
    "supplement": "Chờ công dân bổ sung",
}


def _list_base(codes: list[str]) -> tuple[QuerySet[Dossier], Sides | None]:
    """`dossiers_for` as lists read it, with the two sides of the scope (`_scoped`)."""
    dossiers, sides = _scoped(codes)
    return dossiers.select_related("unit", "assignee", "receiving_agency").defer(
        "data", "documents"
    ), sides


# Open dossiers whose clock runs (a supplement request stops it).
RUNNING_STATES = sorted(OPEN_STATES - {State.SUPPLEMENT_REQUESTED})


def _running(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return dossiers.filter(state__constant_in=RUNNING_STATES)


def _end_of_today() -> datetime:
    today = timezone.localdate()
    return datetime.combine(
        today + timedelta(days=1), time(0), tzinfo=timezone.get_current_timezone()
    )


def _filter_queue(dossiers: QuerySet[Dossier], user: AnyUser, queue: str) -> QuerySet[Dossier]:
    if queue == "mine":
        return dossiers.filter(state__constant_in=OPEN_STATES, assignee_id=user.pk)
    if queue == "unit":
        return dossiers.filter(state__constant_in=OPEN_STATES)
    if queue == "due_today":
        return _running(dossiers).filter(due_at__lt=_end_of_today())
    if queue == "overdue":
        return _running(dossiers).filter(due_at__lt=timezone.now())
    if queue == "supplement":
        return dossiers.filter(state=State.SUPPLEMENT_REQUESTED)
    raise ValueError(f"Không có hàng đợi '{queue}'.")


# The order of every work queue: soonest due first, then by id (nulls last).
QUEUE_ORDER = (F("due_at").asc(nulls_last=True), "pk")


class ListRows:
    """A scoped list as `Paginator` and the API read it: `count()` of the plain rows, and a
    window (`rows[offset:stop]`) in the caller's shape (`shaped`); a work queue (`sides`
    given) reads its window in two ordered halves where the database allows.

    A scope has two sides (`_scoped`), so in one query the database gathers every open
    dossier of both and sorts them all before it can give the first page. Here each side is
    read in queue order from its own partial index of open dossiers and stops at the
    window's end (a UNION ALL of the two, the second without the first's dossiers), which
    gives the window's ids; their rows then come from `rows`, the whole queue as the caller
    shapes it (models with their relations, or values). Databases that cannot order and
    limit each half of a UNION (SQLite) slice the whole queue.

    A queue of one official's dossiers (`assignee` given: "mine", not narrowed) is read
    from that official's open dossiers instead, on PostgreSQL (`_assigned_sql`).
    """

    def __init__(
        self,
        rows: QuerySet[Any],
        sides: Sides | None,
        shape: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None,
        *,
        assignee: int | None = None,
    ) -> None:
        self.rows = rows
        self.sides = sides
        self.shape = shape
        # The official and the scope of an own queue, where it is read from their open
        # dossiers (PostgreSQL; elsewhere as any queue).
        self.by_assignee = (
            (assignee, sides)
            if assignee is not None and sides is not None and connection.vendor == "postgresql"
            else None
        )

    def shaped(self, shape: Callable[[QuerySet[Any]], QuerySet[Any]]) -> ListRows:
        """The same queue whose window rows come shaped (`values(...)` with "id" among
        them, `select_related(...)`); the count and the halves read the queue as it is."""
        shaped = copy.copy(self)
        shaped.shape = shape
        return shaped

    def count(self) -> int:
        if self.by_assignee is not None:
            return int(_assigned_rows(*self.by_assignee, count=True)[0][0])
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._shaped(self.rows))  # the whole queue, in order, in one query

    def _shaped(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return self.shape(rows) if self.shape is not None else rows

    @overload
    def __getitem__(self, window: int) -> Any: ...
    @overload
    def __getitem__(self, window: slice) -> list[Any]: ...
    def __getitem__(self, window: int | slice) -> Any:
        if isinstance(window, int):
            return self[window : window + 1][0]
        start, stop = window.start or 0, window.stop
        ids = self._window_ids(start, stop) if stop is not None else None
        if ids is None:
            return list(self._shaped(self.rows)[window])
        # Values rows carry "id" (`shaped`).
        found = {
            row["id"] if isinstance(row, dict) else row.pk: row
            for row in self._shaped(self.rows.filter(pk__in=ids).order_by())
        }
        return [found[pk] for pk in ids]

    def _window_ids(self, start: int, stop: int) -> list[int] | None:
        """The ids of the window in queue order: from the official's open dossiers, or
        from the two ordered halves; None where the whole queue is sliced instead."""
        if self.by_assignee is not None:
            return [pk for (pk,) in _assigned_rows(*self.by_assignee, window=(start, stop))]
        if self.sides is None or not connection.features.supports_slicing_ordering_in_compound:
            return None
        home, received = self.sides.home, self.sides.received
        halves = [
            self.rows.filter(home).order_by(*QUEUE_ORDER).values_list("pk", "due_at")[:stop],
            self.rows.filter(received)
            .exclude(home)
            .order_by(*QUEUE_ORDER)
            .values_list("pk", "due_at")[:stop],
        ]
        page = halves[0].union(halves[1], all=True).order_by(*QUEUE_ORDER)[start:stop]
        with unprepared():  # its good plan depends on the scope and the window
            return [pk for pk, _ in page]


def work_queue(user: AnyUser, queue: str) -> ListRows:
    """One work queue (see `WORK_QUEUES`), scoped by `dossiers_for`, soonest due first.

    mine: open dossiers assigned to the user; unit: open dossiers in scope; due_today: open
    dossiers whose clock runs, due before the end of today (local), overdue ones included;
    overdue: due time passed; supplement: waiting for the applicant. Nulls sort last. The
    unit, assignee and receiving agency come in the same query, so a page of any length
    costs a fixed number of queries. Raises ValueError for an unknown queue.
    """
    return queue_rows(user, queue)


def queue_rows(
    user: AnyUser,
    queue: str,
    *,
    status: int | None = None,
    q: str | None = None,
    unit: str | None = None,
    overdue: bool | None = None,
) -> ListRows:
    """A work queue narrowed as `dossiers_list` narrows, read a window at a time
    (`ListRows`). Raises ValueError for an unknown queue."""
    codes = sorted(scope_unit_codes(user))
    dossiers, sides = _list_base(codes)
    dossiers = _narrowed(
        _filter_queue(dossiers, user, queue), codes, status=status, q=q, unit=unit, overdue=overdue
    )
    plain = status is None and not q and not unit and overdue is None
    assignee = user.pk if queue == "mine" and plain else None
    return ListRows(dossiers.order_by(*QUEUE_ORDER), sides, assignee=assignee)


def _assigned_rows(
    assignee: int, sides: Sides, *, count: bool = False, window: tuple[int, int] = (0, 0)
) -> list[Any]:
    """The count, or the ids of a window, of one official's queue (`_assigned_sql`)."""
    codes, agencies = sides
    start, stop = window
    limits = [] if count else [stop - start, start]
    with connection.cursor() as cursor:
        cursor.execute(
            _assigned_sql(len(codes), len(agencies), count=count),
            [assignee, *codes, *agencies, *limits],
        )
        return list(cursor.fetchall())


@functools.cache
def _assigned_sql(codes: int, agencies: int, *, count: bool) -> str:
    """The count, or a window's ids in queue order, of one official's open dossiers in a
    scope of `codes` communes and `agencies` PSCs (parameters: the official's id, the
    codes, the agency ids, then LIMIT and OFFSET for a window).

    The official's open dossiers are few and come from their own partial index
    (`dossier_mine_open_idx`); the scope is a filter on those rows. Written as one query
    with the scope beside the assignee, PostgreSQL takes an official and a commune as
    independent and expects a handful of rows where there are hundreds (a commune's
    specialist is assigned most of its dossiers), so it crosses them with the commune's
    whole history (its bitmap of 25,000 dossiers at 1M: count 8.5 ms and page 13-17 ms,
    growing with the years). `OFFSET 0` keeps the subquery apart: 2.7 and 3.0 ms, which
    follow the official's open dossiers only.
    """
    scope = f"m.unit_id IN ({placeholders(codes)})"
    if agencies:
        scope += f" OR m.receiving_agency_id IN ({placeholders(agencies)})"
    mine = (
        f"(SELECT id, due_at, unit_id, receiving_agency_id FROM {Dossier._meta.db_table}"  # noqa: S608
        f" WHERE assignee_id = %s AND state IN ({constants(OPEN_STATES)}) OFFSET 0) m"
    )
    if count:
        return f"SELECT COUNT(*) FROM {mine} WHERE {scope}"  # noqa: S608
    return (
        f"SELECT m.id FROM {mine} WHERE {scope}"  # noqa: S608
        " ORDER BY m.due_at ASC NULLS LAST, m.id ASC LIMIT %s OFFSET %s"
    )


def dossiers_list(
    user: AnyUser,
    *,
    status: int | None = None,
    q: str | None = None,
    unit: str | None = None,
    overdue: bool | None = None,
) -> QuerySet[Dossier]:
    """Scoped dossiers, newest first, for lists: a fixed number of queries for any size.

    `q` matches part of the code, an exact ID number, or the applicant's name: each word of
    `q` starts a word of the name, diacritics and case ignored (`_name_match`). `unit`
    narrows to one commune (within scope), `overdue` to dossiers whose running clock passed
    the due time (or, False, the others). A work queue narrowed the same way is
    `queue_rows`.
    """
    codes = sorted(scope_unit_codes(user))
    dossiers, _ = _list_base(codes)
    dossiers = _narrowed(dossiers, codes, status=status, q=q, unit=unit, overdue=overdue)
    return dossiers.order_by("-received_at", "-pk")


def _narrowed(
    dossiers: QuerySet[Dossier],
    codes: list[str],
    *,
    status: int | None,
    q: str | None,
    unit: str | None,
    overdue: bool | None,
) -> QuerySet[Dossier]:
    if status is not None:
        dossiers = dossiers.filter(status=status)
    if unit:
        dossiers = dossiers.filter(unit_id=unit)
    if overdue is not None:
        late = Q(state__constant_in=RUNNING_STATES, due_at__lt=timezone.now())
        dossiers = dossiers.filter(late) if overdue else dossiers.exclude(late)
    query = (q or "").strip()
    if query:
        if query.isdigit() and len(query) == 12:
            dossiers = dossiers.filter(applicant_id_number=query)
        else:
            by_name = _name_match(codes, search_terms(query))
            if CODE_CHARACTERS.fullmatch(query) is None:  # only a name has other characters
                dossiers = dossiers.filter(by_name) if by_name is not None else dossiers.none()
            else:
                by_code = Q(code__icontains=query)
                dossiers = dossiers.filter(by_code | by_name if by_name is not None else by_code)
    return dossiers


def _name_match(codes: list[str], terms: list[str]) -> Q | None:
    """Dossiers whose applicant's name has a word starting with each term (folded: no
    diacritics, any case, any order), read from `NameWord` under the user's communes: "ng
    van an" finds "Nguyễn Văn An", "an" finds "An" and "Anh" but not "Lan"; `codes` are the
    user's communes (`scope_unit_codes`). None without terms.

    One term drives: its word range under the user's communes is read from the index, and
    each other term is checked on the whole name stored beside it, so the cost follows the
    commune's dossiers with the driving word, not the province's history. The driving term
    is the most telling one: the longest that is not a common family or middle name
    (`COMMON_NAME_WORDS`: almost every other name has one), else the last (in Vietnamese
    order, the given name).
    """
    if not terms:
        return None
    terms = [term[:WORD_LENGTH] for term in terms]
    telling = [term for term in terms if term not in COMMON_NAME_WORDS]
    driving = max(telling, key=len) if telling else terms[-1]
    words = NameWord.objects.filter(place__in=codes)
    words = words.filter(word__startswith=driving)
    others = [term for term in terms if term != driving]
    if others:
        words = words.annotate(spaced=Concat(Value(" "), "name", output_field=CharField()))
        for term in others:
            words = words.filter(spaced__contains=" " + term)
    return Q(pk__in=words.values("dossier_id"))


# The family names and middle names a large share of Vietnamese names carry (Nguyễn alone
# about 38%): a poor first filter for a name search.
COMMON_NAME_WORDS = frozenset(
    {
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang",
        "bui", "do", "ho", "ngo", "duong", "ly", "van", "thi", "duc", "minh", "thanh",
        "ngoc", "hong", "quang", "huu", "xuan", "kim",
    }
)  # fmt: skip


def dossier_by_code(user: AnyUser, code: str) -> Dossier | None:
    """One dossier in the user's scope, or None (out of scope looks the same as absent)."""
    dossier = (
        dossiers_for(user)
        .select_related("unit", "receiving_agency", "received_by", "assignee")
        .filter(code=code)
        .first()
    )
    if dossier is not None:
        log_opened(user, dossier)
    return dossier


def not_found(code: str) -> str:
    """What every page and endpoint answers for a dossier code that does not exist or is
    outside the user's scope: the same words, so a 404 never tells which."""
    return f"Không tìm thấy hồ sơ mã {code}."


def log_opened(user: AnyUser, dossier: Dossier) -> None:
    """Record that the user opened the dossier's full record (invariant 8)."""
    access_log.info("user=%s opened dossier %s", user.pk, dossier.code)


def dossier_handle(code: str) -> Dossier | None:
    """The dossier with this code as a handle for a lifecycle action: its id only, not
    scoped and not loaded. The action locks the row, checks the actor's scope first (404,
    as if absent) and loads it into the handle (`acting.lock`, `acting.take_state`), so
    reading it here as well would be the same row twice and the scope three times."""
    pk = Dossier.objects.filter(code=code).values_list("pk", flat=True).first()
    return Dossier(pk=pk, code=code) if pk is not None else None


def mask_name(full_name: str) -> str:
    """A name for public pages (invariant 8): "Nguyễn Văn An" → "Nguyễn V*** A**".

    The family name stays; every other word keeps only its first letter, with a fixed number
    of stars so the length of the name is not disclosed.
    """
    words = full_name.split()
    if not words:
        return ""
    masked = [words[0]]
    for index, word in enumerate(words[1:], start=1):
        masked.append(word[0] + ("**" if index == len(words) - 1 else "***"))
    return " ".join(masked)


def public_lookup(code: str) -> dict[str, Any] | None:
    """What anyone holding the receipt may see (invariant 8): status, appointment, steps done,
    the procedure, and the applicant's masked name; never an ID number, phone or address."""
    dossier = (
        Dossier.objects.filter(code=(code or "").strip())
        .only(
            "code",
            "status",
            "state",
            "due_at",
            "received_at",
            "finished_at",
            "returned_at",
            "snapshot",
            "current_step",
            "applicant_name",
        )
        .first()
    )
    if dossier is None:
        return None
    due_at: datetime | None = dossier.due_at
    steps = dossier.snapshot.get("steps") or []
    done = len(steps) if dossier.state == State.RETURNED else min(dossier.current_step, len(steps))
    return {
        "code": dossier.code,
        "procedure_name": dossier.procedure_name,
        "status": dossier.status,
        "status_label": dossier.get_status_display(),
        "state": dossier.state,
        "received_at": dossier.received_at,
        "due_at": due_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "applicant_name": mask_name(dossier.applicant_name),
        "steps": [
            {"name": str(step.get("name", "")), "done": index < done}
            for index, step in enumerate(steps)
        ],
        "steps_done": done,
    }
