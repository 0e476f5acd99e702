"""Dossiers (hồ sơ), their hash-chained events, the daily code sequences and what a dossier
accumulates (`records`), the name words of the staff search (`names`) and the access log
(`access`).

A dossier is changed only by the functions in `dossiers.actions`, each in one transaction
that also appends a `DossierEvent` (invariant 1). Events are append-only; each carries the
sha256 of the previous one, so `dossiers.events.verify_chain` finds any later edit.
"""

from .access import AccessLogTamperingError, RecordAccess, RecordAccessQuerySet
from .dossier import (
    CODE_REGEX,
    GENESIS_HASH,
    WORD_LENGTH,
    Dossier,
    EventTamperingError,
    ProcedureSnapshot,
    ProcedureSnapshotQuerySet,
    SnapshotTamperingError,
    remember_snapshot,
    snapshot_body,
)
from .names import NameWord, name_word_keys, name_word_set, name_words
from .records import (
    Attachment,
    CashClosing,
    CodeBlock,
    DailySequence,
    DossierEvent,
    DossierEventQuerySet,
    FeePayment,
)

__all__ = [
    "CODE_REGEX",
    "GENESIS_HASH",
    "WORD_LENGTH",
    "AccessLogTamperingError",
    "Attachment",
    "CashClosing",
    "CodeBlock",
    "DailySequence",
    "Dossier",
    "DossierEvent",
    "DossierEventQuerySet",
    "EventTamperingError",
    "FeePayment",
    "NameWord",
    "ProcedureSnapshot",
    "ProcedureSnapshotQuerySet",
    "RecordAccess",
    "RecordAccessQuerySet",
    "SnapshotTamperingError",
    "name_word_keys",
    "name_word_set",
    "name_words",
    "remember_snapshot",
    "snapshot_body",
]
