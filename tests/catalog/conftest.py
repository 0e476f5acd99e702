"""Catalog fixtures: the bundled catalog, loaded by the same action as `motcua catalog load`.

`load_catalog()` is idempotent, so this stays correct if the whole suite later loads the
catalog once per session: the fixture then changes nothing.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from motcua.catalog.actions import LoadReport, load_catalog
from motcua.catalog.data.procedures import PROCEDURES


@pytest.fixture
def catalog(db) -> LoadReport:
    return load_catalog()


@pytest.fixture
def entries() -> list[dict[str, Any]]:
    """A private deep copy of the bundled entries, safe to modify in a test."""
    return copy.deepcopy(PROCEDURES)


def minimal_content(**overrides: Any) -> dict[str, Any]:
    """Valid content of a small procedure, for tests that need extra procedures."""
    content: dict[str, Any] = {
        "name": "Thủ tục thử nghiệm",
        "field": "Thử nghiệm",
        "authority": "Ủy ban nhân dân cấp xã",
        "time_limit_kind": "working_days",
        "time_limit_days": 2,
        "fee_schedule": {"kind": "free"},
        "required_documents": [
            {"id": "don", "name": "Đơn đề nghị", "form": "original", "count": 1, "mandatory": True}
        ],
        "steps": [{"name": "Tiếp nhận", "role": "counter", "hours": 2}],
        "form_schema": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["full_name"],
            "properties": {"full_name": {"type": "string", "minLength": 1}},
            "examples": [{"full_name": "Nguyễn Văn An"}],
        },
    }
    content.update(overrides)
    return content
