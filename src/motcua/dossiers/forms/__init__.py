"""Forms of the dossier pages.

`eform` renders and reads the procedure's e-form, `intake` the applicant and the document
checklist (their fields come from the catalog, so they are built per procedure),
`action_fields` the per-action forms of the dossier page; `pages` holds the
Django forms of the pages' fixed inputs (the intake's fee and channel, the queue filters, the
version of an action form), which parse and validate with Vietnamese messages.
"""

from .action_fields import (
    ACTION_FIELD_LABELS,
    FIELD_HINTS,
    FIELD_LABELS,
    LINE_FIELDS,
    OPTIONAL_FIELDS,
    action_arguments,
)
from .eform import (
    APPLICANT_FIELDS,
    DATA_PREFIX,
    Node,
    data_rows,
    eform_data,
    eform_errors,
    eform_nodes,
    eform_text_values,
    eform_values,
    flatten_labels,
)
from .intake import (
    REQUESTER,
    REQUESTER_FROM_APPLICANT,
    applicant_from,
    applicant_values,
    checklist,
    documents_from,
    requester_errors,
    requester_fields,
    with_requester,
)
from .pages import (
    AccessLogFilter,
    ActionForm,
    AttachmentForm,
    CorrectionForm,
    IntakeForm,
    QueueFilterForm,
    first_errors,
)

__all__ = [
    "ACTION_FIELD_LABELS",
    "APPLICANT_FIELDS",
    "DATA_PREFIX",
    "FIELD_HINTS",
    "FIELD_LABELS",
    "LINE_FIELDS",
    "OPTIONAL_FIELDS",
    "REQUESTER",
    "REQUESTER_FROM_APPLICANT",
    "AccessLogFilter",
    "ActionForm",
    "AttachmentForm",
    "CorrectionForm",
    "IntakeForm",
    "Node",
    "QueueFilterForm",
    "action_arguments",
    "applicant_from",
    "applicant_values",
    "checklist",
    "data_rows",
    "documents_from",
    "eform_data",
    "eform_errors",
    "eform_nodes",
    "eform_text_values",
    "eform_values",
    "first_errors",
    "flatten_labels",
    "requester_errors",
    "requester_fields",
    "with_requester",
]
