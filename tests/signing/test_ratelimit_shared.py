"""The rate limits hold across processes and restarts (issue 23, part 5): the cache is the
one every process shares, Redis from `MOTCUA_CACHE_URL` or else the database, never one
process's memory. Each test runs the limit in two separate Python processes, one after the
other, as two workers (or a worker before and after a restart) would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REDIS_URL = os.environ.get("MOTCUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

# One process: Django set up from the environment, then `count` requests of one address
# through the verifier's limit (3 per day: no window ends during the test); prints the answers.
HIT = """
import json, sys, django
django.setup()
from django.core.management import call_command
from django.test import RequestFactory
from motcua.signing.ratelimit import allow
if sys.argv[3] == "migrate":
    call_command("migrate", "sessions", verbosity=0)  # any migrate makes the cache table
request = RequestFactory().post("/verify", REMOTE_ADDR="203.0.113.9")
print(json.dumps([allow(request, sys.argv[1], 3, window=86400) for _ in range(int(sys.argv[2]))]))
"""

SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps(s.CACHES['default']))"
)


def _env(tmp_path: Path, **env: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    base.update(
        DJANGO_SETTINGS_MODULE="motcua.settings", MOTCUA_DATA_DIR=str(tmp_path / "data"), **env
    )
    return base


def _run(tmp_path: Path, *args: str, **env: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own fixed script)
        [sys.executable, "-c", *args],
        env=_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _hits(tmp_path: Path, scope: str, count: int, *, migrate: bool = False, **env: str) -> list:
    out = _run(tmp_path, HIT, scope, str(count), "migrate" if migrate else "-", **env)
    return json.loads(out.strip().splitlines()[-1])


def _redis_reachable() -> str | None:
    """None when the test Redis answers, else why not."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        return f"no Redis at {REDIS_URL} (MOTCUA_TEST_REDIS_URL): {error}"
    return None


def test_limit_holds_across_processes_on_the_database_cache(tmp_path):
    # given a fresh database, migrated by the first process (which makes the cache table)
    scope = f"test-{uuid.uuid4().hex}"
    # when one process makes two requests and then another process makes two more
    first = _hits(tmp_path, scope, 2, migrate=True)
    second = _hits(tmp_path, scope, 2)
    # then the second process counts on from the first: the fourth request is refused
    assert first == [True, True]
    assert second == [True, False]


def test_limit_holds_across_processes_on_redis(tmp_path):
    reason = _redis_reachable()
    if reason:
        pytest.skip(reason)
    # given two processes sharing the Redis of MOTCUA_CACHE_URL (no database cache table)
    scope = f"test-{uuid.uuid4().hex}"
    # when one process makes two requests and then another process makes two more
    first = _hits(tmp_path, scope, 2, MOTCUA_CACHE_URL=REDIS_URL)
    second = _hits(tmp_path, scope, 2, MOTCUA_CACHE_URL=REDIS_URL)
    # then the second process counts on from the first: the fourth request is refused
    assert first == [True, True]
    assert second == [True, False]
    # and the counter is in Redis, under motcua's prefix, expiring with its window
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys(f"motcua:*:motcua:rate:{scope}:*")
    assert len(keys) == 1
    assert 0 < client.ttl(keys[0]) <= 86405
    client.delete(*keys)


def test_limit_lets_requests_through_when_redis_does_not_answer(tmp_path):
    # given a cache URL where nothing listens
    scope = f"test-{uuid.uuid4().hex}"
    # then requests are not refused (the limit is a brake, verification goes on)
    assert _hits(tmp_path, scope, 4, MOTCUA_CACHE_URL="redis://127.0.0.1:9/0") == [True] * 4


def test_cache_url_chooses_the_backend(tmp_path):
    # no URL: the database cache, with its table
    shown = json.loads(_run(tmp_path, SHOW))
    assert shown["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert shown["LOCATION"] == "motcua_cache"
    # a Redis URL: Django's Redis cache at that address
    shown = json.loads(_run(tmp_path, SHOW, MOTCUA_CACHE_URL="redis://cache.internal:6379/2"))
    assert shown["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["LOCATION"] == "redis://cache.internal:6379/2"


def test_cache_url_of_another_kind_is_refused_in_vietnamese(tmp_path):
    result = subprocess.run(  # noqa: S603 (our own fixed script)
        [sys.executable, "-c", SHOW],
        env=_env(tmp_path, MOTCUA_CACHE_URL="memcached://127.0.0.1:11211"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "MOTCUA_CACHE_URL: 'memcached' không được hỗ trợ" in result.stderr
