"""The read replica (`MOTCUA_REPLICA_URL`, issue 23 part 10): reads inside `lag_tolerant`
(reports, exports) go to it, every other read and every write to the primary, and it is
never migrated. Checked in a fresh process whose replica is a second connection to the
same SQLite file (what a streaming replica looks like to the application)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from motcua.core.replica import ReplicaRouter

SCRIPT = """
import json, django
django.setup()
from django.db import router
from motcua.core.replica import lag_tolerant
from motcua.units.models import Unit
out = {"outside": Unit.objects.all().db, "write": router.db_for_write(Unit)}
with lag_tolerant():
    out["inside"] = Unit.objects.all().db
    out["inside_write"] = router.db_for_write(Unit)
    out["migrate_replica"] = router.allow_migrate("replica", "units")
out["after"] = Unit.objects.all().db
print(json.dumps(out))
"""


def test_lag_tolerant_reads_go_to_the_replica_and_nothing_else(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("MOTCUA_")}
    env["MOTCUA_DATA_DIR"] = str(tmp_path)
    env["MOTCUA_REPLICA_URL"] = f"sqlite:///{tmp_path / 'motcua.sqlite3'}"
    env["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    routes = json.loads(done.stdout.strip().splitlines()[-1])
    assert routes == {
        "outside": "default",
        "write": "default",
        "inside": "replica",
        "inside_write": "default",
        "migrate_replica": False,
        "after": "default",
    }


def test_without_a_replica_nothing_is_routed():
    router = ReplicaRouter()
    from motcua.core.replica import lag_tolerant
    from motcua.units.models import Unit

    with lag_tolerant():
        assert router.db_for_read(Unit) is None
    assert router.allow_migrate("default", "units") is True
