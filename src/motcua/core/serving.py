"""Gunicorn run in-process by `motcua serve`, through its documented custom-application API.

The command's process loads the settings (and makes the data dir's secret key, if any) before
gunicorn forks its workers; each worker then loads motcua's WSGI application.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from .logs import mask_id_runs

# Gunicorn's access log line: its combined format without the query string and the referer
# (either may carry an ID number from a search, invariant 8), the path masked by the logger.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(L)s'


class PrivateAccessLogger(Logger):
    """Gunicorn's logger (its documented `logger_class`) whose access-log values hold no ID
    number: every run of 12 or more digits is masked (`core.logs.mask_id_runs`), whatever
    the format names."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: timedelta) -> dict:
        return {
            name: mask_id_runs(value) if isinstance(value, str) else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }


def gunicorn_config(
    *,
    bind: list[str],
    workers: int,
    threads: int,
    timeout: int,
    graceful_timeout: int,
    max_requests: int,
    access_log: bool,
    json_logs: bool = False,
) -> dict[str, Any]:
    """Gunicorn's settings for motcua; with `json_logs` (`MOTCUA_LOG_FORMAT=json`) gunicorn's
    own lines (workers booting, exiting, timed out) are JSON lines on stdout like the
    application's."""
    config: dict[str, Any] = {
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
        "access_log_format": ACCESS_LOG_FORMAT,
        "logger_class": PrivateAccessLogger,
        "errorlog": "-",
        "proc_name": "motcua",
        # X-Forwarded-For / -Proto are judged by core.proxies only (MOTCUA_TRUSTED_PROXIES),
        # never by gunicorn's own list
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        "control_socket_disable": True,
    }
    if json_logs:
        config["logconfig_dict"] = json_logconfig()
    return config


def json_logconfig() -> dict[str, Any]:
    """Gunicorn's logging as settings.LOGGING's in JSON (core.logs): its error log at INFO;
    its access log never (gunicorn would write it whenever a logging dict is given), since
    it carries the query string, which may hold an ID number: `motcua.requests` has each
    request without it."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "motcua.core.logs.RequestIdFilter"}},
        "formatters": {"json": {"()": "motcua.core.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"level": "WARNING", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
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
