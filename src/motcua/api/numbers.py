"""Bounded numbers for the API's inputs: a number the database cannot hold (a 19-digit fee,
an offset of 2**63) is a 422 naming the field, never a 500 from the database driver.

The bounds are the columns': a PositiveIntegerField holds up to 2**31 - 1 on PostgreSQL
(`integer`), which is also far beyond any version, count, page or fee in đồng that is real."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from motcua.core.forms import INT_MAX

# A count, a version number, an offset, a fee in đồng: 0 .. 2**31 - 1.
Natural = Annotated[int, Field(ge=0, le=INT_MAX)]
# A version number or a row's id: 1 .. 2**31 - 1.
Positive = Annotated[int, Field(ge=1, le=INT_MAX)]
