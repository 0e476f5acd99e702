"""Fixtures for the accounts tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:
    # Password checks are what these tests exercise, not PBKDF2's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def lockout_settings(settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_LOCK_MINUTES = 15
    return settings
