"""A real multi-process HTTP server for the benchmark: gunicorn with 2 sync workers.

The server runs as a subprocess with the benchmark's own environment (same data dir or
database URL), on a free loopback port. `Server` is a context manager: whatever happens in
the measures, the server is stopped at the end (terminate, then kill after a grace period).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

HEALTH_TIMEOUT_S = 60.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`gunicorn motcua.wsgi:application -w <workers> -b 127.0.0.1:<free port>`, loopback only."""

    def __init__(self, *, workers: int = 2, threads: int = 1, log_dir: Path | None = None) -> None:
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_dir = log_dir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start gunicorn and wait until /healthz answers 200 (bounded by HEALTH_TIMEOUT_S)."""
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
        # The bench's lookups all come from one address (a province's, from thousands):
        # the per-address lookup limit would refuse them, so it is off for the bench.
        env["MOTCUA_LOOKUP_PER_MINUTE"] = "0"
        log_path = (self.log_dir or Path(".")) / "bench-gunicorn.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "motcua.wsgi:application",
            "-w",
            str(self.workers),
            # as `motcua serve` runs it (core.serving.gunicorn_config): threads > 1 is the
            # gthread worker, which keeps the client's connection alive between requests
            "--threads",
            str(self.threads),
            "-k",
            "gthread" if self.threads > 1 else "sync",
            "--keep-alive",
            "5",
            "-b",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "120",
            "--error-logfile",
            str(log_path),
        ]
        self.process = subprocess.Popen(  # noqa: S603 - fixed command, our own interpreter
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited early; see {log_path}")
                try:
                    if client.get(self.base_url + "/healthz").status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz in {HEALTH_TIMEOUT_S:.0f} s")

    def stop(self) -> None:
        """Stop the server started here (by its own process id), killing it if it lingers."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
