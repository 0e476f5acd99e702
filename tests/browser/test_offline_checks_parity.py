"""The offline page's e-form checks say what the server says (issue 22, part 9): for every
e-form of the catalog, its examples and variations of them (a required field left out, a
text left empty or too long, a wrong type, a date after today, a parent younger than the
child), the browser's `formProblems` (dossiers/static/dossiers/offline.js) gives the same
fields and the same Vietnamese messages as `catalog.eforms.field_errors`.

Runs offline.js in Chromium on a blank page (no server). Skips where Chromium is missing.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from motcua.catalog.data import forms
from motcua.catalog.eforms import field_errors, resolve

SCRIPT = (Path(__file__).parents[2] / "src/motcua/dossiers/static/dossiers/offline.js").read_text()
TODAY = date(2026, 12, 7)


def _schemas() -> list[dict[str, Any]]:
    return [
        value
        for name in dir(forms)
        if isinstance(value := getattr(forms, name), dict) and "$schema" in value
    ]


def _variants(schema: dict[str, Any], example: dict[str, Any]) -> list[Any]:
    """The example, then one change at a time of each field it holds."""
    out: list[Any] = [example]

    def walk(node: dict[str, Any], value: Any, path: list[str]) -> None:
        node = resolve(node, schema)
        if isinstance(value, dict):
            for key, item in value.items():
                child = (node.get("properties") or {}).get(key, {})
                walk(child, item, [*path, key])
            return
        for change in _changes(node, value):
            data = copy.deepcopy(example)
            target = data
            for part in path[:-1]:
                target = target[part]
            if change is _DROP:
                del target[path[-1]]
            else:
                target[path[-1]] = change
            out.append(data)

    walk(schema, example, [])
    out.append({**copy.deepcopy(example), "not_in_form": "x"})
    out.append({})
    return out


_DROP = object()


def _changes(node: dict[str, Any], value: Any) -> list[Any]:
    changes: list[Any] = [_DROP, None]
    if isinstance(value, str):
        changes += ["", "x" * (int(node.get("maxLength", 300)) + 1), 5, "khác"]
        if node.get("format") == "date":
            changes += ["2099-01-01", "1800-02-30", "31/12/2020", "1900-01-01"]
    elif isinstance(value, bool):
        changes += ["có"]
    elif isinstance(value, int):
        changes += [-1, 10_000, 1.5, "2"]
    elif isinstance(value, list):
        changes += [[], "x"]
    return changes


def test_offline_form_checks_match_the_server(db, browser):
    page = browser.new_page()
    page.set_content("<!doctype html><html lang='vi'><body></body></html>")
    page.add_script_tag(content=SCRIPT)
    parent_age = int(settings.MOTCUA_MIN_PARENT_AGE)
    compared = 0
    for schema in _schemas():
        for example in schema["examples"]:
            for data in _variants(schema, example):
                expected = field_errors(schema, data, today=TODAY)
                got = page.evaluate(
                    "([s, d, t, a]) => MotcuaOffline.formProblems(s, d, t, a)",
                    [schema, data, TODAY.isoformat(), parent_age],
                )
                assert _sorted(got) == _sorted(expected), (schema["title"], data)
                compared += 1
    assert compared > 200
    page.close()


def _sorted(problems: dict[str, list[str]]) -> dict[str, list[str]]:
    """The order of one field's messages is the schema's keyword order in jsonschema."""
    return {name: sorted(messages) for name, messages in problems.items()}
