"""The OpenAPI document (issue 24, part 5): every operation declares its error answers as
problem+json, and no two schemas share a name (ninja keeps one of two `DocumentOut`s and
describes the other's answers wrongly)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

from ninja import Schema

import motcua.api
from motcua.api.problems import ERROR_STATUSES


def test_every_operation_declares_problem_json_errors(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) > 30
    for path, method, operation in operations:
        for status in ERROR_STATUSES:
            answer = operation["responses"][str(status)]
            assert answer["content"]["application/problem+json"]["schema"] == {
                "$ref": "#/components/schemas/ProblemOut"
            }, (method, path, status)
    assert "ProblemOut" in document["components"]["schemas"]


def test_schema_names_are_unique():
    defined = defaultdict(set)
    for module_info in pkgutil.iter_modules(motcua.api.__path__):
        module = importlib.import_module(f"motcua.api.{module_info.name}")
        for name, value in vars(module).items():
            schema = inspect.isclass(value) and issubclass(value, Schema)
            if schema and value.__module__ == module.__name__:
                defined[name].add(module.__name__)
    assert {name: modules for name, modules in defined.items() if len(modules) > 1} == {}
