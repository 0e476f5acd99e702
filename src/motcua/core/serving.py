"""Gunicorn run in-process by `motcua serve`, through its documented custom-application API.

The command's process loads the settings (and makes the data dir's secret key, if any) before
gunicorn forks its workers; each worker then loads motcua's WSGI application.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


def gunicorn_config(
    *,
    bind: list[str],
    workers: int,
    threads: int,
    timeout: int,
    graceful_timeout: int,
    max_requests: int,
    access_log: bool,
) -> dict[str, Any]:
    """Gunicorn's settings for motcua."""
    return {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": timeout,
        "graceful_timeout": graceful_timeout,
        "keepalive": 5,
        # a worker is replaced after this many requests (jittered): its memory stays flat
        "max_requests": max_requests,
        "max_requests_jitter": max(max_requests // 10, 0),
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "proc_name": "motcua",
        # X-Forwarded-For / -Proto are judged by core.proxies only (MOTCUA_TRUSTED_PROXIES),
        # never by gunicorn's own list
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        "control_socket_disable": True,
    }


class MotcuaApplication(BaseApplication):
    """motcua's WSGI application under gunicorn, configured from a dict (no command line)."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.config.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from motcua.wsgi import application

        return application
