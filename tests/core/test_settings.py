"""Settings from the environment (public contract): SQLite WAL by default, or a URL."""

from __future__ import annotations

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
    # Django's backend with a health check that needs no round trip (core.postgresql)
    assert config["ENGINE"] == "motcua.core.postgresql"
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


def test_postgresql_prepares_repeated_statements_unless_turned_off(monkeypatch):
    monkeypatch.setenv("MOTCUA_DATABASE_URL", "postgres://u:p@db.example:5433/motcua")
    options = motcua_settings._database_config()["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 3
    monkeypatch.setenv("MOTCUA_DATABASE_PREPARE", "0")
    assert "server_side_binding" not in motcua_settings._database_config().get("OPTIONS", {})
