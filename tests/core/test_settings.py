"""Settings from the environment (public contract): SQLite WAL by default, or a URL."""

from __future__ import annotations

import pytest

from motcua import settings as motcua_settings


def test_default_database_is_sqlite_in_wal_mode_in_the_data_dir(monkeypatch):
    monkeypatch.delenv("MOTCUA_DATABASE_URL", raising=False)
    config = motcua_settings._database_config()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == motcua_settings.DATA_DIR / "motcua.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_url_selects_postgresql(monkeypatch):
    monkeypatch.setenv("MOTCUA_DATABASE_URL", "postgres://u:p@db.example:5433/motcua")
    config = motcua_settings._database_config()
    # Django's own backend, its health check before each request's first query
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["CONN_HEALTH_CHECKS"] is True
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "motcua")


def test_secret_key_from_environment_wins(monkeypatch):
    monkeypatch.setenv("MOTCUA_SECRET_KEY", "from-the-environment")
    assert motcua_settings._secret_key() == "from-the-environment"


def test_sqlite_url_gets_the_same_wal_options(monkeypatch, tmp_path):
    monkeypatch.setenv("MOTCUA_DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite3")
    config = motcua_settings._database_config()
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgresql_prepares_repeated_statements_only_when_asked(monkeypatch):
    monkeypatch.setenv("MOTCUA_DATABASE_URL", "postgres://u:p@db.example:5433/motcua")
    assert "server_side_binding" not in motcua_settings._database_config().get("OPTIONS", {})
    monkeypatch.setenv("MOTCUA_DATABASE_PREPARE", "1")
    options = motcua_settings._database_config()["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 3


def test_postgresql_connections_compile_nothing_just_in_time(monkeypatch):
    """JIT off on the application's connections (a fixed 0.1-0.4 s on any statement whose
    estimate passed PostgreSQL's threshold); options given in the URL are kept."""
    monkeypatch.setenv("MOTCUA_DATABASE_URL", "postgres://u:p@db.example:5433/motcua")
    assert motcua_settings._database_config()["OPTIONS"]["options"] == "-c jit=off"
    monkeypatch.setenv(
        "MOTCUA_DATABASE_URL",
        "postgres://u:p@db.example/motcua?options=-c%20statement_timeout%3D5000",
    )
    options = motcua_settings._database_config()["OPTIONS"]["options"]
    assert options == "-c jit=off -c statement_timeout=5000"


def test_the_connection_in_use_has_jit_off(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
