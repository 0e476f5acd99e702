"""One benchmark run: prepare, generate, measure, report. Django must be set up already.

`python -m bench run` calls `run(Options(...))` after pointing Django at the bench data dir;
the smoke test calls it directly inside the pytest database (with `http=False`) and through
the command line against a temporary SQLite data dir (the HTTP path).
"""

from __future__ import annotations

import random
import sys
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.catalog.actions import load_catalog
from motcua.core.text import fold
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier, DossierEvent, NameWord
from motcua.units.actions import import_units

from . import generate, measures, report, spiff, staff
from .server import Server

NOTES = (
    "2 cores shared with other engineers' test runs and with the load generator "
    "(client threads run on the same machine as gunicorn and the database); "
    "figures are a lower bound for a dedicated 2-core server."
)


@dataclass(frozen=True)
class Options:
    """What `bench run` was asked for (see `bench/__main__.py`)."""

    size: int = 100_000
    seed: int = 1
    skip_load: bool = False
    duration: float = 10.0
    quick: bool = False
    http: bool = True
    reset: bool = False
    prepare: bool = True
    progress: bool = True
    workers: int = 2
    threads: int = 1
    json_path: Path | None = None


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare_database() -> None:
    """Migrate and load master data (units, agencies, catalog) idempotently, as `motcua demo`;
    on PostgreSQL, build again the indexes an interrupted load left set aside, so that a
    `--skip-load` run never measures a table without them."""
    call_command("migrate", interactive=False, verbosity=0)
    import_units()
    load_catalog()
    if generate.restore_indexes(progress=True):
        say("indexes an interrupted load had set aside are built again")


def resettable(options: Options) -> bool:
    """Wipe dossiers only in a database that is clearly a benchmark or test database."""
    name = str(connection.settings_dict["NAME"]).lower()
    return options.reset or "bench" in name or "test" in name or not Dossier.objects.exists()


def analyze(tables: Sequence[str] = ()) -> None:
    """Refresh planner statistics after a bulk load, as an operator would; on PostgreSQL also
    VACUUM, which autovacuum would do within minutes of a bulk insert: it sets the visibility
    map, so index-only scans (the name-search words) need not visit the table, and clears
    the dead entries of every index (see INDEX_CLEANUP below). VACUUM cannot
    run inside a transaction (the smoke test's): ANALYZE alone there. `tables` narrows it
    (default: the whole database)."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    # INDEX_CLEANUP ON: with few dead rows in a large table, VACUUM (PostgreSQL 14+) skips
    # the indexes, and the dead entries stay in the small partial indexes of open dossiers
    # that the work queues read (the 1M busiest commune's held 1,362 entries for 609 open).
    command = "VACUUM (INDEX_CLEANUP ON, ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for table in tables or [""]:
            cursor.execute(f"{command} {connection.ops.quote_name(table) if table else ''}")


def warm_cache() -> None:
    """Read the dossier tables and their indexes into the operating system's cache before
    measuring, as a server that has been serving them holds them: after a load, or on a VM
    that gives cold pages back to its host (this one kept 3 GB of the 1M database's 5.4 GB),
    the first minutes would otherwise measure the disk. What the measured requests read
    least is read first (the events' history, which only a dossier's detail page reads, and
    the name words' table, which searches read index-only), then the dossier table, then
    the dossiers' and name words' indexes: where the database is larger than the memory
    (10M: 53 GB on 23.5 GiB) what stays cached is what every request goes through.
    PostgreSQL only, with the `pg_prewarm` extension of its contrib modules; without it, a
    note and no warming."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    dossiers, words = Dossier._meta.db_table, NameWord._meta.db_table
    events = DossierEvent._meta.db_table
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cursor.execute(
                "SELECT c.oid::regclass::text FROM pg_class c"
                " LEFT JOIN pg_index i ON i.indexrelid = c.oid"
                " WHERE c.relname = ANY(%s) OR i.indrelid::regclass::text = ANY(%s)"
                " ORDER BY CASE WHEN c.relname IN (%s, %s) OR i.indrelid::regclass::text = %s"
                " THEN 0 WHEN i.indexrelid IS NULL THEN 1 ELSE 2 END, c.relname",
                [[dossiers, words, events], [dossiers, words, events], events, words, events],
            )
            for (relation,) in cursor.fetchall():
                cursor.execute("SELECT pg_prewarm(%s::regclass, 'read')", [relation])
    except DatabaseError as error:
        say(f"cache not warmed (pg_prewarm unavailable: {error})")


def run(options: Options) -> dict[str, Any]:
    """Run every measure once and return the result (figures, configuration, details)."""
    probe_at_start = report.cpu_probe_ms()
    province = settings.MOTCUA_PROVINCE
    rng = random.Random(options.seed)  # noqa: S311 - reproducible, not secrets
    if options.prepare:
        say("preparing the database (migrate, units, catalog)...")
        prepare_database()
    places = generate.province_places(province)
    if options.quick:
        # A smoke run: the 10 busiest communes are enough and keep it well under a minute.
        places = sorted(places, key=lambda place: (-place.weight, place.code))[:10]
    say(f"bench officials for {len(places)} communes...")
    crews = staff.ensure_staff([place.code for place in places], province)
    generated: generate.Report | None = None
    if not options.skip_load:
        if not resettable(options):
            raise SystemExit(
                "This database already holds dossiers and its name does not say 'bench': "
                "pass --reset to wipe them, or --skip-load to measure what is there."
            )
        generate.wipe()
        generated = generate.generate(
            options.size,
            seed=options.seed,
            staff=crews,
            province=province,
            progress=options.progress,
        )
        analyze()
        say(
            f"generated {generated.dossiers:,} dossiers, {generated.events:,} events, "
            f"{generated.attachments:,} attachments over {generated.days} working days "
            f"in {generated.seconds:.1f} s ({generated.per_second:,.0f} dossiers/s)"
        )
    say("warming the cache (dossier tables and indexes)...")
    warm_cache()
    versions = generate.procedure_versions()
    busiest = sorted(places, key=lambda place: (-place.weight, place.code))
    home = crews[busiest[0].code]
    duration = options.duration
    count = 300 if options.quick else measures.MAX_INTAKE
    inputs = measures.intake_inputs(rng, count, versions, [place.code for place in places])

    # One untimed intake and five-step process first: a process's first intake loads what
    # the later ones reuse (the calendar, the compiled e-form...), and under a short
    # --duration on a busy machine it was the whole measure (one intake in 3.2 s).
    _, warm_ids = measures.measure_intake(home, inputs[-1:], duration)
    _, warm_process = measures.measure_transitions(
        home, inputs[-2:-1], max_processes=1, duration_s=duration
    )
    say("intake through receive_dossier, against the same rows with plain SQL...")
    intake, raw, intake_ids = measures.measure_intake_against_raw(home, inputs, duration)
    say("five-step process: motcua actions against SpiffWorkflow, in alternating rounds...")
    max_processes = 20 if options.quick else 2_000
    ours, theirs, bare, process_ids = transitions_against_spiff(
        home, inputs, max_processes=max_processes, duration_s=duration
    )
    # The measured dossiers go: the work queues and searches below, and the next run on the
    # same data, then see the generated history only (not thousands of fresh dossiers
    # waiting at the busiest PSC).
    generate.remove_dossiers(warm_ids + warm_process + intake_ids + process_ids)
    # Thousands of dossiers received, moved and removed at one PSC within a minute leave
    # as many dead index entries in its work queue; the HTTP phases should see the history
    # as if the measures had not run, so they go now (autovacuum would, in minutes).
    analyze([Dossier._meta.db_table, DossierEvent._meta.db_table, NameWord._meta.db_table])

    result: dict[str, Any] = {
        "intake_per_s": intake.per_second,
        "raw_insert_per_s": raw.per_second,
        "intake_raw_ratio": intake.per_second / raw.per_second if raw.per_second else 0.0,
        "transitions_per_s": ours.per_second,
        "spiff_transitions_per_s": theirs.per_second,
        "spiff_transitions_ratio": (
            ours.per_second / theirs.per_second if theirs.per_second else 0.0
        ),
        "bare_commit_per_s": bare.per_second,
        "spiff_ratio_ceiling": (bare.per_second / theirs.per_second if theirs.per_second else 0.0),
    }
    details: dict[str, Any] = {
        "intake": {"count": intake.count, "seconds": intake.seconds},
        "raw_insert": {"count": raw.count, "seconds": raw.seconds},
        "transitions": {"count": ours.count, "seconds": ours.seconds},
        "spiff": {"transitions": theirs.transitions, "seconds": theirs.seconds},
        "bare_commit": {"count": bare.count, "seconds": bare.seconds},
    }
    if generated is not None:
        details["generate"] = {
            "dossiers": generated.dossiers,
            "events": generated.events,
            "attachments": generated.attachments,
            "working_days": generated.days,
            "seconds": generated.seconds,
        }
    for key in report.KEYS:
        result.setdefault(key, None)
    if options.http:
        result.update(http_measures(options, rng, busiest, crews, details))
    result["config"] = report.configuration(
        size=None if options.skip_load else options.size,
        seed=options.seed,
        dossiers=Dossier.objects.count(),
        duration_s=duration,
        quick=options.quick,
        workers=options.workers,
        threads=options.threads,
        cpu_probe_ms=[probe_at_start, report.cpu_probe_ms()],
        notes=NOTES,
    )
    result["budgets"] = {budget.key: budget.text for budget in report.BUDGETS}
    result["details"] = details
    return result


def transitions_against_spiff(
    crew: staff.CommuneStaff,
    inputs: list[measures.IntakeInput],
    *,
    max_processes: int,
    duration_s: float,
    round_size: int = 20,
) -> tuple[measures.Rate, spiff.SpiffResult, measures.Rate, list[int]]:
    """The five-step process on motcua's actions and on SpiffWorkflow in alternating rounds
    of `round_size` processes each, until each has run `duration_s` or `max_processes`: a
    machine whose speed drifts during the run slows both alike. Each round is followed by
    as many bare one-row commits as it made transitions (`measures.measure_bare_commits`),
    the floor under any durable transition. Returns the three rates and the ids of the
    dossiers motcua's rounds created."""
    ours, theirs, ids = measures.Rate(0, 0.0), spiff.SpiffResult(0, 0, 0.0), []
    bare = measures.Rate(0, 0.0)
    done = 0
    while done < max_processes and ours.seconds < duration_s:
        size = min(round_size, max_processes - done)
        rotated = inputs[done % len(inputs) :] + inputs[: done % len(inputs)]
        rate, round_ids = measures.measure_transitions(
            crew, rotated, max_processes=size, duration_s=duration_s
        )
        result = spiff.run_spiff(max_processes=size, duration_s=duration_s)
        commits = measures.measure_bare_commits(result.transitions, duration_s)
        bare = measures.Rate(bare.count + commits.count, bare.seconds + commits.seconds)
        ours = measures.Rate(ours.count + rate.count, ours.seconds + rate.seconds)
        theirs = spiff.SpiffResult(
            theirs.processes + result.processes,
            theirs.transitions + result.transitions,
            theirs.seconds + result.seconds,
        )
        ids += round_ids
        done += size
    return ours, theirs, bare, ids


def http_world(
    rng: random.Random, places: list[generate.Place], crews: dict[str, staff.CommuneStaff]
) -> measures.HttpWorld:
    """Tokens for the busiest communes' officials and the samples the requests draw from."""
    tokens = {
        place.code: {
            "counter": staff.token_for(crews[place.code].counter),
            "specialist": staff.token_for(crews[place.code].specialist),
            "leader": staff.token_for(crews[place.code].leader),
        }
        for place in places
    }
    units = [place.code for place in places]
    # Searches by a counter officer of the dossier's commune, for applicants drawn evenly
    # over the whole history (not the oldest dossiers only: generate.spread_sample).
    sample = generate.spread_sample(
        rng, 400, ["unit_id", "applicant_id_number", "applicant_name_folded"], units
    )
    id_searches = [(tokens[unit]["counter"], id_number) for unit, id_number, _ in sample]
    name_searches = [(tokens[unit]["counter"], fold(folded)) for unit, _, folded in sample]
    received = list(
        Dossier.objects.filter(unit_id__in=units, state=State.RECEIVED)
        .order_by("-pk")
        .values_list("code", "unit_id")[:5000]
    )
    versions = generate.procedure_versions()
    bodies = []
    # The intakes' applicants come from a stream of their own: drawn from `rng`, whose
    # stream is the generator's (same seed), the people would soon fall in step with the
    # generator's pool (a Kruskal count), i.e. be the history's applicants, some with an
    # online dossier pending, for whom the API rightly answers 409 ("receive that one").
    intake_rng = random.Random(f"bench http intake {rng.random()}")  # noqa: S311
    for item in measures.intake_inputs(intake_rng, 200, versions, units):
        applicant = item.applicant
        bodies.append(
            {
                "procedure": item.procedure,
                "unit": item.unit,
                "channel": item.channel,
                "applicant": {
                    "full_name": applicant.full_name,
                    "id_number": applicant.id_number,
                    "date_of_birth": applicant.date_of_birth.isoformat()
                    if applicant.date_of_birth
                    else None,
                    "address": applicant.address,
                    "phone": applicant.phone,
                },
                "data": item.data,
                "documents": item.documents,
            }
        )
    return measures.HttpWorld(
        lookup_codes=generate.codes_sample(rng, 2000) or ["000.00.00.H00-000101-0000"],
        id_searches=id_searches or [(tokens[units[0]]["counter"], "025090000001")],
        name_searches=name_searches or [(tokens[units[0]]["counter"], "nguyen van an")],
        counters=[tokens[unit]["counter"] for unit in units],
        specialists=[tokens[unit]["specialist"] for unit in units],
        bodies=bodies,
        pipeline=deque((code, 0) for code, _ in received),
        tokens=tokens,
        units_of=dict(received),
        specialist_names={unit: staff.username(unit, Role.SPECIALIST) for unit in units},
    )


def _latency(prefix: str, load: measures.Load) -> dict[str, float]:
    return {
        f"{prefix}_p50_ms": load.p(0.50),
        f"{prefix}_p95_ms": load.p(0.95),
        f"{prefix}_p99_ms": load.p(0.99),
    }


def _load_details(load: measures.Load) -> dict[str, Any]:
    return {
        "clients": load.clients,
        "requests": load.count,
        "errors": load.errors,
        "first_error": load.first_error,
        "seconds": round(load.seconds, 2),
        "rps": round(load.rps, 1),
        "p50_ms": round(load.p(0.5), 2),
        "p99_ms": round(load.p(0.99), 2),
        "by_kind": {
            kind: {"requests": len(values), "p99_ms": round(measures.percentile(values, 0.99), 2)}
            for kind, values in sorted(load.by_kind.items())
        },
    }


def _mixed_figures(mixed: measures.MixedResult) -> dict[str, Any]:
    """The mixed load's figures at the level its budgets are read at
    (`MixedResult.level_for` the budget's rate): that level's clients, rate, p99 and
    errors, and the p99 of its intakes and of its lifecycle actions."""
    level = mixed.level_for(report.MIXED_RPS_BUDGET)
    if level is None:
        return {}
    return {
        "mixed_clients": level.clients,
        "mixed_rps": level.rps,
        "mixed_p99_ms": level.p(0.99),
        "mixed_errors": level.errors,
        "mixed_intake_p99_ms": level.p_of("intake", 0.99),
        "mixed_action_p99_ms": level.p_of("action", 0.99),
        "mixed_intake_requests": len(level.by_kind.get("intake", [])),
        "mixed_action_requests": len(level.by_kind.get("action", [])),
    }


def http_measures(
    options: Options,
    rng: random.Random,
    busiest: list[generate.Place],
    crews: dict[str, staff.CommuneStaff],
    details: dict[str, Any],
) -> dict[str, Any]:
    """Lookup, search and work-queue latencies, then the mixed load, through gunicorn."""
    world = http_world(rng, busiest[: 2 if options.quick else 8], crews)
    duration = options.duration
    clients = options.workers  # one client per worker: latency, not queueing
    figures: dict[str, Any] = {}
    log_dir = Path(settings.DATA_DIR)
    started = timezone.now()
    say(f"starting gunicorn (-w {options.workers} --threads {options.threads})...")
    with Server(workers=options.workers, threads=options.threads, log_dir=log_dir) as server:
        url = server.base_url
        # Warm-up: every worker imports, connects and makes each kind of request before
        # anything is timed (a process's first intake or action loads what the later ones
        # reuse: with the few of them a short mixed level makes, its p99 would be that).
        warm_ups = (
            measures.lookup_request(world),
            measures.search_request(world),
            measures.worklist_request(world),
            measures.action_request(world),
            measures.intake_request(world),
        )
        for request in warm_ups:
            measures.drive(
                url,
                request,
                clients=options.workers,
                duration_s=1.0 if options.quick else 3.0,
                max_requests=4 * options.workers,
            )
        phases = {
            "lookup": measures.lookup_request(world),
            "search_id": measures.search_request(world, by="id"),
            "search_name": measures.search_request(world, by="name"),
            "worklist": measures.worklist_request(world),
        }
        for name, request in phases.items():
            say(f"HTTP {name} ({clients} clients, {duration:.0f} s)...")
            load = measures.drive(
                url, request, clients=clients, duration_s=duration, seed=options.seed
            )
            figures.update(_latency(name, load))
            details[name] = _load_details(load)
        levels = (2, 4) if options.quick else (2, 4, 8, 16, 32, 64)
        say(f"HTTP mixed load at {levels} clients...")
        mixed = measures.measure_mixed(
            url, world, levels=levels, duration_s=duration, seed=options.seed
        )
        figures["mixed_max_rps"] = mixed.max_rps
        figures.update(_mixed_figures(mixed))
        details["mixed_levels"] = [_load_details(level) for level in mixed.levels]
    # The dossiers the mixed load received go too (the generated history ends yesterday), so
    # the next run's work queues are not longer by a thousand fresh dossiers.
    received = Dossier.objects.filter(received_at__gte=started).values_list("pk", flat=True)
    generate.remove_dossiers(list(received))
    analyze([Dossier._meta.db_table, DossierEvent._meta.db_table, NameWord._meta.db_table])
    return figures
