"""Scoped lists of dossiers as querysets: the work queues and the staff search, counted and
read a window at a time (`ListRows`).

A list is its scope (`Sides`), a `Q` of further conditions on the dossier, and an order.
Its window's ids are read first, without joins, then the page's rows by id: the id of a
dossier, its scope and its place in the order come from indexes, so only the rows shown
are read from the table (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, overload

from django.db import connection
from django.db.models import F, OrderBy, Q, QuerySet

from .models import Dossier, NameWord, snapshot_body


class Sides(NamedTuple):
    """A scope's two sides (`dossiers.queries.scope_sides`): the dossiers of its communes
    (`codes`), and those their PSCs (`agencies`, ids) received."""

    codes: tuple[str, ...]
    agencies: tuple[int, ...]

    @property
    def home(self) -> Q:
        return Q(unit_id__in=self.codes)

    @property
    def received(self) -> Q:
        """What the PSCs received for other communes (the home side's dossiers left out)."""
        return Q(receiving_agency_id__in=self.agencies) & ~Q(unit_id__in=self.codes)

    @property
    def either(self) -> Q:
        """Either side: each side of the OR uses its own index."""
        if not self.agencies:
            return self.home
        return self.home | Q(receiving_agency_id__in=self.agencies)


# A name search counts its matches up to this many and says so ("1.000 hồ sơ trở lên"):
# its page is still the newest matches. A common name's matches grow with the history
# (ADR 0007); 1,000 is fifty pages of 20, more than a counter officer reads before
# narrowing the search.
COUNT_CAP = 1_000


@dataclass(frozen=True)
class NameMatch:
    """A name search's condition on the name words (`NameWord`, `names.name_words`): a
    dossier matches when one of its words' keys meets it (one key or more per dossier)."""

    condition: Q

    def words(self) -> QuerySet[NameWord]:
        return NameWord.objects.filter(self.condition)

    def dossier_ids(self) -> QuerySet[NameWord, Any]:
        """The matching dossiers' ids, as a subquery for `id__in`."""
        return self.words().values("dossier_id")

    def count(self) -> int:
        """How many dossiers match, up to `COUNT_CAP`: read from the name words' index."""
        return self.words().values("dossier_id").distinct().order_by()[:COUNT_CAP].count()

    def window(self, start: int, stop: int | None) -> list[int]:
        """The ids of a window of the matches, newest filed first (the highest id), from
        the name words' index alone: the dossier table is read for the page's rows only.
        A dossier whose name has two words in the term's range is one match (DISTINCT)."""
        ids = self.words().values_list("dossier_id", flat=True).distinct()
        return list(ids.order_by("-dossier_id")[start:stop])


def _ordering(*, queue: bool, by_id: bool = False) -> tuple[OrderBy | str, ...]:
    """A queue's order (soonest due first, undated last, then by id), or newest received
    first (newest filed first: `by_id`)."""
    if queue:
        return (F("due_at").asc(nulls_last=True), "id")
    return ("-id",) if by_id else ("-received_at", "-id")


@dataclass(frozen=True)
class Listing:
    """One scoped list: the scope's sides (None: an empty scope, nothing in it), the
    conditions every dossier listed meets (`filters`), and the order: `queue` (soonest due
    first, undated last, then by id) or newest received first.

    `search`: a list narrowed by a query (a name, an ID number, part of a code).

    `words`: a name search with nothing else narrowing it, read from the name words under
    the scope's communes, which are exactly the dossiers of the scope (a dossier's words
    are filed under its commune and its receiving PSC's): counted up to `COUNT_CAP` and
    paged newest filed first from their index alone (`NameMatch`).

    `unless`: the dossiers it holds are left out (a list of those not late). The list is
    counted as its count without it less the count of those it holds, both from indexes,
    where a count of `NOT (...)` read every dossier in scope.
    """

    sides: Sides | None
    filters: Q = field(default_factory=Q)
    queue: bool = False
    search: bool = False
    words: NameMatch | None = None
    unless: Q | None = None

    @property
    def ordering(self) -> tuple[OrderBy | str, ...]:
        return _ordering(queue=self.queue, by_id=self.words is not None)

    def _where(self) -> Q:
        where = self.filters
        if self.unless is not None:
            where &= ~self.unless
        return where

    def queryset(self, side: Q | None = None) -> QuerySet[Dossier]:
        """The list's dossiers (or one side's), unordered."""
        if self.sides is None:
            return Dossier.objects.none()
        scope = self.sides.either if side is None else side
        return Dossier.objects.filter(scope, self._where()).order_by()

    def _apart(self) -> tuple[Listing, Listing] | None:
        """The list without `unless`, and the dossiers of that list that `unless` holds."""
        if self.unless is None:
            return None
        whole = replace(self, unless=None)
        return whole, replace(whole, filters=self.filters & self.unless)

    @property
    def halves(self) -> Sides | None:
        """The scope of a list with a receiving side that no query narrows, on a database
        that orders and limits each half of a UNION: counted and paged from its two sides
        apart, each from its own index (`_halves_ids`)."""
        if self.search or self.words is not None or not (self.sides and self.sides.agencies):
            return None
        return self.sides if connection.features.supports_slicing_ordering_in_compound else None

    def count(self) -> int:
        if apart := self._apart():
            whole, left_out = apart
            return whole.count() - left_out.count()
        if self.words is not None:
            return self.words.count() if self.sides is not None else 0
        if (counts := self.side_counts()) is not None:
            return sum(counts)
        return self.queryset().count()

    def side_counts(self) -> tuple[int, int] | None:
        """The counts of the home side and of the receiving side of a list read in halves,
        each from its own index alone; None for a list counted whole. Counted as one OR,
        PostgreSQL visited every dossier of both sides (a status list: the province's
        history; docs/performance.md, eighth pass)."""
        sides = self.halves
        if sides is None:
            return None
        if apart := self._apart():
            (home, received), (home_out, received_out) = (
                listing.side_counts() or (0, 0) for listing in apart
            )
            return home - home_out, received - received_out
        return self.queryset(sides.home).count(), self.queryset(sides.received).count()

    def capped(self, count: int) -> bool:
        """Whether `count` of this list stands for "that many or more" (`COUNT_CAP`)."""
        return self.words is not None and count >= COUNT_CAP

    def ids(self, start: int, stop: int | None, counts: tuple[int, int] | None = None) -> list[int]:
        """The ids of the window [start, stop) (stop None: to the end), in list order."""
        if self.words is not None:
            return self.words.window(start, stop) if self.sides is not None else []
        if stop is not None and (sides := self.halves):
            return self._halves_ids(sides, start, stop, counts)
        ids = self.queryset().order_by(*self.ordering).values_list("id", flat=True)
        return list(ids[start:stop])

    def _halves_ids(
        self, sides: Sides, start: int, stop: int, counts: tuple[int, int] | None
    ) -> list[int]:
        """A window from the list's two sides, each read in list order from its own index
        (a queue's partial index of open dossiers, or a received index) and stopped at the
        window's end, joined by a UNION ALL: in one query the database gathered every
        dossier of both sides and sorted them all before it could give a queue's first
        page (docs/performance.md, third pass).

        A side known to hold fewer dossiers than the window's end (`counts`) cannot fill
        it, so walked in list order it would be read to the end of the index: it is read
        whole instead, by whatever index its conditions choose (eleventh pass)."""
        key = "due_at" if self.queue else "received_at"  # what the order reads before the id
        halves = []
        for side, count in zip((sides.home, sides.received), counts or (None, None), strict=True):
            half = self.queryset(side).values_list("id", key)
            if count is None or count >= stop:
                half = half.order_by(*self.ordering)
            halves.append(half[:stop])
        union = halves[0].union(halves[1], all=True).order_by(*self.ordering)
        return [pk for pk, _ in union[start:stop]]


# --- what a list row holds -------------------------------------------------------------------

# The columns of a row of the staff's lists (the API's `DossierListItemOut`), as values.
ROW_KEYS = (
    "id",
    "code",
    "status",
    "state",
    "applicant_name",
    "applicant_id_number",
    "received_at",
    "due_at",
    "timeliness",
    "version",
    "unit_id",
    "unit_name",
    "assignee_name",
    "procedure",
    "procedure_name",
)
_COLUMNS = ROW_KEYS[: ROW_KEYS.index("unit_name")]


def rows_by_ids(ids: Sequence[int]) -> list[dict[str, Any]]:
    """The list rows (`ROW_KEYS`) of these dossiers, in the order of `ids`; a dossier
    removed meanwhile is left out. The procedure's code and name come from the dossier's
    snapshot, read once per process (`snapshot_body`)."""
    if not ids:
        return []
    found = {}
    values = Dossier.objects.filter(pk__in=list(ids)).order_by()
    for row in values.values(
        *_COLUMNS,
        "procedure_snapshot_id",
        unit_name=F("unit__name"),
        # the specialist's name, not their login (issue 24): first_name holds the full name
        assignee_name=F("assignee__first_name"),
    ):
        snapshot = snapshot_body(row.pop("procedure_snapshot_id"))
        row["procedure"], row["procedure_name"] = snapshot.get("procedure"), snapshot.get("name")
        found[row["id"]] = {key: row[key] for key in ROW_KEYS}
    return [found[pk] for pk in ids if pk in found]


def models_by_ids(ids: Sequence[int]) -> list[Dossier]:
    """The dossiers with these ids, in that order, with their commune, assignee and
    receiving agency (the staff pages show them), without the e-form data and documents."""
    dossiers = (
        Dossier.objects.select_related("unit", "assignee", "receiving_agency")
        .defer("data", "documents")
        .in_bulk(list(ids))
    )
    return [dossiers[pk] for pk in ids if pk in dossiers]


class ListRows:
    """A `Listing` as `Paginator` and the API read it: `count()`, and a window
    (`rows[offset:stop]`) of dossiers (models, for the pages) or, `as_values()`, of list
    rows (`ROW_KEYS`, for the API): the window's ids, then its rows."""

    def __init__(self, listing: Listing, *, values: bool = False) -> None:
        self.listing = listing
        self.values = values
        # The sides' counts, once counted (`Listing.side_counts`): a window then knows
        # which side to read whole (`Listing._halves_ids`).
        self.side_counts: tuple[int, int] | None = None

    def as_values(self) -> ListRows:
        return ListRows(self.listing, values=True)

    def count(self) -> int:
        self.side_counts = self.listing.side_counts()
        if self.side_counts is not None:
            return sum(self.side_counts)
        return self.listing.count()

    def capped(self, count: int) -> bool:
        """Whether `count` stands for "that many or more" (a name search, `COUNT_CAP`)."""
        return self.listing.capped(count)

    def page(self, start: int, stop: int) -> tuple[int, list[Any]]:
        """The count and a window (`rows[start:stop]`)."""
        return self.count(), self[start:stop]

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Any]:
        return iter(self[0:None])

    @overload
    def __getitem__(self, window: int) -> Any: ...
    @overload
    def __getitem__(self, window: slice) -> list[Any]: ...
    def __getitem__(self, window: int | slice) -> Any:
        if isinstance(window, int):
            return self[window : window + 1][0]
        if window.step not in (None, 1):
            raise ValueError("A list is read a window at a time, without steps.")
        start, stop = window.start or 0, window.stop
        if stop is not None and stop <= start:
            return []
        ids = self.listing.ids(start, stop, self.side_counts)
        return rows_by_ids(ids) if self.values else models_by_ids(ids)
