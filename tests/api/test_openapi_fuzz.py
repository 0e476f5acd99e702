"""Issue 24, part 5: Schemathesis fuzzes every operation of the OpenAPI document, as an
official with an API token, with a bounded number of examples each; no answer is a server
error and every answer conforms to the document (its declared statuses, problem+json for
errors). CI runs it on SQLite and on PostgreSQL (where a NUL byte was a 500)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from motcua.accounts.actions import create_token
from tests.dossiers.conftest import receive

# Examples per operation: the whole document in one to two minutes on one shared core;
# MOTCUA_FUZZ_EXAMPLES=200 for a longer search by hand.
EXAMPLES = int(os.environ.get("MOTCUA_FUZZ_EXAMPLES", "20"))


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Valid and invalid inputs both (NUL included): an invalid one must be a declared 4xx.
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], allow_x00=True, database="none"
)


@pytest.fixture(autouse=True)
def _one_connection(db):
    """The WSGI handler closes the connection at a request's start and end; inside the test's
    transaction that would end it: as Django's test client does, keep it for the test."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(counter_vp) -> dict[str, str]:
    receive(counter_vp)  # one dossier in the official's commune, so lists are not empty
    _, raw_key = create_token(counter_vp, "schemathesis")
    return {"Authorization": f"Bearer {raw_key}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_answers_every_input_within_its_document(case, bearer, settings):
    settings.MOTCUA_LOOKUP_PER_MINUTE = 0
    case.call_and_validate(headers=bearer, checks=[not_a_server_error, response_schema_conformance])
