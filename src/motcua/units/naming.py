"""Names and demo electronic identifiers of a commune's agencies."""

from __future__ import annotations

from .choices import AgencyKind
from .models import Unit

# Stable numbering of agency kinds, used in demo e-codes (the NNN part).
_KIND_NUMBER = {kind: index for index, kind in enumerate(AgencyKind, start=1)}


def agency_name(unit: Unit, kind: str) -> str:
    """The official name of a commune's agency, e.g. "Ủy ban nhân dân xã Đạo Trù"."""
    where = unit.short_name
    if kind == AgencyKind.ECONOMIC and unit.is_ward:
        return f"Phòng Kinh tế - Hạ tầng - Đô thị {where}"
    label = AgencyKind(kind).label
    return f"{label} {where}"


def demo_ecode(unit: Unit, kind: str, index_in_province: int, attempt: int = 0) -> str:
    """A made-up QCVN 102 code for demos: NNN.NN.NN.HPP.

    NNN is 9xx (9 marks a demo code; xx the agency kind, moved on by `attempt` if taken),
    NN.NN the commune's position in its province, PP the province code. Real codes come
    from the province (`motcua units load-codes`).
    """
    kind_part = 900 + (_KIND_NUMBER[AgencyKind(kind)] + attempt * 10) % 100
    high, low = divmod(index_in_province, 100)
    return f"{kind_part:03d}.{high:02d}.{low:02d}.H{unit.province_code}"
