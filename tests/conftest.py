"""Shared fixtures. The real units (34 provinces, 3,321 communes) and the procedure catalog
are loaded once per test session into the test database, as `motcua demo` does; every test
sees them."""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.fixtures.personas", "tests.fixtures.s3"]


def load_master_data(django_db_blocker) -> None:
    """The real units and the procedure catalog, as `motcua demo` loads them."""
    from motcua.catalog.actions import load_catalog
    from motcua.units.actions import import_units

    with django_db_blocker.unblock():
        import_units()
        load_catalog()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    load_master_data(django_db_blocker)


@pytest.fixture
def master_data_restored(django_db_blocker):
    """Put the session's units and catalog back after a transactional test's flush.

    Requested BEFORE `transactional_db` (or a `django_db(transaction=True)` mark), so its
    teardown runs after the flush and later tests still find the master data.
    """
    yield
    load_master_data(django_db_blocker)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many logins; a cheap hasher keeps them fast (production keeps PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_only_where_tested(request, settings):
    """Two-step sign-in (accounts.twofactor) is on in the browser journeys, which sign in
    through the pages and type the code, and in tests marked `two_factor`; elsewhere a test
    signs in with `force_login`, which skips the password and here the code as well."""
    if request.node.get_closest_marker("two_factor") is None:
        settings.MOTCUA_TWO_FACTOR_ROLES = frozenset()


@pytest.fixture(autouse=True)
def _fresh_word_sample():
    """Each test's first name search reads the sample of name words (`dossiers.names`)
    from its own data, as a process does once an hour: no test sees another's sample,
    and a test that counts statements counts that read where it happens."""
    from motcua.dossiers import names

    names.forget_word_counts()
    yield
    names.forget_word_counts()
