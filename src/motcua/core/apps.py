from django.apps import AppConfig

# psycopg converts a statement's %s placeholders to PostgreSQL's $n on every execute and
# caches the conversion only for statements of at most 50 parameters. The intake's one
# INSERT of the dossier, its event and its name words' keys (`core.sql.insert_family`) has
# 92 for a name of three words, 184 for four words filed away from home (two communes), and
# converting it again on each intake cost 0.1 ms of the intake's 1.5 ms of CPU
# (docs/performance.md). Statements over 4,096 bytes stay uncached, as in psycopg.
CACHED_STATEMENT_PARAMS = 200


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        cache_statement_conversion()


def cache_statement_conversion() -> None:
    """Let psycopg cache the placeholder conversion of statements of up to
    `CACHED_STATEMENT_PARAMS` parameters. psycopg keeps the limit in a private module; where
    a version has no such limit (or no psycopg is installed) nothing changes."""
    try:
        from psycopg import _queries
    except ImportError:
        return
    limit = getattr(_queries, "MAX_CACHED_STATEMENT_PARAMS", None)
    if isinstance(limit, int) and limit < CACHED_STATEMENT_PARAMS:
        _queries.MAX_CACHED_STATEMENT_PARAMS = CACHED_STATEMENT_PARAMS
