"""Staff pages for dossiers: counter intake, work queues and the dossier page.

Thin, like the API (ARCHITECTURE.md): parse the form, authorise, call the same action or
query as `/api/v1/dossiers`, render. Every page and form works without JavaScript; htmx
only swaps parts of a page when it is there. Scoping is never decided here: every load goes
through `dossiers.queries` (invariant 6).

One module per page area: `intake`, `queues`, `detail` (the dossier page and its actions),
`cash` (fees), `corrections`, `files` (attachments), `offline`; `common` holds what they share.
"""
