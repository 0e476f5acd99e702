"""Province-scale dossier history for the benchmark: 148 communes, years of dossiers.

Everything here is BENCH DATA: made-up applicants, approximate due times, and events whose
payloads carry `"bench": true`. The events' hash chains are computed with the real
`dossiers.events.chain_hash`, so the data looks and reads like production data, but they
were written by this generator, not by the actions: never use them for verification claims.

Shape (see bench/README.md for the assumed mix and where it comes from):
- volume: a ward (phường) receives ~140 dossiers per working day, a rural commune (xã) ~25
  (DOMAIN.md), so the 148 communes of Phú Thọ receive ~5,400 a working day; `size` dossiers
  fill that many working days back from yesterday (100k ≈ 18 days, 1M ≈ 9 months, 10M ≈ 7
  years);
- codes `<PSC e-code>-YYMMDD-NNNN`, numbered per receiving PSC and day in order of receipt,
  with matching `DailySequence` rows; ~5% are received by another commune's PSC (phi địa giới);
- procedure mix mostly copies/certification and civil status; ~60% online;
- every national status 1-10, by age (recent dossiers open, old ones mostly returned);
- 2-6 events per dossier, attachment metadata (no files) for online dossiers and some results.

Rows go in with one multi-row statement per batch (SQLite `executemany`) or PostgreSQL
`COPY`, in batches of `BATCH` dossiers, one transaction per batch, written on a thread of
their own while the next batch is built (`BatchWriter`); reproducible from `seed`.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import queue
import random
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any

from django.conf import settings
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from motcua.catalog.choices import TimeLimitKind
from motcua.catalog.fees import FeeAssessment
from motcua.catalog.models import ProcedureVersion
from motcua.core.text import fold
from motcua.dossiers.actions import dossier_fee
from motcua.dossiers.choices import STATUS_OF_STATE, State
from motcua.dossiers.events import chain_hash, event_body
from motcua.dossiers.models import (
    GENESIS_HASH,
    Attachment,
    DailySequence,
    Dossier,
    DossierEvent,
    NameWord,
    name_word_keys,
)
from motcua.dossiers.snapshots import store_snapshot
from motcua.dossiers.timeliness import timeliness_of
from motcua.units.choices import AgencyKind, DivisionType, Level
from motcua.units.models import Agency, Unit
from motcua.workcal.deadlines import TZ

from .staff import CommuneStaff

BATCH = 10_000
# The tables the generator writes (`wipe` also clears the rows of other apps that point
# at dossiers).
WRITTEN: tuple[type[models.Model], ...] = (
    Dossier,
    DossierEvent,
    Attachment,
    DailySequence,
    NameWord,
)
WARD_PER_DAY = 140  # DOMAIN.md: a busy ward sees 120-160 dossiers a day
COMMUNE_PER_DAY = 25  # DOMAIN.md: a rural commune ~25
OTHER_PSC_SHARE = 0.05  # received by another commune's PSC (phi địa giới)

# National procedure code → weight (per cent). See bench/README.md.
PROCEDURE_MIX: dict[str, float] = {
    "2.000815": 30,  # certified copy from original
    "2.000884": 10,  # signature certification
    "2.000908": 3,  # copy from master register
    "2.000635": 8,  # copy of civil-status extract
    "1.001193": 12,  # birth registration
    "1.000656": 4,  # death registration
    "1.000894": 4,  # marriage registration
    "1.004873": 8,  # certificate of marital status
    "1.004884": 1,  # re-registration of birth
    "1.004859": 3,  # change/correction of civil status
    "1.004222": 12,  # permanent residence
    "1.001776": 5,  # monthly social allowance
}
# National channel code → weight: ~60% online at commune level (DOMAIN.md, national figures).
CHANNEL_MIX: dict[int, float] = {1: 38, 2: 60, 3: 2}

# State weights by age in working days (0 = yesterday).
RECENT_STATES = {
    State.SUBMITTED: 6,
    State.RECEIVED: 14,
    State.PROCESSING: 26,
    State.AWAITING_APPROVAL: 10,
    State.SUPPLEMENT_REQUESTED: 5,
    State.PAYMENT_REQUESTED: 3,
    State.RESULT_READY: 12,
    State.RETURNED: 20,
    State.REFUSED: 2,
    State.WITHDRAWN: 1,
    State.STOPPED: 1,
}
MIDDLE_STATES = {
    State.SUBMITTED: 1,
    State.RECEIVED: 2,
    State.PROCESSING: 6,
    State.AWAITING_APPROVAL: 3,
    State.SUPPLEMENT_REQUESTED: 4,
    State.PAYMENT_REQUESTED: 1,
    State.RESULT_READY: 6,
    State.RETURNED: 72,
    State.REFUSED: 3,
    State.WITHDRAWN: 1,
    State.STOPPED: 1,
}
OLD_STATES = {
    State.PROCESSING: 0.5,
    State.SUPPLEMENT_REQUESTED: 0.5,
    State.RESULT_READY: 1.5,
    State.RETURNED: 91,
    State.REFUSED: 4,
    State.WITHDRAWN: 1.5,
    State.STOPPED: 1,
}

# The events each state's dossier went through ("attach" is added for online dossiers).
PATHS: dict[str, tuple[str, ...]] = {
    State.SUBMITTED: ("submit",),
    State.RECEIVED: ("receive",),
    State.PROCESSING: ("receive", "transfer"),
    State.AWAITING_APPROVAL: ("receive", "transfer", "appraise"),
    State.SUPPLEMENT_REQUESTED: ("receive", "transfer", "request_supplement"),
    State.PAYMENT_REQUESTED: ("receive", "transfer", "appraise", "request_payment"),
    State.RESULT_READY: ("receive", "transfer", "appraise", "approve"),
    State.RETURNED: ("receive", "transfer", "appraise", "approve", "return"),
    State.REFUSED: ("receive", "refuse"),
    State.WITHDRAWN: ("receive", "transfer", "withdraw"),
    State.STOPPED: ("receive", "transfer", "stop"),
}
STEP_OF_STATE = {
    State.SUBMITTED: 0,
    State.RECEIVED: 0,
    State.PROCESSING: 1,
    State.SUPPLEMENT_REQUESTED: 1,
    State.PAYMENT_REQUESTED: 1,
    State.WITHDRAWN: 1,
    State.STOPPED: 1,
    State.REFUSED: 0,
    State.AWAITING_APPROVAL: 2,
    State.RESULT_READY: 3,
    State.RETURNED: 4,
}
CLOSED = {State.RETURNED, State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RESULT_READY}
REASONS = {
    State.REFUSED: "Hồ sơ không thuộc thẩm quyền giải quyết (dữ liệu bench).",
    State.WITHDRAWN: "Công dân đề nghị rút hồ sơ (dữ liệu bench).",
    State.STOPPED: "Dừng giải quyết theo đề nghị của cơ quan có thẩm quyền (dữ liệu bench).",
}

FAMILY: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Phan", 4),
    ("Vũ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Đinh", 2),
    ("Hà", 2),
    ("Quách", 1),
    ("Xa", 1),
    ("Kiều", 1),
)
MIDDLE_MALE = ("Văn", "Đức", "Minh", "Quang", "Công", "Hữu", "Xuân", "Thành")
MIDDLE_FEMALE = ("Thị", "Thu", "Ngọc", "Hồng", "Thanh", "Minh", "Phương", "Kim")
GIVEN_MALE: tuple[str, ...] = (
    *("An", "Bình", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phong", "Quân", "Sơn", "Tuấn"),
    *("Thắng", "Việt", "Cường", "Đạt", "Hiếu", "Khoa", "Lâm", "Mạnh", "Trung"),
)
GIVEN_FEMALE: tuple[str, ...] = (
    *("Anh", "Chi", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc"),
    *("Thảo", "Trang", "Vân", "Yến", "Nhung", "Quyên", "Dung", "Huyền", "Oanh"),
)
# Province of birth registration → weight (Phú Thọ 025, Vĩnh Phúc 026, Hòa Bình 017...).
BIRTH_PROVINCES: tuple[tuple[str, int], ...] = (
    ("025", 60),
    ("026", 15),
    ("017", 10),
    ("001", 8),
    ("079", 7),
)


@dataclass(frozen=True)
class VersionInfo:
    """What the generator needs of one procedure version, JSON columns pre-serialised;
    `snapshot` is the digest of its snapshot's row (`dossiers.snapshots`)."""

    version: ProcedureVersion
    code: str
    snapshot: str
    data: Any
    documents: Any
    fees: dict[int, tuple[int, str]]
    same_day: bool
    limit_days: float | None
    steps: int


@dataclass(frozen=True)
class Place:
    """A commune: its code, daily weight, name and its PSC (agency id, e-code)."""

    code: str
    weight: int
    name: str
    psc_id: int
    ecode: str


@dataclass
class Report:
    """How much the generator wrote, and in how long."""

    dossiers: int = 0
    events: int = 0
    attachments: int = 0
    days: int = 0
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.dossiers / self.seconds if self.seconds else 0.0


def province_places(province: str) -> list[Place]:
    """The active communes of the province with their PSC, wards weighted as busier."""
    pscs = {
        agency.unit_id: agency
        for agency in Agency.objects.filter(
            kind=AgencyKind.PSC, is_active=True, unit__parent_id=province
        )
    }
    places = []
    for unit in Unit.objects.filter(level=Level.COMMUNE, parent_id=province, is_active=True):
        psc = pscs.get(unit.code)
        if psc is None or psc.ecode is None:
            continue
        weight = WARD_PER_DAY if unit.division_type == DivisionType.PHUONG else COMMUNE_PER_DAY
        places.append(Place(unit.code, weight, unit.name, psc.pk, psc.ecode))
    if not places:
        raise RuntimeError(f"Tỉnh {province} chưa có xã nào có Trung tâm PVHCC với mã điện tử.")
    return places


def mandatory_documents(version: ProcedureVersion) -> list[dict[str, Any]]:
    return [
        {"document": doc["id"], "originals": 1, "copies": 0}
        for doc in version.required_documents
        if doc["mandatory"]
    ]


def form_example(version: ProcedureVersion) -> dict[str, Any]:
    examples = version.form_schema.get("examples") or [{}]
    return dict(examples[0])


def _owed(assessment: FeeAssessment) -> tuple[int, str]:
    """(amount, note) as an intake stores them (`dossiers.actions.fee_owed` without an entry)."""
    return assessment.amount or 0, assessment.text


def procedure_versions() -> dict[str, VersionInfo]:
    """The current version of every procedure in the mix that the catalog has, each with
    its snapshot's row written if absent."""
    found: dict[str, VersionInfo] = {}
    now = timezone.now()
    for version in ProcedureVersion.objects.filter(
        is_current=True, procedure__code__in=list(PROCEDURE_MIX)
    ).select_related("procedure"):
        same_day = version.time_limit_kind == TimeLimitKind.SAME_DAY
        hours = version.limit_hours
        found[version.procedure.code] = VersionInfo(
            version=version,
            code=version.procedure.code,
            snapshot=store_snapshot(version),
            data=form_example(version),
            documents=mandatory_documents(version),
            fees={
                channel: _owed(dossier_fee(version, channel, form_example(version), now))
                for channel in CHANNEL_MIX
            },
            same_day=same_day,
            limit_days=None if same_day or hours is None else hours / 8,
            steps=len(version.steps or []),
        )
    if not found:
        raise RuntimeError("Danh mục thủ tục chưa được nạp (load_catalog).")
    return found


# --- row writing -------------------------------------------------------------------------


class Json(str):
    """A JSON column value already serialised once (shared by many rows)."""


def _converter(model_field: models.Field[Any, Any], vendor: str) -> Callable[[Any], Any] | None:
    if isinstance(model_field, models.JSONField):

        def to_json(value: Any) -> str:
            return value if type(value) is Json else json.dumps(value, ensure_ascii=False)

        return to_json
    if vendor != "sqlite":
        return None  # psycopg COPY adapts datetimes, dates, intervals and booleans itself
    if isinstance(model_field, models.DateTimeField):
        return lambda value: value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(model_field, models.DateField):
        return lambda value: value.isoformat()
    if isinstance(model_field, models.DurationField):
        return lambda value: value // timedelta(microseconds=1)
    if isinstance(model_field, models.BooleanField):
        return int
    return None


class TableWriter:
    """Rows of one model's table, buffered and written in bulk (executemany or COPY).

    Columns come from the model's concrete fields, so a field someone adds with a default
    is filled without touching the generator; a new required field fails loudly.
    """

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.vendor = connection.vendor
        fields = list(model._meta.concrete_fields)
        self.table = model._meta.db_table
        self.columns = [str(model_field.column) for model_field in fields]
        self.index = {model_field.attname: i for i, model_field in enumerate(fields)}
        self.convert = [_converter(model_field, self.vendor) for model_field in fields]
        template: list[Any] = []
        for model_field, convert in zip(fields, self.convert, strict=True):
            value = model_field.get_default()
            template.append(convert(value) if convert is not None and value is not None else value)
        self.template = template
        self.rows: list[list[Any]] = []
        self.written = 0

    def add(self, values: dict[str, Any]) -> None:
        row = list(self.template)
        index, convert = self.index, self.convert
        for name, value in values.items():
            position = index[name]
            function = convert[position]
            row[position] = function(value) if function is not None and value is not None else value
        self.rows.append(row)

    def take(self) -> list[list[Any]]:
        """The buffered rows, handed over for writing (counted as written from now)."""
        rows, self.rows = self.rows, []
        self.written += len(rows)
        return rows

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Write `rows` on this thread's connection (the caller holds the transaction)."""
        if not rows:
            return
        quoted = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                sql = f"COPY {connection.ops.quote_name(self.table)} ({quoted}) FROM STDIN"
                with cursor.copy(sql) as copy:  # psycopg's Cursor.copy, through the wrapper
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(self.table)} ({quoted}) "  # noqa: S608
                    f"VALUES ({marks})",
                    rows,
                )


Batch = list[tuple[TableWriter, list[list[Any]]]]


def skip_reference_checks() -> None:
    """PostgreSQL: rows this connection writes skip the foreign-key checks from now on
    (`session_replication_role = replica`, as a replica applying a primary's rows does).
    At commit, each checked row costs a query to the row it names, a quarter of a batch's
    time; the generator's references are consistent by construction, and
    tests/bench/test_generate.py checks every one of them after a threaded load. Only a
    superuser may do this: for any other role the checks stay, and nothing else changes."""
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    except DatabaseError:
        return  # not a superuser: the checks stay


class BatchWriter:
    """Writes each finished batch in one transaction, on a thread and connection of its own
    while the generator builds the next batch: the database's work (COPY, index upkeep,
    commit) and the generator's Python then run on the two cores at once instead of in turn.

    At most one batch waits, so memory stays at about three batches. Inside a transaction
    (the smoke test's), another connection could not see the rows written before it, so the
    batches are written there and then, on the caller's connection.
    """

    def __init__(self, *, threaded: bool) -> None:
        self.failure: BaseException | None = None
        self.waiting: queue.Queue[Batch | None] = queue.Queue(maxsize=1)
        self.thread = (
            threading.Thread(target=self._work, name="bench-writer", daemon=True)
            if threaded
            else None
        )
        if self.thread is not None:
            self.thread.start()

    @staticmethod
    def _write(batch: Batch) -> None:
        with transaction.atomic():
            for writer, rows in batch:
                writer.write(rows)

    def _work(self) -> None:
        try:
            skip_reference_checks()
            while (batch := self.waiting.get()) is not None:
                self._write(batch)
        except BaseException as error:
            self.failure = error
            while self.waiting.get() is not None:  # let the generator finish handing over
                pass
        finally:
            connection.close()

    def submit(self, batch: Batch) -> None:
        if self.failure is not None:
            raise self.failure
        if self.thread is None:
            self._write(batch)
        else:
            self.waiting.put(batch)

    def close(self) -> None:
        """Wait for every batch to be written; raise what the writer met, if anything."""
        if self.thread is not None:
            self.waiting.put(None)
            self.thread.join()
        if self.failure is not None:
            raise self.failure


def next_id(model: type[models.Model]) -> int:
    top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return int(top or 0) + 1


def reset_sequences(models_: Sequence[type[models.Model]]) -> None:
    """Move the id sequences past the explicit ids the generator wrote (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _pointing_tables() -> list[str]:
    """The tables whose rows point at dossiers (events, attachments, signing records,
    citizens' drafts and ratings, civil-status entries and the extracts issued from them,
    name words): what must go before a dossier can, each before the tables it points at
    (an extract issued before its entry)."""
    remaining = list(
        dict.fromkeys(
            relation.related_model
            for relation in Dossier._meta.related_objects
            if relation.related_model is not NameWord
        )
    )
    ordered = []
    while remaining:
        first = next(
            (
                model
                for model in remaining
                if not any(
                    field.related_model is model
                    for other in remaining
                    if other is not model
                    for field in other._meta.concrete_fields
                    if field.is_relation
                )
            ),
            remaining[0],  # a cycle: none can go first; the database's deferred checks decide
        )
        ordered.append(first._meta.db_table)
        remaining.remove(first)
    return [NameWord._meta.db_table, *ordered]


def wipe() -> None:
    """Remove every dossier, every row pointing at one, and the daily sequences (bench
    databases only).

    Raw SQL on purpose: the event manager refuses deletes (invariant 1), which is right for
    the application and wrong for wiping a benchmark database.
    """
    tables = [*_pointing_tables(), Dossier._meta.db_table, DailySequence._meta.db_table]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Checks of deferred foreign keys still pending in this transaction (rows
            # written earlier in it) run now: TRUNCATE refuses a table with pending ones.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # CASCADE: rows of other apps that point at those (draft files...) go with them.
            cursor.execute("TRUNCATE " + ", ".join(tables) + " CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def remove_dossiers(ids: Sequence[int]) -> None:
    """Remove the dossiers a measure created, with every row that points at them, so the
    next measure (and the next run on the same data) sees the generated history only.

    The day's numbers they took are given back (each day counter goes down to the highest
    number a remaining dossier holds): the busiest PSC takes up to 7,000 numbers a run, so a
    few runs on one day would otherwise reach its 9,999 a day and every later intake there
    would be refused. Bench data only: in real data a number is never given twice.

    Raw SQL for the same reason as `wipe`; bench databases only.
    """
    if not ids:
        return
    tables = _pointing_tables()
    dossiers, sequences = Dossier._meta.db_table, DailySequence._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        days: set[tuple[int, str]] = set()
        for start in range(0, len(ids), 1_000):
            chunk = list(ids[start : start + 1_000])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT DISTINCT receiving_agency_id, SUBSTR(code, 1, LENGTH(code) - 4)"  # noqa: S608
                f" FROM {dossiers} WHERE id IN ({marks})",
                chunk,
            )
            days.update(cursor.fetchall())
            for table in tables:
                cursor.execute(f"DELETE FROM {table} WHERE dossier_id IN ({marks})", chunk)  # noqa: S608
            cursor.execute(f"DELETE FROM {dossiers} WHERE id IN ({marks})", chunk)  # noqa: S608
        for agency, prefix in sorted(days):  # prefix: "<PSC e-code>-YYMMDD-"
            cursor.execute(
                f"SELECT MAX(code) FROM {dossiers}"  # noqa: S608
                " WHERE receiving_agency_id = %s AND code LIKE %s",
                [agency, prefix + "%"],
            )
            highest = cursor.fetchone()[0]
            yymmdd = prefix[-7:-1]
            day = date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
            cursor.execute(
                f"UPDATE {sequences} SET last = %s WHERE agency_id = %s AND day = %s",  # noqa: S608
                [int(highest[-4:]) if highest else 0, agency, day],
            )


SET_ASIDE = "bench_set_aside_index"


def set_aside_indexes(models_: Sequence[type[models.Model]]) -> int:
    """PostgreSQL: drop the indexes of these tables that no primary key or unique
    constraint stands on, for a bulk load, keeping each one's definition in a table of the
    database in the same transaction; `restore_indexes` builds them again. Building an index
    once over the loaded rows is much cheaper than keeping it in order row by row, above
    all the ones whose keys come in no order (ID numbers, name words, the codes' trigrams):
    as pg_restore does. Primary keys and unique constraints stay, so the load still
    refuses a duplicate. Partial indexes stay too: they hold the open dossiers only, and
    their predicate, written back from the catalog, would come out as another expression
    than the one the migration wrote (`(ARRAY['a'::varchar])::text[]` becomes
    `ARRAY[('a'::varchar)::text]`), which the planner may no longer match to the work
    queues' `state IN (...)`. Returns how many were set aside."""
    if connection.vendor != "postgresql":
        return 0
    tables = [model._meta.db_table for model in models_]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {SET_ASIDE}"
            " (name text PRIMARY KEY, definition text NOT NULL)"
        )
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid::regclass::text = ANY(%s) AND i.indpred IS NULL AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c"
            "  WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid"
            "  AND c.contype IN ('p', 'u', 'x'))"
            " ORDER BY 1",
            [tables],
        )
        found = cursor.fetchall()
        for name, definition in found:
            cursor.execute(
                f"INSERT INTO {SET_ASIDE} (name, definition) VALUES (%s, %s)",  # noqa: S608
                [name, definition],
            )
            cursor.execute(f"DROP INDEX {name}")
    return len(found)


def restore_indexes(*, progress: bool = False) -> int:
    """PostgreSQL: build again every index `set_aside_indexes` dropped, one transaction
    each, also those an interrupted run left set aside. Returns how many were built."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [SET_ASIDE])
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(f"SELECT name, definition FROM {SET_ASIDE} ORDER BY name")  # noqa: S608
        waiting = cursor.fetchall()
        # The sorts of a build are done in memory up to this (the server's 64 MB default
        # would spill them to disk); session only.
        cursor.execute("SET maintenance_work_mem = '1GB'")
    bar = Progress(len(waiting), "indexes", enabled=progress and bool(waiting))
    for built, (name, definition) in enumerate(waiting, start=1):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(definition)
            cursor.execute(f"DELETE FROM {SET_ASIDE} WHERE name = %s", [name])  # noqa: S608
        bar.update(built, force=True)
    bar.close(len(waiting))
    with connection.cursor() as cursor:
        cursor.execute("RESET maintenance_work_mem")
    return len(waiting)


# --- the generator -----------------------------------------------------------------------


class Progress:
    """A plain progress bar on stderr (no dependency), redrawn at most every 0.5 s."""

    def __init__(self, total: int, label: str, *, enabled: bool = True) -> None:
        self.total = max(total, 1)
        self.label = label
        self.enabled = enabled
        self.started = time.perf_counter()
        self.shown = 0.0

    def update(self, done: int, *, force: bool = False) -> None:
        now = time.perf_counter()
        if not self.enabled or (not force and now - self.shown < 0.5):
            return
        self.shown = now
        share = min(done / self.total, 1.0)
        bar = "#" * int(share * 30)
        elapsed = now - self.started
        rate = done / elapsed if elapsed else 0.0
        speed = f" {rate:,.0f}/s" if rate >= 10 else ""  # not for a few slow items (indexes)
        sys.stderr.write(
            f"\r{self.label} [{bar:<30}] {share:6.1%} {done:,}/{self.total:,} "
            f"{elapsed:6.1f} s{speed}"
        )
        sys.stderr.flush()

    def close(self, done: int) -> None:
        self.update(done, force=True)
        if self.enabled:
            sys.stderr.write("\n")


def working_days_back(end: date, count: int) -> list[date]:
    """`count` weekdays ending at `end` (inclusive), oldest first (holidays not skipped)."""
    days: list[date] = []
    day = end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def add_weekdays(start: datetime, days: float) -> datetime:
    """Approximate due time: whole weekdays later, same hour (bench data, not workcal)."""
    result = start
    whole = max(int(days), 1)
    while whole:
        result += timedelta(days=1)
        if result.weekday() < 5:
            whole -= 1
    return result


def approximate_due(info: VersionInfo, received: datetime) -> datetime | None:
    """The appointment, approximately (same-day 15:00 rule, weekdays): bench data only."""
    local = received.astimezone(TZ)
    if info.same_day:
        day = local if local.time() < clock(15) else add_weekdays(local, 1)
        return day.replace(hour=17, minute=0, second=0, microsecond=0)
    if info.limit_days is None:
        return None
    return add_weekdays(local, info.limit_days)


@dataclass
class People:
    """A reproducible pool of applicants (name, folded name, ID number, birth date, phone)."""

    rng: random.Random
    size: int
    rows: list[tuple[str, str, str, date, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        families = [name for name, _ in FAMILY]
        family_weights = [weight for _, weight in FAMILY]
        provinces = [code for code, _ in BIRTH_PROVINCES]
        province_weights = [weight for _, weight in BIRTH_PROVINCES]
        family_cum = list(itertools.accumulate(family_weights))
        province_cum = list(itertools.accumulate(province_weights))
        folded: dict[str, str] = {}
        rng = self.rng
        for _ in range(self.size):
            female = rng.random() < 0.5
            family = families[bisect.bisect(family_cum, rng.random() * family_cum[-1])]
            middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
            given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
            name = f"{family} {middle} {given}"
            if name not in folded:
                folded[name] = fold(name)
            year = rng.randint(1945, 2007)
            born = date(year, rng.randint(1, 12), rng.randint(1, 28))
            century = (0 if year < 2000 else 2) + (1 if female else 0)
            province = provinces[bisect.bisect(province_cum, rng.random() * province_cum[-1])]
            number = f"{province}{century}{year % 100:02d}{rng.randrange(1_000_000):06d}"
            phone = f"09{rng.randrange(100_000_000):08d}"
            self.rows.append((name, folded[name], number, born, phone))


def weighted(rng: random.Random, weights: Mapping[Any, float]) -> Callable[[], Any]:
    keys = list(weights)
    cumulative = list(itertools.accumulate(weights.values()))
    total = cumulative[-1]

    def pick() -> Any:
        return keys[bisect.bisect(cumulative, rng.random() * total)]

    return pick


def generate(
    size: int,
    *,
    seed: int,
    staff: dict[str, CommuneStaff],
    province: str | None = None,
    progress: bool = True,
) -> Report:
    """Write `size` dossiers of history (with events, attachments, daily sequences)."""
    started = time.perf_counter()
    province = province or settings.MOTCUA_PROVINCE
    rng = random.Random(seed)  # noqa: S311 - reproducible bench data, not secrets
    places = [place for place in province_places(province) if place.code in staff]
    versions = procedure_versions()
    mix = {code: weight for code, weight in PROCEDURE_MIX.items() if code in versions}
    pick_procedure = weighted(rng, mix)
    pick_channel = weighted(rng, CHANNEL_MIX)
    pickers = {
        "recent": weighted(rng, RECENT_STATES),
        "middle": weighted(rng, MIDDLE_STATES),
        "old": weighted(rng, OLD_STATES),
    }
    place_cum = list(itertools.accumulate(place.weight for place in places))
    per_day = place_cum[-1]
    people = People(rng, min(max(size // 2, 1000), 2_000_000)).rows
    json_of = {
        code: (
            Json(json.dumps(info.data, ensure_ascii=False)),
            Json(json.dumps(info.documents, ensure_ascii=False)),
        )
        for code, info in versions.items()
    }

    # Day volumes, newest first until `size` is reached, then oldest first.
    volumes: list[int] = []
    while sum(volumes) < size:
        volumes.append(max(1, round(per_day * rng.uniform(0.85, 1.15))))
    volumes[-1] -= sum(volumes) - size
    volumes.reverse()
    now = timezone.now()
    days = working_days_back(timezone.localdate() - timedelta(days=1), len(volumes))

    tables = tuple(TableWriter(model) for model in WRITTEN)
    dossiers_out, events_out, files_out, sequences_out, words_out = tables
    dossier_id, event_id, file_id = next_id(Dossier), next_id(DossierEvent), next_id(Attachment)
    word_id = next_id(NameWord)
    sequence_id = next_id(DailySequence)
    report = Report(days=len(days))
    bar = Progress(size, "dossiers", enabled=progress)
    office = [(7 * 60, 11 * 60 + 30), (13 * 60 + 30, 17 * 60)]

    threaded = not connection.in_atomic_block
    if threaded:
        restore_indexes()  # what an interrupted run left set aside
        set_aside_indexes(WRITTEN)
    out = BatchWriter(threaded=threaded)

    def flush() -> None:
        out.submit([(writer, writer.take()) for writer in tables])
        bar.update(dossiers_out.written)

    try:
        for index, (day, volume) in enumerate(zip(days, volumes, strict=True)):
            age = len(days) - 1 - index
            states = pickers["recent" if age <= 2 else "middle" if age <= 10 else "old"]
            batch: list[tuple[datetime, Place, Place]] = []
            for _ in range(volume):
                start, end = office[0] if rng.random() < 0.55 else office[1]
                minute = rng.uniform(start, end)
                local = datetime.combine(day, clock(0), tzinfo=TZ) + timedelta(minutes=minute)
                unit = places[bisect.bisect(place_cum, rng.random() * per_day)]
                receiver = unit if rng.random() >= OTHER_PSC_SHARE else rng.choice(places)
                batch.append((local.astimezone(UTC), unit, receiver))
            batch.sort(key=lambda item: item[0])
            numbers: dict[int, int] = {}
            for received, unit, receiver in batch:
                number = numbers.get(receiver.psc_id, 0) + 1
                numbers[receiver.psc_id] = number
                code = f"{receiver.ecode}-{day:%y%m%d}-{number:04d}"
                info = versions[pick_procedure()]
                channel = pick_channel()
                state = states()
                if state == State.SUBMITTED and channel != 2:
                    state = State.RECEIVED
                name, folded, id_number, born, phone = people[rng.randrange(len(people))]
                crew = staff[unit.code]
                counter = staff[receiver.code].counter
                due = approximate_due(info, received)
                path = list(PATHS[state])
                if channel == 2 and len(path) < 6:
                    path.insert(1, "attach")
                gap = timedelta(hours=1) if info.same_day else timedelta(hours=20)
                times = [min(received + gap * i, now) for i in range(len(path))]
                head, payload_times = GENESIS_HASH, {}
                for seq, (action, at) in enumerate(zip(path, times, strict=True), start=1):
                    payload: dict[str, Any] = {"bench": True}
                    if action == "appraise":
                        payload["proposal"] = "approve"
                    actor = (
                        crew.specialist
                        if action == "appraise"
                        else (crew.leader if action in {"approve", "stop"} else counter)
                    )
                    actor_id = None if action == "submit" else actor.pk
                    digest = chain_hash(
                        head,
                        event_body(
                            dossier_code=code,
                            seq=seq,
                            action=action,
                            actor_id=actor_id,
                            at=at,
                            payload=payload,
                        ),
                    )
                    events_out.add(
                        {
                            "id": event_id,
                            "dossier_id": dossier_id,
                            "seq": seq,
                            "action": action,
                            "actor_id": actor_id,
                            "at": at,
                            "payload": payload,
                            "prev_hash": head,
                            "hash": digest,
                        }
                    )
                    payload_times[action] = at
                    head = digest
                    event_id += 1
                    if action == "attach":
                        sha = hashlib.sha256(f"bench-{dossier_id}-{seq}".encode()).hexdigest()
                        files_out.add(
                            {
                                "id": file_id,
                                "dossier_id": dossier_id,
                                "name": f"giay-to-{seq}.pdf",
                                "size": rng.randint(80_000, 2_000_000),
                                "content_type": "application/pdf",
                                "sha256": sha,
                                "path": f"attachments/{sha[:2]}/{sha[2:4]}/{sha}",
                                "document": info.documents[0]["document"] if info.documents else "",
                                "uploaded_by_id": counter.pk,
                                "uploaded_at": at,
                            }
                        )
                        file_id += 1
                finished = payload_times.get("approve") or (
                    payload_times.get("refuse") if state == State.REFUSED else None
                )
                data, documents = json_of[info.code]
                fee, fee_note = info.fees[channel]
                row: dict[str, Any] = {
                    "id": dossier_id,
                    "created_at": received,
                    "updated_at": times[-1],
                    "code": code,
                    "receiving_agency_id": receiver.psc_id,
                    "unit_id": unit.code,
                    "procedure_version_id": info.version.pk,
                    "procedure_snapshot_id": info.snapshot,
                    "channel": channel,
                    "assisted_by_volunteer": channel == 2 and rng.random() < 0.1,
                    "applicant_name": name,
                    "applicant_name_folded": folded,
                    "applicant_id_number": id_number,
                    "applicant_date_of_birth": born,
                    "applicant_address": f"Thôn {rng.randint(1, 20)}, {unit.name}",
                    "applicant_phone": phone,
                    "data": data,
                    "documents": documents,
                    "fee": fee,
                    "fee_note": fee_note,
                    "status": STATUS_OF_STATE[state],
                    "state": state,
                    "current_step": min(STEP_OF_STATE[state], info.steps),
                    "assignee_id": crew.specialist.pk if "transfer" in path else None,
                    "step_due_at": None if state in CLOSED else due,
                    "received_at": received,
                    "due_at": due,
                    "finished_at": finished,
                    "returned_at": payload_times.get("return"),
                    "timeliness": timeliness_of(finished, due) if finished else None,
                    "received_by_id": None if state == State.SUBMITTED else counter.pk,
                    "submitted_at": received - timedelta(minutes=30) if channel == 2 else None,
                    "version": len(path),
                    "head_hash": head,
                    "events_count": len(path),
                    "closing_reason": REASONS.get(state, ""),
                }
                if state == State.SUPPLEMENT_REQUESTED:
                    row.update(
                        supplement_count=1,
                        suspended_at=payload_times["request_supplement"],
                        resume_state=State.PROCESSING,
                    )
                dossiers_out.add(row)
                # The search words, filed as the intake files them (`dossiers.models.name_words`).
                for place, word, other in name_word_keys(unit.code, receiver.code, folded):
                    words_out.add(
                        {
                            "id": word_id,
                            "place": place,
                            "word": word,
                            "other": other,
                            "name": folded,
                            "dossier_id": dossier_id,
                        }
                    )
                    word_id += 1
                dossier_id += 1
                if len(dossiers_out.rows) >= BATCH:
                    flush()
            for psc_id, last in numbers.items():
                sequences_out.add(
                    {"id": sequence_id, "agency_id": psc_id, "day": day, "last": last}
                )
                sequence_id += 1
        flush()
    finally:
        try:
            out.close()
        finally:
            if threaded:
                restore_indexes(progress=progress)
    reset_sequences(WRITTEN)
    bar.close(dossiers_out.written)
    report.dossiers = dossiers_out.written
    report.events = events_out.written
    report.attachments = files_out.written
    report.seconds = time.perf_counter() - started
    return report


def spread_sample(
    rng: random.Random, count: int, fields: Sequence[str], units: Iterable[str] | None = None
) -> list[tuple[Any, ...]]:
    """Up to `count` dossiers' `fields`, drawn evenly over the whole history, in random
    order, reproducibly: ids drawn uniformly between the first dossier's and the last's (the
    generator numbers them in order of receipt, ~5,400 a working day), kept where a dossier
    of `units` holds them, drawn again until enough are found or every id was tried.

    Not "the first rows of the table" (the oldest dossiers: at 10M, names and ID numbers of
    seven years ago only), nor "the newest", nor a cut of an id-ordered answer (which keeps
    the lower half of the draw): every part of the history is sampled in proportion to the
    dossiers it holds."""
    dossiers = Dossier.objects.all()
    if units is not None:
        dossiers = dossiers.filter(unit_id__in=list(units))
    bounds = Dossier.objects.aggregate(low=models.Min("pk"), high=models.Max("pk"))
    if bounds["high"] is None or count <= 0:
        return []
    low, high = int(bounds["low"]), int(bounds["high"])
    span = high - low + 1
    found: dict[int, tuple[Any, ...]] = {}
    tried: set[int] = set()
    hit_ratio = 1.0
    while len(found) < count and len(tried) < span:
        wanted = min(span - len(tried), int((count - len(found)) / hit_ratio * 1.2) + 10)
        drawn: set[int] = set()
        if span - len(tried) <= 4 * wanted:  # most ids tried (a small table): the rest
            rest = sorted(set(range(low, high + 1)) - tried)
            drawn = set(rng.sample(rest, min(wanted, len(rest))))
        while len(drawn) < wanted:
            candidate = rng.randint(low, high)
            if candidate not in tried:
                drawn.add(candidate)
        if not drawn:
            break
        tried |= drawn
        ordered = sorted(drawn)
        hits = 0
        for start in range(0, len(ordered), 2_000):
            chunk = ordered[start : start + 2_000]
            for row in dossiers.filter(pk__in=chunk).values_list("pk", *fields):
                found[row[0]] = tuple(row[1:])
                hits += 1
        hit_ratio = max(hits / len(drawn), 0.01)
    rows = [found[pk] for pk in sorted(found)]
    rng.shuffle(rows)
    return rows[:count]


def codes_sample(rng: random.Random, count: int, units: Iterable[str] | None = None) -> list[str]:
    """Up to `count` dossier codes drawn evenly over the whole history (`spread_sample`)."""
    return [code for (code,) in spread_sample(rng, count, ["code"], units)]
