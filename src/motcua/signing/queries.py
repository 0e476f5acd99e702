"""Reads of the signing app: who may see the certificate overview, and the overview itself.

The province named "many communes without digital signatures for officials" as a problem
(DOMAIN.md): the overview lists, per commune, the officials with and without a valid
certificate and those whose certificate expires within 30 days. A fixed number of queries
whatever the number of officials (invariant 6: scoped here, once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch
from django.utils import timezone

from motcua.accounts.choices import PROVINCE_ROLES, Role
from motcua.accounts.models import Official, Position
from motcua.accounts.queries import active_positions_prefetch, province_unit_codes
from motcua.units.models import Unit

from .choices import CertificateStatus
from .models import Certificate, SignedResult

AnyUser = AbstractBaseUser | AnonymousUser
EXPIRING_DAYS = 30


def overview_units(user: AnyUser) -> frozenset[str] | None:
    """The units whose officials the user may review: the whole province for a province
    supervisor or admin (and superusers), own communes for a commune admin; None if denied."""
    if not user.is_authenticated or not user.is_active:
        return None
    if getattr(user, "is_superuser", False):
        return province_unit_codes()
    positions = list(
        Position.objects.filter(official__user_id=user.pk, is_active=True).values_list(
            "unit_id", "role"
        )
    )
    if any(role in PROVINCE_ROLES for _, role in positions):
        return province_unit_codes()
    own = frozenset(unit for unit, role in positions if role == Role.COMMUNE_ADMIN)
    return own or None


@dataclass
class OfficialRow:
    """One official in the overview: their titles and best current certificate."""

    official: Official
    titles: str
    certificate: Certificate | None
    state: str  # "valid", "expiring", "none"

    @property
    def state_label(self) -> str:
        return {
            "valid": "Có chứng thư còn hiệu lực",
            "expiring": f"Chứng thư hết hạn trong {EXPIRING_DAYS} ngày",
            "none": "Chưa có chứng thư còn hiệu lực",
        }[self.state]


@dataclass
class UnitRow:
    unit: Unit
    officials: list[OfficialRow] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for row in self.officials if row.state == state)

    @property
    def with_valid(self) -> int:
        return self.count("valid") + self.count("expiring")

    @property
    def without(self) -> int:
        return self.count("none")

    @property
    def expiring(self) -> int:
        return self.count("expiring")


def certificate_overview(units: frozenset[str], now: dt.datetime | None = None) -> list[UnitRow]:
    """Officials of `units` (by home unit) grouped by unit, each with their best certificate.

    Three queries: officials with units, their active positions, their valid certificates.
    """
    now = now or timezone.now()
    soon = now + dt.timedelta(days=EXPIRING_DAYS)
    officials = (
        Official.objects.filter(unit_id__in=sorted(units))
        .select_related("unit")
        .prefetch_related(
            active_positions_prefetch(),
            Prefetch(
                "certificates",
                queryset=Certificate.objects.filter(
                    status=CertificateStatus.VALID, not_before__lte=now, not_after__gt=now
                ).order_by("-not_after"),
                to_attr="valid_certificates",
            ),
        )
        .order_by("unit__name", "full_name", "pk")
    )
    rows: dict[str, UnitRow] = {}
    for official in officials:
        valid: list[Certificate] = official.valid_certificates
        best = valid[0] if valid else None
        state = "none" if best is None else ("expiring" if best.not_after <= soon else "valid")
        titles = ", ".join(
            sorted({p.get_title_display() for p in official.active_positions})  # type: ignore[attr-defined]
        )
        rows.setdefault(official.unit_id, UnitRow(official.unit)).officials.append(
            OfficialRow(official, titles, best, state)
        )
    return list(rows.values())


def result_of(code: str) -> SignedResult | None:
    """The recorded result of a dossier by its code (public verification), or None."""
    return (
        SignedResult.objects.select_related(
            "dossier", "certificate", "certificate__official", "signed_by__official"
        )
        .filter(dossier__code=code)
        .first()
    )
