"""The refusals every dossier action raises: a `DossierError` carrying an HTTP-like status
(403 not allowed, 404 outside the actor's scope, 409 conflict with a rule or the current
state, 422 invalid input) and a Vietnamese message, with per-field messages for 422, so
every caller (pages, API, commands, the offline counter) answers the same way.
"""

from __future__ import annotations

from collections.abc import Mapping


class DossierError(Exception):
    """A refused dossier write: `status` (403/409/422), Vietnamese `message`, field `errors`.

    `outcome` is a machine-readable reason (e.g. "code_outside_block") for clients that must
    keep and show a refused write, like the offline counter's outbox; empty when none.
    """

    status = 400

    def __init__(
        self,
        message: str,
        errors: Mapping[str, list[str]] | None = None,
        *,
        outcome: str = "",
    ):
        super().__init__(message)
        self.message = message
        self.errors: dict[str, list[str]] = dict(errors or {})
        self.outcome = outcome


class DossierPermissionError(DossierError):
    """The actor may not do this (403)."""

    status = 403


class DossierConflictError(DossierError):
    """A rule or the current state forbids it (409)."""

    status = 409


class DossierInvalidError(DossierError):
    """The input is invalid (422); `errors` maps each field to its problems."""

    status = 422


class DossierNotFoundError(DossierError):
    """The dossier is outside the actor's scope (404: it looks the same as absent)."""

    status = 404
