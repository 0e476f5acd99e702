"""Writes for units and agencies: import from `vietnam-provinces`, flags, e-codes."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from vietnam_provinces import Province, Ward

from motcua.core.text import fold, input_problem

from .choices import STANDARD_AGENCY_KINDS, AgencyKind, DivisionType, Level
from .models import ECODE_REGEX, Agency, Unit
from .naming import agency_name, demo_ecode


@dataclass
class ImportReport:
    """What an import changed, for the command's output."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    agencies_created: int = 0
    demo_codes_assigned: int = 0


def province_code_str(code: int) -> str:
    return f"{int(code):02d}"


def commune_code_str(code: int) -> str:
    return f"{int(code):05d}"


@transaction.atomic
def import_units() -> ImportReport:
    """Import all provinces and communes from `vietnam-provinces`; idempotent.

    Units are matched by code and updated in place; units the package no longer lists are
    marked inactive, never deleted, so references survive a package upgrade. Every commune
    then gets its standard agencies and demo e-codes where the province gave none.
    """
    report = ImportReport()
    existing = {unit.code: unit for unit in Unit.objects.all()}
    seen: set[str] = set()
    to_create: list[Unit] = []
    to_update: list[Unit] = []

    def upsert(code: str, values: dict) -> None:
        seen.add(code)
        values["name_folded"] = fold(values["name"])
        unit = existing.get(code)
        if unit is None:
            to_create.append(Unit(code=code, **values))
            report.created += 1
            return
        changed = [name for name, value in values.items() if getattr(unit, name) != value]
        if changed:
            for name in changed:
                setattr(unit, name, values[name])
            to_update.append(unit)
            report.updated += 1
        else:
            report.unchanged += 1

    for province in Province.iter_all():
        upsert(
            province_code_str(province.code),
            {
                "name": province.name,
                "codename": province.codename,
                "level": Level.PROVINCE,
                "division_type": DivisionType(province.division_type.value),
                "parent_id": None,
                "is_active": True,
            },
        )
    for ward in Ward.iter_all():
        upsert(
            commune_code_str(ward.code),
            {
                "name": ward.name,
                "codename": ward.codename,
                "level": Level.COMMUNE,
                "division_type": DivisionType(ward.division_type.value),
                "parent_id": province_code_str(ward.province_code),
                "is_active": True,
            },
        )
    # Provinces before communes: a commune's parent must exist first.
    to_create.sort(key=lambda unit: (unit.level != Level.PROVINCE, unit.code))
    Unit.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Unit.objects.bulk_update(
            to_update,
            ["name", "name_folded", "codename", "level", "division_type", "parent", "is_active"],
            batch_size=500,
        )
    gone = [code for code, unit in existing.items() if code not in seen and unit.is_active]
    report.deactivated = Unit.objects.filter(code__in=gone).update(is_active=False)
    report.agencies_created = ensure_agencies()
    report.demo_codes_assigned = assign_demo_codes()
    return report


def _wanted_kinds(unit: Unit) -> list[str]:
    kinds: list[str] = list(STANDARD_AGENCY_KINDS)
    if unit.has_public_service_centre:
        kinds.append(AgencyKind.PUBLIC_SERVICE_CENTRE)
    if unit.has_health_station:
        kinds.append(AgencyKind.HEALTH_STATION)
    return kinds


def ensure_agencies(units: Iterable[Unit] | None = None) -> int:
    """Create missing agencies of communes and (de)activate the optional ones by flags."""
    if units is None:
        units = Unit.objects.filter(level=Level.COMMUNE)
    units = list(units)
    have = {
        (agency.unit_id, agency.kind): agency for agency in Agency.objects.filter(unit__in=units)
    }
    to_create: list[Agency] = []
    to_update: list[Agency] = []
    for unit in units:
        wanted = _wanted_kinds(unit)
        for kind in AgencyKind:
            agency = have.get((unit.code, kind))
            active = kind in wanted and unit.is_active
            if agency is None:
                if active:
                    to_create.append(
                        Agency(unit=unit, kind=kind, name=agency_name(unit, kind), is_active=True)
                    )
                continue
            name = agency_name(unit, kind)
            if agency.is_active != active or agency.name != name:
                agency.is_active = active
                agency.name = name
                to_update.append(agency)
    Agency.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        Agency.objects.bulk_update(to_update, ["is_active", "name"], batch_size=1000)
    return len(to_create)


def assign_demo_codes() -> int:
    """Give every agency without an e-code a generated demo code, flagged as demo."""
    missing = list(
        Agency.objects.filter(ecode__isnull=True).select_related("unit").order_by("unit_id")
    )
    if not missing:
        return 0
    taken = set(Agency.objects.exclude(ecode__isnull=True).values_list("ecode", flat=True))
    positions: dict[str, dict[str, int]] = {}
    for code, parent in (
        Unit.objects.filter(level=Level.COMMUNE).order_by("code").values_list("code", "parent")
    ):
        by_province = positions.setdefault(parent or "", {})
        by_province[code] = len(by_province) + 1
    for agency in missing:
        index = positions.get(agency.unit.province_code, {}).get(agency.unit_id, 0)
        for attempt in range(10):
            candidate = demo_ecode(agency.unit, agency.kind, index, attempt)
            if candidate not in taken:
                break
        else:  # pragma: no cover - ten collisions means the province loaded demo-shaped codes
            continue
        taken.add(candidate)
        agency.ecode = candidate
        agency.ecode_is_demo = True
    Agency.objects.bulk_update(missing, ["ecode", "ecode_is_demo"], batch_size=1000)
    return len(missing)


@transaction.atomic
def set_unit_flags(
    unit: Unit,
    *,
    has_public_service_centre: bool | None = None,
    has_health_station: bool | None = None,
) -> Unit:
    """Set a commune's optional bodies; their agencies appear or are deactivated."""
    if unit.level != Level.COMMUNE:
        raise ValueError("Chỉ đơn vị cấp xã mới có Trung tâm Dịch vụ sự nghiệp công, Trạm Y tế.")
    if has_public_service_centre is not None:
        unit.has_public_service_centre = has_public_service_centre
    if has_health_station is not None:
        unit.has_health_station = has_health_station
    unit.save(update_fields=["has_public_service_centre", "has_health_station", "updated_at"])
    ensure_agencies([unit])
    assign_demo_codes()
    return unit


class CodeFileError(ValueError):
    """A CSV of e-codes with errors; `errors` lists them with line numbers. Nothing was saved."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class CodeLoadReport:
    assigned: int = 0
    unchanged: int = 0
    freed_demo: list[str] = field(default_factory=list)


_ECODE = re.compile(ECODE_REGEX)
_KIND_BY_NAME = {kind.value: kind for kind in AgencyKind} | {
    fold(kind.label): kind for kind in AgencyKind
}


def _line_number(error: str) -> int:
    return int(error.split(":", 1)[0].split(",", 1)[0].removeprefix("Dòng "))


@transaction.atomic
def load_agency_codes(text: str) -> CodeLoadReport:
    """Load the province's real e-codes from CSV: `unit_code,agency,ecode` (with a header).

    `agency` is a kind (`psc`, `peoples_committee`...) or its Vietnamese name. All rows are
    checked first; any error rejects the whole file. A demo code that a real code now takes
    is replaced by a new demo code.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    required = {"unit_code", "agency", "ecode"}
    if not reader.fieldnames or not required <= {name.strip() for name in reader.fieldnames}:
        raise CodeFileError(["Dòng 1: tệp cần các cột unit_code, agency, ecode."])
    errors: list[str] = []
    rows: list[tuple[int, str, AgencyKind, str]] = []
    for line, row in enumerate(reader, start=2):
        row = {key.strip(): (value or "").strip() for key, value in row.items() if key}
        refused = [
            f"Dòng {line}, cột {key}: {problem}"
            for key, value in row.items()
            if (problem := input_problem(key) or input_problem(value))
        ]
        if refused:
            errors.extend(refused)
            continue
        unit_code = row["unit_code"].zfill(5) if row["unit_code"].isdigit() else row["unit_code"]
        kind = _KIND_BY_NAME.get(row["agency"]) or _KIND_BY_NAME.get(fold(row["agency"]))
        ecode = row["ecode"]
        if not unit_code:
            errors.append(f"Dòng {line}: thiếu mã đơn vị.")
            continue
        if kind is None:
            errors.append(f"Dòng {line}: loại cơ quan '{row['agency']}' không có.")
            continue
        if not _ECODE.match(ecode):
            errors.append(f"Dòng {line}: mã '{ecode}' không đúng dạng NNN.NN.NN.HNN (QCVN 102).")
            continue
        rows.append((line, unit_code, kind, ecode))

    agencies = {
        (agency.unit_id, agency.kind): agency
        for agency in Agency.objects.filter(unit_id__in={row[1] for row in rows})
    }
    by_code = {
        agency.ecode: agency for agency in Agency.objects.filter(ecode__in={row[3] for row in rows})
    }
    seen_codes: dict[str, int] = {}
    plan: list[tuple[Agency, str]] = []
    for line, unit_code, agency_kind, ecode in rows:
        agency = agencies.get((unit_code, agency_kind.value))
        if agency is None:
            errors.append(f"Dòng {line}: đơn vị {unit_code} không có cơ quan loại '{agency_kind}'.")
            continue
        if ecode in seen_codes:
            errors.append(f"Dòng {line}: mã {ecode} trùng với dòng {seen_codes[ecode]}.")
            continue
        seen_codes[ecode] = line
        holder = by_code.get(ecode)
        if holder is not None and holder.pk != agency.pk and not holder.ecode_is_demo:
            errors.append(f"Dòng {line}: mã {ecode} đã thuộc về {holder.name}.")
            continue
        plan.append((agency, ecode))
    if errors:
        raise CodeFileError(sorted(errors, key=_line_number))

    report = CodeLoadReport()
    planned_ids = {agency.pk for agency, _ in plan}
    # Free demo codes that real ones take, and clear the rows being re-coded, before
    # assigning: the unique constraint holds at every statement.
    for holder in by_code.values():
        if holder.ecode_is_demo and holder.pk not in planned_ids:
            report.freed_demo.append(holder.name)
    Agency.objects.filter(ecode__in=list(seen_codes), ecode_is_demo=True).exclude(
        pk__in=planned_ids
    ).update(ecode=None)
    changing = [agency for agency, ecode in plan if agency.ecode != ecode or agency.ecode_is_demo]
    Agency.objects.filter(pk__in=[agency.pk for agency in changing]).update(ecode=None)
    for agency, new_code in plan:
        if agency in changing:
            agency.ecode = new_code
            agency.ecode_is_demo = False
            agency.save(update_fields=["ecode", "ecode_is_demo", "updated_at"])
            report.assigned += 1
        else:
            report.unchanged += 1
    assign_demo_codes()
    return report
