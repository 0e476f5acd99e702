"""Reads of dossiers. `dossiers_for(user)` is the one place dossiers are scoped (invariant 6):
every list or load of dossiers for a person starts from it."""

from __future__ import annotations

import logging
import re
from datetime import datetime, time, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, Q, QuerySet
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.queries import Standing, scope_unit_codes, standing_of
from motcua.core.request_address import request_address
from motcua.core.text import search_terms
from motcua.units.choices import AgencyKind
from motcua.units.models import Agency, Unit

from .choices import OPEN_STATES, AccessKind, State
from .listing import Listing, ListRows, NameMatch, Sides
from .models import CODE_REGEX, Attachment, Dossier, RecordAccess
from .names import name_words

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
    sides = _sides(sorted(scope_unit_codes(user)))
    if sides is None:
        return Dossier.objects.none()
    # No receiving side (the province's scope): Django leaves an empty IN out of the OR.
    return Dossier.objects.filter(Q(unit__in=sides.codes) | Q(receiving_agency__in=sides.agencies))


def _sides(codes: list[str]) -> Sides | None:
    """The two sides of the user's scope of these sorted unit codes, None when it is
    empty: the dossiers of the communes, and those their PSCs received.

    The receiving side as a list of agency ids (one small query), not a join or a
    subquery: each side of the OR then uses its own (unit, ...) / (receiving_agency, ...)
    index, so a work queue reads the open dossiers only (docs/performance.md). Only a PSC
    receives dossiers (counter and online intake both number them at the commune's PSC).

    A scope holding every commune of the province (the province's officials) has no
    receiving side: a dossier's commune is always one of the province's (intake refuses
    any other), so what its PSCs received is on the home side already, and reading the
    receiving side apart read the province's whole history to find nothing (a status or
    overdue list at 1M: about a second; docs/performance.md, tenth pass).
    """
    if not codes:
        return None
    return Sides(tuple(codes), tuple(psc_ids(codes)))


def psc_ids(codes: list[str]) -> list[int]:
    """The ids of the PSCs of these units, sorted, or none when the units hold every unit
    of the province (no receiving side, `_sides`)."""
    others = Unit.objects.filter(parent_id=settings.MOTCUA_PROVINCE).exclude(code__in=codes)
    pscs = Agency.objects.filter(kind=AgencyKind.PSC, unit_id__in=codes).filter(Exists(others))
    return list(pscs.order_by("id").values_list("id", flat=True))


def in_scope(dossier: Dossier, user: AnyUser, standing: Standing | None = None) -> bool:
    """`dossiers_for` for one loaded dossier, without a query for the dossier itself (nor for
    the user's positions when their `standing` is given)."""
    codes = standing.scope_codes() if standing is not None else scope_unit_codes(user)
    return dossier.unit_id in codes or dossier.receiving_unit_code in codes


# What a dossier code is made of ("000.00.00.H25-261126-0001"): a query with anything else
# can only be a name.
CODE_CHARACTERS = re.compile(r"[0-9.\-Hh]+")
WHOLE_CODE = re.compile(CODE_REGEX)

# The work queues of the staff pages (hàng đợi công việc), in display order.
WORK_QUEUES: dict[str, str] = {
    "online": "Chờ tiếp nhận trực tuyến",
    "approval": "Chờ tôi phê duyệt / ký số",
    "to_return": "Chờ trả kết quả",
    "supplemented": "Chờ nhận bổ sung trực tuyến",
    "mine": "Hồ sơ tôi đang xử lý",
    "unit": "Hồ sơ của đơn vị",
    "due_today": "Đến hạn trong hôm nay",
    "overdue": "Quá hạn",
    "supplement": "Chờ công dân bổ sung",
}
# The queues that are one role's work, offered to those who hold it; the others are views
# of the unit's work that every official in scope may open.
ROLE_QUEUES: dict[str, str] = {
    "online": Role.COUNTER,
    "approval": Role.LEADER,
    "to_return": Role.COUNTER,
    "supplemented": Role.COUNTER,
}
# What the official's start page counts for each role held.
COUNTED_QUEUES: dict[str, str] = {**ROLE_QUEUES, "mine": Role.SPECIALIST}


# Open dossiers whose clock runs (a supplement request stops it).
RUNNING_STATES = sorted(OPEN_STATES - {State.SUPPLEMENT_REQUESTED})
# What waits for a leader: approval, or a signature that failed after approval.
LEADER_STATES = sorted({State.AWAITING_APPROVAL, State.AWAITING_SIGNATURE})


def _end_of_today() -> datetime:
    today = timezone.localdate()
    return datetime.combine(
        today + timedelta(days=1), time(0), tzinfo=timezone.get_current_timezone()
    )


def _queue_conditions(user: AnyUser, queue: str) -> Q:
    if queue == "online":
        return Q(state=State.SUBMITTED)
    if queue == "approval":
        return Q(state__in=LEADER_STATES)
    if queue == "to_return":
        return Q(state=State.RESULT_READY)
    if queue == "mine":
        return Q(state__in=sorted(OPEN_STATES), assignee_id=user.pk)
    if queue == "unit":
        return Q(state__in=sorted(OPEN_STATES))
    if queue == "due_today":
        return Q(state__in=RUNNING_STATES, due_at__lt=_end_of_today())
    if queue == "overdue":
        return Q(state__in=RUNNING_STATES, due_at__lt=timezone.now())
    if queue == "supplement":
        return Q(state=State.SUPPLEMENT_REQUESTED, supplemented_at__isnull=True)
    if queue == "supplemented":  # sent online by the citizen, for the counter to accept
        return Q(state=State.SUPPLEMENT_REQUESTED, supplemented_at__isnull=False)
    raise ValueError(f"Không có hàng đợi '{queue}'.")


def _queue_sides(standing: Standing, queue: str, codes: list[str]) -> Sides | None:
    """The part of the scope `codes` a queue reads (invariant 6: decided here, for every
    queue).

    "approval" is a leader's: the communes where this person holds the leader role (any
    leader of the competent commune approves or signs, `guards`), and no receiving side,
    since a PSC that received a dossier for another commune never approves it. Every other
    queue reads both sides of the scope (`_sides`): "online" thus holds the status-1
    dossiers of the scope's communes and those the scope's PSCs must receive for another
    commune of the province (phi địa giới), "to_return" what waits at those counters for
    its citizen (the receiving counter returns results, `guards`).
    """
    if queue == "approval":
        leading = sorted(
            {unit for unit, role in standing.positions if role == Role.LEADER} & set(codes)
        )
        return Sides(tuple(leading), ()) if leading else None
    return _sides(codes)


def queues_for(standing: Standing) -> list[str]:
    """The queues an official's page offers, in display order: the role queues of the roles
    they hold (`ROLE_QUEUES`), then the unit's views every official in scope may open."""
    roles = {role for _, role in standing.positions}
    return [
        queue for queue in WORK_QUEUES if queue not in ROLE_QUEUES or ROLE_QUEUES[queue] in roles
    ]


def queue_counts(user: AnyUser, queues: list[str] | None = None) -> dict[str, int]:
    """How many dossiers each of these queues holds (default: those the user's roles call
    for, `COUNTED_QUEUES`), for the official's start page: the positions and the
    scope's PSCs read once, then one count statement per queue, whatever the rows."""
    standing = standing_of(user)
    if queues is None:
        roles = {role for _, role in standing.positions}
        queues = [queue for queue, role in COUNTED_QUEUES.items() if role in roles]
    codes = sorted(standing.scope_codes())
    everything = _sides(codes) if any(q != "approval" for q in queues) else None
    counts = {}
    for queue in queues:
        sides = everything if queue != "approval" else _queue_sides(standing, queue, codes)
        listing = Listing(sides, _queue_conditions(user, queue), queue=True)
        counts[queue] = listing.count() if sides is not None else 0
    return counts


def work_queue(user: AnyUser, queue: str) -> ListRows:
    """One work queue (see `WORK_QUEUES`), scoped by `dossiers_for`, soonest due first.

    online: submitted online, waiting to be received (no due time yet: oldest filed
    first); approval: waiting for this leader's approval or signature; to_return: result
    ready, waiting for the citizen; supplemented: a supplement the citizen sent online,
    waiting for the counter to accept it; mine: open dossiers assigned to the user; unit: open
    dossiers in scope; due_today: open dossiers whose clock runs, due before the end of
    today (local), overdue ones included; overdue: due time passed; supplement: waiting for
    the applicant (nothing sent online yet). Nulls sort last. The unit, assignee and
    receiving agency come with the rows, so a page of any length costs a fixed number of
    queries. Raises ValueError for an unknown queue.
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
    (`listing.ListRows`). Raises ValueError for an unknown queue."""
    conditions = _queue_conditions(user, queue)
    standing = standing_of(user)
    codes = sorted(standing.scope_codes())
    narrowing = _narrowing(codes, status=status, q=q, unit=unit, overdue=overdue)
    listing = Listing(
        _queue_sides(standing, queue, codes),
        conditions & narrowing.conditions,
        queue=True,
        unless=narrowing.unless,
    )
    return ListRows(listing)


# The most pending online dossiers of one person an intake shows (a person rarely has more).
PENDING_ONLINE_SHOWN = 5


def pending_online(user: AnyUser, id_number: str) -> list[Dossier]:
    """The person's dossiers filed online and not yet received (status 1) in the user's
    scope, oldest first: the "online" queue narrowed to this ID number (`queue_rows`), so
    the counter is offered the dossier the citizen already filed instead of taking a second
    one for the same matter (one citizen, one dossier across channels). Nothing for a
    number that is not 12 digits."""
    number = (id_number or "").strip()
    if not (number.isdigit() and len(number) == 12):
        return []
    return queue_rows(user, "online", q=number)[0:PENDING_ONLINE_SHOWN]


def dossiers_list(
    user: AnyUser,
    *,
    status: int | None = None,
    q: str | None = None,
    unit: str | None = None,
    overdue: bool | None = None,
) -> ListRows:
    """Scoped dossiers, newest first, for lists: a fixed number of queries for any size.

    `q` matches part of the code, an exact ID number, or the applicant's name: each word of
    `q` starts a word of the name, diacritics and case ignored (`names.name_words`). `unit`
    narrows to one commune (within scope), `overdue` to dossiers whose running clock passed
    the due time (or, False, the others). A work queue narrowed the same way is
    `queue_rows`.
    """
    codes = sorted(scope_unit_codes(user))
    narrowing = _narrowing(codes, status=status, q=q, unit=unit, overdue=overdue)
    plain = status is None and not unit and overdue is None
    listing = Listing(
        _sides(codes),
        narrowing.conditions,
        search=bool((q or "").strip()),
        words=narrowing.name if plain else None,
        unless=narrowing.unless,
    )
    return ListRows(listing)


def _narrowing(
    codes: list[str],
    *,
    status: int | None,
    q: str | None,
    unit: str | None,
    overdue: bool | None,
) -> Narrowing:
    """The conditions on `d` of these narrowings, the name words (`names.name_words`) of a
    query that can only be a name (None otherwise), and for `overdue=False` the late
    dossiers the list leaves out (`Listing.unless`)."""
    conditions = Q()
    name = None
    if status is not None:
        conditions &= Q(status=status)
    if unit:
        conditions &= Q(unit_id=unit)
    if overdue:
        conditions &= _late()
    query = (q or "").strip()
    if query:
        if query.isdigit() and len(query) == 12:
            conditions &= Q(applicant_id_number=query)
        elif WHOLE_CODE.fullmatch(query.upper()):
            # Every code has the same shape, so a whole one is part of itself alone: one
            # entry of the codes' unique index, where the pattern reads the trigram
            # index's lists of its twenty-odd trigrams (7 ms at 1M).
            conditions &= Q(code=query.upper())
        else:
            name = name_words(codes, search_terms(query))
            if CODE_CHARACTERS.fullmatch(query) is None:  # only a name has other characters
                conditions &= _named(name) if name is not None else Q(pk__in=[])
            else:
                # A query of code characters ("079") reads the codes alone, from their
                # trigram index, where no name starts with it: an OR with a subquery
                # finding nothing read every dossier in scope (a commune at 1M: 0.7-1.4 s).
                by_code = Q(code__icontains=query)
                if name is not None and name.words().exists():
                    by_code |= _named(name)
                conditions &= by_code
                name = None
    return Narrowing(conditions, name, _late() if overdue is False else None)


class Narrowing(NamedTuple):
    conditions: Q
    name: NameMatch | None
    unless: Q | None


def _late() -> Q:
    """Dossiers whose running clock passed the due time: true or false for every dossier
    (an undated one is not late: the ORM's negation says so), so a list can leave them out
    (`Listing.unless`)."""
    return Q(state__in=RUNNING_STATES, due_at__lt=timezone.now())


def _named(words: NameMatch) -> Q:
    """The dossiers of these name words (`names.name_words`)."""
    return Q(id__in=words.dossier_ids())


def dossier_by_code(user: AnyUser, code: str, *, opened: bool = True) -> Dossier | None:
    """One dossier in the user's scope, or None (out of scope looks the same as absent).
    Its full record is logged as opened (`log_opened`) unless `opened` is False: a caller
    that shows only one file of it logs that file instead (`open_attachment`)."""
    dossier = (
        dossiers_for(user)
        .select_related("unit", "receiving_agency", "received_by", "assignee")
        .filter(code=code)
        .first()
    )
    if dossier is not None and opened:
        log_opened(user, dossier)
    return dossier


def not_found(code: str) -> str:
    """What every page and endpoint answers for a dossier code that does not exist or is
    outside the user's scope: the same words, so a 404 never tells which."""
    return f"Không tìm thấy hồ sơ mã {code}."


def log_opened(user: AnyUser, dossier: Dossier) -> None:
    """Record that the user opened the dossier's full record (invariant 8): a row of the
    access log (`RecordAccess`, with the request's client address) and a log line. An
    anonymous user has no scope, so never opens one."""
    if user.pk is None:
        return
    RecordAccess.objects.create(
        dossier_id=dossier.pk, user_id=user.pk, kind=AccessKind.RECORD, address=request_address()
    )
    access_log.info("user=%s opened dossier %s", user.pk, dossier.code)


def dossier_handle(code: str) -> Dossier | None:
    """The dossier with this code as a handle for a lifecycle action: its id, version and
    state only, not scoped. The action locks the row, checks the actor's scope first (404,
    as if absent) and loads it into the handle (`acting.lock`, `acting.take_state`), so
    reading all of it here as well would be the same row twice and the scope three times.
    The version and state read here are what the action was chosen from: if another action
    moves the dossier before the lock, this one answers 409 (`acting.check_seen`)."""
    return Dossier.objects.only("pk", "code", "version", "state").filter(code=code).first()


def attachment_documents(dossier: Dossier) -> list[str]:
    """The document id of each of the dossier's files ("" for a file of no document), in
    one statement: every lifecycle action's answer shows their count and whether
    the dossier is digitised. Kept on the instance for the rest of the answer."""
    cached = dossier.__dict__.get("_attachment_documents")
    if cached is None:
        documents = Attachment.objects.filter(dossier_id=dossier.pk).order_by()
        cached = [str(document) for document in documents.values_list("document", flat=True)]
        dossier.__dict__["_attachment_documents"] = cached
    return list(cached)


def attachments_count(dossier: Dossier) -> int:
    """How many files the dossier has (`attachment_documents`, one statement)."""
    return len(attachment_documents(dossier))


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


# What the public lookup reads of a dossier.
PUBLIC_FIELDS = (
    "code",
    "status",
    "state",
    "due_at",
    "received_at",
    "finished_at",
    "returned_at",
    "procedure_snapshot",
    "current_step",
    "applicant_name",
)


def public_lookup(code: str) -> dict[str, Any] | None:
    """What anyone holding the receipt may see (invariant 8): status, appointment, steps done,
    the procedure, and the applicant's masked name; never an ID number, phone or address."""
    # Codes are upper case ("…H25-…"); a citizen may type them in any case.
    code = (code or "").strip().upper()
    dossier = next(iter(Dossier.objects.only(*PUBLIC_FIELDS).filter(code=code)[:1]), None)
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
