"""Writes of dossiers: every change is one function of this package, in one transaction that
also appends a hash-chained `DossierEvent` (invariant 1). Pages, API, commands and tests all
call these.

- `errors`: the refusals every action raises (`DossierError` and its statuses);
- `checks`: the rules the counter's intake and the online filing share;
- `intake`: the counter's intake (`receive_dossier`), walk-in or delivered by an offline device;
- `offline`: code blocks leased to offline counter devices and their release; `sync`: the
  rules a device's dossier meets when it reaches the intake (its clock, its printed code);
- `online`: a citizen's or volunteer's online filing (`submit_online`);
- `acting`: how every lifecycle action runs (lock, checks, commit with its event);
- `lifecycle`, `closing`: the lifecycle actions; `registry`: `ACTIONS` and `allowed_actions`;
  `results`: issuing the result on approval; `attachments`: files attached to a dossier.
"""

from .checks import (
    MAX_COUNT,
    Applicant,
    dossier_fee,
    due_time,
    receiving_agency_of,
)
from .closing import collection_text, extend, return_result, stop, withdraw
from .errors import (
    DossierConflictError,
    DossierError,
    DossierInvalidError,
    DossierNotFoundError,
    DossierPermissionError,
)
from .intake import ReceiveOutcome, receive_dossier, receive_dossier_outcome
from .lifecycle import (
    accept,
    appraise,
    approve,
    refuse,
    request_supplement,
    send_back,
    sign,
    supplement,
    transfer,
)
from .online import OnlineFile, check_file, reusable_attachments, store_bytes, submit_online
from .registry import ACTIONS, ActionSpec, allowed_actions

__all__ = [
    "ACTIONS",
    "MAX_COUNT",
    "ActionSpec",
    "Applicant",
    "DossierConflictError",
    "DossierError",
    "DossierInvalidError",
    "DossierNotFoundError",
    "DossierPermissionError",
    "OnlineFile",
    "ReceiveOutcome",
    "accept",
    "allowed_actions",
    "appraise",
    "approve",
    "check_file",
    "collection_text",
    "dossier_fee",
    "due_time",
    "extend",
    "receive_dossier",
    "receive_dossier_outcome",
    "receiving_agency_of",
    "refuse",
    "request_supplement",
    "return_result",
    "reusable_attachments",
    "send_back",
    "sign",
    "stop",
    "store_bytes",
    "submit_online",
    "supplement",
    "transfer",
    "withdraw",
]
