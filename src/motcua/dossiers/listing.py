"""Scoped lists of dossiers written as SQL: the work queues and the staff search, counted
and read a window at a time (`ListRows`), without Django's query compiler.

They are the staff's most frequent reads (a busy ward's counter opens its queue and
searches all day), and building and compiling their querysets cost more CPU than the
database spent answering them: about half of a work-queue page (docs/performance.md,
fifth pass). A list here is its scope (`Sides`) and a few SQL conditions on the dossier
table, aliased `d` (`Condition`, written by `dossiers.queries`); the count, a window's ids
and the rows are put together from them as plain strings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple, TypeGuard, overload

from django.contrib.auth import get_user_model
from django.db import connection

from motcua.core.sql import constants, cursor_instant, placeholders, rows, scalar, unprepared
from motcua.units.models import Unit

from .choices import OPEN_STATES
from .models import Dossier, NameWord, snapshot_body

TABLE = Dossier._meta.db_table
WORDS = NameWord._meta.db_table


class Sides(NamedTuple):
    """A scope's two sides (`dossiers.queries._sides`): the dossiers of its communes
    (`codes`), and those their PSCs (`agencies`, ids) received."""

    codes: tuple[str, ...]
    agencies: tuple[int, ...]

    @property
    def home(self) -> Condition:
        return Condition(f"d.unit_id IN ({placeholders(len(self.codes))})", self.codes)

    @property
    def received(self) -> Condition:
        """What the PSCs received for other communes (the home side's dossiers left out)."""
        agencies = f"d.receiving_agency_id IN ({placeholders(len(self.agencies))})"
        return Condition(f"{agencies} AND NOT ({self.home.sql})", (*self.agencies, *self.codes))

    @property
    def condition(self) -> Condition:
        """Either side, on `d`: each side of the OR uses its own index."""
        if not self.agencies:
            return self.home
        agencies = f"d.receiving_agency_id IN ({placeholders(len(self.agencies))})"
        return either(self.home, Condition(agencies, self.agencies))


@dataclass(frozen=True)
class Condition:
    """A condition on the dossier table aliased `d` (or on the name words aliased `w`:
    `Listing.words`), with its `%s` values in order."""

    sql: str
    params: tuple[Any, ...] = ()


# A condition no dossier meets (a name query without a single word to look for).
NOTHING = Condition("1 = 0")


@dataclass(frozen=True)
class NameKeys(Condition):
    """A name search's condition on the name words `w` (`names.name_words`), with every
    key of the index it reads, (place, word, other), and the LIKE patterns further terms
    are checked with on the name (`name_check`): a key's dossiers are in the index in id
    order, so the newest of each are read first (`_newest_keys`)."""

    keys: tuple[tuple[str, str, str], ...] = ()
    checks: tuple[str, ...] = ()


# A name search counts its matches up to this many and says so ("1.000 hồ sơ trở lên"):
# its page is still the newest matches. A common name's matches grow with the history
# (the bench's names: 26 on average at 1M, 257 and up to 9,007 at 10M), and a count of
# all of them read every key (docs/performance.md, eleventh pass); 1,000 is fifty pages
# of 20, more than a counter officer reads before narrowing the search.
COUNT_CAP = 1_000
# Past this many keys (a province-wide search of a short prefix: thousands), a name
# search's keys are read and counted whole: PostgreSQL binds three values a key in a
# VALUES list (65,535 values at most), SQLite reads them as one SELECT a key joined by
# UNION ALL (it has no LATERAL; 500 SELECTs at most).
MOST_KEYS = {"postgresql": 2_000, "sqlite": 200}


def name_check() -> str:
    """The condition that a further term of a name search starts a word of the name kept
    in the key (`w.name`), for a pattern " term" between wildcards."""
    return like("(' ' || w.name)")


def either(first: Condition, second: Condition) -> Condition:
    return Condition(f"({first.sql} OR {second.sql})", (*first.params, *second.params))


def all_of(conditions: Sequence[Condition]) -> tuple[str, list[Any]]:
    """The conditions joined by AND, and their values in order."""
    return " AND ".join(c.sql for c in conditions), [p for c in conditions for p in c.params]


def states_in(states: Sequence[str] | frozenset[str]) -> Condition:
    """`d.state IN (...)` with the states written into the SQL, so a prepared statement's
    plan can still match the partial indexes of open dossiers (`core.sql.ConstantIn`)."""
    return Condition(f"d.state IN ({constants(states)})")


def instant(value: datetime) -> Any:
    """A datetime as a bound value of a condition (SQLite takes naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def like(column: str, *, ignore_case: bool = False) -> str:
    """`column LIKE %s` as Django writes it for each database, for a pattern made with
    `like_pattern` (backslash escapes; SQLite's LIKE ignores ASCII case anyway)."""
    if connection.vendor == "postgresql":
        return f"UPPER({column}::text) LIKE UPPER(%s)" if ignore_case else f"{column}::text LIKE %s"
    return f"{column} LIKE %s ESCAPE '\\'"


def like_pattern(text: str, *, before: str = "", after: str = "") -> str:
    """`text` escaped for LIKE, between the wildcards `before` and `after` ("%" or "")."""
    return f"{before}{connection.ops.prep_for_like_query(text)}{after}"


@dataclass(frozen=True)
class Listing:
    """One scoped list: the scope's sides (None: an empty scope, nothing in it), the
    conditions every dossier listed meets, and the order: `queue` (soonest due first,
    undated last, then by id) or newest received first.

    `assignee`: an official's own queue ("mine", not narrowed), read from their open
    dossiers on PostgreSQL (`_assigned_sql`). `search`: a list narrowed by a query (a name,
    an ID number, part of a code), whose matches are all read to order them, so a page
    counts them in the same statement (`counted_window`).

    `words`: a name search with nothing else narrowing it, as a condition on the name
    words (`NameWord`, aliased `w`) under the scope's communes, which are exactly the
    dossiers of the scope (a dossier's words are filed under its commune and its
    receiving PSC's). Its count and windows come from the name words' index alone,
    newest filed first (`_words_window`); `conditions` say the same on `d` for a read of
    the whole list.

    `unless`: the dossiers it holds are left out (a list of those not late): it must be
    true or false for every dossier, never NULL. The list is counted as its count without
    it less the count of those it holds, both from indexes, where a count of `NOT (...)`
    read every dossier in scope (`count`).
    """

    sides: Sides | None
    conditions: tuple[Condition, ...] = ()
    queue: bool = False
    assignee: int | None = None
    search: bool = False
    words: Condition | None = None
    unless: Condition | None = None

    @property
    def filters(self) -> tuple[Condition, ...]:
        """The conditions, and the negation of `unless`."""
        if self.unless is None:
            return self.conditions
        return (*self.conditions, Condition(f"NOT ({self.unless.sql})", self.unless.params))

    def _apart(self) -> tuple[Listing, Listing] | None:
        """The list without `unless`, and the dossiers of that list that `unless` holds."""
        if self.unless is None:
            return None
        whole = replace(self, unless=None)
        return whole, replace(whole, conditions=(*self.conditions, self.unless))

    def order(self, table: str = "d.") -> str:
        """The list's order on the columns of `table` ("": a UNION's output columns)."""
        if self.queue:
            return f"{table}due_at ASC NULLS LAST, {table}id ASC"
        if self.words is not None:
            return f"{table}id DESC"
        return f"{table}received_at DESC, {table}id DESC"

    def where(self) -> tuple[str, list[Any]]:
        if self.sides is None:
            return NOTHING.sql, []
        return all_of([self.sides.condition, *self.filters])

    @property
    def own_queue(self) -> tuple[int, Sides] | None:
        """The official and the scope of an own queue, where it is read from their open
        dossiers (PostgreSQL; elsewhere as any queue)."""
        if self.assignee is None or self.sides is None or connection.vendor != "postgresql":
            return None
        return self.assignee, self.sides

    @property
    def halves(self) -> Sides | None:
        """The scope of a queue, or of a list newest first that no query narrows, with a
        receiving side, on a database that orders and limits each half of a UNION: a
        window is read from the two sides apart (`_halves_ids`)."""
        if self.search or not (self.sides and self.sides.agencies):
            return None
        return self.sides if connection.features.supports_slicing_ordering_in_compound else None

    def count(self) -> int:
        if apart := self._apart():
            whole, left_out = apart
            return whole.count() - left_out.count()
        if self.words is not None:
            return _words_count(self.words)
        if own := self.own_queue:
            return int(_assigned(*own, count=True)[0][0])
        if (counts := self.side_counts()) is not None:
            return sum(counts)
        where, params = self.where()
        return int(scalar(f"SELECT COUNT(*) FROM {TABLE} d WHERE {where}", params))  # noqa: S608

    def side_counts(self) -> tuple[int, int] | None:
        """The counts of the home side and of the receiving side of a list with both, each
        read from its own index alone (`_halves_count`); None for a list counted another
        way (a name search, an official's own queue, a scope of one side)."""
        if self.words is not None or self.own_queue or not (self.sides and self.sides.agencies):
            return None
        if apart := self._apart():
            (home, received), (home_out, received_out) = (
                listing.side_counts() or (0, 0) for listing in apart
            )
            return home - home_out, received - received_out
        sql, params = self._halves_count(self.sides)
        home, received = rows(sql, params)[0]
        return int(home), int(received)

    def capped(self, count: int) -> bool:
        """Whether `count` of this list stands for "that many or more" (`COUNT_CAP`)."""
        return self.words is not None and _bounded(self.words) and count >= COUNT_CAP

    def _halves_count(self, sides: Sides) -> tuple[str, list[Any]]:
        """A list's count as its two sides' (`_sides`), each read from its own
        index alone. A queue's: its partial indexes of open dossiers, where the count of
        both at once visited every open dossier's heap row (a bitmap of the two; busiest
        ward at 1M: 1.7 → 0.3 ms). A list newest first: the received indexes, where the
        count of both at once read all of `dossier_id_scope_idx`, the province's history
        (busiest ward at 1M: 179 ms, 556 where its pages were not all-visible; at 10M
        seconds)."""
        (home, home_params), (received, received_params) = self._sides(sides)
        sql = (
            f"SELECT (SELECT COUNT(*) FROM {TABLE} d WHERE {home}),"  # noqa: S608
            f" (SELECT COUNT(*) FROM {TABLE} d WHERE {received})"
        )
        return sql, home_params + received_params

    def _sides(self, sides: Sides) -> list[tuple[str, list[Any]]]:
        """The conditions of the two sides apart, each with its values: the home
        communes' dossiers, and those their PSCs received for other communes."""
        return [all_of([side, *self.filters]) for side in (sides.home, sides.received)]

    def window(self, select: str, joins: str, start: int, stop: int | None) -> list[Any]:
        """The rows of `select` (columns of `d` and of `joins`) in list order, from `start`
        to `stop` (None: to the end), in one statement."""
        where, params = self.where()
        sql = f"SELECT {select} FROM {TABLE} d{joins} WHERE {where} ORDER BY {self.order()}"  # noqa: S608
        if stop is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [max(stop - start, 0), start]
        found = rows(sql, params)
        return found if stop is not None else found[start:]

    def ids_apart(
        self, start: int, stop: int | None, counts: tuple[int, int] | None = None
    ) -> list[int] | None:
        """The ids of a window read apart from the rows it shows: from the name words (a
        search by name alone), from the official's open dossiers, from the two ordered
        halves of a queue or of a plain list, or, for another list newest first (a search
        by ID number or code, a narrowed one), from its own statement with the id alone;
        None where the window is read in one statement with its rows (`window`).

        A search matches dossiers of any age, hundreds for a common name over the years;
        read with its rows, every match's table row is read before the newest are chosen,
        and over a history larger than memory each is a disk read (10M dossiers: p99 157
        ms). The scope, the order and the id come from an index (`dossier_id_scope_idx`,
        the received indexes), so the ids are read from indexes alone and only the page's
        rows from the table (`rows_by_ids`)."""
        if stop is None:
            return None
        if self.words is not None:
            return [pk for pk, _ in _words_window(self.words, start, stop)]
        if own := self.own_queue:
            return [pk for (pk,) in _assigned(*own, window=(start, stop))]
        if sides := self.halves:
            return self._halves_ids(sides, start, stop, counts)
        if not self.queue:
            return [pk for (pk,) in self.window("d.id", "", start, stop)]
        return None

    def counted_window(self, start: int, stop: int) -> tuple[int, list[int]] | None:
        """A search's count and the ids of a window, in one statement; None for other lists.

        A search's matches come from the name words (or the ID number, or a code pattern),
        not in the list's order, so the database reads them all to choose the newest: the
        count is read on the way (`COUNT(*) OVER ()`), where a count apart read the
        matches a second time (at 10M, 2.5 ms of a 10 ms search). A window past the end
        has no row to carry the count, which is then read apart."""
        if not self.search or self.queue:
            return None
        if self.words is not None:
            found = _words_window(self.words, start, stop)
        else:
            where, params = self.where()
            sql = (
                f"SELECT d.id, COUNT(*) OVER () FROM {TABLE} d WHERE {where}"  # noqa: S608
                f" ORDER BY {self.order()} LIMIT %s OFFSET %s"
            )
            found = rows(sql, [*params, max(stop - start, 0), start])
        if not found:
            return (self.count() if start > 0 else 0), []
        return int(found[0][1]), [pk for pk, _ in found]

    def _halves_ids(
        self, sides: Sides, start: int, stop: int, counts: tuple[int, int] | None = None
    ) -> list[int]:
        """A window from the list's two sides, each read in list order from its own index
        (a queue's partial index of open dossiers, or a received index) and stopped at the
        window's end (the receiving side without the home side's dossiers), joined by a
        UNION ALL.

        In one query the database gathers every open dossier of both sides and sorts them
        all before it can give a queue's first page (docs/performance.md, third pass); a
        list newest first walked the province's received index backwards until it met 20
        of the scope's (a rural commune: thousands of rows, eighth pass).

        A side known to hold fewer dossiers than the window's end (`counts`, from
        `side_counts`) cannot fill it, so walked in list order it was read to the end of
        the index it walked: it is read whole instead, by whatever index its conditions
        choose, and sorted (a ward's overdue list at 100k, whose PSC received 13 overdue
        dossiers for other communes: 142 ms walking the province's received index, 3 ms
        from the PSC's index of open dossiers; eleventh pass).
        """
        (home, home_params), (received, received_params) = self._sides(sides)
        key = "due_at" if self.queue else "received_at"  # what the order reads before the id
        home_count, received_count = counts or (None, None)

        def half(where: str, count: int | None) -> str:
            if count is not None and count < stop:  # all of it, by the best index
                return f"(SELECT d.id, d.{key} FROM {TABLE} d WHERE {where} LIMIT %s)"  # noqa: S608
            return (
                f"(SELECT d.id, d.{key} FROM {TABLE} d WHERE {where}"  # noqa: S608
                f" ORDER BY {self.order()} LIMIT %s)"
            )

        sql = (
            f"{half(home, home_count)} UNION ALL {half(received, received_count)}"
            f" ORDER BY {self.order('')} LIMIT %s OFFSET %s"
        )
        params = [*home_params, stop, *received_params, stop, stop - start, start]
        with unprepared():  # its good plan depends on the values
            return [pk for pk, _ in rows(sql, params)]


def _bounded(words: Condition) -> TypeGuard[NameKeys]:
    """Whether a name search's keys are read newest first and counted up to `COUNT_CAP`
    (`_newest_keys`), or whole."""
    return isinstance(words, NameKeys) and len(words.keys) <= MOST_KEYS.get(connection.vendor, 0)


def _words_count(words: Condition) -> int:
    """How many dossiers a name search matches, up to `COUNT_CAP` where it is bounded: the
    count its first window carries (`_words_window`)."""
    first = _words_window(words, 0, 1)
    return int(first[0][1]) if first else 0


def _words_window(words: Condition, start: int, stop: int) -> list[Any]:
    """(id, count) of a name search's window, newest filed first, from the name words'
    index alone: the dossier table is read for the page's rows only.

    Ordered by their received time, each match cost a probe of the dossier table's
    index for it, and over years of history larger than memory those are disk reads:
    a common name's matches grow with the commune's history (docs/performance.md,
    eighth pass). A dossier whose name has two words in the driving term's range
    ("an" in "An Anh") is one match (GROUP BY).

    Where the search is bounded (`_bounded`), each key's newest dossiers are read, at most
    `COUNT_CAP` or the window's end (`_newest_keys`), and the count stops at `COUNT_CAP`:
    the newest of all are among the newest of each key. Read whole, a common name's
    thousands of matches at 10M were each read, grouped and sorted for a page of 20
    (eleventh pass).

    Otherwise the keys are read apart (`OFFSET 0` on PostgreSQL): joined to the order and
    the LIMIT, PostgreSQL walked the name words' index of dossier ids backwards, all of
    it, to keep the order and stop at the page, though the count over the window reads
    every match (a commune's "ng", 12,522 matches at 1M: 2 s; read apart and sorted: ms)."""
    window = [max(stop - start, 0), start]
    order = " GROUP BY m.dossier_id ORDER BY m.dossier_id DESC LIMIT %s OFFSET %s"
    if _bounded(words):
        keys, params = _newest_keys(words, max(COUNT_CAP, stop))
        sql = f"SELECT m.dossier_id, COUNT(*) OVER () FROM ({keys}) m{order}"  # noqa: S608
        found = rows(sql, params + window)
        return [(pk, min(count, COUNT_CAP)) for pk, count in found]
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    sql = (
        "SELECT m.dossier_id, COUNT(*) OVER () FROM"  # noqa: S608
        f" (SELECT w.dossier_id FROM {WORDS} w WHERE {words.sql}{fence}) m{order}"
    )
    return rows(sql, [*words.params, *window])


def _newest_keys(words: NameKeys, limit: int) -> tuple[str, list[Any]]:
    """A statement of the dossier ids (`dossier_id`) of each key of a name search, the
    newest `limit` of each (the key's entries of the index, read backwards), and its
    values. PostgreSQL: the keys as a VALUES list, each key's ids read in a LATERAL
    subquery (as three arrays, PostgreSQL could not tell their length from a statement
    prepared once, so it planned the statement anew each time: 0.25 ms a search, where
    this is 0.11); SQLite: one SELECT a key, joined by UNION ALL."""
    checks = "".join(f" AND {name_check()}" for _ in words.checks)

    def newest(place: str, word: str, other: str) -> str:
        return (
            f"SELECT w.dossier_id FROM {WORDS} w"  # noqa: S608
            f" WHERE w.place = {place} AND w.word = {word} AND w.other = {other}{checks}"
            " ORDER BY w.dossier_id DESC LIMIT %s"
        )

    if connection.vendor == "postgresql":
        values = ", ".join(["(%s, %s, %s)"] * len(words.keys))
        sql = (
            f"SELECT k.dossier_id FROM (VALUES {values})"  # noqa: S608
            " AS t(place, word, other)"
            f" CROSS JOIN LATERAL ({newest('t.place', 't.word', 't.other')}) k"
        )
        return sql, [*(value for key in words.keys for value in key), *words.checks, limit]
    one = f"SELECT dossier_id FROM ({newest('%s', '%s', '%s')})"  # noqa: S608
    sql = " UNION ALL ".join([one] * len(words.keys))
    params = [value for key in words.keys for value in (*key, *words.checks, limit)]
    return sql, params


def _assigned(
    assignee: int, sides: Sides, *, count: bool = False, window: tuple[int, int] = (0, 0)
) -> list[Any]:
    """The count, or the ids of a window, of one official's queue (`_assigned_sql`)."""
    codes, agencies = sides
    start, stop = window
    limits = [] if count else [stop - start, start]
    sql = _assigned_sql(len(codes), len(agencies), count=count)
    return rows(sql, [assignee, *codes, *agencies, *limits])


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

    A window's subquery reads them in queue order (its index's), so the window stops at
    its last row: ordered outside only, every open dossier of the official was read and
    sorted for a page of 20 (busiest ward at 1M, 590 of them: 0.49 → 0.05 ms; the
    history's stale open dossiers make them thousands at 10M).
    """
    scope = f"m.unit_id IN ({placeholders(codes)})"
    if agencies:
        scope += f" OR m.receiving_agency_id IN ({placeholders(agencies)})"
    order = "" if count else " ORDER BY due_at ASC NULLS LAST, id ASC"
    mine = (
        f"(SELECT id, due_at, unit_id, receiving_agency_id FROM {TABLE}"  # noqa: S608
        f" WHERE assignee_id = %s AND state IN ({constants(OPEN_STATES)}){order} OFFSET 0) m"
    )
    if count:
        return f"SELECT COUNT(*) FROM {mine} WHERE {scope}"  # noqa: S608
    return (
        f"SELECT m.id FROM {mine} WHERE {scope}"  # noqa: S608
        " ORDER BY m.due_at ASC NULLS LAST, m.id ASC LIMIT %s OFFSET %s"
    )


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
_INSTANTS = (ROW_KEYS.index("received_at"), ROW_KEYS.index("due_at"))


@functools.cache
def _row_sql() -> tuple[str, str]:
    """The columns and joins of a list row: the procedure's code and name come from the
    dossier's snapshot, named by its digest and read once per process (`snapshot_body`).

    The commune's name and the assignee's login are subqueries by key, one index probe
    each per row shown: as joins, PostgreSQL hashed or merged the whole table of the
    country's communes (3,355 rows) and of the users for a page of 20 (1.2 → 0.2 ms, and
    planned in 0.2 ms instead of 2.5)."""
    units = Unit._meta.db_table
    users = get_user_model()._meta.db_table
    unit_name = f"(SELECT u.name FROM {units} u WHERE u.code = d.unit_id)"  # noqa: S608
    assignee = f"(SELECT a.username FROM {users} a WHERE a.id = d.assignee_id)"  # noqa: S608
    select = (
        "d.id, d.code, d.status, d.state, d.applicant_name, d.applicant_id_number,"
        f" d.received_at, d.due_at, d.timeliness, d.version, d.unit_id, {unit_name},"
        f" {assignee}, d.snapshot_digest"
    )
    return select, ""


def _row(values: Sequence[Any]) -> dict[str, Any]:
    *columns, digest = values
    snapshot = snapshot_body(digest)
    row = dict(
        zip(
            ROW_KEYS,
            [*columns, snapshot.get("procedure"), snapshot.get("name")],
            strict=True,
        )
    )
    for index in _INSTANTS:
        row[ROW_KEYS[index]] = cursor_instant(values[index])
    return row


def rows_by_ids(ids: Sequence[int]) -> list[dict[str, Any]]:
    """The list rows (`ROW_KEYS`) of these dossiers, in the order of `ids`; a dossier
    removed meanwhile is left out."""
    if not ids:
        return []
    select, joins = _row_sql()
    sql = f"SELECT {select} FROM {TABLE} d{joins} WHERE d.id IN ({placeholders(len(ids))})"  # noqa: S608
    found = {row["id"]: row for row in map(_row, rows(sql, list(ids)))}
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
    rows (`ROW_KEYS`, for the API). A window of a search, of the halves or of the
    official's own dossiers comes as ids, then the rows (`Listing.ids_apart`); a queue's
    otherwise in one statement."""

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
        """The count and a window (`rows[start:stop]`), in fewer statements where the
        list allows (a search: `Listing.counted_window`)."""
        counted = self.listing.counted_window(start, stop)
        if counted is None:
            return self.count(), self[start:stop]
        count, ids = counted
        return count, rows_by_ids(ids) if self.values else models_by_ids(ids)

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
        listing = self.listing
        ids = listing.ids_apart(start, stop, self.side_counts)
        if ids is None:
            if self.values:
                return [_row(row) for row in listing.window(*_row_sql(), start, stop)]
            ids = [pk for (pk,) in listing.window("d.id", "", start, stop)]
        return rows_by_ids(ids) if self.values else models_by_ids(ids)
